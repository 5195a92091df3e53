"""The matching area's job: encode again the vectors another model (or none) wrote.

Vectors are only compared with vectors of the same model (``embedding_model`` is stored beside
each, and the index reads only :data:`factcheck.embeddings.MODEL_ID`'s). When the desk is
upgraded to a new encoder, or the encoder is installed after fact-checks were imported without
it, the old rows would otherwise match by words alone until they were imported again (claims
written while the encoder was missing, until their statement was edited). A
periodic task queues :func:`reencode` while such rows remain; each run encodes one chunk, in a
short transaction of its own, and queues the next.
"""

from __future__ import annotations

import logging
from typing import Any

from huey import crontab
from sqlalchemy import Select, or_, select

from factcheck import embeddings
from factcheck.extensions import db
from factcheck.factchecks.importing import embedding_text
from factcheck.jobs.queue import queue
from factcheck.jobs.runner import enqueue_job, job
from factcheck.matching.clean import clean
from factcheck.models import Claim, ClaimVector, FactCheck, Job, utcnow
from factcheck.models.jobs import STARTABLE, JobState
from factcheck.operations.session import DbSession
from factcheck.transactions import unit_of_work

log = logging.getLogger(__name__)

REENCODE_JOB = "matching.reencode"
#: Rows encoded by one run of the job (about 10 s on one core for the int8 model).
CHUNK = 1000


def _stale_factchecks(model: str) -> Select[Any]:
    return select(FactCheck).where(
        or_(FactCheck.embedding_model.is_(None), FactCheck.embedding_model != model)
    ).order_by(FactCheck.id)


def _stale_claim_vectors(model: str) -> Select[Any]:
    return select(ClaimVector).where(ClaimVector.embedding_model != model).order_by(
        ClaimVector.claim_id)


def _claims_without_vector() -> Select[int, str]:
    """Claims written while the encoder was not installed (or switched off)."""
    return select(Claim.id, Claim.statement).outerjoin(
        ClaimVector, ClaimVector.claim_id == Claim.id
    ).where(ClaimVector.claim_id.is_(None)).order_by(Claim.id)


def reencode_chunk(session: DbSession, limit: int = CHUNK) -> int:
    """Encode up to ``limit`` stale rows with the current model; how many. Flushes only."""
    if not embeddings.available():
        return 0
    model, now = embeddings.MODEL_ID, utcnow()
    checks = list(session.scalars(_stale_factchecks(model).limit(limit)))
    if checks:
        vectors = embeddings.encode([embedding_text(row) for row in checks])
        for row, vector in zip(checks, vectors, strict=True):
            row.embedding = vector.tobytes()
            row.embedding_model = model
            row.updated_at = now  # the in-process indexes read rows changed since they last did
    left = limit - len(checks)
    claims: list[ClaimVector] = []
    if left > 0:
        claims = list(session.scalars(_stale_claim_vectors(model).limit(left)))
    if claims:
        statements = {claim_id: statement for claim_id, statement in session.execute(
            select(Claim.id, Claim.statement).where(
                Claim.id.in_([row.claim_id for row in claims])))}
        vectors = embeddings.encode([clean(statements[row.claim_id]) for row in claims])
        for stored, vector in zip(claims, vectors, strict=True):
            stored.embedding = vector.tobytes()
            stored.embedding_model = model
            stored.updated_at = now
    left -= len(claims)
    missing = list(session.execute(_claims_without_vector().limit(left))) if left > 0 else []
    if missing:
        vectors = embeddings.encode([clean(statement) for _, statement in missing])
        session.add_all(
            ClaimVector(claim_id=claim_id, embedding=vector.tobytes(), embedding_model=model,
                        updated_at=now)
            for (claim_id, _), vector in zip(missing, vectors, strict=True)
        )
    session.flush()
    return len(checks) + len(claims) + len(missing)


def _queued(session: DbSession) -> bool:
    return session.scalar(
        select(Job.id).where(
            Job.name == REENCODE_JOB,
            Job.state.in_([str(s) for s in (*STARTABLE, JobState.RUNNING)]),
        ).limit(1)
    ) is not None


def queue_reencode(session: DbSession) -> bool:
    """Queue the job when stale rows remain and it is not queued already; whether it was."""
    if _queued(session) or not _has_stale(session):
        return False
    enqueue_job(session, REENCODE_JOB)
    return True


def _has_stale(session: DbSession) -> bool:
    if not embeddings.available():
        return False
    model = embeddings.MODEL_ID
    return any(
        session.scalar(query.limit(1)) is not None
        for query in (_stale_factchecks(model), _stale_claim_vectors(model),
                      _claims_without_vector())
    )


@job(REENCODE_JOB)
def reencode() -> None:
    """Encode one chunk of stale rows; queue the next run while some remain."""
    done = reencode_chunk(db.session)
    if done:
        log.info("encoded %d stored vector(s) again with %s", done, embeddings.MODEL_ID)
    if done == CHUNK and _has_stale(db.session):
        enqueue_job(db.session, REENCODE_JOB)


@queue.periodic_task(crontab(minute="*/10"), name="queue_matching_reencode")
def queue_reencode_every_ten_minutes() -> None:
    """Huey's scheduler queues the job after an upgrade of the encoder (cheap otherwise)."""
    if queue.app is None:
        return
    with queue.app.app_context(), unit_of_work() as session:
        queue_reencode(session)
