"""Suggestions an editor rejected, so an article's page stops offering them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
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


class SuggestionModel(Base):
    """One run of ``flask suggest retrain``: its figures, and the desk's correction when kept.

    The newest row says when retraining last ran and how it did (the admin page shows it); the
    newest row with ``kept`` true holds the correction the desk's suggestions use. Stored here,
    not in a file, so the database stays the one source of truth and every app process agrees.
    """

    __tablename__ = "suggestion_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    trained_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    decisions: Mapped[int]
    heldout_decisions: Mapped[int]
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    kept: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[str] = mapped_column(Text)
    weights: Mapped[dict[str, Any] | None] = mapped_column(JSON)
