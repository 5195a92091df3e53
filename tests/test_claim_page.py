"""The claim page: what it shows, and every action on it through HTTP with CSRF."""

from __future__ import annotations

import html as html_lib
from datetime import date, timedelta

from sqlalchemy import func, select

from factcheck.models import Claim, Event, utcnow
from factcheck.operations import claims as claim_ops
from factcheck.workflow import Priority, Role, State


def page_text(response) -> str:  # type: ignore[no-untyped-def]
    """The response as text, entities decoded, for asserting what a person reads."""
    return html_lib.unescape(response.get_data(as_text=True))


def claim_url(claim: Claim) -> str:
    """The claim page."""
    return f"/claims/{claim.id}"


def act(client, submit, claim, step, **data):  # type: ignore[no-untyped-def]
    """Post one action from the claim page, with the claim's current version (as a page
    opened just now would carry it)."""
    claim.version  # noqa: B018  (loads the stored version if the claim was expired)
    data.setdefault("version", str(claim.version))
    return submit(client, claim_url(claim), data, post_url=f"{claim_url(claim)}/{step}")


def events(session, claim: Claim) -> list[str]:  # type: ignore[no-untyped-def]
    """The kinds of the claim's events, oldest first, as stored."""
    return list(
        session.scalars(select(Event.kind).where(Event.claim_id == claim.id).order_by(Event.id))
    )


def reload(session, claim: Claim) -> Claim:  # type: ignore[no-untyped-def]
    """The claim as stored now (requests commit in their own session)."""
    session.expire_all()
    return session.get(Claim, claim.id)


def test_page_shows_claim_quote_in_context_and_details(desk, session, as_user):
    article = desk.article(outlet="BelTA", title="Lukashenko on the border")
    editor = desk.editor()
    checker = desk.user(Role.CHECKER, name="Ana Checker")
    claim = desk.claim(
        article=article, assignee=checker, editor=editor,
        checkworthiness=0.87, checkworthiness_reasons=["contains a quantity: 1,500"],
    )
    claim_ops.plan(
        session, editor, claim, claim.version, priority=Priority.URGENT,
        due_date=utcnow().date() - timedelta(days=2), tags=["borders"],
    )
    client = as_user(checker)

    response = client.get(claim_url(claim))

    assert response.status_code == 200
    text = page_text(response)
    assert claim.statement in text
    assert '<mark class="claim">Ukrainian authorities detained 1,500 wagons and cars.' in text
    assert "Lukashenko spoke on Friday. He stated that" in text  # the text before the quote
    assert f'href="/articles/{article.id}' in text
    assert "BelTA" in text and "Lukashenko on the border" in text
    assert "Alexander Lukashenko" in text and "15 Mar 2022" in text
    assert "overdue" in text and "Urgent" in text and "borders" in text
    assert "Ana Checker" in text
    assert "Confidence 87% that it is worth checking" in text
    assert "It gives a number: 1,500" in text and "contains a quantity" not in text
    assert "created the claim" in text and "assigned it to Ana Checker" in text


def test_page_requires_login_and_unknown_claim_is_404(desk, session, client, as_user, submit):
    claim = desk.claim()
    session.commit()
    assert client.get(claim_url(claim)).status_code == 302
    user = as_user(desk.user(Role.CHECKER))
    assert user.get("/claims/999999").status_code == 404
    response = submit(user, claim_url(claim), {"version": "1"}, post_url="/claims/999999/take")
    assert response.status_code == 404
    response = submit(user, claim_url(claim), {"version": "1"}, post_url=f"{claim_url(claim)}/fly")
    assert response.status_code in (404, 405)


def test_page_lists_only_the_actions_each_role_may_take(desk, session, as_user):
    claim = desk.claim(State.RATED)
    rater = claim.assignee
    editor = desk.editor()
    bystander = desk.user(Role.CHECKER)

    def forms_for(user):  # type: ignore[no-untyped-def]
        return page_text(as_user(user).get(claim_url(claim)))

    text = forms_for(bystander)
    for step in ("publish", "send-back", "dismiss", "assign", "plan", "take", "edit", "rate"):
        assert f'/claims/{claim.id}/{step}"' not in text, step
    assert f'/claims/{claim.id}/comments"' in text

    text = forms_for(rater)
    assert f'/claims/{claim.id}/send-back"' in text
    assert f'/claims/{claim.id}/publish"' not in text  # the two-person rule

    text = forms_for(editor)
    for step in ("publish", "send-back", "dismiss", "assign", "plan", "edit"):
        assert f'/claims/{claim.id}/{step}"' in text, step
    assert f'/claims/{claim.id}/reopen"' not in text


