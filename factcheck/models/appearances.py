"""Where a claim already on the desk turned up again: an article, a quote, a date."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime

if TYPE_CHECKING:
    from factcheck.models.articles import Article
    from factcheck.models.claims import Claim
    from factcheck.models.users import User


class ClaimAppearance(Base):
    """One more place a claim was made, recorded by an editor after it was on the desk.

    Not part of the verdict: a published verdict's frozen revision keeps where the claim had
    appeared when it was published, and these rows are listed beside it (see
    :mod:`factcheck.operations.appearances`).
    """

    __tablename__ = "claim_appearances"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    url: Mapped[str | None] = mapped_column(String(2000))
    appeared_on: Mapped[date | None]
    quote: Mapped[str] = mapped_column(Text)
    quote_start: Mapped[int | None]
    quote_end: Mapped[int | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="appearances")
    article: Mapped[Article | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()
