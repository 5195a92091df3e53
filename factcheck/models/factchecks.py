"""Fact-checks published by other organisations, imported from their ClaimReview markup.

They are never verdicts of this desk: they have no workflow, no events and no public page here.
The desk keeps them so that a claim it is about to check can be shown as "already checked by
<publisher>". The URL of the fact-check identifies it: importing the same review again updates
the row instead of adding a second one.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Float, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime

if TYPE_CHECKING:
    from factcheck.models.claims import Claim


class FactCheck(Base):
    """One ClaimReview by another fact-checker: who reviewed which claim, and the rating."""

    __tablename__ = "factchecks"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    publisher: Mapped[str] = mapped_column(String(200))
    publisher_url: Mapped[str | None] = mapped_column(String(2000))
    claim_reviewed: Mapped[str] = mapped_column(Text)
    #: The review's headline, when the markup gives one: it often words the claim differently.
    headline: Mapped[str | None] = mapped_column(Text)
    claimant: Mapped[str | None] = mapped_column(String(300))
    rating_text: Mapped[str | None] = mapped_column(String(200))
    rating_value: Mapped[float | None] = mapped_column(Float)
    best_rating: Mapped[float | None] = mapped_column(Float)
    worst_rating: Mapped[float | None] = mapped_column(Float)
    review_date: Mapped[date | None]
    language: Mapped[str | None] = mapped_column(String(16))
    #: Where it was imported from (a file name, "stdin" or the feed URL) and when.
    imported_from: Mapped[str] = mapped_column(String(2000))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: The sentence encoder's vector of the claim (float32 bytes) and the model that made it;
    #: empty when the encoder is not installed. The in-process index is rebuilt from these.
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    embedding_model: Mapped[str | None] = mapped_column(String(60))

    @property
    def rating_label(self) -> str:
        """The rating as the publisher words it, or its number on their scale."""
        if self.rating_text:
            return self.rating_text
        if self.rating_value is not None:
            scale = f"/{self.best_rating:g}" if self.best_rating is not None else ""
            return f"{self.rating_value:g}{scale}"
        return "no rating given"


class ClaimVector(Base):
    """The sentence encoder's vector of a desk claim's statement, one row per claim.

    Kept beside the claim rather than on it: a claim row is versioned for stale-form checks,
    and re-embedding it must not look like somebody edited the claim.
    """

    __tablename__ = "claim_vectors"

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    embedding: Mapped[bytes] = mapped_column(LargeBinary)
    embedding_model: Mapped[str] = mapped_column(String(60))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    claim: Mapped[Claim] = relationship()
