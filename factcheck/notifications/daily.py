"""The daily round: due and overdue reminders, and the digests, each made once.

Huey's scheduler runs it every hour in every worker (``jobs``); running it again, or on two
workers at once, changes nothing the first run did: reminders are unique per person, claim,
kind and due date, and a digest is claimed by inserting its (person, kind, day) row before it
is written, so only the worker whose insert went in sends it. Every step walks rows in id order,
so two workers' transactions wait for each other instead of deadlocking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import selectinload

from factcheck.models import (
    Claim,
    Delivery,
    MailState,
    Notification,
    NotificationDigest,
    NotificationKind,
    User,
    utcnow,
)
from factcheck.models.notifications import DESK_OVERDUE, PERSONAL_DIGEST
from factcheck.notifications import emails
from factcheck.notifications.creating import insert_once, reminders
from factcheck.notifications.preferences import delivery_for
from factcheck.operations.session import DbSession
from factcheck.workflow import Role, State

#: The hour (UTC) from which the day's digests go out.
DEFAULT_DIGEST_HOUR = 7
OPEN_STATES = [str(s) for s in State if s not in (State.PUBLISHED, State.DISMISSED)]


@dataclass(frozen=True)
class RoundResult:
    """What one run of the round made: reminders, personal digests, editors' overdue lists."""

    reminders: int
    digests: int
    overdue_lists: int


def _open_claims_due(session: DbSession, *conditions: ColumnElement[bool]) -> list[Claim]:
    return list(
        session.scalars(
            select(Claim)
            .where(Claim.state.in_(OPEN_STATES), Claim.due_date.is_not(None), *conditions)
            .options(selectinload(Claim.assignee))
            .order_by(Claim.id)
        )
    )


def overdue_claims(session: DbSession, today: date) -> list[Claim]:
    """Open claims whose due date has passed, oldest due first."""
    claims = _open_claims_due(session, Claim.due_date < today)
    return sorted(claims, key=lambda c: (c.due_date, c.id))


def remind(session: DbSession, today: date) -> int:
    """Tell each checker about their claims due tomorrow and overdue, once per due date."""
    tomorrow = today + timedelta(days=1)
    assigned = Claim.assignee_id.is_not(None)
    due = _open_claims_due(session, assigned, Claim.due_date == tomorrow)
    late = _open_claims_due(session, assigned, Claim.due_date < today)
    return reminders(session, due, NotificationKind.DUE_TOMORROW) + reminders(
        session, late, NotificationKind.OVERDUE
    )


def claim_digest(session: DbSession, user: User, kind: str, today: date) -> bool:
    """Whether this run is the one to send ``user``'s ``kind`` digest of ``today``."""
    return insert_once(
        session, NotificationDigest, user_id=user.id, kind=kind, day=today, created_at=utcnow()
    ) is not None


def send_personal_digests(session: DbSession, today: date) -> int:
    """One e-mail per person with the notifications waiting for their digest."""
    waiting = session.scalars(
        select(Notification)
        .join(Notification.user)
        .where(Notification.mail_state == MailState.DIGEST, User.active.is_(True))
        .options(selectinload(Notification.claim), selectinload(Notification.actor))
        .order_by(Notification.user_id, Notification.id)
    ).all()
    by_user: dict[User, list[Notification]] = {}
    for notification in waiting:
        by_user.setdefault(notification.user, []).append(notification)
    sent = 0
    for user, notifications in by_user.items():
        if not claim_digest(session, user, PERSONAL_DIGEST, today):
            continue
        emails.queue_digest(session, user, notifications)
        for notification in notifications:
            notification.mail_state = MailState.DIGESTED
        sent += 1
    session.flush()
    return sent


def send_overdue_lists(session: DbSession, today: date) -> int:
    """The editors' daily list of every overdue claim (nothing when none is overdue)."""
    claims = overdue_claims(session, today)
    if not claims:
        return 0
    editors = session.scalars(
        select(User)
        .where(User.active.is_(True), User.role.in_([Role.EDITOR, Role.ADMIN]))
        .order_by(User.id)
    ).all()
    sent = 0
    for editor in editors:
        if delivery_for(session, editor, DESK_OVERDUE) == Delivery.NEVER:
            continue
        if claim_digest(session, editor, DESK_OVERDUE, today):
            emails.queue_desk_overdue(session, editor, claims)
            sent += 1
    return sent


def run_round(session: DbSession, now: datetime, *, digests: bool | None = None) -> RoundResult:
    """Reminders for ``now``'s day; the digests too once it is past the digest hour (or when
    ``digests`` says so). Flushes only: the caller commits."""
    today = now.date()
    if digests is None:
        hour = int(current_app.config.get("NOTIFICATIONS_DIGEST_HOUR", DEFAULT_DIGEST_HOUR))
        digests = now.hour >= hour
    made = remind(session, today)
    if not digests:
        return RoundResult(made, 0, 0)
    return RoundResult(
        made, send_personal_digests(session, today), send_overdue_lists(session, today)
    )
