"""Notifications: what happened that a desk member should know, and how they want to hear of it.

A notification belongs to one person and one claim. Those caused by an event (an assignment, a
comment that mentions someone) are made in the event's transaction; those the daily round makes
(due tomorrow, overdue) carry the due date they are about in ``day``, and the unique key over
person, claim, kind and day lets a second run of the round (or a run on another worker) add
nothing. Rows caused by events leave ``day`` empty, and empty values never collide.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime

if TYPE_CHECKING:
    from factcheck.models.claims import Claim
    from factcheck.models.users import User


class NotificationKind(StrEnum):
    """Why someone is told: the things that happen to *their* claims."""

    ASSIGNED = "assigned"
    SENT_BACK = "sent_back"
    MENTIONED = "mentioned"
    PUBLISHED = "published"
    CORRECTED = "corrected"
    DUE_TOMORROW = "due_tomorrow"
    OVERDUE = "overdue"
    REAPPEARED = "reappeared"


class Delivery(StrEnum):
    """How a person wants e-mail about one kind of notification."""

    IMMEDIATELY = "immediately"
    DAILY = "daily"
    NEVER = "never"


class MailState(StrEnum):
    """What became of a notification's e-mail."""

    NONE = "none"  # the person chose no e-mail for this kind
    QUEUED = "queued"  # its own e-mail was written with it
    DIGEST = "digest"  # waiting for the person's daily digest
    DIGESTED = "digested"  # went out in a digest


#: Digest kinds (``notification_digests.kind``): a person's waiting notifications, and the
#: editors' list of every overdue claim on the desk. The latter is also a preference key.
PERSONAL_DIGEST = "notifications"
DESK_OVERDUE = "desk_overdue"


class Notification(Base):
    """One thing one person is told about one claim; read or not."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "claim_id", "kind", "day", name="uq_notifications_once"),
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        Index("ix_notifications_mail_state", "mail_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    day: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mail_state: Mapped[str] = mapped_column(String(12), default=MailState.NONE)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    claim: Mapped[Claim] = relationship()

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.kind} user={self.user_id} claim={self.claim_id}>"


class NotificationPreference(Base):
    """A person's choice of e-mail for one kind; a kind without a row has the desk's default."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    delivery: Mapped[str] = mapped_column(String(12))


class NotificationDigest(Base):
    """A daily digest that went to one person on one day; its unique key lets only one worker
    send it, however many run the round."""

    __tablename__ = "notification_digests"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "day", name="uq_notification_digests_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