def test_checker_takes_and_releases(desk, session, as_user, submit):
    claim = desk.claim()
    checker = desk.user(Role.CHECKER, name="Ana")
    client = as_user(checker)

    response = act(client, submit, claim, "take")
    assert response.status_code == 302
    assert reload(session, claim).assignee_id == checker.id
    text = page_text(client.get(claim_url(claim)))
    assert "You took this claim" in text and "Ana took the claim" in text

    assert act(client, submit, claim, "release").status_code == 302
    assert reload(session, claim).assignee_id is None


def test_take_refused_when_already_assigned(desk, session, as_user, submit):
    other = desk.user(Role.CHECKER)
    claim = desk.claim(assignee=other)
    client = as_user(desk.user(Role.CHECKER))

    response = act(client, submit, claim, "take")

    assert response.status_code == 409
    assert "already assigned" in page_text(response)
    assert reload(session, claim).assignee_id == other.id


def test_editor_assigns_and_unassigns_checker_may_not(desk, session, as_user, submit):
    claim = desk.claim()
    checker = desk.user(Role.CHECKER, name="Bo Checker")
    editor = desk.editor()

    client = as_user(checker)
    response = act(client, submit, claim, "assign", assignee=str(checker.id))
    assert response.status_code == 403
    assert "Only an editor can assign claims." in page_text(response)
    assert reload(session, claim).assignee_id is None

    fresh = as_user(editor)
    assert act(fresh, submit, claim, "assign", assignee=str(checker.id)).status_code == 302
    assert reload(session, claim).assignee_id == checker.id
    assert "assigned it to Bo Checker" in page_text(fresh.get(claim_url(claim)))
    assert act(fresh, submit, claim, "assign", assignee="").status_code == 302
    assert reload(session, claim).assignee_id is None


def test_editor_plans_priority_due_date_and_tags(desk, session, as_user, submit):
    claim = desk.claim()
    client = as_user(desk.editor())

    response = act(
        client, submit, claim, "plan",
        priority=str(Priority.HIGH.value), due_date="2030-01-31", tags="elections, Ukraine",
    )

    assert response.status_code == 302
    stored = reload(session, claim)
    assert stored.priority == Priority.HIGH and stored.due_date == date(2030, 1, 31)
    assert [t.name for t in stored.tags] == ["elections", "ukraine"]
    assert "planned" in events(session, claim)


def test_checker_may_not_plan(desk, session, as_user, submit):
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker)
    client = as_user(checker)

    response = act(client, submit, claim, "plan", priority="3", tags="x")

    assert response.status_code == 403
    assert "Only an editor can set priority" in page_text(response)
    assert reload(session, claim).priority == Priority.NORMAL


def test_assigned_checker_edits_claim_and_history_shows_the_change(
    desk, session, as_user, submit
):
    checker = desk.user(Role.CHECKER, name="Ana")
    claim = desk.claim(assignee=checker)
    client = as_user(checker)

    response = act(
        client, submit, claim, "edit",
        statement="Ukraine detained 1,500 wagons", claimant="A. Lukashenko",
        claim_date="2022-03-16", appearance_url="",
    )

    assert response.status_code == 302
    assert reload(session, claim).statement == "Ukraine detained 1,500 wagons"
    text = page_text(client.get(claim_url(claim)))
    assert "Ana edited the claim" in text
    assert "Claimant: Alexander Lukashenko → A. Lukashenko" in text


def test_mark_sourced_without_evidence_is_refused_and_changes_nothing(
    desk, session, as_user, submit
):
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker)
    before = events(session, claim)
    client = as_user(checker)

    response = act(client, submit, claim, "mark-sourced", note="done")

    assert response.status_code == 409
    text = page_text(response)
    assert "Add at least one piece of evidence before marking the claim sourced." in text
    assert 'role="alert"' in text
    assert reload(session, claim).state == State.UNVERIFIED
    assert events(session, claim) == before


def test_page_says_why_the_next_step_is_not_offered(desk, session, as_user):
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker)

    text = page_text(as_user(checker).get(claim_url(claim)))

    assert f'/claims/{claim.id}/mark-sourced"' not in text
    assert (
        '<p class="why-not" id="why-not-mark_sourced"><strong>Mark sourced:</strong> '
        "Add at least one piece of evidence before marking the claim sourced.</p>"
    ) in text


