"""Intake's background jobs: fetching a pasted URL, polling outlets, fetching feed items.

Each job takes ids, works in the transaction the runner gives it and records an outlet's or
an item's failure on its row instead of raising, so a broken feed never fails the queue; the
scheduler polls due outlets every minute.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from huey import crontab
from sqlalchemy import update

from factcheck.extensions import db
from factcheck.fetching import FetchError
from factcheck.intake.extraction import fetch_article
from factcheck.intake.polling import batches, due_outlets, fetch_items, poll_outlet
from factcheck.jobs.queue import queue
from factcheck.jobs.runner import PERSON_WAITING, enqueue_job, job
from factcheck.models import ArticleDraft, DraftState, Outlet, utcnow
from factcheck.operations.drafts import fill_draft
from factcheck.transactions import unit_of_work

log = logging.getLogger(__name__)


@job("intake.fetch_draft", priority=PERSON_WAITING)
def fetch_draft(draft_id: int) -> None:
    """Fetch a pasted URL and extract its article for the editor to review."""
    draft = db.session.get(ArticleDraft, draft_id)
    if draft is None or draft.state != DraftState.FETCHING:
        return
    try:
        page = fetch_article(draft.url)
    except FetchError as error:
        fill_draft(db.session, draft, error)
        return
    fill_draft(db.session, draft, page)


@job("intake.poll_outlet")
def poll(outlet_id: int) -> None:
    """Poll one outlet and queue fetches of its new (or earlier failed) items, a few per job."""
    outcome = poll_outlet(db.session, outlet_id)
    for batch in batches(outcome.item_ids):
        enqueue_job(db.session, "intake.fetch_items", item_ids=",".join(map(str, batch)))


@job("intake.fetch_items")
def fetch_feed_items(item_ids: str) -> None:
    """Fetch feed items (ids separated by commas) into the inbox."""
    fetch_items(db.session, [int(item_id) for item_id in item_ids.split(",") if item_id])


def schedule_due_outlets() -> int:
    """Queue a poll of every due outlet; how many.

    Each outlet's next poll time moves on in the same transaction, by a conditional update: of
    two schedulers ticking at once (two workers), only one queues a given outlet.
    """
    with unit_of_work() as session:
        now = utcnow()
        queued = 0
        for outlet in due_outlets(session, now):
            claimed = session.execute(
                update(Outlet)
                .where(Outlet.id == outlet.id, Outlet.next_poll_at <= now)
                .values(next_poll_at=now + timedelta(minutes=outlet.interval_minutes))
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount == 1:  # type: ignore[attr-defined]
                enqueue_job(session, "intake.poll_outlet", outlet_id=outlet.id)
                queued += 1
    return queued


@queue.periodic_task(crontab(minute="*"), name="poll_due_outlets")
def poll_due_outlets_every_minute() -> None:
    """Huey's scheduler polls the outlets whose time has come."""
    if queue.app is None:
        return
    with queue.app.app_context():
        queued = schedule_due_outlets()
    if queued:
        log.info("queued polls of %d outlet(s)", queued)
