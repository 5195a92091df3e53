"""Saved views of the queue: a named set of filters, one person's or shared with the desk."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime

if TYPE_CHECKING:
    from factcheck.models.users import User


class SavedView(Base):
    """The queue's filters under a name ("Elections, overdue"), listed beside the queue.

    ``query`` holds the filters as the queue's query string (name → value), so a view opens
    exactly as the queue showed it when it was saved; values the queue no longer understands
    are reported by the queue, as any link's would be. A shared view (made by an editor) is
    listed for everyone; its owner deletes it.
    """

    __tablename__ = "saved_views"
    __table_args__ = (UniqueConstraint("owner_id", "name", name="uq_saved_views_owner_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Indexed by the unique key (owner first): a person's views are one index range.
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    query: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    shared: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner: Mapped[User] = relationship()