def test_page_tells_the_editor_who_rated_to_wait_for_another(desk, session, as_user):
    editor = desk.editor()
    claim = desk.claim(State.RATED, assignee=editor, editor=editor)

    text = page_text(as_user(editor).get(claim_url(claim)))

    assert f'/claims/{claim.id}/publish"' not in text
    assert (
        "<strong>Publish verdict:</strong> You rated this claim, so another editor must "
        "publish it (the desk's two-person rule)."
    ) in text
    other = page_text(as_user(desk.editor()).get(claim_url(claim)))
    assert f'/claims/{claim.id}/publish"' in other and 'class="why-not"' not in other


def test_public_and_destructive_actions_ask_first(desk, session, as_user):
    claim = desk.claim(State.RATED)
    desk.evidence(claim)
    desk.evidence(claim)  # the last source cannot be removed from a rated claim
    text = page_text(as_user(desk.editor()).get(claim_url(claim)))

    for question in (
        "Publish this verdict? It becomes public at once",
        "Dismiss this claim? It leaves the queue",
        "Remove this evidence from the claim?",
    ):
        assert f'data-confirm="{question}' in text, question


def test_the_dismisser_can_undo_a_dismissal_at_once(desk, session, as_user, submit):
    claim = desk.claim()
    editor = desk.editor()
    client = as_user(editor)
    assert act(client, submit, claim, "dismiss", reason="out_of_scope").status_code == 302

    text = page_text(client.get(claim_url(claim)))
    assert 'id="undo-dismissal"' in text and "You dismissed this claim." in text
    assert 'id="undo-dismissal"' not in page_text(as_user(desk.editor()).get(claim_url(claim)))

    response = act(client, submit, claim, "reopen", note="Undid the dismissal.")
    assert response.status_code == 302
    assert reload(session, claim).state == State.UNVERIFIED
    assert events(session, claim)[-1] == "reopen"  # undone in the open: the history keeps both
    assert 'id="undo-dismissal"' not in page_text(client.get(claim_url(claim)))


def test_send_back_note_stays_on_top_until_the_checker_acts(desk, session, as_user, submit):
    checker = desk.user(Role.CHECKER, name="Ana")
    claim = desk.claim(State.RATED, assignee=checker)
    editor = as_user(desk.user(Role.EDITOR, name="Eva"))
    note = "Find the customs record for 2021"
    assert act(editor, submit, claim, "send-back", note=note).status_code == 302
    assert act(editor, submit, claim, "comments", body="Ping me when done").status_code == 302

    client = as_user(checker)
    text = page_text(client.get(claim_url(claim)))
    top = text.index('id="sent-back-note"')
    assert top < text.index('<h1 class="statement">')
    assert "Sent back by Eva" in text[top:] and note in text[top:text.index("</p>", top)]

    assert act(client, submit, claim, "comments", body="On it").status_code == 302
    assert 'id="sent-back-note"' not in page_text(client.get(claim_url(claim)))


def test_mark_sourced_with_evidence_writes_event_with_actor(desk, session, as_user, submit):
    checker = desk.user(Role.CHECKER, name="Ana")
    claim = desk.claim(assignee=checker)
    desk.evidence(claim, checker)
    client = as_user(checker)

    response = act(client, submit, claim, "mark-sourced", note="Two sources agree")

    assert response.status_code == 302
    assert reload(session, claim).state == State.SOURCED
    text = page_text(client.get(claim_url(claim)))
    assert "Ana marked it sourced" in text and "Two sources agree" in text


def test_rate_needs_rating_and_summary_keeps_input(desk, session, as_user, submit):
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(State.SOURCED, assignee=checker)
    client = as_user(checker)

    response = act(client, submit, claim, "rate", rating="", summary="",
                   explanation="My careful *explanation*")

    assert response.status_code == 409
    text = page_text(response)
    assert "Choose a rating." in text
    assert "My careful *explanation*" in text  # nothing typed is lost
    assert reload(session, claim).state == State.SOURCED


