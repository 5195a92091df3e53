"""``flask backup`` / ``flask restore``: a copy made while someone keeps writing restores into an
empty database with the same rows, a consistent set of concurrent writes and the same snapshot
bytes; restoring over a desk that holds data is refused."""

from __future__ import annotations

import hashlib
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, insert, inspect, select, text
from sqlalchemy.engine import Engine

from factcheck.demo.loader import load_demo
from factcheck.extensions import db
from factcheck.models import Claim, Comment, Event, Snapshot, utcnow
from factcheck.operations.desk import create_user
from factcheck.workflow import Role
from tests import conftest
from tests.conftest import DATABASES, PASSWORD, make_app

TestDatabase = conftest.TestDatabase
TestDatabase.__test__ = False  # a helper class, not tests

WRITER_NOTE = "backup-writer"


@pytest.fixture(params=DATABASES)
def new_database(request: pytest.FixtureRequest) -> Iterator[Any]:
    """``new_database()``: a fresh, empty database of the parametrised kind, dropped after."""
    made: list[TestDatabase] = []

    def make() -> TestDatabase:
        made.append(TestDatabase(request.param))
        return made[-1]

    yield make
    for database in made:
        database.drop()


def demo_desk(database: TestDatabase) -> Flask:
    """The migrated demo desk on ``database``, committed for real."""
    app = make_app(database.url)
    with app.app_context():
        upgrade()
        load_demo(db.session)
        db.session.commit()
        db.engine.dispose()
    return app


def invoke(app: Flask, *args: str) -> Any:
    """Run a ``flask`` command on ``app``, then close its pooled connections."""
    result = app.test_cli_runner().invoke(args=list(args))
    with app.app_context():
        db.engine.dispose()
    return result


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table: conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()  # noqa: S608
            for table in sorted(inspect(conn).get_table_names())
        }


def snapshot_hashes(engine: Engine) -> dict[int, tuple[str, str]]:
    """Each snapshot's stored SHA-256 and the SHA-256 of its stored bytes."""
    with engine.connect() as conn:
        rows = conn.execute(select(Snapshot.id, Snapshot.sha256, Snapshot.data))
        return {row.id: (row.sha256, hashlib.sha256(row.data).hexdigest()) for row in rows}


class Writer(threading.Thread):
    """Keeps committing a comment and its event together, as the desk does, until stopped."""

    def __init__(self, engine: Engine, claim_id: int) -> None:
        super().__init__(daemon=True)
        self.engine, self.claim_id = engine, claim_id
        self.written = 0
        self.stopping = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                with self.engine.begin() as conn:
                    now = utcnow()
                    conn.execute(insert(Comment).values(
                        claim_id=self.claim_id, body=f"{WRITER_NOTE} {self.written}",
                        created_at=now))
                    conn.execute(insert(Event).values(
                        claim_id=self.claim_id, kind="commented", note=WRITER_NOTE, payload={},
                        created_at=now))
                self.written += 1
        except BaseException as error:  # surfaced by the test, not lost in the thread
            self.error = error

    def stop(self) -> int:
        self.stopping.set()
        self.join(timeout=30)
        assert self.error is None, self.error
        return self.written


def writer_rows(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        comments = conn.execute(select(func.count()).select_from(Comment).where(
            Comment.body.like(f"{WRITER_NOTE} %"))).scalar_one()
        events = conn.execute(select(func.count()).select_from(Event).where(
            Event.note == WRITER_NOTE)).scalar_one()
    return comments, events


def test_backup_while_writing_restores_the_same_desk(new_database, tmp_path: Path):
    source = new_database()
    app = demo_desk(source)
    source_engine = create_engine(source.url)
    with source_engine.connect() as conn:
        claim_id = conn.execute(select(func.min(Claim.id))).scalar_one()
    before = row_counts(source_engine)
    hashes = snapshot_hashes(source_engine)
    assert hashes and all(stored == actual for stored, actual in hashes.values())

    writer = Writer(source_engine, claim_id)
    writer.start()
    while writer.written < 20:
        time.sleep(0.01)
    backup = tmp_path / "desk.backup"
    result = invoke(app, "backup", str(backup))
    time.sleep(0.1)
    written = writer.stop()

    assert result.exit_code == 0, result.output
    assert "backup written to" in result.output
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    if source.kind == "postgresql":
        assert "pg_dump" in result.output and "consistent snapshot" in result.output

    target = new_database()
    restored_app = make_app(target.url)
    result = invoke(restored_app, "restore", str(backup))
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output

    target_engine = create_engine(target.url)
    after = row_counts(target_engine)
    comments, events = writer_rows(target_engine)
    # Every concurrent write is wholly in the copy or wholly absent, and none of them is torn.
    assert comments == events
    assert 20 <= comments < written  # the writer kept going during and after the copy
    assert after["comments"] == before["comments"] + comments
    assert after["events"] == before["events"] + events
    unchanged = {t: n for t, n in after.items() if t not in ("comments", "events")}
    assert unchanged == {t: n for t, n in before.items() if t not in ("comments", "events")}
    assert snapshot_hashes(target_engine) == hashes

    # The restored desk works: it takes new rows (PostgreSQL sequences were restored too).
    with restored_app.app_context():
        create_user(db.session, "after@desk.test", "After Restore", Role.CHECKER, PASSWORD)
        db.session.commit()
        db.engine.dispose()
    source_engine.dispose()
    target_engine.dispose()


def test_restore_refuses_a_database_that_is_not_empty(new_database, tmp_path: Path):
    source = new_database()
    app = demo_desk(source)
    backup = tmp_path / "desk.backup"
    assert invoke(app, "backup", str(backup)).exit_code == 0

    engine = create_engine(source.url)
    before = row_counts(engine)
    result = invoke(app, "restore", str(backup))
    assert result.exit_code != 0
    assert "is not empty" in result.output
    assert "Restore only into an empty database" in result.output
    assert row_counts(engine) == before
    engine.dispose()


def test_backup_refuses_to_overwrite_and_restore_refuses_other_files(
    new_database, tmp_path: Path
):
    source = new_database()
    app = demo_desk(source)
    existing = tmp_path / "existing"
    existing.write_text("keep me")
    result = invoke(app, "backup", str(existing))
    assert result.exit_code != 0 and "already exists" in result.output
    assert existing.read_text() == "keep me"

    target = new_database()
    result = invoke(make_app(target.url), "restore", str(existing))
    assert result.exit_code != 0
    assert "is not a desk backup" in result.output
    engine = create_engine(target.url)
    assert inspect(engine).get_table_names() == []
    engine.dispose()
