"""Suggestions are scored when an article is stored and read back on every view."""

from __future__ import annotations

import html as html_lib

from factcheck.desk.articles import SUGGESTIONS_SHOWN
from factcheck.operations.suggestions import suggestions_key
from factcheck.workflow import Role

BODY = (
    "Lukashenko spoke on Friday. He stated that Ukrainian authorities detained "
    "1,500 wagons and cars. The president called it dangerous."
)


def page(client, article) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/articles/{article.id}")
    assert response.status_code == 200
    return html_lib.unescape(response.get_data(as_text=True))


def test_ingest_stores_the_suggestions_with_their_key(desk, session):
    article = desk.article(BODY)
    assert article.suggestions_key == suggestions_key(BODY, None)
    stored = article.suggestions
    assert stored and all(set(item) == {"start", "end", "score", "reasons"} for item in stored)
    assert any("1,500 wagons" in BODY[item["start"] : item["end"]] for item in stored)


def test_page_shows_the_stored_suggestions_without_scoring_again(desk, session, as_user):
    article = desk.article(BODY)
    first = dict(article.suggestions[0])
    article.suggestions = [{**first, "reasons": ["reason kept from ingest"]}]
    client = as_user(desk.user(Role.EDITOR))

    assert "Reason kept from ingest." in page(client, article)  # as a sentence


def test_changed_text_is_scored_again_on_its_next_view(desk, session, as_user):
    article = desk.article(BODY)
    article.suggestions = [{**article.suggestions[0], "reasons": ["reason kept from ingest"]}]
    article.body = BODY + " Officials said 300 more were stopped in April."
    client = as_user(desk.user(Role.EDITOR))

    text = page(client, article)

    assert "reason kept from ingest" not in text
    session.refresh(article)
    assert article.suggestions_key == suggestions_key(article.body, None)
    assert any("300 more" in article.body[i["start"] : i["end"]] for i in article.suggestions)


def test_article_stored_before_suggestions_were_kept_is_filled_on_first_view(
    desk, session, as_user
):
    article = desk.article(BODY)
    article.suggestions = None
    article.suggestions_key = None
    client = as_user(desk.user(Role.EDITOR))

    assert "1,500 wagons" in page(client, article)
    session.refresh(article)
    assert article.suggestions and article.suggestions_key == suggestions_key(BODY, None)


def test_long_article_lists_its_best_suggestions_and_counts_the_rest(desk, session, as_user):
    sentences = [
        f"Officials said that {n + 100} wagons were detained in March 2022." for n in range(150)
    ]
    article = desk.article(" ".join(sentences))
    total = len(article.suggestions)
    assert total > SUGGESTIONS_SHOWN
    client = as_user(desk.user(Role.EDITOR))

    text = page(client, article)

    assert f"Suggested claims ({SUGGESTIONS_SHOWN} of {total:,}, most confident first)" in text
    assert text.count('<li id="suggestion-') == SUGGESTIONS_SHOWN
    assert text.count('<mark class="suggestion"') == SUGGESTIONS_SHOWN
