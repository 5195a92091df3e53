"""``flask worker`` as a real process: it takes a job from the queue storage the web process
wrote to, sends the e-mail to a real SMTP server, records the job as done, and stops on Ctrl-C;
on SIGTERM (what ``make run``'s honcho sends) it lets the job in hand finish, or gives it back
to the queue when it cannot finish in time.

SQLite database with the SQLite queue file, PostgreSQL with the local Redis: the two ways a desk
runs (one machine; several app servers and workers).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from huey.storage import MemoryStorage
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.jobs.queue import queue
from factcheck.mail.sending import queue_mail
from factcheck.models import Job, JobState
from tests import conftest
from tests.conftest import DATABASES, make_app
from tests.jobs_helpers import REDIS_URL
from tests.smtp_server import smtp_server

PROJECT = Path(__file__).resolve().parent.parent
SETUPS = [("sqlite", "sqlite"), ("postgresql", "redis")]


def start_worker(
    database_url: str, jobs_url: str, jobs_name: str, mail_url: str, *options: str
) -> subprocess.Popen[str]:
    """``flask worker`` in its own process, as ``make run`` or a deployment starts it."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JOBS_URL": jobs_url,
        "MAIL_URL": mail_url,
        "FACTCHECK_JOBS_NAME": jobs_name,
        "FACTCHECK_SECRET_KEY": "worker-test",
    }
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "flask", "--app", "app", "worker", "--workers", "1", *options],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def job_state(app: Flask, until: str = JobState.DONE, wait: float = 10) -> tuple[str, int]:
    """The one outbox row's state and attempts, once it is ``until`` (or after ``wait`` s)."""
    with app.app_context():
        deadline = time.monotonic() + wait
        while True:
            row = db.session.scalars(select(Job)).one()
            state = (row.state, row.attempts)
            db.session.rollback()  # expires ``row``: compare what was read, not a fresh load
            if state[0] == until or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        db.session.remove()
        db.engine.dispose()
    return state


def clean_up(
    workers: list[subprocess.Popen[str]], previous_app: Flask | None,
    database: conftest.TestDatabase,
) -> None:
    """Stop what is still running, put the queue back in memory, drop the database."""
    for worker in workers:
        if worker.poll() is None:
            worker.kill()
            worker.communicate()
    queue.flush()
    queue.configure(MemoryStorage, "factcheck")
    queue.app = previous_app
    database.drop()


SETUP_PARAMS = pytest.mark.parametrize(
    "database_kind, storage", [s for s in SETUPS if s[0] in DATABASES], ids=lambda v: v
)


@SETUP_PARAMS
def test_the_worker_process_sends_a_committed_mail(
    database_kind: str, storage: str, tmp_path: Path
) -> None:
    database = conftest.TestDatabase(database_kind)
    jobs_url = f"sqlite:///{tmp_path}/jobs.sqlite" if storage == "sqlite" else REDIS_URL
    jobs_name = f"factcheck-test-{uuid.uuid4().hex[:12]}"
    previous_app = queue.app
    worker = None
    try:
        with smtp_server() as mailbox:
            settings = {"JOBS_URL": jobs_url, "JOBS_NAME": jobs_name, "MAIL_URL": mailbox.url}
            app = make_app(database.url, **settings)
            with app.app_context():
                upgrade()
                queue_mail(db.session, "checker@newsroom.example", "Assigned", "Claim 9.")
                db.session.commit()  # the web process's part ends here
            waiting = [task.name for task in queue.pending()]
            assert waiting.count("run_job") == 1, waiting  # beside the scheduler's sweep

            worker = start_worker(database.url, jobs_url, jobs_name, mailbox.url)
            deadline = time.monotonic() + 60
            while not mailbox.messages and time.monotonic() < deadline:
                time.sleep(0.2)
            assert [m["Subject"] for m in mailbox.messages] == ["Assigned"]

            assert job_state(app) == (JobState.DONE, 1)

            worker.send_signal(signal.SIGINT)  # what Ctrl-C sends
            output, _ = worker.communicate(timeout=30)
            assert worker.returncode == 0, output
            assert "Consumer exiting" in output
    finally:
        clean_up([worker] if worker is not None else [], previous_app, database)


@SETUP_PARAMS
@pytest.mark.parametrize("finishes", [
True, False], ids=["finishes", "requeued"])
def test_sigterm_lets_the_job_in_hand_finish_or_gives_it_back(
    database_kind: str, storage: str, finishes: bool, tmp_path: Path
) -> None:
    """SIGTERM while the worker waits on a slow SMTP server: when the server answers within
    the shutdown timeout the mail is sent and the job done; when it does not, the worker
    still stops, and the job is queued again and sent by the next worker."""
    database = conftest.TestDatabase(database_kind)
    jobs_url = f"sqlite:///{tmp_path}/jobs.sqlite" if storage == "sqlite" else REDIS_URL
    jobs_name = f"factcheck-test-{uuid.uuid4().hex[:12]}"
    previous_app = queue.app
    workers: list[subprocess.Popen[str]] = []
    try:
        with smtp_server() as mailbox:
            mailbox.hold = True
            app = make_app(database.url, JOBS_URL=jobs_url, JOBS_NAME=jobs_name,
                           MAIL_URL=mailbox.url)
            with app.app_context():
                upgrade()
                queue_mail(db.session, "checker@newsroom.example", "Assigned", "Claim 9.")
                db.session.commit()
            timeout = "30" if finishes else "1"
            workers.append(start_worker(database.url, jobs_url, jobs_name, mailbox.url,
                                        "--shutdown-timeout", timeout))
            assert mailbox.arrived.wait(60), "the worker never reached the SMTP server"

            workers[0].send_signal(signal.SIGTERM)  # what honcho sends on Ctrl-C
            if finishes:
                time.sleep(1)
                mailbox.release.set()
            output, _ = workers[0].communicate(timeout=60)
            assert workers[0].returncode == 0, output
            assert "Shutting down gracefully" in output

            if finishes:
                assert [m["Subject"] for m in mailbox.messages] == ["Assigned"]
                assert job_state(app) == (JobState.DONE, 1), output
                return
            assert "sent again" in output
            assert mailbox.messages == []
            assert job_state(app, until=JobState.QUEUED) == (JobState.QUEUED, 1)
            waiting = [task.name for task in queue.pending()]
            assert waiting.count("run_job") == 1, waiting  # beside the scheduler's sweep

            mailbox.release.set()
            workers.append(start_worker(database.url, jobs_url, jobs_name, mailbox.url))
            # A new worker imports the whole desk (models included) before its first job:
            # on a busy 2-core machine that alone can take a minute.
            assert job_state(app, wait=240)[0] == JobState.DONE
            assert "Assigned" in [m["Subject"] for m in mailbox.messages]
    finally:
        clean_up(workers, previous_app, database)
