"""The notifications area's periodic job: the daily round, run by Huey's scheduler.

Every worker's scheduler runs it, every hour (so a worker that was down at the digest hour
catches up at the next); the round itself is idempotent, so more workers send nothing twice.
"""

import logging

from huey import crontab

from factcheck.jobs.queue import queue
from factcheck.models import utcnow
from factcheck.notifications.daily import run_round
from factcheck.transactions import unit_of_work

log = logging.getLogger(__name__)


@queue.periodic_task(crontab(minute="5"), name="notifications_round")
def notifications_round() -> None:
    """Reminders and (past the digest hour) digests, in one transaction."""
    if queue.app is None:
        return
    with queue.app.app_context(), unit_of_work() as session:
        result = run_round(session, utcnow())
    log.info("notifications round: %s", result)
