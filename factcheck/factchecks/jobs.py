"""Background jobs: refreshing subscribed ClaimReview feeds, and single imports from a URL.

Each feed is refreshed by a job of its own, so one feed that fails (its error is recorded on
its row, the job ends normally) never holds up another. The scheduler queues the feeds whose
time has come once a minute; how often a feed comes due is ``FEED_REFRESH_MINUTES``.
"""

from __future__ import annotations

import logging

from huey import crontab

from factcheck.extensions import db
from factcheck.factchecks.feeds import due_feed_ids, queue_refresh, refresh_feed, run_import
from factcheck.jobs.queue import queue
from factcheck.jobs.runner import job
from factcheck.models import utcnow
from factcheck.transactions import unit_of_work

log = logging.getLogger(__name__)


@job("factchecks.refresh_feed")
def refresh(feed_id: int) -> None:
    """Read one subscribed feed and import what it holds (the result is kept on the feed)."""
    line = refresh_feed(db.session, feed_id)
    if line is not None:
        log.info("fact-check feed %s: %s", feed_id, line)


@job("factchecks.import_url")
def import_once(import_id: int) -> None:
    """Import the ClaimReviews at a URL an editor gave on the page."""
    run_import(db.session, import_id)


def schedule_due_feeds() -> int:
    """Queue a refresh of every due feed (each marked as waiting in the same transaction, so
    a second scheduler does not queue it again); how many."""
    with unit_of_work() as session:
        now = utcnow()
        return sum(queue_refresh(session, feed_id, now) for feed_id in due_feed_ids(session, now))


@queue.periodic_task(crontab(minute="*"), name="refresh_due_factcheck_feeds")
def refresh_due_feeds_every_minute() -> None:
    """Huey's scheduler queues the feeds whose time has come."""
    if queue.app is None:
        return
    with queue.app.app_context():
        queued = schedule_due_feeds()
    if queued:
        log.info("queued refreshes of %d fact-check feed(s)", queued)
