"""Jobs: written to the outbox with the change that causes them, run by a worker.

An area declares a job in its own ``jobs.py`` with ``@job("area.what")``: a function taking ids
(never ORM objects) that uses ``db.session`` and does not commit. A job someone is waiting for
(a pasted page, a password-reset e-mail) is declared ``priority=PERSON_WAITING``: workers take
it before background work already queued (feed polls, imports, archive captures).

``enqueue_job(session, name, **ids)`` writes the outbox row in the caller's transaction; after
that transaction commits, the row's id is handed to the queue (a rolled-back change sends
nothing). A periodic sweep hands over rows whose hand-over was lost (a crash, the queue down),
so nothing is lost either.

The worker runs every job through one Huey task, ``run_job``: it claims the row (so a job sent
twice runs once), runs the function and marks the row done in one transaction (so a retry never
repeats work that committed), and on failure records the error and lets Huey retry with
exponential back-off.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from huey import crontab
from huey.signals import SIGNAL_INTERRUPTED
from sqlalchemy import and_, delete, event, or_, select, update
from sqlalchemy.orm import Session

from factcheck.jobs.queue import queue
from factcheck.models import Job, JobState, User, utcnow
from factcheck.models.jobs import STARTABLE
from factcheck.operations.errors import InvalidInput
from factcheck.operations.session import DbSession
from factcheck.transactions import unit_of_work
from factcheck.workflow import require_admin
from factcheck.workflow.terms import N_

log = logging.getLogger(__name__)

#: Retries after the first attempt, and the first wait; each wait doubles (30 s … 8 min).
RETRIES = 5
RETRY_DELAY = 30
RETRY_BACKOFF = 2
#: A pending row older than this was not handed over after its commit: the sweep sends it.
HANDOVER_GRACE = timedelta(seconds=60)
#: A queued or running row this old lost its worker or its queue message: send it again.
STALE_AFTER = timedelta(hours=1)
#: Done jobs are kept this long for the admins' page, then deleted; failed ones stay.
KEEP_DONE = timedelta(days=30)
_OUTBOX = "factcheck.outbox"

#: Queue priorities (Huey runs higher first): work nobody watches, and work a person waits for.
BACKGROUND = 0
PERSON_WAITING = 10

F = TypeVar("F", bound=Callable[..., None])
_JOBS: dict[str, Callable[..., None]] = {}
_PRIORITIES: dict[str, int] = {}


def job(name: str, priority: int = BACKGROUND) -> Callable[[F], F]:
    """Register a job function under ``name`` (``"mail.send"``), the name the outbox stores,
    queued at ``priority``."""

    def register(func: F) -> F:
        if _JOBS.get(name, func) is not func:
            raise ValueError(f"two jobs are called {name}")
        _JOBS[name] = func
        _PRIORITIES[name] = priority
        return func

    return register


def registered() -> list[str]:
    """Names of every job this process can run."""
    return sorted(_JOBS)


def enqueue_job(session: DbSession, name: str, **ids: int | str | None) -> Job:
    """Write job ``name`` with ``ids`` into the outbox of the current transaction.

    It reaches the queue only once the transaction commits; flushes, never commits.
    """
    if name not in _JOBS:
        raise ValueError(f"no job is called {name}")
    row = Job(name=name, args=dict(ids), state=JobState.PENDING)
    session.add(row)
    session.flush()
    send_after_commit(session, row)
    return row


def send_after_commit(session: DbSession, row: Job) -> None:
    """Hand the outbox ``row`` to the queue when ``session``'s transaction commits."""
    session.info.setdefault(_OUTBOX, []).append((row.id, row.name))


@event.listens_for(Session, "after_commit")
def _hand_over_committed(session: Session) -> None:
    for job_id, name in session.info.pop(_OUTBOX, []):
        hand_to_queue(job_id, name)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_OUTBOX, None)


def priority_of(name: str) -> int:
    """The queue priority job ``name`` was declared with (background when unknown here)."""
    return _PRIORITIES.get(name, BACKGROUND)


def hand_to_queue(job_id: int, name: str) -> bool:
    """Put a ``run_job`` message for outbox row ``job_id`` (job ``name``) on the queue at the
    job's priority; a failure is logged and left to the sweep."""
    try:
        run_job(job_id, priority=priority_of(name))
    except Exception:
        log.exception("job %s not handed to the queue; the outbox sweep will send it", job_id)
        return False
    return True


