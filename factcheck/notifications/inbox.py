"""A person's notifications: how many are unread, which to list, marking them read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, func, literal, select, update
from sqlalchemy.orm import InstrumentedAttribute, selectinload
from sqlalchemy.orm.util import identity_key

from factcheck.models import Notification, User, utcnow
from factcheck.operations.session import DbSession


def unread_of(user_id: ColumnElement[int] | InstrumentedAttribute[int]) -> ScalarSelect[int]:
    """How many notifications of ``user_id`` are unread, as a subquery: the user loader reads
    it with the user, so the bell on every desk page costs no statement of its own."""
    return (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


def unread_count(session: DbSession, user: User) -> int:
    """What the bell shows: the number read with the user when this request loaded it
    (nothing is marked read in the request that renders a page), else counted now."""
    if user.unread_when_loaded is not None:
        return user.unread_when_loaded
    return int(session.scalar(select(unread_of(literal(user.id)))) or 0)


def listing(user: User) -> Select[Any]:
    """``user``'s notifications, newest first, with what the list shows of each."""
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .options(selectinload(Notification.claim), selectinload(Notification.actor))
        .order_by(Notification.id.desc())
    )


def own_notification(session: DbSession, user: User, notification_id: int) -> Notification | None:
    """``user``'s notification by id; ``None`` for anyone else's (which is not theirs to see)."""
    return session.scalar(
        select(Notification).where(
            Notification.id == notification_id, Notification.user_id == user.id
        )
    )


def mark_read(session: DbSession, notification: Notification) -> None:
    """Mark one notification read (reading it again keeps the first time)."""
    if notification.read_at is None:
        notification.read_at = utcnow()
    session.flush()
    _forget_count(session, notification.user_id)


def mark_all_read(session: DbSession, user: User) -> int:
    """Mark every unread notification of ``user`` read; how many were unread."""
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    user.unread_when_loaded = None
    return int(result.rowcount)  # type: ignore[attr-defined]


def _forget_count(session: DbSession, user_id: int) -> None:
    """The loaded bell number of ``user_id`` no longer holds (if that user is loaded)."""
    loaded = session.identity_map.get(identity_key(User, user_id))
    if isinstance(loaded, User):
        loaded.unread_when_loaded = None
