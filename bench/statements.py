"""Counting the SQL statements a piece of work sends (the benches' "SQL per page" and the
tests that hold a page to a fixed number, or to none)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, event


@contextlib.contextmanager
def counting_statements(engine: Engine) -> Iterator[list[str]]:
    """Every statement ``engine`` sends while the block runs, in order."""
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)
