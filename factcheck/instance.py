"""The instance folder and the SQLite file are readable by their owner only.

``instance/`` holds the secret key, the SQLite database (password hashes, unpublished
claims, snapshots) and the embedded job store; on a shared host another account must not read
them. New files get the right mode from the start; an existing install is tightened on the
next start when the process owns the files, and left as it is (the owner's choice) when not.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600


def protect_database(app: Flask) -> None:
    """Create or tighten the configured SQLite file (nothing to do for PostgreSQL)."""
    database = sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"])
    if database is not None:
        protect_file(database)


def protect_directory(path: Path) -> None:
    """Make ``path`` (and missing parents) with mode 0700, or tighten it and the files in it
    (the secret key, the job store, an older install's database) if it exists."""
    path.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
    _tighten(path, DIRECTORY_MODE)
    for entry in path.iterdir():
        if entry.is_file() and not entry.is_symlink():
            _tighten(entry, FILE_MODE)


def protect_file(path: Path) -> None:
    """Create an empty ``path`` with mode 0600 (SQLite accepts an empty file as a new
    database, and gives its journal files the database's mode), or tighten it if it exists."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        _tighten(path, FILE_MODE)
    except FileNotFoundError:
        return  # its folder does not exist: SQLite will say so, in its own words


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory ones."""
    parsed = make_url(url)
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:":
        return None
    if name.startswith("file:") or parsed.query.get("uri"):
        return None  # SQLite URI filenames carry their own options; leave them alone
    return Path(name)


def _tighten(path: Path, mode: int) -> None:
    """Remove group and other permissions, when this process may change them."""
    try:
        current = path.stat().st_mode & 0o777
        if current & ~mode:
            path.chmod(current & mode)
    except PermissionError:
        return
