"""Articles whose text claims are taken from."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime

if TYPE_CHECKING:
    from factcheck.models.claims import Claim
    from factcheck.models.evidence import Snapshot
    from factcheck.models.intake import Outlet
    from factcheck.models.users import User


class Article(Base):
    """An article as ingested; claim quote offsets index into ``body`` exactly as stored."""

    __tablename__ = "articles"
    # The inbox lists new articles by their strongest suggestion.
    __table_args__ = (Index("ix_articles_inbox_best_score", "inbox", "best_score"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2000))
    author: Mapped[str | None] = mapped_column(String(200))
    published_on: Mapped[date | None]
    language: Mapped[str] = mapped_column(String(16), default="en")
    body: Mapped[str] = mapped_column(Text)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: The sentences worth checking, scored once when the text is stored (start, end, score,
    #: reasons), so the article page never re-scores a long text on every view.
    suggestions: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    #: What the stored suggestions were computed from (text and scorer); a different key means
    #: they are stale and are computed again.
    suggestions_key: Mapped[str | None] = mapped_column(String(64))

    #: The page as fetched (when the article came from a URL or a feed), and when.
    canonical_url: Mapped[str | None] = mapped_column(String(2000))
    #: No database foreign key on this and ``outlet_id``: SQLite can only add one by rebuilding
    #: ``articles``, which its rows' claims and rejected suggestions forbid (the operations
    #: clear both ids before deleting a snapshot or an outlet).
    snapshot_id: Mapped[int | None] = mapped_column()
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: SHA-256 of the canonical URL and of the normalised text. Unique, so the same article
    #: cannot be stored twice even by two workers at once; empty where an editor forced a
    #: copy of another article's.
    url_key: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    text_key: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    #: The monitored outlet it came from, and whether it waits in the inbox ("new"), was
    #: dismissed from it ("dismissed") or is a normal article (empty).
    outlet_id: Mapped[int | None] = mapped_column()
    inbox: Mapped[str | None] = mapped_column(String(16))
    #: The score of its strongest suggestion, kept in step with ``suggestions``.
    best_score: Mapped[float | None] = mapped_column(Float)

    added_by: Mapped[User | None] = relationship()
    snapshot: Mapped[Snapshot | None] = relationship(
        primaryjoin="foreign(Article.snapshot_id) == Snapshot.id"
    )
    source_outlet: Mapped[Outlet | None] = relationship(
        primaryjoin="foreign(Article.outlet_id) == Outlet.id"
    )
    claims: Mapped[list[Claim]] = relationship(
        back_populates="article", order_by="Claim.quote_start"
    )


@event.listens_for(Article.suggestions, "set")
def _keep_best_score(
    target: Article, value: list[dict[str, Any]] | None, old: Any, initiator: Any
) -> None:
    """Whoever stores suggestions (when the text is saved, or a background scoring job),
    the inbox's sort key follows."""
    scores = [float(item["score"]) for item in value or []]
    target.best_score = max(scores) if scores else None
