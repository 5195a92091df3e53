"""Suggestions on the article page (accept, reject) and similar claims on the claim pages."""

from sqlalchemy import select

from factcheck.models import Claim, RejectedSuggestion
from factcheck.operations.suggestions import article_suggestions
from factcheck.workflow import State

BODY = (
    "Lukashenko spoke on Friday. He stated that Ukrainian authorities detained "
    "1,500 wagons and cars. The president called it dangerous."
)
SENTENCE = "He stated that Ukrainian authorities detained 1,500 wagons and cars."


def _suggested(article):
    start = article.body.index(SENTENCE)
    return start, start + len(SENTENCE)


def test_article_page_highlights_and_lists_suggestions(client, desk, login, session):
    editor = desk.editor()
    article = desk.article(BODY)
    session.commit()
    login(client, editor)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert '<mark class="suggestion"' in page
    assert "Suggested claims (1)" in page
    start, end = _suggested(article)
    assert f"start={start}" in page and f"end={end}" in page  # the Accept link
    assert "Reject" in page


def test_accept_prefills_the_new_claim_form_and_keeps_the_score(client, desk, login, session,
                                                                submit):
    editor = desk.editor()
    article = desk.article(BODY)
    session.commit()
    login(client, editor)
    start, end = _suggested(article)
    url = f"/claims/new?article_id={article.id}&start={start}&end={end}&statement={SENTENCE}"
    page = client.get(url).get_data(as_text=True)
    assert "Ukrainian authorities detained 1,500 wagons" in page
    response = submit(client, url, {
        "article_id": article.id, "quote_start": start, "quote_end": end,
        "statement": "Ukraine detained 1,500 Belarusian wagons and cars", "priority": "1",
    })
    assert response.status_code == 302
    claim = session.scalar(select(Claim))
    assert claim.quote == SENTENCE
    assert claim.checkworthiness is not None and claim.checkworthiness_reasons


def test_reject_hides_the_suggestion_and_records_who_and_when(client, desk, login, session,
                                                              submit):
    editor = desk.editor()
    article = desk.article(BODY)
    session.commit()
    login(client, editor)
    start, end = _suggested(article)
    response = submit(client, f"/articles/{article.id}", {"start": start, "end": end},
                      post_url=f"/articles/{article.id}/suggestions/reject")
    assert response.status_code == 302
    rejection = session.scalar(select(RejectedSuggestion))
    assert (rejection.article_id, rejection.start, rejection.end) == (article.id, start, end)
    assert rejection.rejected_by_id == editor.id and rejection.rejected_at is not None
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Suggested claims (0)" in page
    assert '<mark class="suggestion"' not in page


def test_the_rejecter_can_undo_a_rejection_at_once(client, desk, login, session, submit,
                                                   as_user):
    editor = desk.editor()
    other_editor = desk.editor()
    checker = desk.user("checker")
    article = desk.article(BODY)
    session.commit()
    login(client, editor)
    start, end = _suggested(article)
    submit(client, f"/articles/{article.id}", {"start": start, "end": end},
           post_url=f"/articles/{article.id}/suggestions/reject")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f'id="undo-rejection-{start}"' in page
    assert "You rejected “He stated that Ukrainian authorities detained" in page
    assert 'id="undo-rejection-' not in as_user(other_editor).get(
        f"/articles/{article.id}").get_data(as_text=True)  # only the rejecter is offered it

    refused = submit(as_user(checker), f"/articles/{article.id}", {"start": start, "end": end},
                     post_url=f"/articles/{article.id}/suggestions/restore")
    assert refused.status_code == 403
    assert session.scalar(select(RejectedSuggestion)) is not None

    response = submit(client, f"/articles/{article.id}", {"start": start, "end": end},
                      post_url=f"/articles/{article.id}/suggestions/restore")
    assert response.status_code == 302
    assert session.scalar(select(RejectedSuggestion)) is None
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Suggested claims (1)" in page
    assert 'id="undo-rejection-' not in page


def test_checker_cannot_reject(client, desk, login, session, submit):
    checker = desk.user("checker")
    article = desk.article(BODY)
    session.commit()
    login(client, checker)
    start, end = _suggested(article)
    response = submit(client, f"/articles/{article.id}", {"start": start, "end": end},
                      post_url=f"/articles/{article.id}/suggestions/reject")
    assert response.status_code == 403
    assert session.scalar(select(RejectedSuggestion)) is None


def test_reject_unknown_article_is_404(client, desk, login, session, submit):
    editor = desk.editor()
    article = desk.article(BODY)
    session.commit()
    login(client, editor)
    response = submit(client, f"/articles/{article.id}", {"start": 0, "end": 5},
                      post_url="/articles/999999/suggestions/reject")
    assert response.status_code == 404


def test_claim_page_shows_similar_claims_and_dismisses_as_duplicate(client, desk, login,
                                                                    session, submit):
    editor = desk.editor()
    original = desk.claim(statement="Ukraine detained 1,500 Belarusian wagons and cars")
    copy = desk.claim(statement="Ukrainian authorities seized 1500 wagons and cars of Belarus")
    session.commit()
    login(client, editor)
    page = client.get(f"/claims/{copy.id}").get_data(as_text=True)
    assert "Similar claims already on the desk" in page
    assert f"#{original.id} Ukraine detained 1,500 Belarusian wagons and cars" in page
    assert "same figures: 1500" in page
    assert f"Dismiss as duplicate of #{original.id}" in page
    response = submit(client, f"/claims/{copy.id}", {
        "version": copy.version, "reason": "duplicate", "duplicate_of": original.id,
    }, post_url=f"/claims/{copy.id}/dismiss")
    assert response.status_code == 302
    session.refresh(copy)
    assert copy.state == State.DISMISSED and copy.duplicate_of_id == original.id


def test_new_claim_form_shows_similar_claims_for_the_statement(client, desk, login, session):
    editor = desk.editor()
    original = desk.claim(statement="Inflation in Poland rose to 5% in March")
    session.commit()
    login(client, editor)
    page = client.get("/claims/new?statement=In March inflation in Poland climbed to 5 percent")
    text = page.get_data(as_text=True)
    assert f"#{original.id} Inflation in Poland rose to 5% in March" in text


def test_a_claim_about_another_figure_is_shown_flagged_not_hidden(client, desk, login, session):
    editor = desk.editor()
    original = desk.claim(statement="Ukraine detained 1,500 Belarusian wagons and cars")
    other = desk.claim(statement="Ukraine detained 15,000 Belarusian wagons and cars")
    session.commit()
    login(client, editor)
    page = client.get(f"/claims/{other.id}").get_data(as_text=True)
    assert f"#{original.id} Ukraine detained 1,500 Belarusian wagons and cars" in page
    assert "Different figures" in page
    assert "different figures: 15,000 here, 1,500 there" in page
    assert "Same wording about a different figure" in page


def test_a_suggestion_overlapping_a_claims_quote_is_no_longer_offered(desk, session):
    editor = desk.editor()
    article = desk.article(BODY)
    start, end = _suggested(article)
    # A quote ending exactly where the sentence starts does not touch it ...
    desk.claim(editor=editor, statement="Lukashenko spoke", article=article, quote_start=0,
               quote_end=start)
    assert [(s.start, s.end) for s in article_suggestions(session, article)] == [(start, end)]
    # ... one word inside it does.
    desk.claim(editor=editor, statement="1,500 wagons", article=article,
               quote_start=end - 20, quote_end=end - 10)
    session.refresh(article)
    assert article_suggestions(session, article) == []
