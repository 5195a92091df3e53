"""Articles from a URL, against a local news site: fetched by a job through the real queue,
reviewed, saved with their snapshot and suggestions; duplicates refused; edits that flag
claims; deletion; the pages that go wrong; ``flask articles fetch``. Both databases."""

from __future__ import annotations

import hashlib
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from factcheck.intake.keys import canonical_url, text_key, url_key
from factcheck.jobs.queue import DeskQueue
from factcheck.models import Article, ArticleDraft, DeskEvent, DraftState, Event, Snapshot
from factcheck.operations.articles import ArticleDetails, DuplicateArticle, add_article
from factcheck.workflow import Role
from tests.conftest import DeskFactory
from tests.http_server import LocalServer
from tests.intake_site import SEEDS, article_page, seed_text, site_fixture  # noqa: F401  (fixture)
from tests.jobs_helpers import sqlite_jobs_fixture, work  # noqa: F401  (fixture)

RESCUE = SEEDS["belta-rescue-operation"][0]
INTERVIEW = SEEDS["donbass-recognition-interview"][0]




@pytest.fixture
def editor_client(desk: DeskFactory, as_user) -> FlaskClient:  # type: ignore[no-untyped-def]
    return as_user(desk.user(Role.EDITOR))


def _fetch(client: FlaskClient, submit, url: str, **extra: str):  # type: ignore[no-untyped-def]
    return submit(client, "/articles/fetch", {"url": url, **extra})


def _draft_id(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 302, response.get_data(as_text=True)
    match = re.search(r"/articles/drafts/(\d+)$", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def _form_values(html: str) -> dict[str, str]:
    """The review form's fields as the page fills them in."""
    values = {
        name: value
        for name, value in re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', html)
    }
    body = re.search(r"<textarea[^>]*name=\"body\"[^>]*>\r?\n?(.*?)</textarea>", html, re.S)
    assert body, "no text area on the review page"
    values["body"] = body.group(1)
    import html as html_module

    return {k: html_module.unescape(v) for k, v in values.items() if k != "csrf_token"}


# --- keys -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("HTTP://News.Example.COM:80/a/b?utm_source=x&id=3#comments",
         "http://news.example.com/a/b?id=3"),
        ("https://news.example.com:443?b=2&a=1&fbclid=zz", "https://news.example.com/?a=1&b=2"),
        ("https://news.example.com:8443/a?UTM_Campaign=q", "https://news.example.com:8443/a"),
        ("  https://news.example.com/a  ", "https://news.example.com/a"),
    ],
)
def test_canonical_urls_drop_what_only_says_how_a_reader_arrived(
    given: str, canonical: str
) -> None:
    assert canonical_url(given) == canonical
    assert url_key(given) == url_key(canonical)


def test_texts_differing_only_in_spacing_case_or_unicode_form_are_the_same() -> None:
    assert text_key("Minsk  said\n1,500 wagons.") == text_key("minsk said 1,500 WAGONS.")
    assert text_key("ﬁve wagons") == text_key("five wagons")  # NFKC ligature
    assert text_key("Minsk said 1,500 wagons.") != text_key("Minsk said 1,600 wagons.")


# --- URL → review → save ----------------------------------------------------------------------


