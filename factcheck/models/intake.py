"""Articles coming in by themselves: fetched drafts, monitored outlets and their feed items."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime

if TYPE_CHECKING:
    from factcheck.models.articles import Article
    from factcheck.models.evidence import Snapshot
    from factcheck.models.users import User

#: How often an outlet's feed is read unless an editor says otherwise.
DEFAULT_POLL_MINUTES = 15


class DraftState:
    """Where a fetched draft is: being fetched, ready for review, failed, or saved."""

    FETCHING = "fetching"
    READY = "ready"
    FAILED = "failed"
    SAVED = "saved"


class ArticleDraft(Base):
    """A URL an editor pasted: the fetched page and the text extracted from it, waiting for
    the editor to correct and save it (claim offsets will index the text as saved)."""

    __tablename__ = "article_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    state: Mapped[str] = mapped_column(String(16), default=DraftState.FETCHING)
    error: Mapped[str | None] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(String(2000))
    canonical_url: Mapped[str | None] = mapped_column(String(2000))
    outlet: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(500))
    author: Mapped[str | None] = mapped_column(String(200))
    published_on: Mapped[date | None]
    language: Mapped[str | None] = mapped_column(String(16))
    body: Mapped[str | None] = mapped_column(Text)
    snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("snapshots.id", ondelete="SET NULL")
    )
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    snapshot: Mapped[Snapshot | None] = relationship()
    requested_by: Mapped[User | None] = relationship()
    article: Mapped[Article | None] = relationship()


class Outlet(Base):
    """A publisher the desk monitors through its RSS or Atom feed."""

    __tablename__ = "outlets"
    __table_args__ = (Index("ix_outlets_active_next_poll_at", "active", "next_poll_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    feed_url: Mapped[str] = mapped_column(String(2000))
    #: SHA-256 of the normalised feed URL: one outlet per feed, on both databases.
    feed_key: Mapped[str] = mapped_column(String(64), unique=True)
    interval_minutes: Mapped[int] = mapped_column(default=DEFAULT_POLL_MINUTES)
    active: Mapped[bool] = mapped_column(default=True)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    next_poll_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Failed polls in a row; the next try waits longer each time (capped at a day).
    failures: Mapped[int] = mapped_column(default=0)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    added_by: Mapped[User | None] = relationship()


class ItemState:
    """A feed item: waiting to be fetched, saved as an article, a duplicate, or failing."""

    NEW = "new"
    SAVED = "saved"
    DUPLICATE = "duplicate"
    FAILED = "failed"


class OutletItem(Base):
    """One entry of an outlet's feed, recorded once (the unique key is what stops a feed read
    twice, or by two workers at once, from making two articles)."""

    __tablename__ = "outlet_items"
    __table_args__ = (
        UniqueConstraint("outlet_id", "guid_key"),
        Index("ix_outlet_items_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"))
    #: SHA-256 of the entry's id (or its link when it has none).
    guid_key: Mapped[str] = mapped_column(String(64))
    link: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(16), default=ItemState.NEW)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    outlet: Mapped[Outlet] = relationship()
    article: Mapped[Article | None] = relationship()
