"""The outbox: one row per background job, written in the transaction that causes it.

The row is both the outbox (a job exists only if the change that caused it committed) and the
job's record for admins (state, attempts, the last error), whichever queue storage runs it.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime


class JobState(StrEnum):
    """Where a job is: written, handed to the queue, running, waiting to retry, done, failed."""

    PENDING = "pending"
    QUEUED = "queued"
    RUNNING = "running"
    RETRYING = "retrying"
    DONE = "done"
    FAILED = "failed"


#: States from which a worker may start the job.
STARTABLE = (JobState.PENDING, JobState.QUEUED, JobState.RETRYING)


class Job(Base):
    """A background job: which job (``name``), with which ids (``args``), and how it went."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_created_at", "state", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default=JobState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
