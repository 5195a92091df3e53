"""Articles: ingesting text exactly, highlighting claims at their offsets, opening claims."""

from __future__ import annotations

import re

from sqlalchemy import select

from factcheck.desk.articles import Span, highlight_claims
from factcheck.models import Article, Claim
from factcheck.suggestions import SentenceSuggestion
from factcheck.workflow import Role


def claim_url(claim_id: int) -> str:
    return f"/claims/{claim_id}"


def as_editor(client, login, desk, session):  # type: ignore[no-untyped-def]
    """Log ``client`` in as a new editor and return the editor."""
    editor = desk.user(Role.EDITOR, name="Edith Editor")
    session.commit()
    login(client, editor)
    return editor


ARTICLE_FORM = {
    "outlet": "BelTA",
    "title": "Rescue operation",
    "url": "",
    "author": "Staff",
    "published_on": "2022-03-15",
    "language": "",
}


def test_article_text_is_stored_exactly_with_crlf_made_lf(client, login, desk, session, submit):
    as_editor(client, login, desk, session)
    body = "  First line,\r\nsecond line\twith a tab.\r\n\r\n<b>Not bold</b> & “quotes” 🙂  \r\n"

    response = submit(client, "/articles/new", {**ARTICLE_FORM, "body": body})

    assert response.status_code == 302
    article = session.scalar(select(Article).where(Article.title == "Rescue operation"))
    assert article is not None
    assert article.body == body.replace("\r\n", "\n")
    assert article.language == "en"
    assert response.headers["Location"].endswith(f"/articles/{article.id}")


def test_article_text_without_crlf_is_untouched(client, login, desk, session, submit):
    as_editor(client, login, desk, session)
    body = "\nLeading newline kept.\nCR alone\rstays.   "

    submit(client, "/articles/new", {**ARTICLE_FORM, "body": body})

    article = session.scalar(select(Article).where(Article.title == "Rescue operation"))
    assert article is not None and article.body == body


