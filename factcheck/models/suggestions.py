"""Suggestions an editor rejected, so an article's page stops offering them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime

if TYPE_CHECKING:
    from factcheck.models.articles import Article
    from factcheck.models.users import User


class RejectedSuggestion(Base):
    """A suggested sentence of an article that the desk decided not to check.

    The sentence is identified by its offsets and a SHA-256 of its text, so a rejection never
    hides a different sentence should the suggester split the text differently one day.
    """

    __tablename__ = "rejected_suggestions"
    __table_args__ = (UniqueConstraint("article_id", "start", "end", "text_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int]
    end: Mapped[int]
    text_hash: Mapped[str] = mapped_column(String(64))
    rejected_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rejected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    article: Mapped[Article] = relationship()
    rejected_by: Mapped[User | None] = relationship()
