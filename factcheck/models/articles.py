"""Articles whose text claims are taken from."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime

if TYPE_CHECKING:
    from factcheck.models.claims import Claim
    from factcheck.models.users import User


class Article(Base):
    """An article as ingested; claim quote offsets index into ``body`` exactly as stored."""

    __tablename__ = "articles"

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

    added_by: Mapped[User | None] = relationship()
    claims: Mapped[list[Claim]] = relationship(
        back_populates="article", order_by="Claim.quote_start"
    )
