"""Where imported fact-checks come from when the desk reads them itself: feeds that editors
subscribe to (read again on a schedule) and single imports from a URL asked for on the page.

Both are read by jobs (``factcheck.factchecks.jobs``) through the same code path as
``flask factchecks import``; each row keeps what its last read gave, in the words the command
prints ("imported 3, updated 1, skipped 0"), or the error that stopped it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime

if TYPE_CHECKING:
    from factcheck.models.users import User


class FactCheckFeed(Base):
    """A ClaimReview feed the desk subscribes to: refreshed on a schedule while enabled."""

    __tablename__ = "factcheck_feeds"
    __table_args__ = (
        Index("ix_factcheck_feeds_enabled_next_refresh_at", "enabled", "next_refresh_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    #: SHA-256 of the normalised URL: one subscription per feed, on both databases.
    url_key: Mapped[str] = mapped_column(String(64), unique=True)
    #: Who publishes it, as the desk calls them ("Example Check"); the host when not given.
    name: Mapped[str] = mapped_column(String(200))
    enabled: Mapped[bool] = mapped_column(default=True)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_refresh_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When a refresh was put on the queue and has not run yet (None: nothing waiting).
    refresh_queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: "imported N, updated M, skipped K", or the error that stopped the refresh, in words.
    last_result: Mapped[str | None] = mapped_column(Text)
    last_failed: Mapped[bool] = mapped_column(default=False)
    #: The items the last refresh skipped, each with its reason (the first ones only).
    last_skipped: Mapped[list[str]] = mapped_column(JSON, default=list)

    added_by: Mapped[User | None] = relationship()


class FactCheckImport(Base):
    """One import from a URL asked for on the page: waiting for its job, then its result."""

    __tablename__ = "factcheck_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: As on a feed: the counts, or the error in words; empty while the job has not run.
    result: Mapped[str | None] = mapped_column(Text)
    failed: Mapped[bool] = mapped_column(default=False)
    skipped: Mapped[list[str]] = mapped_column(JSON, default=list)

    requested_by: Mapped[User | None] = relationship()
