"""Subscribed ClaimReview feeds and single imports from a URL, against a local fact-checker's
site, through the real queue, on both databases.

What is asserted is what an editor sees on ``/admin/factchecks`` (the counts line, the skipped
items' reasons, the error in words, "waiting for the worker") and the fact-checks stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from factcheck.factchecks.feeds import GIVE_UP_WAITING, add_feed
from factcheck.factchecks.jobs import schedule_due_feeds
from factcheck.jobs.queue import DeskQueue
from factcheck.models import (
    DeskEvent,
    FactCheck,
    FactCheckFeed,
    FactCheckImport,
    Job,
    JobState,
    utcnow,
)
from factcheck.workflow import Role
from tests.conftest import DeskFactory, csrf_token
from tests.http_server import Handler, LocalServer, serve
from tests.jobs_helpers import (  # noqa: F401  (fixture)
    STORAGES,
    point_queue_at,
    sqlite_jobs_fixture,
    work,
)

PAGE = "/admin/factchecks"


def review(n: int, rating: str = "False", **extra: Any) -> dict[str, Any]:
    """A ClaimReview as a fact-checker's feed carries it."""
    body: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": f"https://checker.example/reviews/{n}",
        "claimReviewed": f"Claim {n}: 1,500 wagons were detained at the border",
        "author": {"@type": "Organization", "name": "Example Check"},
        "datePublished": "2026-03-01",
        "reviewRating": {"@type": "Rating", "alternateName": rating},
    }
    body.update(extra)
    return body


def datafeed(*items: dict[str, Any], next_page: str | None = None) -> bytes:
    """A schema.org DataFeed, items wrapped as ``DataFeedItem`` as Google's format has them."""
    feed: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "DataFeed",
        "dataFeedElement": [{"@type": "DataFeedItem", "item": item} for item in items],
    }
    if next_page:
        feed["nextPage"] = next_page
    return json.dumps(feed).encode()


class CheckerSite:
    """A fact-checker's site whose feed the test changes between refreshes."""

    def __init__(self) -> None:
        self.server = LocalServer()
        self.feed = datafeed(review(1), review(2), review(3, url="not a link"))
        json_type = "application/json"
        route = self.server.route
        route("/feed.json")(lambda h: h.send_bytes(200, self.feed, json_type))
        route("/other.json")(lambda h: h.send_bytes(200, datafeed(review(7)), json_type))
        route("/down.json")(lambda h: h.send_bytes(500, b"<h1>Down</h1>", "text/html"))
        route("/garbage.txt")(lambda h: h.send_bytes(200, b"no json here {", "text/plain"))
        route("/page1.json")(lambda h: h.send_bytes(
            200, datafeed(review(8), next_page=f"{self.base}/page2.json"), json_type))

        route("/to-file.json")(lambda h: h.send_bytes(
            200, datafeed(review(9), next_page="file:///etc/passwd"), json_type))
        route("/loop.json")(lambda h: h.send_bytes(
            200, datafeed(review(10), next_page=f"{self.base}/loop.json"), json_type))
        route("/many.json")(lambda h: h.send_bytes(
            200, datafeed(*(review(n, url=f"bad {n}") for n in range(60))), json_type))

        @route("/page2.json")
        def broken_second_page(h: Handler) -> None:
            h.send_bytes(503, b"busy", "text/plain")

    @property
    def base(self) -> str:
        return self.server.base

    def requests_for(self, path: str) -> int:
        return self.server.paths.count(path)


@pytest.fixture
def checker_site(app: Flask) -> Iterator[CheckerSite]:
    """The site on a free local port; the desk may fetch from this machine here."""
    app.config["FETCH_ALLOW_PRIVATE"] = True
    site = CheckerSite()
    with serve(site.server):
        yield site


def page_text(client: FlaskClient) -> str:
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def feed_row(session: Session, name: str) -> FactCheckFeed:
    session.expire_all()
    return session.scalars(select(FactCheckFeed).where(FactCheckFeed.name == name)).one()


