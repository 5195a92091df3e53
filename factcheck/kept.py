"""Answers a process keeps between requests: bounded, least recently used dropped first, and
each used for a limited time even when nothing it was keyed by moved.

Callers key an answer by what it depends on (the newest ids of the rows it was computed from,
the reader's language, …), so a change shows at once; the age limit covers what no key can
see, such as the clock.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import func, select

from factcheck.operations.session import DbSession


def newest(session: DbSession, *columns: Any) -> tuple[Any, ...]:
    """The largest value of each column (the newest id, the latest change), read in one
    statement: what a kept answer is keyed by."""
    return tuple(session.execute(
        select(*(select(func.max(column)).scalar_subquery() for column in columns))
    ).one())


class Kept:
    """At most ``size`` answers, each used for ``max_age`` seconds after it was computed."""

    def __init__(self, size: int, max_age: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.size = size
        self.max_age = max_age
        self.clock = clock
        self._answers: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        """The answer kept for ``key``, or ``None`` when there is none or it is too old."""
        with self._lock:
            entry = self._answers.get(key)
            if entry is None or self.clock() - entry[0] > self.max_age:
                return None
            self._answers.move_to_end(key)
            return entry[1]

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` for ``key`` from now on."""
        with self._lock:
            self._answers[key] = (self.clock(), value)
            self._answers.move_to_end(key)
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (tests, whose rolled-back databases repeat ids)."""
        with self._lock:
            self._answers.clear()
