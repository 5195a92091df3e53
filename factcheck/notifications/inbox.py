"""A person's notifications: how many are unread, which to list, marking them read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import selectinload

from factcheck.models import Notification, User, utcnow
from factcheck.operations.session import DbSession


def unread_count(session: DbSession, user: User) -> int:
    """What the bell shows."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        )
        or 0
    )


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


def mark_all_read(session: DbSession, user: User) -> int:
    """Mark every unread notification of ``user`` read; how many were unread."""
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
