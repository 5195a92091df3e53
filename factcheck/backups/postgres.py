"""PostgreSQL backups with ``pg_dump -Fc`` and restores with ``pg_restore``.

``pg_dump`` reads the whole database in one repeatable-read transaction, so its archive is a
consistent snapshot taken while the desk keeps running; the custom format (``-Fc``) is
compressed and is what ``pg_restore`` reads. The tools must be at least as new as the server,
so the server's own version directory (Debian: ``/usr/lib/postgresql/15/bin``) comes first.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess  # noqa: S404  (runs pg_dump/pg_restore with an argument list, no shell)
from collections.abc import Callable
from pathlib import Path

import click
import psycopg
from sqlalchemy.engine import URL

HEADER = b"PGDMP"


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A connection URL for libpq without the password, and the environment carrying it (so
    the password never shows in the process list)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def server_major(url: URL) -> int:
    """The server's major version (15 for 15.20)."""
    dsn, env = _libpq(url)
    with psycopg.connect(dsn, password=env.get("PGPASSWORD")) as conn:
        return int(conn.info.server_version) // 10000


def find_tool(name: str, major: int) -> Path:
    """``pg_dump``/``pg_restore`` of at least the server's major version.

    Looked for in ``$PG_BIN_DIR``, then the server's version directory, then ``PATH``.
    """
    candidates = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(Path(os.environ["PG_BIN_DIR"]) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin/{name}"))
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    seen = []
    for tool in candidates:
        if not tool.exists():
            continue
        version = _version(tool)
        seen.append(f"{tool} ({version or 'unknown version'})")
        if version and version >= major:
            return tool
    found = "; found " + ", ".join(seen) if seen else ""
    raise click.ClickException(
        f"{name} for PostgreSQL {major} or newer is needed and was not found{found}. Install "
        f"postgresql-client-{major} or set PG_BIN_DIR to the directory that holds {name}."
    )


def _version(tool: Path) -> int | None:
    output = subprocess.run(  # noqa: S603  (fixed argument list)
        [str(tool), "--version"], capture_output=True, text=True, check=False
    ).stdout
    match = re.search(r"\) (\d+)", output)
    return int(match.group(1)) if match else None


def _run(arguments: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603  (fixed argument list, no shell)
        arguments, capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        raise click.ClickException(
            f"{Path(arguments[0]).name} failed (exit {result.returncode}): "
            f"{result.stderr.strip() or result.stdout.strip()}"
        )


def backup(url: URL, path: Path, echo: Callable[[str], object]) -> str:
    """Run ``pg_dump -Fc`` of the database at ``url`` into ``path``."""
    major = server_major(url)
    tool = find_tool("pg_dump", major)
    dsn, env = _libpq(url)
    echo(
        f"PostgreSQL {major}: running {tool} -Fc. It reads the whole database in one "
        "transaction, so the archive is a consistent snapshot while the desk keeps running; "
        "restore it with `flask restore` (pg_restore) into an empty database."
    )
    _run([str(tool), "-Fc", "--no-owner", "--no-privileges", "-f", str(path), "-d", dsn], env)
    return f"PostgreSQL backup written to {path} ({path.stat().st_size:,} bytes)."


def restore(path: Path, url: URL, echo: Callable[[str], object]) -> str:
    """Run ``pg_restore`` of ``path`` into the (empty) database at ``url``, all or nothing."""
    major = server_major(url)
    tool = find_tool("pg_restore", major)
    dsn, env = _libpq(url)
    echo(f"PostgreSQL {major}: running {tool} in one transaction (all or nothing).")
    _run(
        [str(tool), "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges",
         "-d", dsn, str(path)],
        env,
    )
    return f"Restored {url.database} from {path}."
