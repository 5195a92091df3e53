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
from factcheck.factchecks.importing import embed
from factcheck.jobs.queue import queue
from factcheck.jobs.runner import enqueue_job, job
from factcheck.matching.claim_vectors import store_vectors
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


def _stale_claims(model: str) -> Select[Any]:
    """Claims whose stored vector another model wrote, or that have none (written while the
    encoder was not installed, or switched off)."""
    return select(Claim).outerjoin(ClaimVector, ClaimVector.claim_id == Claim.id).where(
        or_(ClaimVector.claim_id.is_(None), ClaimVector.embedding_model != model),
        Claim.statement != "",
    ).order_by(Claim.id)


def reencode_chunk(session: DbSession, limit: int = CHUNK) -> int:
    """Encode up to ``limit`` stale rows with the current model; how many. Flushes only."""
    if not embeddings.available():
        return 0
    model = embeddings.MODEL_ID
    checks = list(session.scalars(_stale_factchecks(model).limit(limit)))
    if checks:
        embed(checks)
        now = utcnow()
        for row in checks:
            row.updated_at = now  # the in-process indexes read rows changed since they last did
    claims = list(session.scalars(_stale_claims(model).limit(limit - len(checks))))
    if claims:
        # their old vector rows, read in one query so each is replaced, not looked up
        list(session.scalars(select(ClaimVector).where(
            ClaimVector.claim_id.in_([claim.id for claim in claims]))))
        store_vectors(session, claims)
    session.flush()
    return len(checks) + len(claims)


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
        for query in (_stale_factchecks(model), _stale_claims(model))
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