def test_a_pasted_url_is_fetched_reviewed_and_saved_with_its_snapshot_and_suggestions(
    site: LocalServer, jobs: DeskQueue, editor_client: FlaskClient, submit, session: Session
) -> None:
    draft_id = _draft_id(_fetch(editor_client, submit, f"{site.base}{RESCUE}"))
    waiting = editor_client.get(f"/articles/drafts/{draft_id}").get_data(as_text=True)
    assert 'data-state="fetching"' in waiting and 'http-equiv="refresh"' in waiting

    assert work(jobs) == 1
    review = editor_client.get(f"/articles/drafts/{draft_id}")
    html = review.get_data(as_text=True)
    assert review.status_code == 200 and 'data-state="ready"' in html
    values = _form_values(html)
    assert values["title"] == "Lukashenko says Minsk freed Belarusians stranded in Ukraine"
    assert values["outlet"] == "Minsk Daily Test"
    assert values["author"] == "Ivan Petrov"
    assert values["published_on"] == "2022-03-15"
    assert "Belarusian President Alexander Lukashenko announced" in values["body"]
    assert "About us" not in values["body"] and "Politics" not in values["body"]

    # The editor trims the headline trafilatura kept at the top; offsets follow the saved text.
    edited = values["body"].split("\n", 1)[1] if values["body"].startswith("Lukashenko says") \
        else values["body"]
    values["body"] = edited
    saved = submit(editor_client, f"/articles/drafts/{draft_id}", values)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    article_id = int(saved.headers["Location"].rsplit("/", 1)[1])

    session.expire_all()
    article = session.get(Article, article_id)
    assert article is not None and article.body == edited
    assert article.canonical_url == f"{site.base}{RESCUE}"
    page = article_page("belta-rescue-operation", site.base)
    assert article.snapshot is not None
    assert article.snapshot.sha256 == hashlib.sha256(page).hexdigest() == article.snapshot.sha256
    assert article.snapshot.data == page and article.snapshot.content_type == "text/html"
    assert article.fetched_at is not None and article.inbox is None
    assert article.suggestions and article.best_score is not None
    for item in article.suggestions:  # every suggestion's offsets index the saved text
        assert article.body[item["start"] : item["end"]].strip()
    draft = session.get(ArticleDraft, draft_id)
    assert draft is not None and draft.state == DraftState.SAVED and draft.article_id == article.id

    shown = editor_client.get(f"/articles/{article_id}").get_data(as_text=True)
    assert 'class="suggestion"' in shown and article.snapshot.sha256 in shown
    download = editor_client.get(f"/articles/{article_id}/snapshot")
    assert download.data == page and download.headers["Content-Security-Policy"].startswith(
        "sandbox"
    )
    assert "attachment" in download.headers["Content-Disposition"]
    # The saved draft now leads to its article.
    assert editor_client.get(f"/articles/drafts/{draft_id}").headers["Location"].endswith(
        f"/articles/{article_id}"
    )
    assert session.scalar(select(func.count(DeskEvent.id)).where(
        DeskEvent.kind == "article.added")) == 1


def test_the_same_canonical_url_is_refused_with_a_link_unless_forced(
    site: LocalServer, jobs: DeskQueue, editor_client: FlaskClient, submit, session: Session,
    desk: DeskFactory,
) -> None:
    existing = desk.article(url=f"{site.base}{RESCUE}", body="Some other text.", force=False)
    session.commit()
    shared = f"{site.base.upper().replace('HTTP://', 'http://')}{RESCUE}?utm_source=mail#top"
    refused = _fetch(editor_client, submit, shared)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert f'href="/articles/{existing.id}"' in html and "already has this article" in html
    assert shared.replace("&", "&amp;") in html  # the form comes back filled in
    assert session.scalar(select(func.count(ArticleDraft.id))) == 0

    forced = _fetch(editor_client, submit, shared, force="y")
    assert forced.status_code == 302


def test_the_same_text_at_another_address_is_refused_on_save_unless_forced(
    site: LocalServer, jobs: DeskQueue, editor_client: FlaskClient, submit, session: Session,
) -> None:
    first = _draft_id(_fetch(editor_client, submit, f"{site.base}{RESCUE}"))
    work(jobs)
    values = _form_values(editor_client.get(f"/articles/drafts/{first}").get_data(as_text=True))
    original = submit(editor_client, f"/articles/drafts/{first}", values)
    original_id = int(original.headers["Location"].rsplit("/", 1)[1])

    copy = _draft_id(
        _fetch(editor_client, submit, f"{site.base}/world/belarus-rescue-operation-syndicated")
    )
    work(jobs)
    values = _form_values(editor_client.get(f"/articles/drafts/{copy}").get_data(as_text=True))
    values["body"] = values["body"].replace("\n", "  \n").upper()  # same text, other spacing
    refused = submit(editor_client, f"/articles/drafts/{copy}", values)
    assert refused.status_code == 409
    assert f'href="/articles/{original_id}"' in refused.get_data(as_text=True)
    assert session.scalar(select(func.count(Article.id))) == 1

    forced = submit(editor_client, f"/articles/drafts/{copy}", {**values, "force": "y"})
    assert forced.status_code == 302
    session.expire_all()
    copies = session.scalars(select(Article).order_by(Article.id)).all()
    assert len(copies) == 2 and copies[1].text_key is None  # the first holds that key
    assert copies[1].url_key == url_key(f"{site.base}/syndicated/rescue")  # its own address


