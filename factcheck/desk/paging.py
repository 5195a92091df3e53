"""Queue order and pages: one index per sort, keyset "next" pages, counts that never scan.

Each sort is a list of keys that the ``queue_…`` indexes of migration 0019 hold in the same
order and direction, so a page is an index walk that stops after 25 rows. "Next" carries the
last row's keys (``after=``) and starts the walk there instead of skipping rows; numbered links
still use ``page=`` (an offset), which stays cheap for the first pages a person clicks.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, bindparam, or_

from factcheck.models import Claim
from factcheck.models.types import UTCDateTime

#: Claims without a due date sort after every date; the indexes hold the same expression.
DUE_KEY = Claim.due_key()

#: Per sort, the keys in order: (name, column, descending).
SORT_KEYS: dict[str, list[tuple[str, Any, bool]]] = {
    "priority": [("priority", Claim.priority, True), ("created", Claim.created_at, False),
                 ("id", Claim.id, False)],
    "due": [("due", DUE_KEY, False), ("priority", Claim.priority, True), ("id", Claim.id, False)],
    "newest": [("created", Claim.created_at, True), ("id", Claim.id, True)],
    "oldest": [("created", Claim.created_at, False), ("id", Claim.id, False)],
}


def order_by(sort: str) -> list[ColumnElement[Any]]:
    """The ORDER BY of ``sort``."""
    return [column.desc() if descending else column.asc()
            for _name, column, descending in SORT_KEYS[sort]]


def _key_values(claim: Claim, sort: str) -> list[Any]:
    values = {"priority": int(claim.priority), "created": claim.created_at.isoformat(),
              "id": claim.id, "due": (claim.due_date or date(9999, 12, 31)).isoformat()}
    return [values[name] for name, _column, _descending in SORT_KEYS[sort]]


def cursor_after(claim: Claim, sort: str) -> str:
    """The ``after=`` token naming ``claim``'s place in ``sort``."""
    raw = json.dumps([sort, *_key_values(claim, sort)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _bound(name: str, value: Any) -> Any:
    if name in ("created", "due") and not isinstance(value, str):
        raise ValueError(f"{name} must be written as a date")
    if name == "created":
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("a time without its zone")
        return bindparam(None, moment, type_=UTCDateTime())
    if name == "due":
        return bindparam(None, date.fromisoformat(value), type_=Date())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a number")
    return value


def after_condition(token: str, sort: str) -> ColumnElement[bool]:
    """The WHERE clause for the rows after the one ``token`` names; ``ValueError`` when the
    token is not one this queue made for ``sort``.

    The first key's bound is also stated alone (``priority <= 2 AND (…)``), so the database
    starts the index walk there rather than at the top.
    """
    try:
        decoded = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError("not a queue position") from error
    keys = SORT_KEYS[sort]
    if not isinstance(decoded, list) or decoded[:1] != [sort] or len(decoded) != len(keys) + 1:
        raise ValueError("a position in another order")
    values = [_bound(name, value) for (name, _c, _d), value in zip(keys, decoded[1:],
                                                                 strict=True)]
    branches = []
    for position, (_name, column, descending) in enumerate(keys):
        equal = [keys[i][1] == values[i] for i in range(position)]
        beyond = column < values[position] if descending else column > values[position]
        branches.append(and_(*equal, beyond))
    first_column, first_descending = keys[0][1], keys[0][2]
    start = first_column <= values[0] if first_descending else first_column >= values[0]
    return and_(start, or_(*branches))


@dataclass
class QueuePage:
    """One page of the queue and how to reach its neighbours."""

    items: list[Claim]
    page: int
    per_page: int
    #: How many claims match, when counting them was cheap; ``None`` when "more than".
    total: int | None
    has_next: bool
    next_after: str | None = None
    sort: str = "priority"
    window: int = field(default=2, repr=False)

    @property
    def pages(self) -> int | None:
        """How many pages there are, when the total is known."""
        if self.total is None:
            return None
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        """Whether there is a page before this one."""
        return self.page > 1

    @property
    def prev_num(self) -> int:
        """The number of the page before."""
        return self.page - 1

    @property
    def next_num(self) -> int:
        """The number of the page after."""
        return self.page + 1

    def iter_pages(self) -> Iterator[int | None]:
        """Page numbers to link: the first two, a window around this one, the last two when
        the total is known; ``None`` marks a gap."""
        last = self.pages or self.page + (1 if self.has_next else 0)
        shown = {1, 2, last - 1, last} if self.pages else {1, 2}
        shown |= set(range(self.page - self.window, self.page + self.window + 1))
        previous = 0
        for number in sorted(n for n in shown if 1 <= n <= last):
            if number > previous + 1:
                yield None
            yield number
            previous = number