def test_rate_then_markdown_is_sanitised(desk, session, as_user, submit):
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(State.SOURCED, assignee=checker)
    rating = desk.rating("Mostly false")
    client = as_user(checker)

    response = act(
        client, submit, claim, "rate", rating=str(rating.id), summary="Wrong figure.",
        explanation="Customs data show **no** such thing.<script>alert(1)</script>",
    )

    assert response.status_code == 302
    stored = reload(session, claim)
    assert stored.state == State.RATED and stored.rated_by_id == checker.id
    html = client.get(claim_url(claim)).get_data(as_text=True)
    assert "<strong>no</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "Mostly false" in html


def test_send_back_needs_a_note(desk, session, as_user, submit):
    claim = desk.claim(State.RATED)
    client = as_user(desk.editor())

    response = act(client, submit, claim, "send-back", note="  ")
    assert response.status_code == 422
    assert "Say why the claim is sent back" in page_text(response)
    assert reload(session, claim).state == State.RATED

    response = act(client, submit, claim, "send-back", note="Find the customs record")
    assert response.status_code == 302
    assert reload(session, claim).state == State.SOURCED


def test_two_person_rule_on_publish(desk, session, as_user, submit):
    editor = desk.editor()
    claim = desk.claim(State.RATED, assignee=editor, editor=desk.editor())
    other_editor = desk.editor()

    client = as_user(editor)
    response = act(client, submit, claim, "publish")
    assert response.status_code == 403
    assert "another editor must publish it" in page_text(response)
    assert reload(session, claim).state == State.RATED

    fresh = as_user(other_editor)
    response = act(fresh, submit, claim, "publish", note="Reviewed")
    assert response.status_code == 302
    stored = reload(session, claim)
    assert stored.state == State.PUBLISHED and len(stored.verdicts) == 1
    text = page_text(fresh.get(claim_url(claim)))
    assert "Published revisions" in text and "published the verdict" in text


def test_checker_may_not_publish(desk, session, as_user, submit):
    claim = desk.claim(State.RATED)
    client = as_user(desk.user(Role.CHECKER))

    response = act(client, submit, claim, "publish")

    assert response.status_code == 403
    assert "Only an editor can publish a verdict." in page_text(response)


def test_correction_needs_a_note_and_is_prefilled(desk, session, as_user, submit):
    claim = desk.claim(State.PUBLISHED)
    client = as_user(desk.editor())

    page = page_text(client.get(claim_url(claim)))
    assert "The figure is not supported by any record." in page  # prefilled summary
    response = act(
        client, submit, claim, "correct", correction_note="",
        rating=str(claim.rating_id), summary="New summary typed", explanation="x",
    )
    assert response.status_code == 422
    text = page_text(response)
    assert "A correction needs a note that tells readers what changed." in text
    assert "New summary typed" in text
    assert len(reload(session, claim).verdicts) == 1

    response = act(
        client, submit, claim, "correct", correction_note="We misread the year.",
        rating=str(desk.rating("Mostly false").id), summary="Corrected summary", explanation="",
    )
    assert response.status_code == 302
    stored = reload(session, claim)
    assert len(stored.verdicts) == 2 and stored.verdicts[-1].correction_note
    assert "We misread the year." in page_text(client.get(claim_url(claim)))


def test_dismiss_as_duplicate_links_the_original_and_reopen(desk, session, as_user, submit):
    original = desk.claim(statement="The original claim about wagons")
    claim = desk.claim()
    client = as_user(desk.editor())

    response = act(client, submit, claim, "dismiss", reason="duplicate", note="same",
                   duplicate_of="")
    assert response.status_code == 422
    assert "Say which claim this one duplicates." in page_text(response)

    response = act(client, submit, claim, "dismiss", reason="duplicate",
                   duplicate_of=str(original.id))
    assert response.status_code == 302
    assert reload(session, claim).duplicate_of_id == original.id
    text = page_text(client.get(claim_url(claim)))
    assert f'href="/claims/{original.id}"' in text
    assert "The original claim about wagons" in text
    assert "Duplicate of another claim" in text

    assert act(client, submit, claim, "reopen").status_code == 302
    stored = reload(session, claim)
    assert stored.state == State.UNVERIFIED and stored.duplicate_of_id is None


def test_checker_may_not_dismiss(desk, session, as_user, submit):
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker)
    client = as_user(checker)

    response = act(client, submit, claim, "dismiss", reason="out_of_scope")

    assert response.status_code == 403
    assert "Only an editor can dismiss a claim." in page_text(response)
    assert reload(session, claim).state == State.UNVERIFIED


