"""``flask backup PATH`` and ``flask restore PATH``: a consistent copy of a running desk.

SQLite desks are copied with SQLite's online backup API (one read transaction, so the copy is
a snapshot even while people keep working); PostgreSQL desks with ``pg_dump -Fc`` (one
repeatable-read transaction, the tool PostgreSQL documents for this). Restoring only ever goes
into an empty database, so a mistyped command can never overwrite a live desk.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import inspect
from sqlalchemy.engine import Engine, make_url

from factcheck.backups import postgres, sqlite
from factcheck.extensions import db


class BackupError(click.ClickException):
    """A backup or restore that cannot go ahead, said in words."""


def create_private_file(path: Path) -> None:
    """Create ``path`` readable by its owner only (a backup holds password hashes), refusing
    to overwrite an existing file."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as error:
        raise BackupError(f"{path} already exists; give the backup a new file name.") from error
    except OSError as error:
        raise BackupError(f"Cannot create {path}: {error.strerror}.") from error
    os.close(fd)


def ensure_empty(engine: Engine) -> None:
    """Refuse to restore into a database that already holds tables."""
    tables = inspect(engine).get_table_names()
    if tables:
        raise BackupError(
            f"The database at {engine.url.render_as_string(hide_password=True)} is not empty "
            f"({len(tables)} tables, e.g. {', '.join(sorted(tables)[:3])}). Restore only into "
            "an empty database: create a new one (or move the SQLite file away) and point "
            "DATABASE_URL at it."
        )


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write a consistent copy of the desk's database to PATH (safe while the desk runs)."""
    url = make_url(db.engine.url)
    create_private_file(path)
    try:
        if url.get_backend_name() == "sqlite":
            summary = sqlite.backup(url, path)
        elif url.get_backend_name() == "postgresql":
            summary = postgres.backup(url, path, echo=click.echo)
        else:
            raise BackupError(f"Backups of {url.get_backend_name()} databases are not supported.")
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    click.echo(summary)


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(path: Path) -> None:
    """Restore the backup at PATH into the configured database, which must be empty."""
    url = make_url(db.engine.url)
    ensure_empty(db.engine)
    db.engine.dispose()
    with path.open("rb") as file:
        header = file.read(16)
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not header.startswith(sqlite.HEADER):
            raise BackupError(_wrong_kind(path, header, "an SQLite backup (made by flask backup "
                                          "on an SQLite desk)"))
        summary = sqlite.restore(path, url)
    elif backend == "postgresql":
        if not header.startswith(postgres.HEADER):
            raise BackupError(_wrong_kind(path, header, "a pg_dump -Fc archive (made by flask "
                                          "backup on a PostgreSQL desk)"))
        summary = postgres.restore(path, url, echo=click.echo)
    else:
        raise BackupError(f"Restoring {backend} databases is not supported.")
    click.echo(summary)
    click.echo("Run `flask db upgrade` next if the backup is older than this version of the desk.")


def _wrong_kind(path: Path, header: bytes, expected: str) -> str:
    if header.startswith(sqlite.HEADER):
        found = "an SQLite backup"
    elif header.startswith(postgres.HEADER):
        found = "a PostgreSQL (pg_dump) backup"
    else:
        found = "not a desk backup"
    return (
        f"{path} is {found}; this desk's database needs {expected}. A backup restores into "
        "the same kind of database it was made from."
    )
