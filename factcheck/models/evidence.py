"""Evidence entries and the snapshots that keep a source alive after link rot."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime
from factcheck.workflow.terms import N_, say

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
        return say(_KIND_LABELS[self])


class Stance(StrEnum):
    """How the source bears on the claim."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    CONTEXT = "context"

    @property
    def label(self) -> str:
        """The stance as the desk says it."""
        return say(_STANCE_LABELS[self])


class Snapshot(Base):
    """A stored copy of a source: uploaded by a checker, or fetched by the desk (then with
    where and when it was fetched). The bytes are in ``data`` (the database, the default) or,
    when ``storage_key`` is set, in the bucket it names (see :mod:`factcheck.archive.storage`).
    """

    __tablename__ = "snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    #: ``s3://bucket/key`` when the bytes live in a bucket rather than in ``data``.
    storage_key: Mapped[str | None] = mapped_column(String(1000))
    #: For a fetched copy: the URL asked for, where redirects ended, the answer's status and
    #: when it came (all empty for an upload).
    source_url: Mapped[str | None] = mapped_column(String(2000))
    final_url: Mapped[str | None] = mapped_column(String(2000))
    http_status: Mapped[int | None]
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @staticmethod
    def hash(data: bytes) -> str:
        """The hex SHA-256 a snapshot of ``data`` is known by."""
        return hashlib.sha256(data).hexdigest()


class CaptureState(StrEnum):
    """Where the desk's own copy of an evidence URL is."""

    PENDING = "pending"
    CAPTURED = "captured"
    FAILED = "failed"


class LinkState(StrEnum):
    """What the last link check found at an evidence URL."""

    OK = "ok"
    CHANGED = "changed"
    GONE = "gone"

    @property
    def label(self) -> str:
        """The finding as the desk says it."""
        return say(_LINK_LABELS[self])


_KIND_LABELS = {
    EvidenceKind.PRIMARY_DOCUMENT: N_("Primary document"),
    EvidenceKind.OFFICIAL_STATEMENT: N_("Official statement"),
    EvidenceKind.DATASET: N_("Dataset"),
    EvidenceKind.EXPERT: N_("Expert"),
    EvidenceKind.NEWS_REPORT: N_("News report"),
    EvidenceKind.SOCIAL_MEDIA: N_("Social media"),
    EvidenceKind.OTHER: N_("Other"),
}
_STANCE_LABELS = {
    Stance.SUPPORTS: N_("Supports"),
    Stance.CONTRADICTS: N_("Contradicts"),
    Stance.CONTEXT: N_("Context"),
}
_LINK_LABELS = {
    LinkState.OK: N_("Live, unchanged"),
    LinkState.CHANGED: N_("Changed since capture"),
    LinkState.GONE: N_("Gone"),
}
#: Link states the desk calls rotten ("sources gone or changed").
ROTTEN = (LinkState.CHANGED, LinkState.GONE)


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
    #: The desk's own copy of ``url`` (page and WARC record), fetched by a job.
    capture_state: Mapped[str | None] = mapped_column(String(16))
    capture_error: Mapped[str | None] = mapped_column(Text)
    capture_id: Mapped[int | None] = mapped_column(
        ForeignKey("snapshots.id", ondelete="SET NULL")
    )
    warc_id: Mapped[int | None] = mapped_column(ForeignKey("snapshots.id", ondelete="SET NULL"))
    #: The last link check: ok, changed (content differs from the capture) or gone.
    link_state: Mapped[str | None] = mapped_column(String(16), index=True)
    link_status: Mapped[int | None]
    link_error: Mapped[str | None] = mapped_column(Text)
    link_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    claim: Mapped[Claim] = relationship(back_populates="evidence")
    snapshot: Mapped[Snapshot | None] = relationship(foreign_keys=[snapshot_id])
    capture: Mapped[Snapshot | None] = relationship(foreign_keys=[capture_id])
    warc: Mapped[Snapshot | None] = relationship(foreign_keys=[warc_id])
    added_by: Mapped[User | None] = relationship()

    @property
    def is_rotten(self) -> bool:
        """Whether the last link check found the source gone or changed."""
        return self.link_state in ROTTEN
