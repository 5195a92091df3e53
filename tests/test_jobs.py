"""Background jobs through the real queue, on SQLite file storage and on the local Redis, on
both databases: the outbox hands a job over only after commit, a lost hand-over is swept up,
a job sent twice runs once, failures are retried with back-off and shown to admins."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from huey.storage import PriorityRedisStorage, RedisStorage, SqliteStorage
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from factcheck.extensions import db
from factcheck.jobs.queue import REDIS_CONNECT_TIMEOUT, DeskQueue, queue, storage_for
from factcheck.jobs.runner import (
    PERSON_WAITING,
    RETRIES,
    enqueue_job,
    hand_to_queue,
    job,
    priority_of,
    registered,
    sweep_outbox,
)
from factcheck.models import Article, Job, JobState, utcnow
from factcheck.workflow import Role
from tests.conftest import DeskFactory
from tests.jobs_helpers import REDIS_URL, STORAGES, due_retries, point_queue_at, work

#: Failures still to come per article, for the flaky job below.
FAILURES: dict[int, int] = {}
#: The order in which the jobs below ran.
RAN: list[str] = []


@job("tests.mark_article")
def mark_article(article_id: int) -> None:
    """Append a mark to the article's title; fail while FAILURES says so."""
    if FAILURES.get(article_id, 0) > 0:
        FAILURES[article_id] -= 1
        raise RuntimeError(f"the source for article {article_id} did not answer")
    article = db.session.get(Article, article_id)
    assert article is not None
    article.title += " ✓"
    RAN.append(f"background {article_id}")


@job("tests.answer_editor", priority=PERSON_WAITING)
def answer_editor(article_id: int) -> None:
    """A job someone is waiting for (as a pasted page's fetch is)."""
    RAN.append(f"waited for {article_id}")


@pytest.fixture(params=STORAGES)
def jobs(request: pytest.FixtureRequest, app: Flask, tmp_path: Path) -> Iterator[DeskQueue]:
    """The real queue on SQLite file storage, then on the local Redis."""
    FAILURES.clear()
    RAN.clear()
    yield from point_queue_at(request.param, tmp_path, app)


def _title(session: Session, article: Article) -> str:
    session.expire_all()
    return session.get(Article, article.id).title  # type: ignore[union-attr]


#: An article with nothing to suggest, so adding it queues no job of its own (its suggestions
#: would queue the search for claims it repeats) and the queue holds only the tests' jobs.
PLAIN = "Read more"


def _job(session: Session, job_id: int) -> Job:
    session.expire_all()
    row = session.get(Job, job_id)
    assert row is not None
    return row


def test_a_committed_change_runs_its_job_through_the_queue(
    jobs: DeskQueue, session: Session, desk: DeskFactory
) -> None:
    article = desk.article(PLAIN, title="Wagons")
    row = enqueue_job(session, "tests.mark_article", article_id=article.id)
    assert jobs.pending_count() == 0  # not before the commit
    session.commit()
    assert jobs.pending_count() == 1
    assert work(jobs) == 1
    assert _title(session, article) == "Wagons ✓"
    done = _job(session, row.id)
    assert (done.state, done.attempts, done.last_error) == (JobState.DONE, 1, None)
    assert done.finished_at is not None


def test_a_rolled_back_change_sends_nothing(
    jobs: DeskQueue, session: Session, desk: DeskFactory
) -> None:
    article = desk.article(PLAIN)
    session.commit()
    enqueue_job(session, "tests.mark_article", article_id=article.id)
    session.rollback()
    assert jobs.pending_count() == 0
    assert session.scalar(select(func.count()).select_from(Job)) == 0
    assert sweep_outbox() == 0


def test_a_job_sent_twice_runs_once(jobs: DeskQueue, session: Session, desk: DeskFactory) -> None:
    article = desk.article(PLAIN, title="Wagons")
    row = enqueue_job(session, "tests.mark_article", article_id=article.id)
    session.commit()
    hand_to_queue(row.id, row.name)  # the sweep and the commit both sent it
    assert jobs.pending_count() == 2
    assert work(jobs) == 2
    assert _title(session, article) == "Wagons ✓"
    assert _job(session, row.id).attempts == 1


def test_a_job_someone_waits_for_runs_before_background_work_queued_earlier(
    jobs: DeskQueue, session: Session, desk: DeskFactory
) -> None:
    """Three feed-poll-like jobs are queued, then an editor pastes a page: its job runs next,
    not after the backlog; the backlog then runs in the order it came."""
    articles = [desk.article(PLAIN, title=f"Feed item {n}") for n in range(4)]
    for article in articles[:3]:
        enqueue_job(session, "tests.mark_article", article_id=article.id)
    session.commit()
    enqueue_job(session, "tests.answer_editor", article_id=articles[3].id)
    session.commit()
    assert work(jobs) == 4
    first, *rest = (f"background {a.id}" for a in articles[:3])
    assert RAN == [f"waited for {articles[3].id}", first, *rest]


