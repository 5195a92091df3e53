"""Keep each desk claim's sentence vector stored beside it, in the same transaction.

Whenever a flush writes a new claim or a changed statement, the encoder's vector is written to
``claim_vectors`` with it, so the vector index (see :mod:`factcheck.matching.corpus`) only
ever has to read the database. Without the encoder nothing is written and matching stays
lexical for those claims.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from factcheck import embeddings
from factcheck.matching.clean import clean
from factcheck.models import Claim, ClaimVector, utcnow
from factcheck.operations.session import DbSession


def _changed_claims(session: Session) -> list[Claim]:
    changed = [obj for obj in session.new if isinstance(obj, Claim)]
    for obj in session.dirty:
        if isinstance(obj, Claim) and inspect(obj).attrs.statement.history.has_changes():
            changed.append(obj)
    return [claim for claim in changed if claim.statement]


@event.listens_for(Session, "before_flush")
def store_claim_vectors(session: Session, context: Any, instances: Any) -> None:
    """Encode the claims this flush writes and store their vectors with them."""
    claims = _changed_claims(session)
    if claims and embeddings.available():
        with session.no_autoflush:
            store_vectors(session, claims)


def store_vectors(session: DbSession, claims: list[Claim]) -> None:
    """Encode ``claims``' statements and write each one's vector row (new or replaced); the
    encoder must be available."""
    # cleaned as a query is: a statement already clean is then its own query vector
    vectors = embeddings.encode([clean(claim.statement) for claim in claims])
    now = utcnow()
    for claim, vector in zip(claims, vectors, strict=True):
        row = session.get(ClaimVector, claim.id) if claim.id is not None else None
        if row is None:
            row = ClaimVector(claim=claim)
            session.add(row)
        row.embedding = vector.tobytes()
        row.embedding_model = embeddings.MODEL_ID
        row.updated_at = now
