"""Run jobs through the real queue in tests: SQLite file storage or the local Redis.

``work(queue)`` does what a worker does, in the test's thread (so the job sees the test's
transaction): take each message from the storage and execute it. ``due_retries`` moves retries
whose back-off has passed (as if that much time went by) from the schedule to the queue.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from huey.storage import MemoryStorage, PriorityRedisStorage, SqliteStorage

from factcheck.jobs.queue import DeskQueue, queue

REDIS_URL = "redis://127.0.0.1:6379/0"
STORAGES = ["sqlite", "redis"]


def point_queue_at(kind: str, folder: Path, app: Flask) -> Iterator[DeskQueue]:
    """The queue on fresh storage of ``kind`` (a unique name per test on Redis), bound to
    ``app``; put back to in-memory storage afterwards."""
    name = f"factcheck-test-{uuid.uuid4().hex[:12]}"
    previous_app = queue.app
    if kind == "sqlite":
        queue.configure(SqliteStorage, name, filename=str(folder / "jobs.sqlite"))
    else:
        queue.configure(PriorityRedisStorage, name, url=REDIS_URL)
    queue.app = app
    try:
        yield queue
    finally:
        queue.flush()
        queue.configure(MemoryStorage, "factcheck")
        queue.app = previous_app


@pytest.fixture(name="jobs")
def sqlite_jobs_fixture(app: Flask, tmp_path: Path) -> Iterator[DeskQueue]:
    """The real queue on SQLite file storage (a module brings it in by importing it)."""
    yield from point_queue_at("sqlite", tmp_path, app)


def work(q: DeskQueue, limit: int = 100) -> int:
    """Execute every message waiting in the queue; how many ran."""
    ran = 0
    while ran < limit:
        task = q.dequeue()
        if task is None:
            return ran
        q.execute(task)
        ran += 1
    raise AssertionError(f"more than {limit} messages: a job keeps enqueueing itself")


def due_retries(q: DeskQueue, after: timedelta) -> list[datetime]:
    """Move retries due within ``after`` from now onto the queue; their due times (UTC)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    due = q.read_schedule(now + after)
    etas = [task.eta for task in due]
    for task in due:
        task.eta = None  # that time has gone by: the worker would run it now
        q.enqueue(task)
    return etas