def test_the_desks_waited_for_jobs_are_declared_so() -> None:
    waited_for = {name for name in registered() if priority_of(name) == PERSON_WAITING}
    assert {"mail.send", "intake.fetch_draft", "suggestions.score_article",
            "public.export"} <= waited_for
    assert not waited_for & {"intake.poll_outlet", "intake.fetch_items",
                             "factchecks.refresh_feed", "factchecks.import_url"}


def test_jobs_left_in_a_list_by_the_earlier_redis_storage_are_moved_and_run(
    app: Flask, tmp_path: Path, session: Session, desk: DeskFactory
) -> None:
    """A desk upgraded from the plain Redis storage (a list) to the priority one (a sorted set
    under the same key): the waiting messages are moved when the queue starts, none is lost."""
    for q in point_queue_at("redis", tmp_path, app):
        name = q.name
        q.configure(RedisStorage, name, url=REDIS_URL)  # as the earlier version stored them
        articles = [desk.article(PLAIN, title=f"Wagons {n}") for n in range(2)]
        for article in articles:
            enqueue_job(session, "tests.mark_article", article_id=article.id)
        session.commit()
        assert q.storage.conn.type(q.storage.queue_key) == b"list"

        q.configure(PriorityRedisStorage, name, url=REDIS_URL)  # the new version starts
        assert q.storage.conn.type(q.storage.queue_key) == b"zset"
        assert q.pending_count() == 2
        RAN.clear()
        assert work(q) == 2
        assert RAN == [f"background {a.id}" for a in articles]


