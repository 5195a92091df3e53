"""The dashboard's figures: every query the dashboard runs, each one grouped and answered by
an index, so the page stays cheap at 100,000 claims.

Each chart's figures come back as a :class:`Table` — the rows the chart draws, the rows of its
"data" table and of its CSV download, so the three can never disagree. Weeks are counted in
Python from one query with a ``CASE`` per week (date functions differ between SQLite and
PostgreSQL; a dozen sums do not).
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Select, and_, bindparam, case, func, select
from sqlalchemy.orm import joinedload

from factcheck.models import (
    ROTTEN,
    Claim,
    ClaimStateCount,
    Event,
    Evidence,
    LinkState,
    Rating,
    User,
)
from factcheck.operations.session import DbSession
from factcheck.workflow import Role, State
from factcheck.workflow.terms import N_

#: Open claims grouped by how long ago they were created: (label, older than, younger than).
AGE_BUCKETS: list[tuple[str, timedelta | None, timedelta | None]] = [
    (N_("Under 1 day"), None, timedelta(days=1)),
    (N_("1–3 days"), timedelta(days=1), timedelta(days=3)),
    (N_("3–7 days"), timedelta(days=3), timedelta(days=7)),
    (N_("Over 7 days"), timedelta(days=7), None),
]
OPEN_STATE_ORDER = [State.UNVERIFIED, State.SOURCED, State.RATED]
CLOSED_STATES = [str(State.PUBLISHED), str(State.DISMISSED)]


def _written_out(name: str, values: list[str]) -> Any:
    """``values`` written into the SQL rather than sent as parameters: the databases use a
    partial index (migration 0024's ``dashboard_closing_events``) only for a query that states
    its condition, and parameters do not count."""
    return bindparam(name, values, literal_execute=True, unique=True)


def closes_a_claim() -> ColumnElement[bool]:
    """An event that moves a claim into published or dismissed from an open state (a
    correction, published → published, does not): the ``dashboard_closing_events`` index."""
    return and_(Event.to_state.in_(_written_out("closed", CLOSED_STATES)),
                Event.from_state.not_in(_written_out("closed", CLOSED_STATES)))
#: How many weeks the weekly charts show, this one included.
WEEKS = 12
#: Rotten sources listed under the link-check chart (the queue filter shows every claim).
ROTTEN_SHOWN = 10


@dataclass
class Table:
    """One chart's figures: ``columns`` name the cells of each row; the first cell labels the
    row. ``links`` (optional, one per row) is where the row's label leads on the desk.

    ``title`` and ``columns`` are English (marked with ``N_``): the CSV download's header, read
    by programs; the dashboard shows them in the reader's language
    (:func:`factcheck.desk.dashboard.shown`)."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    links: list[str | None] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Whether every figure is zero or missing: the chart says so instead of drawing."""
        return not any(value for row in self.rows for value in row[1:])

    def column(self, index: int) -> list[Any]:
        """Every row's cell ``index``."""
        return [row[index] for row in self.rows]


def start_of_week(now: datetime) -> datetime:
    """Monday 00:00 UTC of the week ``now`` is in."""
    monday = now - timedelta(days=now.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)


def week_starts(now: datetime) -> list[datetime]:
    """The Mondays of the last :data:`WEEKS` weeks, oldest first, this week last."""
    this_week = start_of_week(now)
    return [this_week - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]


def _per_week(column: Any, weeks: Sequence[Any]) -> list[ColumnElement[Any]]:
    """One ``sum(CASE …)`` per week of ``weeks``, counting rows whose ``column`` falls in it."""
    ends = [*weeks[1:], None]
    sums: list[ColumnElement[Any]] = []
    for start, end in zip(weeks, ends, strict=True):
        inside = column >= start if end is None else and_(column >= start, column < end)
        sums.append(func.coalesce(func.sum(case((inside, 1), else_=0)), 0))
    return sums


#: The weeks' Mondays as parameters of the weekly counts, oldest first.
_WEEK_PARAMETERS: list[BindParameter[Any]] = [bindparam(f"week{n}") for n in range(WEEKS)]


@functools.cache
def _weekly_counts() -> tuple[Select[Any], Select[Any]]:
    """The claims opened and closed in each week, as two statements built once (two dozen
    ``CASE`` expressions took longer to build on every request than to run); the Mondays
    are their parameters."""
    opened = select(*_per_week(Claim.created_at, _WEEK_PARAMETERS)).where(
        Claim.created_at >= _WEEK_PARAMETERS[0])
    closed = select(*_per_week(Event.created_at, _WEEK_PARAMETERS)).where(
        closes_a_claim(), Event.created_at >= _WEEK_PARAMETERS[0])
    return opened, closed


def opened_closed(session: DbSession, now: datetime) -> Table:
    """Claims opened (created) and closed (published for the first time or dismissed) per week.

    Closing is read from the events: a move into published or dismissed from an open state, so
    a correction is not counted again and a claim reopened and dismissed twice counts twice.
    """
    weeks = week_starts(now)
    mondays = {f"week{n}": week for n, week in enumerate(weeks)}
    opened_per_week, closed_per_week = _weekly_counts()
    opened = session.execute(opened_per_week, mondays).one()
    closed = session.execute(closed_per_week, mondays).one()
    rows = [[week.date(), int(o), int(c)] for week, o, c in zip(weeks, opened, closed, strict=True)]
    return Table("opened-closed", N_("Claims opened and closed per week"),
                 [N_("Week of"), N_("Opened"), N_("Closed")], rows)


def percentile_90(values: Sequence[float]) -> float:
    """The 90th percentile (linear between the closest ranks, as spreadsheets compute it)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


@dataclass
class VerdictTime:
    """Time to verdict over every verdict the weekly chart counts."""

    count: int
    median: timedelta | None
    p90: timedelta | None


def verdict_times(session: DbSession, now: datetime) -> tuple[Table, VerdictTime]:
    """Median and 90th-percentile time from opening a claim to its first publication, per
    week of publication. One row per verdict comes back (the ``queue_first_published`` index
    holds both columns); the durations are worked out here, where dates subtract alike.
    Also the median and 90th percentile over all of them."""
    weeks = week_starts(now)
    found = session.execute(
        select(Claim.created_at, Claim.first_published_at)
        .where(Claim.first_published_at >= weeks[0])
    ).all()
    per_week: dict[int, list[float]] = {n: [] for n in range(WEEKS)}
    for created, published in found:
        if published is None:  # excluded by the query; this narrows the type
            continue
        index = min((published - weeks[0]) // timedelta(weeks=1), WEEKS - 1)
        per_week[index].append((published - created).total_seconds())
    rows: list[list[Any]] = []
    for n, week in enumerate(weeks):
        seconds = sorted(per_week[n])
        if seconds:
            rows.append([week.date(), len(seconds), timedelta(seconds=statistics.median(seconds)),
                         timedelta(seconds=percentile_90(seconds))])
        else:
            rows.append([week.date(), 0, None, None])
    table = Table("time-to-verdict", N_("Time to verdict per week"),
                  [N_("Week of"), N_("Verdicts"), N_("Median"), N_("90th percentile")], rows)
    every = sorted(s for week in per_week.values() for s in week)
    if not every:
        return table, VerdictTime(0, None, None)
    return table, VerdictTime(len(every), timedelta(seconds=statistics.median(every)),
                              timedelta(seconds=percentile_90(every)))


def ageing(session: DbSession, now: datetime) -> Table:
    """Open claims per state and age, in one grouped query over the state index."""
    columns = []
    for _label, older, younger in AGE_BUCKETS:
        conditions = []
        if older is not None:
            conditions.append(Claim.created_at <= now - older)
        if younger is not None:
            conditions.append(Claim.created_at > now - younger)
        columns.append(func.coalesce(func.sum(case((and_(*conditions), 1), else_=0)), 0))
    found = {
        state: [int(count) for count in counts]
        for state, *counts in session.execute(
            select(Claim.state, *columns).where(Claim.is_open()).group_by(Claim.state)
        )
    }
    rows: list[list[Any]] = []
    for state in OPEN_STATE_ORDER:
        counts = found.get(str(state), [0] * len(AGE_BUCKETS))
        rows.append([state.label, *counts, sum(counts)])
    return Table("ageing", N_("Open claims by state and age"),
                 [N_("State"), *(label for label, _o, _y in AGE_BUCKETS), N_("Open in all")],
                 rows)


def workload(session: DbSession, queue_link: Any) -> Table:
    """Open claims per assignee and state: every active checker, plus anyone else holding some,
    busiest first. ``queue_link(user_id)`` is the queue of one person's claims."""
    held: dict[int, dict[str, int]] = {}
    for assignee_id, state, count in session.execute(
        select(Claim.assignee_id, Claim.state, func.count())
        .where(Claim.is_open(), Claim.assignee_id.is_not(None))
        .group_by(Claim.assignee_id, Claim.state)
    ):
        if assignee_id is None:  # excluded by the query; this narrows the type
            continue
        held.setdefault(assignee_id, {})[str(state)] = count
    people = session.execute(
        select(User.id, User.name)
        .where((User.active.is_(True) & (User.role == Role.CHECKER)) | User.id.in_(list(held)))
    ).all()
    rows: list[list[Any]] = []
    for user_id, name in people:
        counts = [held.get(user_id, {}).get(str(s), 0) for s in OPEN_STATE_ORDER]
        rows.append([name, *counts, sum(counts), user_id])
    rows.sort(key=lambda row: (-row[-2], row[0]))
    return Table("workload", N_("Workload per desk member"),
                 [N_("Desk member"), *(s.label for s in OPEN_STATE_ORDER), N_("Open in all")],
                 [row[:-1] for row in rows], [queue_link(row[-1]) for row in rows])


def ratings(session: DbSession) -> tuple[Table, list[str]]:
    """Published verdicts per rating, in the scale's order (ratings no verdict carries
    included), and each rating's colour. Counted over the published claims' ratings."""
    found = dict(
        session.execute(
            select(Claim.rating_id, func.count())
            .where(Claim.state == State.PUBLISHED).group_by(Claim.rating_id)
        ).all()
    )
    scale = session.execute(
        select(Rating.id, Rating.label, Rating.colour).order_by(Rating.position)
    ).all()
    rows = [[label, found.get(rating_id, 0)] for rating_id, label, _colour in scale]
    table = Table("ratings", N_("Published verdicts by rating"),
                  [N_("Rating"), N_("Published verdicts")], rows)
    return table, [colour for _id, _label, colour in scale]


def link_checks(session: DbSession) -> Table:
    """Evidence sources by what the last link check found (the link-state index answers it)."""
    found = dict(
        session.execute(
            select(Evidence.link_state, func.count())
            .where(Evidence.link_state.is_not(None)).group_by(Evidence.link_state)
        ).all()
    )
    order = [LinkState.GONE, LinkState.CHANGED, LinkState.OK]
    return Table("sources", N_("Sources gone or changed"), [N_("Link check"), N_("Sources")],
                 [[state.label, found.get(str(state), 0)] for state in order])


def rotten_sources(session: DbSession) -> list[Evidence]:
    """The evidence the link check found gone or changed most recently, with its claim (the
    dashboard names it: one query, not one per source)."""
    return list(session.scalars(
        select(Evidence).options(joinedload(Evidence.claim))
        # as migration 0027's dashboard_rotten_sources index states it
        .where(Evidence.link_state.in_(_written_out("rotten", [str(s) for s in ROTTEN])))
        .order_by(Evidence.link_checked_at.desc(), Evidence.id.desc()).limit(ROTTEN_SHOWN)
    ).all())


def state_counts(session: DbSession) -> dict[str, int]:
    """Claims per state, every state listed (from the trigger-kept counts, not a scan)."""
    counts = {str(state): 0 for state in State}
    for state, count in session.execute(select(ClaimStateCount.state, ClaimStateCount.claims)):
        counts[state] = count
    return counts


def overdue_count(session: DbSession) -> int:
    """Open claims past their due date."""
    return session.scalar(select(func.count()).where(Claim.is_overdue)) or 0