def stored(session: Session) -> dict[str, FactCheck]:
    session.expire_all()
    return {f.url: f for f in session.scalars(select(FactCheck))}


def test_an_editor_subscribes_the_job_imports_and_a_second_refresh_updates(
    checker_site: CheckerSite, jobs: DeskQueue, desk: DeskFactory, as_user, submit,  # type: ignore[no-untyped-def]
    session: Session,
) -> None:
    editor = as_user(desk.user(Role.EDITOR))
    url = f"{checker_site.base}/feed.json"
    added = submit(editor, PAGE, {"feed_url": url, "name": "Example Check"})
    assert added.status_code == 302
    text = editor.get(PAGE, follow_redirects=False).get_data(as_text=True)
    assert "Subscribed to Example Check" in text and url in text and "never" in text
    assert checker_site.requests_for("/feed.json") == 0  # nothing fetched in the request

    assert schedule_due_feeds() == 1
    assert schedule_due_feeds() == 0  # not queued twice before it has run
    assert "waiting for the worker" in page_text(editor)
    work(jobs)
    text = page_text(editor)
    assert "imported 2, updated 0, skipped 1" in text
    assert "skipped feed element 3 (not a link): it has no http(s) url" in text
    rows = stored(session)
    assert sorted(rows) == ["https://checker.example/reviews/1", "https://checker.example/reviews/2"]
    assert {row.imported_from for row in rows.values()} == {url}
    feed = feed_row(session, "Example Check")
    assert feed.last_refreshed_at is not None and not feed.last_failed
    assert feed.next_refresh_at - feed.last_refreshed_at == timedelta(minutes=60)
    assert schedule_due_feeds() == 0  # refreshed: not due for an hour

    # The fact-checker changes a rating and fixes the bad item; "Refresh now" queues a job.
    checker_site.feed = datafeed(review(1, rating="Mostly false"), review(2), review(3))
    refreshed = submit(editor, PAGE, {}, post_url=f"{PAGE}/feeds/{feed.id}/refresh")
    assert refreshed.status_code == 302
    assert checker_site.requests_for("/feed.json") == 1  # still only the first read
    assert "waiting for the worker" in page_text(editor)
    again = submit(editor, PAGE, {}, post_url=f"{PAGE}/feeds/{feed.id}/refresh")
    assert "already waiting" in editor.get(again.location).get_data(as_text=True)
    work(jobs)
    assert checker_site.requests_for("/feed.json") == 2  # asked twice, read once
    assert "imported 1, updated 2, skipped 0" in page_text(editor)
    rows = stored(session)
    assert len(rows) == 3
    assert rows["https://checker.example/reviews/1"].rating_text == "Mostly false"
    states = session.scalars(select(Job.state).where(Job.name.like("factchecks.%"))).all()
    assert states and set(states) == {JobState.DONE}
    kinds = session.scalars(select(DeskEvent.kind).where(DeskEvent.kind.like("factcheck%")))
    assert list(kinds) == ["factcheck_feed.added"]


def test_a_broken_feed_records_its_error_and_the_others_still_import(
    checker_site: CheckerSite, jobs: DeskQueue, desk: DeskFactory, as_user, submit,  # type: ignore[no-untyped-def]
    session: Session,
) -> None:
    editor = as_user(desk.user(Role.EDITOR))
    for path, name in [("/down.json", "Down"), ("/garbage.txt", "Garbage"),
                       ("/page1.json", "Half"), ("/other.json", "Other")]:
        assert submit(editor, PAGE, {"feed_url": checker_site.base + path, "name": name}
                      ).status_code == 302
    assert schedule_due_feeds() == 4
    work(jobs)
    text = page_text(editor)
    assert "Could not read it: the server answered 500" in text
    assert "Could not read it: the source is neither JSON nor HTML" in text
    assert "Could not read it: the server answered 503" in text  # the second page failed …
    assert set(stored(session)) == {"https://checker.example/reviews/7"}  # … so none of it kept
    assert feed_row(session, "Other").last_result == "imported 1, updated 0, skipped 0"
    assert feed_row(session, "Down").last_failed
    # A failing feed is recorded, not raised: its job is done, no retry storm.
    states = session.scalars(select(Job.state).where(Job.name == "factchecks.refresh_feed"))
    assert set(states) == {JobState.DONE}


