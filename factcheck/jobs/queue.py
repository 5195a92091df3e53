"""The one Huey queue object, and where its storage comes from.

Huey is a small, well-kept queue with the two storages the desk needs: SQLite (a file in
``instance/``, nothing to install, one machine) and Redis (several app servers and workers).
Its tasks, retries with back-off, priorities and periodic scheduler are used as they are; the
object is created at import (tasks register on it) and pointed at its storage when the app is
built. On Redis the queue is Huey's sorted-set storage, the one that honours priorities (a
queue left as a list by an earlier version is moved over when the app starts).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from huey import Huey
from huey.storage import MemoryStorage, PriorityRedisStorage, SqliteStorage
from redis import ConnectionPool

REDIS_CONNECT_TIMEOUT = 5


def storage_for(url: str | None, instance_path: str) -> tuple[type, dict[str, Any]]:
    """The Huey storage class and its arguments for ``JOBS_URL``.

    Unset: a SQLite file in the instance folder. ``sqlite:///PATH``: that file.
    ``redis://…``: Redis. ``memory://``: in this process only, for tests that run no jobs.
    """
    if not url:
        return SqliteStorage, {"filename": str(Path(instance_path) / "jobs.sqlite")}
    if url.startswith(("redis://", "rediss://", "unix://")):
        # A bounded connect: the hand-over runs at the end of a web request, which must not
        # hang for minutes on an unreachable Redis (the outbox sweep sends the job later).
        pool = ConnectionPool.from_url(url, socket_connect_timeout=REDIS_CONNECT_TIMEOUT)
        return PriorityRedisStorage, {"connection_pool": pool}
    if url.startswith("sqlite:///"):
        return SqliteStorage, {"filename": url[len("sqlite:///") :]}
    if url == "memory://":
        return MemoryStorage, {}
    raise ValueError(
        f"JOBS_URL must start with redis://, rediss://, unix:// or sqlite:///, not {url!r}"
    )


class DeskQueue(Huey):
    """Huey, bound to an app: its storage from the app's config, its jobs run in app contexts."""

    storage_class = MemoryStorage

    def __init__(self) -> None:
        # No result store: the outbox row records how a job went, and Huey's stored results
        # (kept until read) would pile up in the storage.
        super().__init__("factcheck", utc=True, results=False)
        self.app: Flask | None = None

    def init_app(self, app: Flask) -> None:
        """Point the queue at ``JOBS_URL`` (named ``JOBS_NAME``) and remember the app."""
        storage_class, kwargs = storage_for(app.config.get("JOBS_URL"), app.instance_path)
        self.configure(storage_class, app.config.get("JOBS_NAME", "factcheck"), **kwargs)
        self.app = app
        app.extensions["jobs"] = self

    def configure(self, storage_class: type, name: str, **kwargs: Any) -> None:
        """Swap the storage (tests point one queue at SQLite, then at Redis)."""
        old = getattr(self, "storage", None)
        self.name = name
        self.storage_class = storage_class
        self.storage_kwargs = kwargs
        self.storage = self.create_storage()
        if isinstance(self.storage, PriorityRedisStorage):
            _move_list_queue(self.storage)
        if old is not None and old is not self.storage:
            _close(old)


def _move_list_queue(storage: PriorityRedisStorage) -> None:
    """Move messages from a list queue (Huey's plain Redis storage, used before priorities)
    into the sorted set under the same key, oldest first, so none is lost or refused.

    The list is renamed away in one step first, so a message pushed meanwhile cannot land in
    it; a start interrupted half-way finds the renamed list and finishes the move."""
    conn, key = storage.conn, storage.queue_key
    moving = f"{key}:moving-to-priorities"
    if conn.type(key) in (b"list", "list"):
        conn.renamenx(key, moving)
    if conn.type(moving) not in (b"list", "list"):
        return
    # Plain Redis storage pushes on the left and pops on the right: the oldest is last.
    for data in reversed(conn.lrange(moving, 0, -1)):
        storage.enqueue(data)
    conn.delete(moving)


def _close(storage: Any) -> None:
    """Let go of a storage's connections when it is replaced."""
    pool = getattr(getattr(storage, "conn", None), "connection_pool", None)
    if pool is not None:
        pool.disconnect()


queue = DeskQueue()
