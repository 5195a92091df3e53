"""Background jobs of the archive: capture an evidence URL, check one host's links, and the
hourly schedule that sends the checks that are due."""

from __future__ import annotations

import logging

from huey import crontab

from factcheck.archive import CAPTURE_JOB
from factcheck.archive.capture import capture_evidence
from factcheck.archive.linkcheck import CHECK_HOST, check_host, schedule_link_checks
from factcheck.extensions import db
from factcheck.jobs.queue import queue
from factcheck.jobs.runner import job
from factcheck.transactions import unit_of_work

log = logging.getLogger(__name__)

CAPTURE = CAPTURE_JOB


@job(CAPTURE)
def capture(evidence_id: int) -> None:
    """Fetch and keep the page of one evidence entry."""
    capture_evidence(db.session, evidence_id)


@job(CHECK_HOST)
def check_links_on_host(host: str) -> None:
    """Check the due evidence URLs of one host, one request at a time."""
    check_host(db.session, host)


@queue.periodic_task(crontab(minute="23"), name="schedule_link_checks")
def schedule_link_checks_hourly() -> None:
    """Huey's scheduler sends the link checks that have come due, once an hour."""
    if queue.app is None:
        return
    with queue.app.app_context(), unit_of_work() as session:
        hosts = schedule_link_checks(session)
    if hosts:
        log.info("link checks sent for %d host(s)", len(hosts))