def test_a_feed_on_a_private_address_is_refused_by_the_fetching_module(
    checker_site: CheckerSite, jobs: DeskQueue, desk: DeskFactory, as_user, submit,  # type: ignore[no-untyped-def]
    session: Session, app: Flask,
) -> None:
    app.config["FETCH_ALLOW_PRIVATE"] = False
    editor = as_user(desk.user(Role.EDITOR))
    submit(editor, PAGE, {"feed_url": f"{checker_site.base}/feed.json", "name": "Local"})
    schedule_due_feeds()
    work(jobs)
    assert "only fetches from public internet addresses" in page_text(editor)
    assert checker_site.requests_for("/feed.json") == 0 and not stored(session)


def test_a_single_import_from_a_url_runs_as_a_job(
    checker_site: CheckerSite, jobs: DeskQueue, desk: DeskFactory, as_user, submit,  # type: ignore[no-untyped-def]
    session: Session,
) -> None:
    editor = as_user(desk.user(Role.EDITOR))
    url = f"{checker_site.base}/other.json"
    queued = submit(editor, PAGE, {"source_url": url}, post_url=f"{PAGE}/import")
    assert queued.status_code == 302
    assert checker_site.requests_for("/other.json") == 0
    text = page_text(editor)
    assert url in text and "waiting for the worker" in text
    work(jobs)
    assert "imported 1, updated 0, skipped 0" in page_text(editor)
    assert set(stored(session)) == {"https://checker.example/reviews/7"}
    assert session.scalar(select(func.count(FactCheckFeed.id))) == 0  # not subscribed
    row = session.scalars(select(FactCheckImport)).one()
    assert row.finished_at is not None and not row.failed

    submit(editor, PAGE, {"source_url": f"{checker_site.base}/down.json"},
           post_url=f"{PAGE}/import")
    work(jobs)
    assert "Could not read it: the server answered 500" in page_text(editor)


def test_pausing_resuming_and_removing_a_feed(
    checker_site: CheckerSite, jobs: DeskQueue, desk: DeskFactory, as_user, submit,  # type: ignore[no-untyped-def]
    session: Session, app: Flask,
) -> None:
    app.config["FEED_REFRESH_MINUTES"] = 5
    editor = as_user(desk.user(Role.EDITOR))
    submit(editor, PAGE, {"feed_url": f"{checker_site.base}/other.json"})
    feed = feed_row(session, "127.0.0.1")  # no name given: the host
    assert submit(editor, PAGE, {}, post_url=f"{PAGE}/feeds/{feed.id}/pause").status_code == 302
    assert "paused" in page_text(editor) and schedule_due_feeds() == 0
    submit(editor, PAGE, {}, post_url=f"{PAGE}/feeds/{feed.id}/resume")
    assert schedule_due_feeds() == 1
    work(jobs)
    feed = feed_row(session, "127.0.0.1")
    assert feed.last_refreshed_at is not None
    assert feed.next_refresh_at - feed.last_refreshed_at == timedelta(minutes=5)
    session.execute(update(FactCheckFeed).values(next_refresh_at=utcnow() - timedelta(1)))
    session.commit()
    assert schedule_due_feeds() == 1  # due again after its interval

    removed = submit(editor, PAGE, {}, post_url=f"{PAGE}/feeds/{feed.id}/remove")
    assert "The fact-checks already imported from it stay" in editor.get(
        removed.location).get_data(as_text=True)
    work(jobs)  # the refresh queued before the removal finds no feed and does nothing
    assert session.scalar(select(func.count(FactCheckFeed.id))) == 0
    assert set(stored(session)) == {"https://checker.example/reviews/7"}
    kinds = session.scalars(select(DeskEvent.kind).where(DeskEvent.kind.like("factcheck_feed%"))
                            .order_by(DeskEvent.id)).all()
    assert kinds == ["factcheck_feed.added", "factcheck_feed.paused", "factcheck_feed.enabled",
                     "factcheck_feed.removed"]