def test_pasting_the_same_text_by_hand_is_refused_too(
    editor_client: FlaskClient, submit, desk: DeskFactory, session: Session
) -> None:
    existing = desk.article(body=seed_text("belta-rescue-operation"), force=False)
    session.commit()
    data = {"outlet": "BelTA", "title": "Again", "body": seed_text("belta-rescue-operation")}
    refused = submit(editor_client, "/articles/new", data)
    assert refused.status_code == 409
    assert f'href="/articles/{existing.id}"' in refused.get_data(as_text=True)
    assert submit(editor_client, "/articles/new", {**data, "force": "y"}).status_code == 302
    assert editor_client.get(f"/articles/{existing.id}/snapshot").status_code == 404


@pytest.mark.parametrize(
    ("path", "config", "words"),
    [
        ("/to-private", {"FETCH_ALLOW_PRIVATE": False, "FETCH_ALLOWED_NETWORKS": "127.0.0.1/32"},
         "resolves to 127.0.0.2"),
        ("/missing", {}, "answered 404"),
        ("/error", {}, "answered 500"),
        ("/slow", {"FETCH_TIMEOUT": 1}, "within 1 seconds"),
        ("/huge", {"FETCH_MAX_BYTES": 1_000_000}, "larger than the limit"),
        ("/feed.rss", {}, "only text/html"),
    ],
)
def test_a_page_that_cannot_be_fetched_is_recorded_on_its_draft_in_words(
    site: LocalServer, jobs: DeskQueue, editor_client: FlaskClient, submit, session: Session,
    app: Flask, monkeypatch: pytest.MonkeyPatch, path: str, config: dict, words: str,
) -> None:
    monkeypatch.delenv("FETCH_ALLOW_PRIVATE", raising=False)
    app.config.update(config)
    draft_id = _draft_id(_fetch(editor_client, submit, f"{site.base}{path}"))
    assert work(jobs) == 1
    page = editor_client.get(f"/articles/drafts/{draft_id}").get_data(as_text=True)
    assert 'data-state="failed"' in page and words in page
    assert "Try again" in page
    session.expire_all()
    assert session.scalar(select(func.count(Article.id))) == 0
    if path == "/to-private":
        assert site.paths == ["/to-private"]  # the private address was never asked


def test_a_failed_page_can_be_fetched_again(
    site: LocalServer, jobs: DeskQueue, editor_client: FlaskClient, submit, app: Flask,
) -> None:
    app.config["FETCH_TIMEOUT"] = 1
    draft_id = _draft_id(_fetch(editor_client, submit, f"{site.base}/slow"))
    work(jobs)
    site.routes["/slow"] = site.routes[RESCUE]  # the site recovers
    again = submit(editor_client, f"/articles/drafts/{draft_id}",
                   post_url=f"/articles/drafts/{draft_id}/refetch")
    assert again.status_code == 302
    assert work(jobs) == 1
    assert 'data-state="ready"' in editor_client.get(f"/articles/drafts/{draft_id}").get_data(
        as_text=True
    )


def test_only_editors_fetch_articles(
    site: LocalServer, desk: DeskFactory, as_user, submit, session: Session  # type: ignore[no-untyped-def]
) -> None:
    checker = as_user(desk.user(Role.CHECKER))
    assert checker.get("/articles/fetch").status_code == 403
    assert session.scalar(select(func.count(ArticleDraft.id))) == 0


def test_a_url_that_is_not_a_web_address_comes_back_with_the_form_filled_in(
    editor_client: FlaskClient, submit, session: Session
) -> None:
    refused = submit(editor_client, "/articles/fetch", {"url": "javascript:alert(1)"})
    assert refused.status_code == 422
    assert 'value="javascript:alert(1)"' in refused.get_data(as_text=True)
    assert session.scalar(select(func.count(ArticleDraft.id))) == 0


# --- editing and deleting ---------------------------------------------------------------------


