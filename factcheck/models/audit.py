"""The desk's own audit trail: what admins did to members, the rating scale and settings.

Claim changes already have :class:`~factcheck.models.claims.Event`; these rows are the same kind
of record for changes that belong to no claim, so ``/admin/audit`` can list both side by side.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime

if TYPE_CHECKING:
    from factcheck.models.users import User


class DeskEvent(Base):
    """One admin action (user created, role changed, settings changed …), written in the same
    transaction as the change it records."""

    __tablename__ = "desk_events"
    # The audit page reads newest first and filters by actor, kind and date.
    __table_args__ = (
        Index("ix_desk_events_created_at", "created_at"),
        Index("ix_desk_events_actor_id", "actor_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    # The desk member the action was about (the user created, the role changed), if any.
    subject_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    subject_user: Mapped[User | None] = relationship(foreign_keys=[subject_user_id])

    def __repr__(self) -> str:
        return f"<DeskEvent {self.id} {self.kind}>"
