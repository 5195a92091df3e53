"""``instance/`` and the SQLite file are readable by their owner only, new or existing."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from flask_migrate import upgrade

from factcheck import PROJECT_ROOT, create_app
from factcheck.extensions import db
from factcheck.instance import protect_directory, sqlite_path


def mode(path: Path) -> int:
    """The permission bits of ``path``."""
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():  # type: ignore[no-untyped-def]
    """A permissive umask, as on many servers, so the modes below come from the code."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_sqlite_database_is_created_owner_only(tmp_path, open_umask):
    database = tmp_path / "desk.sqlite"
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        upgrade()
        db.session.execute(db.text("SELECT 1"))
        db.engine.dispose()
    assert mode(database) == 0o600
    # SQLite gives its journal the database's mode: the rollback journal of a write.
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("INSERT INTO tags (name) VALUES ('permissions')")
    connection.commit()
    for extra in (tmp_path / "desk.sqlite-wal", tmp_path / "desk.sqlite-shm"):
        assert mode(extra) & 0o077 == 0, extra
    connection.close()


def test_an_existing_install_is_tightened_on_start(tmp_path, open_umask):
    database = tmp_path / "old.sqlite"
    sqlite3.connect(database).close()
    database.chmod(0o644)
    create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    assert mode(database) == 0o600


def test_the_instance_folder_is_owner_only(tmp_path, open_umask):
    create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert mode(PROJECT_ROOT / "instance") == 0o700

    fresh = tmp_path / "new" / "instance"
    protect_directory(fresh)
    assert mode(fresh) == 0o700
    old = tmp_path / "old-instance"
    old.mkdir(mode=0o755)
    old.chmod(0o755)
    (old / "jobs.sqlite").write_bytes(b"")
    (old / "jobs.sqlite").chmod(0o664)
    protect_directory(old)
    assert mode(old) == 0o700
    assert mode(old / "jobs.sqlite") == 0o600


def test_a_stricter_mode_is_left_alone(tmp_path):
    database = tmp_path / "readonly.sqlite"
    sqlite3.connect(database).close()
    database.chmod(0o400)
    create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    assert mode(database) == 0o400


def test_only_sqlite_files_are_touched():
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path("postgresql+psycopg://postgres@127.0.0.1/desk") is None
    assert sqlite_path("sqlite:////srv/desk/desk.sqlite") == Path("/srv/desk/desk.sqlite")
