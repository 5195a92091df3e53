"""Monitored outlets against a local news site: RSS and Atom feeds polled through the real
queue (SQLite file storage and Redis), conditional GETs, failures recorded and retried, never a
duplicate article; the inbox; ``flask outlets add|poll``. Both databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import delete, event, func, select, update
from sqlalchemy.orm import Session

from factcheck.extensions import db
from factcheck.intake.jobs import schedule_due_outlets
from factcheck.intake.polling import MAX_ITEM_ATTEMPTS, fetch_item, fetch_items, poll_outlet
from factcheck.jobs.queue import DeskQueue
from factcheck.models import (
    Article,
    DeskEvent,
    ItemState,
    Job,
    JobState,
    Outlet,
    OutletItem,
    utcnow,
)
from factcheck.operations.articles import ArticleDetails, add_article
from factcheck.operations.outlets import INBOX_DISMISSED, INBOX_NEW, add_outlet
from factcheck.workflow import Role
from tests.conftest import DeskFactory
from tests.http_server import LocalServer
from tests.intake_site import FEED_ETAG, SEEDS, site_fixture  # noqa: F401  (fixture)
from tests.jobs_helpers import STORAGES, point_queue_at, work


@pytest.fixture(params=STORAGES)
def jobs(request: pytest.FixtureRequest, app: Flask, tmp_path: Path) -> Iterator[DeskQueue]:
    yield from point_queue_at(request.param, tmp_path, app)


def _make_due(session: Session) -> None:
    session.execute(update(Outlet).values(next_poll_at=utcnow() - timedelta(seconds=1)))
    session.commit()


def _inbox(session: Session) -> list[Article]:
    session.expire_all()
    return list(session.scalars(select(Article).where(Article.inbox == INBOX_NEW)))


def test_the_scheduler_polls_due_outlets_and_their_articles_arrive_with_suggestions(
    site: LocalServer, jobs: DeskQueue, session: Session
) -> None:
    add_outlet(session, None, f"{site.base}/feed.rss", "Minsk Daily (RSS)")
    session.commit()
    assert schedule_due_outlets() == 1
    assert schedule_due_outlets() == 0  # not queued twice before it has run
    work(jobs)
    inbox = _inbox(session)
    assert sorted(a.url for a in inbox) == sorted(f"{site.base}{p}" for p, _, _ in SEEDS.values())
    for article in inbox:
        assert article.outlet == "Minsk Daily (RSS)" and article.suggestions
        assert article.best_score == max(s["score"] for s in article.suggestions)
        assert article.snapshot is not None and article.fetched_at is not None
    outlet = session.scalars(select(Outlet)).one()
    assert outlet.last_success_at is not None and outlet.last_error is None
    assert outlet.etag == FEED_ETAG and outlet.next_poll_at > utcnow() + timedelta(minutes=14)
    done = session.scalars(select(Job.state).where(Job.name.like("intake.%"))).all()
    assert done and set(done) == {JobState.DONE}

    # Due again: a conditional GET, a 304, nothing new.
    _make_due(session)
    schedule_due_outlets()
    work(jobs)
    feed_requests = [h for _, p, h, _ in site.seen if p == "/feed.rss"]
    assert feed_requests[-1].get("if-none-match") == FEED_ETAG
    assert len(_inbox(session)) == 2


def test_an_rss_and_an_atom_feed_of_the_same_articles_make_no_duplicate(
    site: LocalServer, jobs: DeskQueue, session: Session
) -> None:
    add_outlet(session, None, f"{site.base}/feed.rss", "RSS")
    add_outlet(session, None, f"{site.base}/feed.atom", "Atom")
    session.commit()
    schedule_due_outlets()
    work(jobs)
    session.expire_all()
    assert session.scalar(select(func.count(Article.id))) == 2
    states = session.execute(
        select(Outlet.name, OutletItem.state).join(Outlet).order_by(Outlet.name)
    ).all()
    assert len(states) == 4
    assert sorted(state for _, state in states) == [
        ItemState.DUPLICATE, ItemState.DUPLICATE, ItemState.SAVED, ItemState.SAVED
    ]
    # Polling the same items again (a retried job) changes nothing.
    for item_id in session.scalars(select(OutletItem.id)):
        fetch_item(session, item_id)
    session.commit()
    assert session.scalar(select(func.count(Article.id))) == 2


@pytest.mark.parametrize(
    ("path", "config", "words"),
    [
        ("/broken.rss", {}, "could not be read"),
        ("/not-a-feed", {}, "not an RSS or Atom feed"),
        ("/error.rss", {}, "answered 500"),
        ("/slow", {"FETCH_TIMEOUT": 1}, "within 1 seconds"),
        ("/missing", {}, "answered 404"),
    ],
)
def test_a_broken_feed_is_recorded_and_tried_again_later_never_a_crash(
    site: LocalServer, jobs: DeskQueue, session: Session, app: Flask, path: str,
    config: dict, words: str,
) -> None:
    app.config.update(config)
    outlet = add_outlet(session, None, f"{site.base}{path}", "Broken")
    session.commit()
    schedule_due_outlets()
    work(jobs)
    session.expire_all()
    outlet = session.get(Outlet, outlet.id)
    assert outlet is not None and words in (outlet.last_error or "")
    assert outlet.failures == 1 and outlet.last_success_at is None
    first_wait = outlet.next_poll_at - outlet.last_error_at
    assert timedelta(minutes=14) < first_wait <= timedelta(minutes=15)
    job = session.scalars(select(Job).where(Job.name == "intake.poll_outlet")).one()
    assert job.state == JobState.DONE  # recorded, not raised

    poll_outlet(session, outlet.id)  # fails again: waits twice as long
    session.commit()
    assert outlet.failures == 2
    assert outlet.next_poll_at - outlet.last_error_at > timedelta(minutes=29)

    site.routes[path] = site.routes["/feed.rss"]  # the outlet is fixed
    outcome = poll_outlet(session, outlet.id)
    session.commit()
    assert outcome.status == "new" and outlet.failures == 0 and outlet.last_success_at
    assert words in (outlet.last_error or "")  # the last error stays visible, with its time


def test_items_that_fail_are_recorded_and_retried_a_few_times(
    site: LocalServer, session: Session
) -> None:
    outlet = add_outlet(session, None, f"{site.base}/mixed.rss", "Mixed")
    session.commit()
    outcome = poll_outlet(session, outlet.id)
    states = [fetch_item(session, item_id) for item_id in outcome.item_ids]
    session.commit()
    assert sorted(states) == [ItemState.FAILED, ItemState.FAILED, ItemState.SAVED]
    errors = session.scalars(select(OutletItem.error).where(
        OutletItem.state == ItemState.FAILED)).all()
    assert any("answered 404" in e for e in errors) and any("answered 500" in e for e in errors)
    for _ in range(MAX_ITEM_ATTEMPTS):
        retried = poll_outlet(session, outlet.id)
        for item_id in retried.item_ids:
            fetch_item(session, item_id)
        session.commit()
    assert poll_outlet(session, outlet.id).item_ids == []  # given up after three tries
    attempts = session.scalars(select(OutletItem.attempts).where(
        OutletItem.state == ItemState.FAILED)).all()
    assert attempts == [MAX_ITEM_ATTEMPTS, MAX_ITEM_ATTEMPTS]
    assert session.scalar(select(func.count(Article.id))) == 1


def test_flask_outlets_add_and_poll(
    site: LocalServer, runner, session: Session  # type: ignore[no-untyped-def]
) -> None:
    added = runner.invoke(args=["outlets", "add", f"{site.base}/feed.rss", "--name", "Minsk"])
    assert added.exit_code == 0 and "Minsk" in added.output, added.output
    runner.invoke(args=["outlets", "add", f"{site.base}/error.rss", "--name", "Down"])
    again = runner.invoke(args=["outlets", "add", f"{site.base.upper()}/feed.rss#x"])
    assert again.exit_code == 1 and "already monitors" in again.output

    first = runner.invoke(args=["outlets", "poll"])
    assert first.exit_code == 0 and first.output == "new 2, unchanged 0, failed 1\n"
    assert len(_inbox(session)) == 2
    assert runner.invoke(args=["outlets", "poll"]).output == "new 0, unchanged 0, failed 0\n"
    _make_due(session)
    assert runner.invoke(args=["outlets", "poll"]).output == "new 0, unchanged 1, failed 1\n"
    assert session.scalar(select(func.count(DeskEvent.id)).where(
        DeskEvent.kind == "outlet.added")) == 2


def test_the_inbox_lists_the_strongest_suggestion_first_and_opens_or_dismisses(
    desk: DeskFactory, as_user, submit, session: Session  # type: ignore[no-untyped-def]
) -> None:
    weak = desk.article(body="The weather was pleasant in Minsk on Friday.", title="Weak")
    strong = desk.article(title="Strong")
    middle = desk.article(body="He said that 3 ministers resigned.", title="Middle")
    for article in (weak, strong, middle):
        article.inbox = INBOX_NEW
    weak.suggestions, middle.suggestions = [], [{"start": 0, "end": 5, "score": 0.5,
                                                 "reasons": []}]
    strong.suggestions = [{"start": 0, "end": 5, "score": 0.9, "reasons": []}]
    assert (strong.best_score, middle.best_score, weak.best_score) == (0.9, 0.5, None)
    editor = as_user(desk.user(Role.EDITOR))
    page = editor.get("/inbox/").get_data(as_text=True)
    assert page.index("Strong") < page.index("Middle") < page.index("Weak")
    assert "Strong" not in editor.get("/articles/").get_data(as_text=True)

    opened = submit(editor, "/inbox/", post_url=f"/inbox/{strong.id}/open")
    assert opened.headers["Location"].endswith(f"/articles/{strong.id}")
    assert "Strong" in editor.get("/articles/").get_data(as_text=True)
    dismissed = submit(editor, "/inbox/", post_url=f"/inbox/{weak.id}/dismiss")
    assert dismissed.status_code == 302
    session.expire_all()
    assert (strong.inbox, weak.inbox, middle.inbox) == (None, INBOX_DISMISSED, INBOX_NEW)

    another = desk.article(body="Officials said 40 trains were held.", title="Another")
    another.inbox = INBOX_NEW
    session.commit()
    bulk = submit(editor, "/inbox/", {"article_ids": [str(middle.id), str(another.id)]},
                  post_url="/inbox/dismiss")
    assert bulk.status_code == 302
    assert "The inbox is empty" in editor.get("/inbox/").get_data(as_text=True)

    checker = as_user(desk.user(Role.CHECKER))
    assert checker.get("/inbox/").status_code == 200
    assert submit(checker, "/inbox/", post_url=f"/inbox/{middle.id}/open").status_code == 403
    junk = submit(editor, "/inbox/", {"article_ids": "abc"}, post_url="/inbox/dismiss")
    assert junk.status_code == 422


def test_the_outlets_page_shows_last_success_and_last_error_and_adds_outlets(
    site: LocalServer, desk: DeskFactory, as_user, submit, session: Session  # type: ignore[no-untyped-def]
) -> None:
    good = add_outlet(session, None, f"{site.base}/feed.rss", "Good outlet")
    bad = add_outlet(session, None, f"{site.base}/error.rss", "Bad outlet")
    session.commit()
    poll_outlet(session, good.id)
    poll_outlet(session, bad.id)
    session.commit()
    editor = as_user(desk.user(Role.EDITOR))
    page = editor.get("/outlets/").get_data(as_text=True)
    assert "answered 500" in page and "Good outlet" in page and "never" in page

    data = {"feed_url": f"{site.base}/feed.atom", "name": "Atom", "interval_minutes": "30"}
    assert submit(editor, "/outlets/", data).status_code == 302
    assert session.scalar(select(Outlet.interval_minutes).where(Outlet.name == "Atom")) == 30
    refused = submit(editor, "/outlets/", {**data, "name": "Again"})
    assert refused.status_code == 409 and "already monitors" in refused.get_data(as_text=True)
    bad_interval = submit(editor, "/outlets/", {**data, "interval_minutes": "0"})
    assert bad_interval.status_code == 422

    settings = submit(editor, f"/outlets/{good.id}",
                      {"name": "Good", "interval_minutes": "60"})
    assert settings.status_code == 302
    session.expire_all()
    assert (good.name, good.interval_minutes, good.active) == ("Good", 60, False)
    checker = as_user(desk.user(Role.CHECKER))
    assert submit(checker, "/outlets/", {**data, "feed_url": f"{site.base}/x"}).status_code == 403


def test_flask_outlets_poll_counts_entries_that_failed(
    site: LocalServer, runner, session: Session  # type: ignore[no-untyped-def]
) -> None:
    runner.invoke(args=["outlets", "add", f"{site.base}/mixed.rss", "--name", "Mixed"])
    result = runner.invoke(args=["outlets", "poll"])
    assert result.exit_code == 0 and result.output == "new 1, unchanged 0, failed 2\n"


@pytest.fixture
def committed_elsewhere(_session_app: Flask) -> Iterator[list[int]]:
    """Ids of articles another connection commits; deleted once the test's transaction has
    been rolled back (set up before ``app``, so torn down after it: the test's rows lock them
    until then)."""
    ids: list[int] = []
    yield ids
    with _session_app.app_context(), Session(bind=db.engine) as other:
        for article_id in ids:
            other.execute(delete(DeskEvent).where(
                DeskEvent.kind == "article.added",
                DeskEvent.payload["article_id"].as_integer() == article_id))
            # its search for claims it repeats (appearances.find) was queued in that commit
            other.execute(delete(Job).where(Job.args["article_id"].as_integer() == article_id))
            other.execute(delete(Article).where(Article.id == article_id))
        other.commit()


@pytest.mark.postgresql
def test_an_article_another_worker_stored_meanwhile_makes_the_batch_store_item_by_item(
    committed_elsewhere: list[int], site: LocalServer, session: Session
) -> None:
    """A batch is stored in one savepoint; when another worker commits the same article
    between the duplicate check and the insert (the unique key refuses ours), the batch is
    rolled back and stored again item by item: that item is a duplicate, the rest are saved.
    PostgreSQL only: a second connection can commit while the test's transaction is open."""
    outlet = add_outlet(session, None, f"{site.base}/feed.rss", "Minsk")
    session.commit()
    item_ids = poll_outlet(session, outlet.id).item_ids
    session.commit()
    other = Session(bind=db.engine)
    stored: list[Article] = []

    def other_worker_first(flushing: Session, context: object, instances: object) -> None:
        pending = [o for o in flushing.new if isinstance(o, Article)]
        if pending and not stored:
            copy = pending[0]
            stored.append(add_article(other, None, ArticleDetails(
                outlet=copy.outlet, title=copy.title, body=copy.body, url=copy.url,
                canonical_url=copy.canonical_url)))
            other.commit()
            committed_elsewhere.append(stored[0].id)

    event.listen(session(), "before_flush", other_worker_first)
    try:
        states = fetch_items(session, item_ids)
        session.commit()
        assert states == [ItemState.DUPLICATE, ItemState.SAVED]
        duplicate = session.scalars(select(OutletItem).where(
            OutletItem.state == ItemState.DUPLICATE)).one()
        assert duplicate.article_id == stored[0].id and duplicate.attempts == 1
        assert session.scalar(select(func.count(Article.id))) == 2
    finally:
        event.remove(session(), "before_flush", other_worker_first)
        other.close()