@queue.task(
    retries=RETRIES,
    retry_delay=RETRY_DELAY,
    retry_backoff=RETRY_BACKOFF,
    context=True,
    name="run_job",
)
def run_job(job_id: int, task: Any = None) -> None:
    """Run outbox job ``job_id`` once, in its own transaction, inside the app."""
    if queue.app is None:
        raise RuntimeError("the job queue is not bound to an app (create_app was not called)")
    with queue.app.app_context():
        started = _claim(job_id)
        if started is None:
            return
        name, args = started
        try:
            with unit_of_work() as session:
                function = _JOBS.get(name)
                if function is None:
                    raise LookupError(f"no job called {name} is installed in this worker")
                function(**args)
                _mark(session, job_id, JobState.DONE, last_error=None, finished_at=utcnow())
        except Exception as exc:
            final = task is None or not task.retries
            with unit_of_work() as session:
                _mark(
                    session,
                    job_id,
                    JobState.FAILED if final else JobState.RETRYING,
                    last_error=_describe(exc),
                    finished_at=utcnow() if final else None,
                )
            raise


@queue.signal(SIGNAL_INTERRUPTED)
def requeue_interrupted(signal_name: str, task: Any, *args: Any, **kwargs: Any) -> None:
    """A worker stopped while running a job (its shutdown timeout ran out): put the outbox row
    back to queued and send the job again, so the next worker runs it at once instead of the
    sweep finding it an hour later. Jobs are idempotent, so a job that did finish is skipped."""
    if getattr(task, "name", None) != "run_job" or queue.app is None or not task.args:
        return
    job_id = int(task.args[0])
    with queue.app.app_context():
        with unit_of_work() as session:
            session.execute(
                update(Job)
                .where(Job.id == job_id, Job.state == JobState.RUNNING)
                .values(state=JobState.QUEUED, enqueued_at=utcnow())
            )
            name = session.scalar(select(Job.name).where(Job.id == job_id))
        if name is not None and hand_to_queue(job_id, name):
            log.warning("job %s was still running at shutdown; sent again", job_id)


def _claim(job_id: int) -> tuple[str, dict[str, Any]] | None:
    """Move the job to running; None when it is done, failed or running elsewhere."""
    with unit_of_work() as session:
        claimed = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.state.in_([str(s) for s in STARTABLE]))
            .values(state=JobState.RUNNING, attempts=Job.attempts + 1, started_at=utcnow())
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        row = session.get(Job, job_id)
        assert row is not None  # noqa: S101  (just updated in this transaction)
        return row.name, dict(row.args)


def _mark(session: DbSession, job_id: int, state: JobState, **values: Any) -> None:
    session.execute(update(Job).where(Job.id == job_id).values(state=state, **values))


def _describe(exc: BaseException) -> str:
    """The error as an admin reads it: the exception and where it happened, kept short."""
    return "".join(traceback.format_exception(exc, limit=-3))[-4000:]


def sweep_outbox() -> int:
    """Hand over every row whose hand-over was lost; how many were sent."""
    now = utcnow()
    with unit_of_work() as session:
        lost = session.execute(
            select(Job.id, Job.name).where(
                or_(
                    and_(Job.state == JobState.PENDING, Job.created_at < now - HANDOVER_GRACE),
                    and_(Job.state == JobState.QUEUED, Job.enqueued_at < now - STALE_AFTER),
                    and_(Job.state == JobState.RUNNING, Job.started_at < now - STALE_AFTER),
                )
            )
        ).all()
        if lost:
            session.execute(
                update(Job)
                .where(Job.id.in_([job_id for job_id, _ in lost]))
                .values(state=JobState.QUEUED, enqueued_at=now)
            )
    return sum(hand_to_queue(job_id, name) for job_id, name in lost)


@queue.periodic_task(crontab(minute="*"), name="sweep_outbox")
def sweep_outbox_every_minute() -> None:
    """Huey's scheduler runs the sweep in the worker once a minute."""
    if queue.app is None:
        return
    with queue.app.app_context():
        sent = sweep_outbox()
    if sent:
        log.warning("outbox sweep sent %d job(s) whose hand-over was lost", sent)


def prune_done_jobs() -> int:
    """Delete done jobs older than ``KEEP_DONE``; how many went."""
    with unit_of_work() as session:
        pruned = session.execute(
            delete(Job).where(Job.state == JobState.DONE, Job.finished_at < utcnow() - KEEP_DONE)
        )
    return int(pruned.rowcount)  # type: ignore[attr-defined]


@queue.periodic_task(crontab(hour="3", minute="17"), name="prune_done_jobs")
def prune_done_jobs_nightly() -> None:
    """Huey's scheduler keeps the outbox from growing without end."""
    if queue.app is not None:
        with queue.app.app_context():
            prune_done_jobs()


def retry_job(session: DbSession, actor: User, row: Job) -> None:
    """An admin sends a failed job again, with a fresh round of retries."""
    require_admin(actor, N_("retry jobs"))
    if row.state != JobState.FAILED:
        raise InvalidInput(
            N_("Only a failed job can be retried; this one is %(state)s."), state=str(row.state)
        )
    row.state = JobState.PENDING
    row.finished_at = None
    session.flush()
    send_after_commit(session, row)