def test_stale_form_is_refused_and_the_other_change_kept(desk, session, as_user, submit):
    editor = desk.editor()
    claim = desk.claim()
    client = as_user(editor)
    old_version = str(claim.version)

    # Someone else edits the claim after the page was loaded.
    other = desk.editor()
    claim_ops.edit_claim(
        session, other, claim, claim.version,
        claim_ops.ClaimDetails(statement="Their newer wording", claimant="Someone"),
    )
    session.commit()

    response = act(
        client, submit, claim, "edit", version=old_version,
        statement="My unsaved wording", claimant="Me",
    )

    assert response.status_code == 409
    text = page_text(response)
    assert "Someone else changed this claim" in text
    assert '<h1 class="statement">Their newer wording</h1>' in text  # current data shown
    assert "My unsaved wording" in text  # their input kept in the form
    assert reload(session, claim).statement == "Their newer wording"


def test_comments_are_plain_text_and_need_a_body(desk, session, as_user, submit):
    claim = desk.claim()
    client = as_user(desk.user(Role.CHECKER, name="Cleo"))

    response = act(client, submit, claim, "comments", body="")
    assert response.status_code == 422
    assert "Write something before posting." in page_text(response)

    response = act(client, submit, claim, "comments", body="Check <b>this</b> & that")
    assert response.status_code == 302
    html = client.get(claim_url(claim)).get_data(as_text=True)
    assert "Check &lt;b&gt;this&lt;/b&gt; &amp; that" in html
    assert "Cleo" in html
    assert session.scalar(select(func.count(Event.id)).where(Event.kind == "commented")) == 1


def test_post_without_csrf_is_refused(desk, session, as_user):
    claim = desk.claim()
    client = as_user(desk.user(Role.CHECKER))

    response = client.post(f"/claims/{claim.id}/take", data={"version": claim.version})

    assert response.status_code == 400
    assert reload(session, claim).assignee_id is None


def test_concurrent_write_during_save_is_answered_like_a_stale_form(
    desk, session, as_user, submit, monkeypatch
):
    from sqlalchemy.orm.exc import StaleDataError

    from factcheck.desk import claims as claim_views

    def lost_race(*args):  # type: ignore[no-untyped-def]
        raise StaleDataError("UPDATE statement on table 'claims' expected to update 1 row")

    step = claim_views.STEPS["take"]
    monkeypatch.setitem(claim_views.STEPS, "take", claim_views.Step(step.form, lost_race, ""))
    claim = desk.claim()
    client = as_user(desk.user(Role.CHECKER))

    response = act(client, submit, claim, "take")

    assert response.status_code == 409
    assert "Someone else changed this claim" in page_text(response)
    assert reload(session, claim).assignee_id is None


def test_similar_claims_panel_stays_current_between_views(desk, session, as_user, submit):
    """The panel is remembered between views, but a claim added, or dismissed as a duplicate,
    since the last view shows at once."""
    claim = desk.claim(statement="Ukrainian authorities detained 1,500 wagons and cars")
    session.flush()
    client = as_user(desk.editor())
    assert "No similar claims found." in page_text(client.get(claim_url(claim)))
    twin = desk.claim(statement="Ukrainian authorities have detained 1,500 wagons and cars")
    session.flush()
    page = page_text(client.get(claim_url(claim)))
    assert f"#{twin.id} Ukrainian authorities have detained 1,500 wagons and cars" in page
    response = act(client, submit, twin, "dismiss", reason="duplicate", duplicate_of=str(claim.id))
    assert response.status_code == 302
    page = page_text(client.get(claim_url(claim)))
    assert f"#{twin.id} Ukrainian" not in page
    assert "No similar claims found." in page


def test_rating_form_warns_when_the_statement_is_longer_than_fact_check_explorer_shows(
    desk, session, as_user
):
    checker = desk.user(Role.CHECKER)
    long_claim = desk.claim(State.SOURCED, assignee=checker, statement=(
        "Ukrainian authorities detained 1,500 Belarusian wagons and cars at the border crossing "
        "last spring"))
    short_claim = desk.claim(State.SOURCED, assignee=checker,
                             statement="Ukraine detained 1,500 wagons")
    client = as_user(checker)
    page = page_text(client.get(claim_url(long_claim)))
    assert ("The statement is 98 characters long: Google's Fact Check Explorer shows about "
            "the first 75") in page
    assert "Fact Check Explorer" not in page_text(client.get(claim_url(short_claim)))
