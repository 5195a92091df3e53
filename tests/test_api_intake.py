"""Intake through the JSON API, against the local news site: an article fetched from its URL
by the real queue (a draft to follow, then saved with its suggestions), duplicates refused with
a link to the article the desk has, a page that cannot be fetched; outlets listed, added and
polled now; the inbox. Both databases."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.jobs.queue import DeskQueue
from factcheck.models import Article, DeskEvent, Outlet, TokenScope
from factcheck.operations.outlets import INBOX_NEW
from factcheck.workflow import Role
from tests.api_helpers import ApiClient, make_token
from tests.conftest import DeskFactory
from tests.http_server import LocalServer
from tests.intake_site import SEEDS, seed_title, site_fixture  # noqa: F401  (fixture)
from tests.jobs_helpers import sqlite_jobs_fixture, work  # noqa: F401  (fixture)

RESCUE = SEEDS["belta-rescue-operation"][0]




@pytest.fixture
def api(app: Flask, session: Session):  # type: ignore[no-untyped-def]
    def make(user, scope: str = TokenScope.READ_WRITE) -> ApiClient:  # type: ignore[no-untyped-def]
        return ApiClient(app, make_token(session, user, scope))

    return make


def _fetched(editor: ApiClient, jobs: DeskQueue, url: str, **extra: object) -> dict:  # type: ignore[type-arg]
    """Ask for ``url``, let the worker fetch it, and read the draft back."""
    asked = editor.post("/api/v1/articles/fetch", json={"url": url, **extra})
    assert asked.status_code == 202, asked.get_json()
    assert asked.get_json()["state"] == "fetching"
    work(jobs)
    draft = editor.get(asked.headers["Location"])
    assert draft.status_code == 200, draft.get_json()
    return draft.get_json()  # type: ignore[no-any-return]


def test_an_article_from_a_url_is_fetched_by_a_job_then_saved_with_its_suggestions(
    site: LocalServer, jobs: DeskQueue, desk: DeskFactory, api, session: Session  # type: ignore[no-untyped-def]
) -> None:
    editor = api(desk.editor())
    draft = _fetched(editor, jobs, f"{site.base}{RESCUE}")
    assert draft["state"] == "ready" and draft["error"] is None
    assert draft["title"] == seed_title("belta-rescue-operation")
    assert draft["author"] == "Ivan Petrov" and draft["published_on"] == "2022-03-15"
    assert draft["snapshot"]["content_type"].startswith("text/html")
    assert len(draft["snapshot"]["sha256"]) == 64
    assert "Lukashenko" in draft["body"]

    saved = editor.post(f"/api/v1/articles/drafts/{draft['id']}/save",
                        json={"title": "Rescue operation (corrected)"})
    assert saved.status_code == 201, saved.get_json()
    article = saved.get_json()
    assert saved.headers["Location"].endswith(f"/api/v1/articles/{article['id']}")
    assert article["title"] == "Rescue operation (corrected)"
    assert article["body"] == draft["body"] and article["suggestions"]
    assert article["suggestions_pending"] is False
    again = editor.get(f"/api/v1/articles/drafts/{draft['id']}").get_json()
    assert again["state"] == "saved" and again["article_id"] == article["id"]
    twice = editor.post(f"/api/v1/articles/drafts/{draft['id']}/save", json={})
    assert twice.status_code == 409 and "already been saved" in twice.get_json()["detail"]
    assert session.scalar(select(func.count(Article.id))) == 1


def test_a_url_the_desk_has_is_refused_with_a_link_unless_forced(
    site: LocalServer, jobs: DeskQueue, desk: DeskFactory, api, session: Session  # type: ignore[no-untyped-def]
) -> None:
    editor = api(desk.editor())
    first = _fetched(editor, jobs, f"{site.base}{RESCUE}")
    article_id = editor.post(f"/api/v1/articles/drafts/{first['id']}/save",
                             json={}).get_json()["id"]

    refused = editor.post("/api/v1/articles/fetch", json={"url": f"{site.base}{RESCUE}"})
    assert refused.status_code == 409
    assert refused.content_type == "application/problem+json"
    problem = refused.get_json()
    assert "already has this article" in problem["detail"]
    assert problem["existing"] == {
        "kind": "article", "id": article_id, "url": f"/api/v1/articles/{article_id}",
        "desk_url": f"/articles/{article_id}",
    }
    # The same text at another address is found once fetched, when it is saved.
    syndicated = _fetched(editor, jobs, f"{site.base}{RESCUE}-syndicated")
    same_text = editor.post(f"/api/v1/articles/drafts/{syndicated['id']}/save", json={})
    assert same_text.status_code == 409
    assert same_text.get_json()["existing"]["id"] == article_id
    forced = editor.post(f"/api/v1/articles/drafts/{syndicated['id']}/save",
                         json={"force": True})
    assert forced.status_code == 201, forced.get_json()
    assert session.scalar(select(func.count(Article.id))) == 2


def test_a_page_that_cannot_be_fetched_is_a_failed_draft_in_words(
    site: LocalServer, jobs: DeskQueue, desk: DeskFactory, api  # type: ignore[no-untyped-def]
) -> None:
    editor = api(desk.editor())
    gone = _fetched(editor, jobs, f"{site.base}/missing")
    assert gone["state"] == "failed" and "answered 404" in gone["error"]
    private = _fetched(editor, jobs, f"{site.base}/to-private")
    assert private["state"] == "failed" and "127.0.0.2" in private["error"]
    refused = editor.post(f"/api/v1/articles/drafts/{gone['id']}/save", json={})
    assert refused.status_code == 409
    assert "could not be fetched" in refused.get_json()["detail"]


def test_fetching_is_for_editors_with_a_read_write_token_and_a_web_address(
    site: LocalServer, jobs: DeskQueue, desk: DeskFactory, api, session: Session  # type: ignore[no-untyped-def]
) -> None:
    url = f"{site.base}{RESCUE}"
    checker = api(desk.user(Role.CHECKER)).post("/api/v1/articles/fetch", json={"url": url})
    assert checker.status_code == 403 and "add articles" in checker.get_json()["detail"]
    reader = api(desk.editor(), TokenScope.READ).post("/api/v1/articles/fetch", json={"url": url})
    assert reader.status_code == 403 and "scope is read" in reader.get_json()["detail"]
    editor = api(desk.editor())
    for bad in ("ftp://example.org/a", "not a url", ""):
        refused = editor.post("/api/v1/articles/fetch", json={"url": bad})
        assert refused.status_code == 422, (bad, refused.get_json())
        assert refused.get_json()["errors"]["url"]
    unknown = editor.post("/api/v1/articles/fetch", json={"url": url, "save": True})
    assert unknown.status_code == 422 and "save" in unknown.get_json()["errors"]
    assert work(jobs) == 0 and session.scalar(select(func.count(Article.id))) == 0
    missing = editor.get("/api/v1/articles/drafts/999999")
    assert missing.status_code == 404


def test_outlets_are_added_listed_and_polled_now(
    site: LocalServer, desk: DeskFactory, api, session: Session  # type: ignore[no-untyped-def]
) -> None:
    editor = api(desk.editor())
    added = editor.post("/api/v1/outlets",
                        json={"feed_url": f"{site.base}/feed.rss", "name": "Minsk"})
    assert added.status_code == 201, added.get_json()
    assert added.get_json()["name"] == "Minsk" and added.get_json()["last_success_at"] is None
    assert editor.post("/api/v1/outlets", json={"feed_url": f"{site.base}/error.rss",
                                                "name": "Down"}).status_code == 201
    again = editor.post("/api/v1/outlets", json={"feed_url": f"{site.base.upper()}/feed.rss#x"})
    assert again.status_code == 409 and "already monitors" in again.get_json()["detail"]
    assert again.get_json()["existing"]["id"] == added.get_json()["id"]
    for bad in ("ftp://example.org/feed", "feed.rss"):
        refused = editor.post("/api/v1/outlets", json={"feed_url": bad})
        assert refused.status_code == 422 and refused.get_json()["errors"]["feed_url"]
    bad_interval = editor.post("/api/v1/outlets", json={"feed_url": f"{site.base}/feed.atom",
                                                        "interval_minutes": 0})
    assert bad_interval.status_code == 422
    assert bad_interval.get_json()["errors"]["interval_minutes"]

    polled = editor.post("/api/v1/outlets/poll")
    assert polled.status_code == 200, polled.get_json()
    assert polled.get_json() == {"new": 2, "unchanged": 0, "failed": 1}
    assert editor.post("/api/v1/outlets/poll", json={}).get_json() == {
        "new": 0, "unchanged": 0, "failed": 0}

    listed = {o["name"]: o for o in editor.get("/api/v1/outlets").get_json()["items"]}
    assert list(listed) == ["Down", "Minsk"]
    assert listed["Minsk"]["last_success_at"] and listed["Minsk"]["last_error"] is None
    assert listed["Down"]["last_success_at"] is None
    assert "500" in listed["Down"]["last_error"] and listed["Down"]["failures"] == 1
    assert session.scalar(select(func.count(DeskEvent.id)).where(
        DeskEvent.kind == "outlet.added")) == 2

    inbox = editor.get("/api/v1/inbox?limit=1")
    assert inbox.status_code == 200 and inbox.get_json()["total"] == 2
    (first,) = inbox.get_json()["items"]
    assert first["outlet"] == "Minsk" and first["best_score"] is not None
    rest = editor.get("/api/v1/inbox?limit=1&offset=1").get_json()["items"]
    assert rest[0]["best_score"] <= first["best_score"] and rest[0]["id"] != first["id"]
    assert {a.inbox for a in session.scalars(select(Article))} == {INBOX_NEW}
    assert {a.title for a in session.scalars(select(Article))} == {
        seed_title(name) for name in SEEDS}


def test_outlets_are_changed_by_editors_with_read_write_tokens_only(
    site: LocalServer, desk: DeskFactory, api, session: Session  # type: ignore[no-untyped-def]
) -> None:
    feed = {"feed_url": f"{site.base}/feed.rss"}
    checker = api(desk.user(Role.CHECKER))
    assert checker.post("/api/v1/outlets", json=feed).status_code == 403
    assert checker.post("/api/v1/outlets/poll").status_code == 403
    assert checker.get("/api/v1/outlets").status_code == 200
    reader = api(desk.editor(), TokenScope.READ)
    assert reader.post("/api/v1/outlets", json=feed).status_code == 403
    assert reader.post("/api/v1/outlets/poll").status_code == 403
    assert ApiClient(reader.client.application, None).get("/api/v1/outlets").status_code == 401
    assert session.scalar(select(func.count(Outlet.id))) == 0