def test_checkers_and_strangers_are_refused_and_nothing_changes(
    desk: DeskFactory, as_user, submit, client: FlaskClient, session: Session,  # type: ignore[no-untyped-def]
) -> None:
    editor = desk.user(Role.EDITOR)
    admin = as_user(desk.user(Role.ADMIN))
    assert submit(admin, PAGE, {"feed_url": "https://checker.example/feed.json",
                                "name": "Example"}).status_code == 302
    assert "Fact-check imports" in page_text(admin)  # in the admin menu
    feed = feed_row(session, "Example")
    assert f'href="{PAGE}"' in as_user(editor).get("/desk").get_data(as_text=True)  # main menu

    checker = as_user(desk.user(Role.CHECKER))
    assert checker.get(PAGE).status_code == 403
    assert f'href="{PAGE}"' not in checker.get("/desk").get_data(as_text=True)
    token = csrf_token(checker, "/desk")
    for path, data in [
        (PAGE, {"feed_url": "https://other.example/feed.json"}),
        (f"{PAGE}/import", {"source_url": "https://other.example/feed.json"}),
        (f"{PAGE}/feeds/{feed.id}/refresh", {}),
        (f"{PAGE}/feeds/{feed.id}/pause", {}),
        (f"{PAGE}/feeds/{feed.id}/remove", {}),
    ]:
        response = submit(checker, "/desk", {**data, "csrf_token": token}, post_url=path)
        assert response.status_code == 403, path
        assert "This page is for editors." in response.get_data(as_text=True)
        assert client.post(path, data=data).status_code in (302, 400)  # anonymous: no way in
    assert client.get(PAGE).status_code == 302  # to the login page
    session.expire_all()
    assert session.scalar(select(func.count(FactCheckFeed.id))) == 1
    assert session.scalar(select(func.count(FactCheckImport.id))) == 0
    assert session.scalar(select(func.count(Job.id))) == 0
    assert feed.enabled and feed.refresh_queued_at is None


@pytest.mark.parametrize(
    ("typed", "words", "status"),
    [
        ("ftp://checker.example/feed.json", "starting with http:// or https://", 422),
        ("javascript:alert(1)", "starting with http:// or https://", 422),
        ("checker.example/feed.json", "starting with http:// or https://", 422),
        ("http://", "starting with http:// or https://", 422),
        ("", "Give the feed&#39;s address.", 422),
        ("https://checker.example/a\x00b", "please remove it", 422),
        ("https://checker.example/" + "a" * 2100, "at most 2,000", 422),
        ("HTTPS://Checker.Example/feed.json?utm_source=x#top", "already subscribes to this feed "
         "as “Example Check”", 409),
    ],
)
def test_a_bad_feed_url_is_refused_in_words_and_the_form_keeps_what_was_typed(
    desk: DeskFactory, as_user, submit, session: Session, typed: str, words: str, status: int,  # type: ignore[no-untyped-def]
) -> None:
    editor = as_user(desk.user(Role.EDITOR))
    submit(editor, PAGE, {"feed_url": "https://checker.example/feed.json",
                          "name": "Example Check"})
    response = submit(editor, PAGE, {"feed_url": typed, "name": "<b>Typed name</b>"})
    text = response.get_data(as_text=True)
    assert response.status_code == status and words in text
    assert "&lt;b&gt;Typed name&lt;/b&gt;" in text  # kept, and escaped
    if "\x00" not in typed and len(typed) < 300:
        assert f'value="{typed.replace("&", "&amp;")}"' in text
    if status == 409:
        assert "Already subscribed:" in text
    assert session.scalar(select(func.count(FactCheckFeed.id))) == 1
    assert session.scalar(select(func.count(Job.id))) == 0


