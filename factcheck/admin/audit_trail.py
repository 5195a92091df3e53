"""The desk's whole audit trail — claim events and admin events — filtered and paged.

Claim changes live in ``events`` and admin actions in ``desk_events``; this module reads both as
one list (a ``UNION ALL`` filtered inside each branch, so each uses its own indexes) for the
``/admin/audit`` page and its CSV export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext
from sqlalchemy import Row, Select, String, func, literal, null, select, union_all
from sqlalchemy.orm import aliased
from werkzeug.datastructures import MultiDict

from factcheck.desk.history import EVENT_WORDS
from factcheck.models import Claim, DeskEvent, Event, User
from factcheck.operations.audit import DESK_EVENT_KINDS
from factcheck.operations.session import DbSession

#: Deeper than this nobody pages by hand; the CSV export has everything.
MAX_PAGE = 100_000
_KIND = re.compile(r"^[a-z_.]{1,40}$")
_NUMBER = re.compile(r"^[0-9]{1,18}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass
class AuditFilters:
    """What the admin asked the audit page to show. Bad values are reported, never guessed."""

    user: int | None = None
    kind: str = ""
    since: date | None = None
    until: date | None = None
    page: int = 1
    errors: list[str] = field(default_factory=list, compare=False)

    @classmethod
    def from_args(cls, args: MultiDict[str, str]) -> AuditFilters:
        """Read the query string; each value that makes no sense adds a sentence to ``errors``."""
        filters = cls()
        errors = filters.errors
        user = args.get("user", "").strip()
        if _NUMBER.match(user):
            filters.user = int(user)
        elif user:
            errors.append("Choose a desk member from the list (the user filter is not valid).")
        kind = args.get("kind", "").strip()
        if kind and not _KIND.match(kind):
            errors.append("Choose a kind of event from the list (the kind filter is not valid).")
        else:
            filters.kind = kind
        filters.since = _date(args, "since", "From", errors)
        filters.until = _date(args, "until", "To", errors)
        if filters.since and filters.until and filters.since > filters.until:
            errors.append("The “From” date is after the “To” date.")
        page = args.get("page", "1").strip() or "1"
        if _NUMBER.match(page) and 1 <= int(page) <= MAX_PAGE:
            filters.page = int(page)
        else:
            errors.append(f"Pages are numbered from 1 to {MAX_PAGE:,}; “{page[:20]}” is not one.")
        return filters

    def args(self, **changes: Any) -> dict[str, Any]:
        """The query string for these filters with ``changes`` (empty values left out)."""
        values: dict[str, Any] = {
            "user": self.user,
            "kind": self.kind,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "page": self.page if self.page != 1 else None,
        }
        values.update(changes)
        return {name: value for name, value in values.items() if value not in (None, "")}


def _date(args: MultiDict[str, str], name: str, label: str, errors: list[str]) -> date | None:
    value = args.get(name, "").strip()
    if not value:
        return None
    if _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    errors.append(f"“{label}” must be a date like 2026-11-30, not “{value[:20]}”.")
    return None


def _time_bounds(filters: AuditFilters) -> tuple[datetime | None, datetime | None]:
    """``since`` from its first moment, ``until`` to its last (both UTC days)."""
    start = datetime.combine(filters.since, time.min, UTC) if filters.since else None
    end = None
    if filters.until and filters.until < date.max:
        end = datetime.combine(filters.until + timedelta(days=1), time.min, UTC)
    return start, end


def _branches(filters: AuditFilters) -> list[Select[Any]]:
    """One SELECT per event table, with the same columns, each already filtered."""
    start, end = _time_bounds(filters)
    claim_events = select(
        Event.id,
        literal("claim", String).label("source"),
        Event.kind,
        Event.actor_id,
        Event.claim_id,
        null().label("subject_user_id"),
        Event.from_state,
        Event.to_state,
        Event.note,
        Event.payload,
        Event.created_at,
    )
    desk_events = select(
        DeskEvent.id,
        literal("desk", String).label("source"),
        DeskEvent.kind,
        DeskEvent.actor_id,
        null().label("claim_id"),
        DeskEvent.subject_user_id,
        null().label("from_state"),
        null().label("to_state"),
        DeskEvent.note,
        DeskEvent.payload,
        DeskEvent.created_at,
    )
    branches = []
    for stmt, model in ((claim_events, Event), (desk_events, DeskEvent)):
        if filters.user is not None:
            stmt = stmt.where(model.actor_id == filters.user)
        if filters.kind:
            stmt = stmt.where(model.kind == filters.kind)
        if start is not None:
            stmt = stmt.where(model.created_at >= start)
        if end is not None:
            stmt = stmt.where(model.created_at < end)
        branches.append(stmt)
    return branches


def audit_query(filters: AuditFilters) -> Select[Any]:
    """Every matching event, newest first, with who did it and what it was about."""
    trail = union_all(*_branches(filters)).subquery("trail")
    actor = aliased(User, name="actor")
    subject = aliased(User, name="subject")
    return (
        select(
            trail,
            actor.name.label("actor_name"),
            actor.email.label("actor_email"),
            Claim.statement.label("claim_statement"),
            subject.name.label("subject_name"),
            subject.email.label("subject_email"),
        )
        .outerjoin(actor, actor.id == trail.c.actor_id)
        .outerjoin(Claim, Claim.id == trail.c.claim_id)
        .outerjoin(subject, subject.id == trail.c.subject_user_id)
        .order_by(trail.c.created_at.desc(), trail.c.source, trail.c.id.desc())
    )


def count_events(session: DbSession, filters: AuditFilters) -> int:
    """How many events match (for the page count)."""
    trail = union_all(*_branches(filters)).subquery("trail")
    return session.scalar(select(func.count()).select_from(trail)) or 0


def page_of_events(
    session: DbSession, filters: AuditFilters, per_page: int
) -> tuple[list[Row[Any]], int]:
    """One page of matching events and the total number of matches."""
    total = count_events(session, filters)
    stmt = audit_query(filters).limit(per_page).offset((filters.page - 1) * per_page)
    return list(session.execute(stmt)), total


def event_kinds(session: DbSession) -> list[str]:
    """Every kind the filter offers: the admin kinds, then the claim kinds seen so far."""
    claim_kinds = session.scalars(select(Event.kind).distinct().order_by(Event.kind)).all()
    return [*DESK_EVENT_KINDS, *claim_kinds]


def describe(row: Row[Any]) -> str:
    """What happened, in words: "added a desk member", "published the verdict"."""
    return kind_words(row.kind, row.source)


def kind_words(kind: str, source: str | None = None) -> str:
    """The words for a kind of event (admin kinds and claim kinds never share a name)."""
    if source != "claim" and kind in DESK_EVENT_KINDS:
        return DESK_EVENT_KINDS[kind]
    words = EVENT_WORDS.get(kind)
    return gettext(words) if words else kind.replace("_", " ")


def details(row: Row[Any]) -> list[str]:
    """The changes an event's payload records, one line each ("Role: checker → editor")."""
    payload = row.payload or {}
    lines = []
    if "from" in payload and "to" in payload:
        lines.append(f"{payload['from']} → {payload['to']}")
    for name, change in (payload.get("changes") or {}).items():
        if isinstance(change, dict) and "to" in change:
            label = name.replace("_", " ").capitalize()
            lines.append(f"{label}: {change.get('from')} → {change['to']}")
    return lines