def test_a_lost_hand_over_is_swept_up(
    jobs: DeskQueue,
    session: Session,
    desk: DeskFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The queue is down at commit (Redis refuses the connection): the change commits, the job
    waits in the outbox, and the periodic sweep sends it once the grace period has passed."""
    article = desk.article(PLAIN, title="Wagons")
    working_storage = jobs.storage
    jobs.storage = RedisStorage("down", url="redis://127.0.0.1:1/0")
    try:
        with caplog.at_level(logging.ERROR, "factcheck.jobs.runner"):
            row = enqueue_job(session, "tests.mark_article", article_id=article.id)
            session.commit()
    finally:
        jobs.storage = working_storage
    assert "the outbox sweep will send it" in caplog.text
    assert jobs.pending_count() == 0
    assert _job(session, row.id).state == JobState.PENDING

    assert sweep_outbox() == 0  # within the grace period the commit's own hand-over may come
    session.execute(
        update(Job).where(Job.id == row.id).values(created_at=utcnow() - timedelta(minutes=2))
    )
    session.commit()
    assert sweep_outbox() == 1
    assert _job(session, row.id).state == JobState.QUEUED
    assert sweep_outbox() == 0  # queued now: not sent again every minute
    assert work(jobs) == 1
    assert _title(session, article) == "Wagons ✓"
    assert _job(session, row.id).state == JobState.DONE


def test_the_sweep_runs_on_hueys_scheduler_every_minute(
    jobs: DeskQueue, session: Session, desk: DeskFactory
) -> None:
    article = desk.article(PLAIN, title="Wagons")
    row = enqueue_job(session, "tests.mark_article", article_id=article.id)
    session.info.clear()  # the process died right after the commit: nothing was handed over
    session.commit()
    session.execute(
        update(Job).where(Job.id == row.id).values(created_at=utcnow() - timedelta(minutes=5))
    )
    session.commit()
    now = utcnow().replace(tzinfo=None)
    periodic = {task.name: task for task in jobs.read_periodic(now.replace(second=0))}
    assert "sweep_outbox" in periodic  # due at any minute
    jobs.execute(periodic["sweep_outbox"])
    assert work(jobs) == 1
    assert _title(session, article) == "Wagons ✓"


def test_a_failing_job_is_retried_with_growing_waits_then_kept_as_failed(
    jobs: DeskQueue, session: Session, desk: DeskFactory
) -> None:
    article = desk.article(PLAIN, title="Wagons")
    FAILURES[article.id] = 100
    row = enqueue_job(session, "tests.mark_article", article_id=article.id)
    session.commit()
    work(jobs)
    waiting = _job(session, row.id)
    assert waiting.state == JobState.RETRYING and waiting.attempts == 1
    assert "RuntimeError: the source for article" in (waiting.last_error or "")
    assert jobs.scheduled_count() == 1

    waits = []
    for attempt in range(2, RETRIES + 2):
        before = utcnow().replace(tzinfo=None)
        etas = due_retries(jobs, timedelta(hours=1))
        assert len(etas) == 1, f"attempt {attempt}: nothing scheduled"
        waits.append((etas[0] - before).total_seconds())
        work(jobs)
        assert _job(session, row.id).attempts == attempt
    assert [round(w / 30) for w in waits] == [1, 2, 4, 8, 16]  # 30 s, doubling
    failed = _job(session, row.id)
    assert failed.state == JobState.FAILED and failed.finished_at is not None
    assert jobs.scheduled_count() == 0 and jobs.pending_count() == 0
    assert _title(session, article) == "Wagons"


def test_admins_see_failed_jobs_and_retry_them(
    jobs: DeskQueue,
    session: Session,
    desk: DeskFactory,
    as_user,
    submit,  # type: ignore[no-untyped-def]
) -> None:
    article = desk.article(PLAIN, title="Wagons")
    row = enqueue_job(session, "tests.mark_article", article_id=article.id)
    session.commit()
    session.execute(
        update(Job)
        .where(Job.id == row.id)
        .values(state=JobState.FAILED, attempts=6, last_error="Traceback …\nTimeoutError: slow")
    )
    admin = desk.user(Role.ADMIN)
    checker = desk.user(Role.CHECKER)
    client = as_user(admin)

    page = client.get("/admin/jobs?view=failed")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "tests.mark_article" in text and "TimeoutError: slow" in text
    assert "Failed (1)" in text and "Retry" in text

    jobs.flush()
    response = submit(client, "/admin/jobs?view=failed", post_url=f"/admin/jobs/{row.id}/retry")
    assert response.status_code == 302
    assert jobs.pending_count() == 1  # handed over when the request committed
    assert work(jobs) == 1
    assert _title(session, article) == "Wagons ✓"
    assert _job(session, row.id).state == JobState.DONE

    again = submit(client, "/admin/jobs?view=done", post_url=f"/admin/jobs/{row.id}/retry")
    assert again.status_code == 422
    assert "Only a failed job can be retried; this one is done." in again.get_data(as_text=True)
    assert jobs.pending_count() == 0
    assert client.get("/admin/jobs?view=nonsense").status_code == 400
    assert submit(client, "/admin/jobs", post_url="/admin/jobs/999999/retry").status_code == 404
    assert as_user(checker).get("/admin/jobs").status_code == 403


def test_every_job_module_is_registered(app: Flask) -> None:
    assert "tests.mark_article" in registered()
    assert isinstance(queue, DeskQueue) and queue.app is not None


def test_done_jobs_are_pruned_nightly_and_failed_ones_kept(
    jobs: DeskQueue, session: Session, desk: DeskFactory
) -> None:
    article = desk.article(PLAIN)
    old_done, new_done, old_failed = (
        enqueue_job(session, "tests.mark_article", article_id=article.id).id for _ in range(3)
    )
    long_ago = utcnow() - timedelta(days=31)
    for job_id, state, finished in [
        (old_done, JobState.DONE, long_ago),
        (new_done, JobState.DONE, utcnow()),
        (old_failed, JobState.FAILED, long_ago),
    ]:
        session.execute(
            update(Job).where(Job.id == job_id).values(state=state, finished_at=finished)
        )
    session.commit()
    at_night = utcnow().replace(tzinfo=None, hour=3, minute=17, second=0, microsecond=0)
    periodic = jobs.read_periodic(at_night)
    assert "prune_done_jobs" in [task.name for task in periodic]
    for task in periodic:
        jobs.execute(task)
    session.expire_all()
    assert sorted(session.scalars(select(Job.id))) == sorted([new_done, old_failed])


def test_jobs_url_chooses_the_storage(tmp_path: Path) -> None:
    assert storage_for(None, str(tmp_path)) == (
        SqliteStorage,
        {"filename": str(tmp_path / "jobs.sqlite")},
    )
    assert storage_for("sqlite:////srv/jobs.db", "x") == (
        SqliteStorage,
        {"filename": "/srv/jobs.db"},
    )
    kind, options = storage_for("redis://127.0.0.1:6379/3", "x")
    pool = options["connection_pool"]
    assert kind is PriorityRedisStorage
    assert pool.connection_kwargs["db"] == 3
    assert pool.connection_kwargs["socket_connect_timeout"] == REDIS_CONNECT_TIMEOUT
    with pytest.raises(ValueError, match="JOBS_URL must start with redis://"):
        storage_for("postgresql://db/jobs", "x")
