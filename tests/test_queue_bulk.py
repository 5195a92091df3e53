"""Bulk actions on the claims ticked in the queue: one event per claim, all or nothing, and a
refused change names each refused claim with the workflow's reason, the selection kept."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date

from sqlalchemy import func, select

from factcheck.models import Claim, Event
from factcheck.workflow import Priority, Role, State

URL = "/desk/bulk?assignee=any"


def ticked(claims: list[Claim]) -> list[str]:
    """The checkbox values the queue gives these claims."""
    return [f"{c.id}:{c.version}" for c in claims]


def events(session, kind: str) -> int:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(select(func.count(Event.id)).where(Event.kind == kind)) or 0


def page_text(response) -> str:  # type: ignore[no-untyped-def]
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ",
                                                         response.get_data(as_text=True))))


def test_an_editor_assigns_several_claims_with_one_event_each(desk, session, as_user, submit):
    editor = desk.user(Role.EDITOR)
    checker = desk.user(Role.CHECKER, name="Ben Checker")
    claims = [desk.claim(statement=f"Claim {n}") for n in range(3)]
    browser = as_user(editor)
    before = events(session, "assigned")

    response = submit(browser, "/desk?assignee=any", {
        "claims": ticked(claims[:2]), "action": "assign", "assignee": str(checker.id)},
        post_url=URL)

    assert response.status_code == 302
    assert response.headers["Location"] == "/desk?assignee=any"
    assert events(session, "assigned") == before + 2
    assert [session.get(Claim, c.id).assignee_id for c in claims] == [checker.id, checker.id, None]
    shown = page_text(browser.get(response.headers["Location"]))
    assert "Assigned 2 claims to Ben Checker." in shown


def test_priority_tag_due_date_and_dismiss_go_through_the_workflow(desk, session, as_user, submit):
    editor = desk.user(Role.EDITOR)
    claims = [desk.claim(statement=f"Claim {n}", tags=["old"]) for n in range(2)]
    browser = as_user(editor)
    ids = [c.id for c in claims]

    def send(**data: str) -> None:
        fresh = [session.get(Claim, i) for i in ids]
        response = submit(browser, "/desk?assignee=any", {"claims": ticked(fresh), **data},
                          post_url=URL)
        assert response.status_code == 302, page_text(response)
        session.expire_all()

    send(action="priority", priority=str(Priority.URGENT.value))
    send(action="tag", tag="  Elections ")
    send(action="due", due_date="2030-01-31")
    assert events(session, "planned") == 6
    for i in ids:
        claim = session.get(Claim, i)
        assert claim.priority == Priority.URGENT
        assert sorted(t.name for t in claim.tags) == ["elections", "old"]
        assert claim.due_date == date(2030, 1, 31)
    send(action="dismiss", reason="out_of_scope")
    assert events(session, "dismiss") == 2
    assert {session.get(Claim, i).state for i in ids} == {State.DISMISSED}


def test_a_refused_claim_is_named_and_nothing_changes(desk, session, as_user, submit):
    editor = desk.user(Role.EDITOR)
    open_claim = desk.claim(statement="Still open")
    published = desk.claim(State.PUBLISHED, statement="Already published")
    browser = as_user(editor)
    before = session.scalar(select(func.count(Event.id)))
    selection = ticked([open_claim, published])

    response = submit(browser, "/desk?state=all&assignee=any", {
        "claims": selection, "action": "dismiss", "reason": "out_of_scope"},
        post_url="/desk/bulk?state=all&assignee=any")

    assert response.status_code == 409
    text = page_text(response)
    assert "Nothing was changed: the change was refused for 1 of the selected claims." in text
    assert ("Already published — A published verdict cannot be dismissed; publish a correction "
            "instead.") in text
    html = response.get_data(as_text=True)
    for value in selection:  # the selection is kept, ready to untick the refused claim
        assert f'value="{value}" form="bulk"' in html
        assert re.search(rf'value="{value}" form="bulk" aria-label="[^"]*" checked', html)
    session.expire_all()
    assert session.get(Claim, open_claim.id).state == State.UNVERIFIED
    assert session.scalar(select(func.count(Event.id))) == before


def test_a_checker_may_only_take_and_is_told_why_not_for_claims_of_others(
        desk, session, as_user, submit):
    checker = desk.user(Role.CHECKER)
    other = desk.user(Role.CHECKER, name="Olga Other")
    free = desk.claim(statement="Free claim")
    taken = desk.claim(statement="Olga's claim", assignee=other)
    browser = as_user(checker)

    refused = submit(browser, "/desk?assignee=any", {
        "claims": ticked([free, taken]), "action": "assign", "assignee": "me"}, post_url=URL)
    assert refused.status_code == 409
    assert ("Olga's claim — This claim is already assigned; ask an editor to reassign it."
            in page_text(refused))
    session.expire_all()
    assert session.get(Claim, free.id).assignee_id is None

    done = submit(browser, "/desk?assignee=any", {
        "claims": ticked([free]), "action": "assign", "assignee": "me"}, post_url=URL)
    assert done.status_code == 302
    session.expire_all()
    assert session.get(Claim, free.id).assignee_id == checker.id
    # A checker's toolbar offers only taking; a forged priority change is refused.
    forged = submit(browser, "/desk?assignee=any", {
        "claims": ticked([session.get(Claim, free.id)]), "action": "priority", "priority": "3"},
        post_url=URL)
    assert forged.status_code == 422
    session.expire_all()
    assert session.get(Claim, free.id).priority == Priority.NORMAL


def test_a_stale_or_empty_selection_is_refused_in_words(desk, session, as_user, submit):
    editor = desk.user(Role.EDITOR)
    claim = desk.claim(statement="Changed meanwhile")
    browser = as_user(editor)
    stale = f"{claim.id}:{claim.version - 1}"

    response = submit(browser, "/desk?assignee=any", {
        "claims": [stale], "action": "priority", "priority": "3"}, post_url=URL)
    assert response.status_code == 409
    assert "Changed meanwhile — " in page_text(response)

    empty = submit(browser, "/desk?assignee=any", {"action": "tag", "tag": "kept as typed"},
                   post_url=URL)
    assert empty.status_code == 422
    text = page_text(empty)
    assert "Select the claims to change first." in text
    assert 'value="kept as typed"' in empty.get_data(as_text=True)

    broken = submit(browser, "/desk?assignee=any", {"claims": ["x:y"], "action": "tag",
                                                     "tag": "t"}, post_url=URL)
    assert broken.status_code == 400


def test_a_refused_bulk_change_keeps_what_was_typed_on_an_empty_queue(desk, session, as_user,
                                                                      submit):
    """The filters may show no claims (a search that finds nothing): the refused toolbar still
    comes back with the typed tag."""
    browser = as_user(desk.user(Role.EDITOR))
    response = submit(browser, "/desk?q=nothing-matches-this", {"tag": "kept as typed"},
                      post_url="/desk/bulk?q=nothing-matches-this")
    assert 400 <= response.status_code < 500
    assert 'value="kept as typed"' in response.get_data(as_text=True)