def test_editing_the_text_flags_claims_whose_quote_moved_and_never_moves_them(
    editor_client: FlaskClient, submit, desk: DeskFactory, session: Session
) -> None:
    article = desk.article(force=False)
    claim = desk.claim(article=article)
    start, end, quote = claim.quote_start, claim.quote_end, claim.quote
    session.commit()
    data = {"outlet": article.outlet, "title": article.title, "language": "en",
            "body": "A new first sentence. " + article.body}
    saved = submit(editor_client, f"/articles/{article.id}/edit", data)
    assert saved.status_code == 302
    session.expire_all()
    claim = session.get(type(claim), claim.id)
    assert (claim.quote_start, claim.quote_end, claim.quote) == (start, end, quote)
    events = session.scalars(select(Event).where(Event.claim_id == claim.id,
                                                 Event.kind == "quote_mismatch")).all()
    assert len(events) == 1
    page = editor_client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "quote no longer matches" in page
    edited = session.scalar(select(DeskEvent).where(DeskEvent.kind == "article.edited"))
    assert edited is not None and edited.payload["flagged_claims"] == [claim.id]


def test_editing_details_only_flags_nothing(
    editor_client: FlaskClient, submit, desk: DeskFactory, session: Session
) -> None:
    article = desk.article(force=False)
    desk.claim(article=article)
    session.commit()
    data = {"outlet": "BelTA news agency", "title": article.title, "body": article.body}
    assert submit(editor_client, f"/articles/{article.id}/edit", data).status_code == 302
    assert session.scalar(select(func.count(Event.id)).where(Event.kind == "quote_mismatch")) == 0
    assert "quote no longer matches" not in editor_client.get(
        f"/articles/{article.id}"
    ).get_data(as_text=True)


def test_an_article_with_claims_is_not_deleted_one_without_is(
    editor_client: FlaskClient, submit, desk: DeskFactory, session: Session
) -> None:
    kept = desk.article(body="Kept: 1,500 wagons were detained, he stated.", force=False)
    desk.claim(article=kept)
    gone = desk.article(body="Gone: 3 million tonnes of grain left the port.", force=False)
    session.commit()
    refused = submit(editor_client, f"/articles/{kept.id}/edit",
                     post_url=f"/articles/{kept.id}/delete")
    assert refused.status_code == 422 and "has 1 claim" in refused.get_data(as_text=True)
    deleted = submit(editor_client, f"/articles/{gone.id}/edit",
                     post_url=f"/articles/{gone.id}/delete")
    assert deleted.status_code == 302
    session.expire_all()
    assert session.get(Article, kept.id) is not None and session.get(Article, gone.id) is None
    assert session.scalar(select(func.count(DeskEvent.id)).where(
        DeskEvent.kind == "article.deleted")) == 1


# --- the database's own guarantee, and the command line ---------------------------------------


def test_the_database_refuses_a_second_article_with_the_same_keys(
    session: Session, desk: DeskFactory
) -> None:
    desk.article(url="https://news.example/a", body="One text.", force=False)
    session.flush()
    copy = Article(outlet="x", title="x", body="Other.", url_key=url_key("https://news.example/a"))
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(copy)
        session.flush()


def test_flask_articles_fetch_saves_the_article_and_prints_its_desk_url(
    site: LocalServer, runner, session: Session  # type: ignore[no-untyped-def]
) -> None:
    result = runner.invoke(args=["articles", "fetch", f"{site.base}{INTERVIEW}"])
    assert result.exit_code == 0, result.output
    article = session.scalars(select(Article)).one()
    assert result.output == f"https://desk.test/articles/{article.id}\n"
    assert article.suggestions and article.snapshot is not None and article.inbox is None
    assert "About us" not in article.body  # the page's footer is not the article

    again = runner.invoke(args=["articles", "fetch", f"{site.base}{INTERVIEW}?utm_medium=x"])
    assert again.exit_code == 1
    assert f"https://desk.test/articles/{article.id}" in again.output
    failed = runner.invoke(args=["articles", "fetch", f"{site.base}/missing"])
    assert failed.exit_code == 1 and "answered 404" in failed.output
    assert session.scalar(select(func.count(Snapshot.id))) == 1


def test_a_forced_copy_gives_up_only_the_keys_another_article_holds(session: Session) -> None:
    first = ArticleDetails(outlet="x", title="x", body="Text.", url="https://a.test/")
    add_article(session, None, first)
    same_text = ArticleDetails(outlet="x", title="x", body="TEXT.", url="https://b.test/",
                               force=True)
    copy = add_article(session, None, same_text)
    assert copy.text_key is None and copy.url_key == url_key("https://b.test/")
    # … so it still stops a later copy of itself.
    again = ArticleDetails(outlet="x", title="x", body="Other.", url="https://b.test/?utm_id=1")
    with pytest.raises(DuplicateArticle) as refused:
        add_article(session, None, again)
    assert refused.value.existing is copy