def test_a_bad_import_url_is_refused_in_words_and_kept(
    desk: DeskFactory, as_user, submit, session: Session,  # type: ignore[no-untyped-def]
) -> None:
    editor = as_user(desk.user(Role.EDITOR))
    response = submit(editor, PAGE, {"source_url": "file:///etc/passwd"},
                      post_url=f"{PAGE}/import")
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "starting with http:// or https://" in text
    assert 'value="file:///etc/passwd"' in text
    forged = editor.post(f"{PAGE}/import", data={"source_url": "https://checker.example/"},
                         headers={"Referer": "https://desk.test/admin/factchecks"})
    assert forged.status_code == 400  # no CSRF token
    assert session.scalar(select(func.count(FactCheckImport.id))) == 0


@pytest.mark.parametrize("storage", STORAGES)
def test_the_worker_scheduler_refreshes_due_feeds_on_either_queue_storage(
    checker_site: CheckerSite, desk: DeskFactory, session: Session, app: Flask,
    tmp_path: Path, storage: str,
) -> None:
    add_feed(session, desk.user(Role.EDITOR), f"{checker_site.base}/other.json", "Other")
    session.commit()
    for queue in point_queue_at(storage, tmp_path, app):
        now = datetime.now(UTC).replace(tzinfo=None, second=0, microsecond=0)
        periodic = {task.name: task for task in queue.read_periodic(now)}
        queue.execute(periodic["refresh_due_factcheck_feeds"])  # what Huey's scheduler runs
        work(queue)
    assert feed_row(session, "Other").last_result == "imported 1, updated 0, skipped 0"


def test_hostile_feeds_next_page_elsewhere_a_loop_and_many_bad_items(
    checker_site: CheckerSite, jobs: DeskQueue, desk: DeskFactory, session: Session,
) -> None:
    editor = desk.user(Role.EDITOR)
    for path in ("/to-file.json", "/loop.json", "/many.json"):
        add_feed(session, editor, checker_site.base + path, path)
    session.commit()
    schedule_due_feeds()
    work(jobs)
    to_file = feed_row(session, "/to-file.json")
    assert to_file.last_failed and "only http and https links" in (to_file.last_result or "")
    assert "https://checker.example/reviews/9" not in stored(session)  # nothing half-stored
    assert feed_row(session, "/loop.json").last_result == "imported 1, updated 0, skipped 0"
    assert checker_site.requests_for("/loop.json") == 1  # a page is read once
    many = feed_row(session, "/many.json")
    assert many.last_result == "imported 0, updated 0, skipped 60"
    assert len(many.last_skipped) == 51 and many.last_skipped[-1] == "… and 10 more"
    assert many.last_skipped[0] == (
        "skipped feed element 1 (bad 0): it has no http(s) url, which identifies a fact-check")


def test_a_refresh_whose_job_was_lost_does_not_block_the_feed_for_ever(
    jobs: DeskQueue, desk: DeskFactory, session: Session,
) -> None:
    feed = add_feed(session, desk.user(Role.EDITOR), "https://checker.example/feed.json", "Lost")
    session.commit()
    assert schedule_due_feeds() == 1
    session.execute(update(Job).values(state=JobState.FAILED))  # its retries ran out
    session.execute(update(FactCheckFeed).values(
        refresh_queued_at=utcnow() - GIVE_UP_WAITING + timedelta(minutes=1)))
    session.commit()
    assert schedule_due_feeds() == 0  # still believed to be waiting
    session.execute(update(FactCheckFeed).values(
        refresh_queued_at=utcnow() - GIVE_UP_WAITING - timedelta(minutes=1)))
    session.commit()
    assert schedule_due_feeds() == 1  # given up on: queued again
    assert feed_row(session, "Lost").id == feed.id
    assert session.scalar(select(func.count(Job.id)).where(
        Job.name == "factchecks.refresh_feed")) == 2
