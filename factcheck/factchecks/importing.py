"""Store parsed ClaimReviews as :class:`~factcheck.models.FactCheck` rows, updating by URL.

Every review reaching here has been checked whole by the parser, so a row is written complete
or not at all. The sentence encoder's vectors are computed for the whole batch at once (the
model is far faster on batches) and stored on the rows; without the encoder the rows are still
imported and matched lexically. Like every service this only flushes: the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from factcheck import embeddings
from factcheck.factchecks.parsing import Review, Skipped
from factcheck.matching.clean import clean
from factcheck.models import FactCheck, utcnow
from factcheck.operations.session import DbSession

#: URLs looked up per query when finding which reviews are already stored.
LOOKUP_CHUNK = 500
_FIELDS = (
    "publisher", "publisher_url", "claim_reviewed", "headline", "claimant", "rating_text",
    "rating_value", "best_rating", "worst_rating", "review_date", "language",
)


@dataclass
class ImportResult:
    """What one import did: counts, and the items skipped with their reasons."""

    imported: int = 0
    updated: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def summary(self) -> str:
        """The line the command prints first."""
        return f"imported {self.imported}, updated {self.updated}, skipped {len(self.skipped)}"


def embedding_text(review: Review | FactCheck) -> str:
    """What the encoder reads for a fact-check: the claim as the fact-checker worded it, cleaned
    as a query is (quotation marks of one style), so a claim published twice reads the same."""
    return clean(review.claim_reviewed)


def import_reviews(
    session: DbSession, reviews: list[Review], origin: str, result: ImportResult | None = None
) -> ImportResult:
    """Insert new reviews, update the ones whose URL is already stored; flush."""
    result = result or ImportResult()
    by_url: dict[str, Review] = {}
    for review in reviews:
        by_url[review.url] = review  # the last copy of a URL in one source wins
    urls = list(by_url)
    existing: dict[str, FactCheck] = {}
    for start in range(0, len(urls), LOOKUP_CHUNK):
        chunk = urls[start:start + LOOKUP_CHUNK]
        for row in session.scalars(select(FactCheck).where(FactCheck.url.in_(chunk))):
            existing[row.url] = row
    result.updated += len(reviews) - len(by_url)
    now = utcnow()
    rows: list[FactCheck] = []
    for url, review in by_url.items():
        found = existing.get(url)
        if found is None:
            row = FactCheck(url=url, imported_at=now)
            session.add(row)
            result.imported += 1
        else:
            row = found
            result.updated += 1
        changed_text = row.claim_reviewed != review.claim_reviewed
        for name in _FIELDS:
            setattr(row, name, getattr(review, name))
        row.imported_from = origin[:2000]
        row.updated_at = now
        if changed_text or row.embedding_model != embeddings.MODEL_ID:
            rows.append(row)
    embed(rows)
    session.flush()
    return result


def embed(rows: list[FactCheck]) -> None:
    """Store the encoder's vector on each row (left empty when the encoder is absent)."""
    if not rows or not embeddings.available():
        for row in rows:
            row.embedding = None
            row.embedding_model = None
        return
    vectors = embeddings.encode([embedding_text(row) for row in rows])
    for row, vector in zip(rows, vectors, strict=True):
        row.embedding = vector.tobytes()
        row.embedding_model = embeddings.MODEL_ID