def test_article_form_errors_keep_input(client, login, desk, session, submit):
    as_editor(client, login, desk, session)

    response = submit(client, "/articles/new", {**ARTICLE_FORM, "outlet": "", "body": "Kept text"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Kept text" in html and "Rescue operation" in html
    assert session.scalar(select(Article)) is None


def test_checker_may_not_add_articles_or_claims(client, login, desk, session):
    checker = desk.user(Role.CHECKER)
    session.commit()
    login(client, checker)

    for url in ("/articles/new", "/claims/new"):
        response = client.get(url)
        assert response.status_code == 403
        assert "Only an editor can" in response.get_data(as_text=True)


def test_article_list_newest_first_with_claim_counts(client, login, desk, session):
    older = desk.article(title="Older piece")
    newer = desk.article(title="Newer piece")
    newer.created_at = older.created_at.replace(year=older.created_at.year + 1)
    desk.claim(article=older)
    desk.claim(article=older)
    as_editor(client, login, desk, session)

    html = client.get("/articles/").get_data(as_text=True)

    assert html.index("Newer piece") < html.index("Older piece")
    assert "2 claims" in html and "0 claims" in html


def test_highlight_marks_offsets_and_escapes_text():
    body = "A <b>&</b> B said 5 < 6. Then more."
    start = body.index("5 < 6")
    html = str(highlight_claims(body, [Span(start, start + 5, 7, "Five is less")], claim_url))

    assert html.startswith("A &lt;b&gt;&amp;&lt;/b&gt; B said ")
    assert re.search(
        r'<mark class="claim" data-claims="7" data-href="[^"]*/claims/7"[^>]*>5 &lt; 6</mark>',
        html,
    )
    assert html.endswith(". Then more.")


def test_highlight_splits_overlapping_claims():
    body = "one two three four"
    spans = [Span(0, 13, 1, "first"), Span(4, 18, 2, "second")]

    html = str(highlight_claims(body, spans, claim_url))

    marks = re.findall(
        r'<mark class="([^"]+)" data-claims="([^"]+)" data-href="[^"]*/claims/(\d+)"[^>]*>'
        r'([^<]*)</mark>',
        html,
    )
    assert marks == [
        ("claim", "1", "1", "one "),
        ("claim overlap", "1 2", "1", "two three"),
        ("claim", "2", "2", " four"),
    ]
    assert html.count("<mark") == html.count("</mark>") == 3
    assert re.sub(r"<[^>]+>", "", html) == body


def test_highlight_marks_suggestions_as_selectable_text_with_their_offsets():
    # Code points, not UTF-16 units: the emoji before the sentence counts as one character.
    body = "Привет 👋. Minsk sold 9,000 tractors. End."
    start = body.index("Minsk")
    end = body.index(" End")
    hint = SentenceSuggestion(start, end, body[start:end], 0.83, True, [])

    html = str(highlight_claims(body, [], claim_url, [hint]))

    mark = re.search(r'<mark class="suggestion" data-start="(\d+)" data-end="(\d+)"'
                     r' title="([^"]+)">([^<]*)</mark>', html)
    assert mark is not None
    assert (int(mark.group(1)), int(mark.group(2))) == (10, 36)
    assert body[10:36] == mark.group(4) == "Minsk sold 9,000 tractors."
    assert mark.group(3) == "Suggested claim (confidence 83%)"
    assert "<a " not in html
    assert re.sub(r"<[^>]+>", "", html) == body


def test_highlight_ignores_offsets_outside_the_text():
    html = str(highlight_claims("short", [Span(3, 99, 1, "x"), Span(4, 2, 2, "y")], claim_url))
    assert html == "short"


def test_article_page_highlights_claims(client, login, desk, session):
    article = desk.article(
        body="Intro <script>. He said Ukrainian authorities detained 1,500 wagons."
    )
    start = article.body.index("Ukrainian")
    claim = desk.claim(article=article, quote_start=start, quote_end=start + 21)
    as_editor(client, login, desk, session)

    html = client.get(f"/articles/{article.id}").get_data(as_text=True)

    text = re.search(r'<div id="article-text" class="article-text"[^>]*>(.*?)</div>', html, re.S)
    assert text is not None
    assert "Intro &lt;script&gt;" in text.group(1)
    assert re.search(
        rf'<mark class="claim" [^>]*data-href="/claims/{claim.id}"[^>]*>'
        r"Ukrainian authorities</mark>",
        text.group(1),
    )
    assert "<a " not in text.group(1)  # nothing in the text is a link: all of it selects
    assert "New claim from this quote" not in html  # the popover's words come from its script
    assert 'data-new-claim-url="/claims/new"' in html


def test_unknown_article_is_404(client, login, desk, session):
    as_editor(client, login, desk, session)
    assert client.get("/articles/9999").status_code == 404
    assert client.get("/claims/new?article_id=9999").status_code == 404


def test_new_claim_from_query_string_shows_the_quote(client, login, desk, session):
    article = desk.article()
    start = article.body.index("Ukrainian")
    as_editor(client, login, desk, session)

    html = client.get(
        f"/claims/new?article_id={article.id}&start={start}&end={start + 21}"
        "&statement=Ukraine+detained+wagons"
    ).get_data(as_text=True)

    assert (
        '<blockquote class="quote" id="quote-preview" '
        f'title="Characters {start}–{start + 21} of the article">Ukrainian authorities</blockquote>'
    ) in html
    assert "Ukraine detained wagons" in html
    # The offsets travel in hidden fields; no "Quote starts at" for the checker to read.
    assert re.search(rf'<input id="quote_start"[^>]* type="hidden" value="{start}">', html)
    assert "Quote starts at" not in html


def test_new_claim_post_stores_the_exact_quote(client, login, desk, session, submit):
    article = desk.article()
    start = article.body.index("Ukrainian")
    end = article.body.index(" The president")
    as_editor(client, login, desk, session)

    response = submit(
        client,
        "/claims/new",
        {
            "statement": "Ukraine detained 1,500 Belarusian wagons",
            "claimant": "Alexander Lukashenko",
            "article_id": str(article.id),
            "quote_start": str(start),
            "quote_end": str(end),
            "priority": "3",
            "tags": "Ukraine, borders , ukraine",
        },
    )

    claim = session.scalar(select(Claim))
    assert claim is not None
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/claims/{claim.id}")
    assert claim.quote == "Ukrainian authorities detained 1,500 wagons and cars."
    assert (claim.quote_start, claim.quote_end, claim.priority) == (start, end, 3)
    assert sorted(t.name for t in claim.tags) == ["borders", "ukraine"]


def test_new_claim_without_article(client, login, desk, session, submit):
    as_editor(client, login, desk, session)

    response = submit(
        client,
        "/claims/new",
        {
            "statement": "A viral post says X",
            "appearance_url": "https://social.example/p/1",
            "priority": "1",
        },
    )

    assert response.status_code == 302
    claim = session.scalar(select(Claim))
    assert claim is not None and claim.appearance_url == "https://social.example/p/1"
    assert claim.article_id is None and claim.quote is None


def test_new_claim_bad_offsets_rerender_with_input(client, login, desk, session, submit):
    article = desk.article()
    as_editor(client, login, desk, session)

    response = submit(
        client,
        "/claims/new",
        {
            "statement": "My careful wording",
            "article_id": str(article.id),
            "quote_start": "50",
            "quote_end": str(len(article.body) + 10),
            "priority": "1",
        },
    )

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "My careful wording" in html
    assert "The quote must lie inside the article" in html
    assert 'value="50"' in html
    assert session.scalar(select(Claim)) is None


def test_new_claim_missing_statement_is_422(client, login, desk, session, submit):
    as_editor(client, login, desk, session)

    response = submit(
        client, "/claims/new", {"statement": "", "claimant": "Kept Name", "priority": "1"}
    )

    assert response.status_code == 422
    assert "Kept Name" in response.get_data(as_text=True)
