"""SQLite backups through the online backup API (``sqlite3.Connection.backup``).

The copy is made in one step, inside one read transaction of the live database, so it is a
consistent snapshot: a write that commits during the copy is either wholly in it or not at all.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import click
from sqlalchemy.engine import URL

HEADER = b"SQLite format 3\x00"


def database_file(url: URL) -> Path:
    """The file behind an SQLite URL (an in-memory database has none to copy)."""
    if not url.database or url.database == ":memory:":
        raise click.ClickException("An in-memory SQLite database has no file to back up.")
    return Path(url.database)


def _copy(source: Path, target: Path, *, read_only: bool) -> None:
    source_uri = f"file:{source}?mode=ro" if read_only else f"file:{source}"
    with contextlib.closing(sqlite3.connect(source_uri, uri=True, timeout=30)) as src:
        with contextlib.closing(sqlite3.connect(target, timeout=30)) as dst:
            src.backup(dst)  # pages=-1: the whole database in one step, one snapshot


def check(path: Path) -> list[tuple[str, int]]:
    """``PRAGMA integrity_check`` the copy and count its rows per table."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
                raise click.ClickException(f"{path} failed SQLite's integrity check: {result}")
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return [
            (table, conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # noqa: S608
            for table in tables
        ]


def _summary(verb: str, path: Path, counts: list[tuple[str, int]]) -> str:
    rows = sum(count for _, count in counts)
    return f"{verb} {path} ({path.stat().st_size:,} bytes, {len(counts)} tables, {rows:,} rows)."


def backup(url: URL, path: Path) -> str:
    """Copy the live database at ``url`` to ``path`` and check the copy."""
    _copy(database_file(url), path, read_only=True)
    return _summary("SQLite backup written to", path, check(path))


def restore(path: Path, url: URL) -> str:
    """Copy the backup at ``path`` into the (empty) database at ``url``."""
    counts = check(path)
    if "alembic_version" not in dict(counts):
        raise click.ClickException(f"{path} is an SQLite file but not a desk backup.")
    target = database_file(url)
    _copy(path, target, read_only=True)
    target.chmod(0o600)  # the desk's data, password hashes included: its owner's eyes only
    return _summary("Restored", path, counts).replace("Restored ", f"Restored {target} from ")
