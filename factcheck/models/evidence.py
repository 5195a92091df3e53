"""Evidence entries and the snapshots that keep a source alive after link rot."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime

if TYPE_CHECKING:
    from factcheck.models.claims import Claim
    from factcheck.models.users import User


class EvidenceKind(StrEnum):
    """What sort of source an evidence entry is."""

    PRIMARY_DOCUMENT = "primary_document"
    OFFICIAL_STATEMENT = "official_statement"
    DATASET = "dataset"
    EXPERT = "expert"
    NEWS_REPORT = "news_report"
    SOCIAL_MEDIA = "social_media"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The kind as the desk says it."""
        return self.value.replace("_", " ").capitalize()


class Stance(StrEnum):
    """How the source bears on the claim."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    CONTEXT = "context"

    @property
    def label(self) -> str:
        """The stance as the desk says it."""
        return self.value.capitalize()


class Snapshot(Base):
    """An uploaded copy of a source, stored in the database so app servers share nothing."""

    __tablename__ = "snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Evidence(Base):
    """A source relied on for a claim's verdict."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EvidenceKind] = mapped_column(String(30), default=EvidenceKind.OTHER)
    url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(500))
    publisher: Mapped[str | None] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(String(200))
    source_date: Mapped[date | None]
    accessed_on: Mapped[date | None]
    excerpt: Mapped[str | None] = mapped_column(Text)
    stance: Mapped[Stance] = mapped_column(String(20), default=Stance.CONTEXT)
    notes: Mapped[str | None] = mapped_column(Text)
    is_public: Mapped[bool] = mapped_column(default=True)
    private_reason: Mapped[str | None] = mapped_column(Text)
    snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("snapshots.id", ondelete="SET NULL")
    )
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="evidence")
    snapshot: Mapped[Snapshot | None] = relationship()
    added_by: Mapped[User | None] = relationship()
