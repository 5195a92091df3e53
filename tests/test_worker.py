"""``flask worker`` as a real process: it takes a job from the queue storage the web process
wrote to, sends the e-mail to a real SMTP server, records the job as done, and stops on Ctrl-C.

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


@pytest.mark.parametrize(
    "database_kind, storage", [s for s in SETUPS if s[0] in DATABASES], ids=lambda v: v
)
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
            assert queue.pending_count() == 1

            env = {
                **os.environ,
                "DATABASE_URL": database.url,
                "JOBS_URL": jobs_url,
                "MAIL_URL": mailbox.url,
                "FACTCHECK_JOBS_NAME": jobs_name,
                "FACTCHECK_SECRET_KEY": "worker-test",
            }
            worker = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "flask", "--app", "app", "worker", "--workers", "1"],
                cwd=PROJECT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            deadline = time.monotonic() + 60
            while not mailbox.messages and time.monotonic() < deadline:
                time.sleep(0.2)
            assert [m["Subject"] for m in mailbox.messages] == ["Assigned"]

            with app.app_context():
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline:
                    row = db.session.scalars(select(Job)).one()
                    if row.state == JobState.DONE:
                        break
                    db.session.rollback()
                    time.sleep(0.2)
                assert (row.state, row.attempts) == (JobState.DONE, 1)
                db.session.remove()
                db.engine.dispose()

            worker.send_signal(signal.SIGINT)  # what Ctrl-C sends
            output, _ = worker.communicate(timeout=30)
            assert worker.returncode == 0, output
            assert "Consumer exiting" in output
    finally:
        if worker is not None and worker.poll() is None:
            worker.kill()
            worker.communicate()
        queue.flush()
        queue.configure(MemoryStorage, "factcheck")
        queue.app = previous_app
        database.drop()
