"""Keyset pagination: a page starts just after the last row of the previous one.

Unlike ``?page=N`` a keyset page costs the same however deep it is and never skips or repeats
a row when claims are added meanwhile. The cursor is opaque to clients: the sort's name and
the last row's sort key, as URL-safe base64 JSON.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import abort
from sqlalchemy import Select, tuple_
from sqlalchemy.sql.elements import SQLCoreOperations

from factcheck.api.problems import problem
from factcheck.validation.limits import MAX_INT_COLUMN

#: How each kind of key value travels in a cursor.
_READERS: dict[type, Callable[[Any], Any]] = {
    int: lambda v: _bounded_int(v),
    datetime: lambda v: _aware(datetime.fromisoformat(v)),
    date: lambda v: date.fromisoformat(v),
}


def _bounded_int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("not a whole number")
    if not -MAX_INT_COLUMN - 1 <= value <= MAX_INT_COLUMN:
        raise ValueError("out of range")
    return value


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime")
    return value


@dataclass(frozen=True)
class Keyset:
    """An order for a listing: the key expressions (all in one direction) and their kinds."""

    name: str
    columns: Sequence[SQLCoreOperations[Any]]
    kinds: Sequence[type]
    descending: bool = False

    def ordered(self, stmt: Select[Any]) -> Select[Any]:
        """``stmt`` sorted by this key."""
        return stmt.order_by(*(c.desc() if self.descending else c for c in self.columns))

    def after(self, stmt: Select[Any], token: str | None) -> Select[Any]:
        """``stmt`` limited to the rows after the cursor ``token`` (all rows without one)."""
        if not token:
            return stmt
        values = self.read(token)
        key = tuple_(*self.columns)
        return stmt.where(key < tuple_(*values) if self.descending else key > tuple_(*values))

    def token(self, values: Sequence[Any]) -> str:
        """The cursor after a row whose key is ``values``."""
        raw = json.dumps([self.name, *(_plain(v) for v in values)], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def read(self, token: str) -> list[Any]:
        """The key values in ``token``; 400 for anything this listing did not make."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            name, *values = json.loads(raw)
            if name != self.name or len(values) != len(self.kinds):
                raise ValueError("another listing's cursor")
            return [_READERS[kind](value) for kind, value in zip(self.kinds, values, strict=True)]
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, RecursionError):
            abort(problem(
                400, "This cursor is not valid here",
                "Pass the next_cursor of the previous page, with the same sort.",
                errors={"after": ["Not a cursor of this listing."]}, kind="invalid-input",
            ))


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def page_of(
    keyset: Keyset, rows: list[Any], limit: int, key_of: Callable[[Any], Sequence[Any]]
) -> tuple[list[Any], str | None]:
    """The first ``limit`` of ``rows`` (fetched with ``limit + 1``) and the next cursor."""
    if len(rows) <= limit:
        return rows, None
    items = rows[:limit]
    return items, keyset.token(key_of(items[-1]))
