"""Desk: the dashboard — how much is open, how old it is, who holds it, how fast we publish."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import render_template
from flask_login import login_required
from sqlalchemy import and_, case, func, select

from factcheck.desk.blueprint import bp
from factcheck.extensions import db
from factcheck.models import ROTTEN, Claim, ClaimStateCount, Evidence, User, utcnow
from factcheck.operations.session import DbSession
from factcheck.workflow import OPEN_STATES, Role, State

#: Open claims grouped by how long ago they were created: (label, older than, younger than).
AGE_BUCKETS: list[tuple[str, timedelta | None, timedelta | None]] = [
    ("Under 1 day", None, timedelta(days=1)),
    ("1–3 days", timedelta(days=1), timedelta(days=3)),
    ("3–7 days", timedelta(days=3), timedelta(days=7)),
    ("Over 7 days", timedelta(days=7), None),
]
VERDICT_WINDOW = timedelta(days=90)
OPEN_STATE_ORDER = [State.UNVERIFIED, State.SOURCED, State.RATED]


@dataclass
class Workload:
    """Open claims held by one desk member, by state."""

    user: User
    by_state: dict[str, int]

    @property
    def total(self) -> int:
        """All open claims the person holds."""
        return sum(self.by_state.values())


@dataclass
class TimeToVerdict:
    """How long claims took from being opened to their first publication."""

    count: int
    median: timedelta | None
    mean: timedelta | None


def state_counts(session: DbSession) -> dict[str, int]:
    """Claims per state, every state listed (from the trigger-kept counts, not a scan)."""
    counts = {str(state): 0 for state in State}
    for state, count in session.execute(select(ClaimStateCount.state, ClaimStateCount.claims)):
        counts[state] = count
    return counts


def age_buckets(session: DbSession, now: datetime) -> list[tuple[str, int]]:
    """Open claims by age, counted in one query with a CASE per bucket."""
    columns = []
    for _label, older, younger in AGE_BUCKETS:
        conditions = []
        if older is not None:
            conditions.append(Claim.created_at <= now - older)
        if younger is not None:
            conditions.append(Claim.created_at > now - younger)
        columns.append(func.coalesce(func.sum(case((and_(*conditions), 1), else_=0)), 0))
    row = session.execute(select(*columns).where(Claim.is_open())).one()
    return [(label, int(count)) for (label, _o, _y), count in zip(AGE_BUCKETS, row, strict=True)]


def overdue_count(session: DbSession) -> int:
    """Open claims past their due date."""
    return session.scalar(select(func.count(Claim.id)).where(Claim.is_overdue)) or 0


def workload(session: DbSession) -> list[Workload]:
    """Open claims per assignee and state: every active checker, plus anyone else holding some."""
    rows = session.execute(
        select(Claim.assignee_id, Claim.state, func.count(Claim.id))
        .where(Claim.is_open(), Claim.assignee_id.is_not(None))
        .group_by(Claim.assignee_id, Claim.state)
    ).all()
    held: dict[int, dict[str, int]] = {}
    for assignee_id, state, count in rows:
        if assignee_id is None:  # excluded by the query; this narrows the type
            continue
        held.setdefault(assignee_id, {str(s): 0 for s in OPEN_STATE_ORDER})[str(state)] = count
    people = session.scalars(
        select(User)
        .where((User.active.is_(True) & (User.role == Role.CHECKER)) | User.id.in_(list(held)))
        .order_by(User.name)
    ).all()
    loads = [
        Workload(person, held.get(person.id, {str(s): 0 for s in OPEN_STATE_ORDER}))
        for person in people
    ]
    return sorted(loads, key=lambda load: (-load.total, load.user.name))


def time_to_verdict(session: DbSession, now: datetime) -> TimeToVerdict:
    """Median and mean time from opening a claim to its first publication, last 90 days.

    The durations are computed in Python: date arithmetic differs between SQLite and
    PostgreSQL, and the rows are few (one per verdict).
    """
    rows = session.execute(
        select(Claim.created_at, Claim.first_published_at).where(
            Claim.first_published_at.is_not(None),
            Claim.first_published_at >= now - VERDICT_WINDOW,
        )
    ).all()
    durations = [published - created for created, published in rows if published is not None]
    if not durations:
        return TimeToVerdict(0, None, None)
    seconds = [d.total_seconds() for d in durations]
    return TimeToVerdict(
        len(durations),
        timedelta(seconds=statistics.median(seconds)),
        timedelta(seconds=statistics.fmean(seconds)),
    )


#: Rotten sources listed on the dashboard (the queue filter shows every claim).
ROTTEN_SHOWN = 10


def rotten_sources(session: DbSession) -> tuple[int, list[Evidence]]:
    """How many evidence URLs the link check found gone or changed, and the newest found."""
    rotten = Evidence.link_state.in_([str(s) for s in ROTTEN])
    count = session.scalar(select(func.count(Evidence.id)).where(rotten)) or 0
    shown = session.scalars(
        select(Evidence).where(rotten)
        .order_by(Evidence.link_checked_at.desc(), Evidence.id.desc()).limit(ROTTEN_SHOWN)
    ).all()
    return count, list(shown)


def start_of_week(now: datetime) -> datetime:
    """Monday 00:00 UTC of the week ``now`` is in."""
    monday = now - timedelta(days=now.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)


def published_since(session: DbSession, since: datetime) -> int:
    """Claims whose verdict was first published at or after ``since``."""
    return (
        session.scalar(select(func.count(Claim.id)).where(Claim.first_published_at >= since)) or 0
    )


@bp.app_template_filter("duration")
def duration(value: timedelta | None) -> str:
    """A duration as the desk reads it: "2 d 4 h", "5 h 10 min", "12 min"."""
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


@bp.get("/dashboard")
@login_required
def dashboard() -> str:
    """The desk at a glance: counts, ageing, overdue, workload and time to verdict."""
    now = utcnow()
    week_start = start_of_week(now)
    counts = state_counts(db.session)
    rotten_count, rotten = rotten_sources(db.session)
    return render_template(
        "desk/dashboard.html",
        counts=counts,
        states=list(State),
        open_total=sum(counts[str(s)] for s in OPEN_STATES),
        buckets=age_buckets(db.session, now),
        overdue=overdue_count(db.session),
        workload=workload(db.session),
        open_states=OPEN_STATE_ORDER,
        verdict_time=time_to_verdict(db.session, now),
        window_days=VERDICT_WINDOW.days,
        published_this_week=published_since(db.session, week_start),
        week_start=week_start,
        rotten_count=rotten_count,
        rotten=rotten,
    )
