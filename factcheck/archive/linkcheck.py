"""Link rot: every evidence URL is fetched again now and then and compared with its capture.

A periodic job (:func:`schedule_link_checks`) finds the evidence whose last check is older
than ``LINK_CHECK_DAYS`` (7 by default) and sends one ``archive.check_host`` job per host, never
a second one for a host whose job is still waiting or running: each host gets one request at a
time, a pause of ``LINK_CHECK_PAUSE`` seconds between them, and at most ``LINK_CHECK_BATCH``
URLs per run (the rest wait for the next run).

A finding is ``ok`` (the same bytes as the capture), ``changed`` (a 2xx answer with other
bytes) or ``gone`` (an error status, or no answer at all). The pages are fetched before
anything is written, so a slow host never holds a database transaction open.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import or_, select

from factcheck.archive.capture import capture_types, store_capture
from factcheck.fetching import FetchError, FetchResult, fetch
from factcheck.jobs.runner import enqueue_job
from factcheck.models import Evidence, Job, LinkState, utcnow
from factcheck.models.jobs import STARTABLE, JobState
from factcheck.operations.events import record
from factcheck.operations.session import DbSession

CHECK_HOST = "archive.check_host"


def host_of(url: str | None) -> str | None:
    """The lower-case host of ``url`` (how checks are grouped), ``None`` when it has none."""
    try:
        host = urlsplit(url or "").hostname
    except ValueError:
        return None
    return host.lower() if host else None


def _interval() -> timedelta:
    return timedelta(days=float(current_app.config.get("LINK_CHECK_DAYS", 7)))


def _due(session: DbSession, now: datetime) -> list[tuple[int, str]]:
    """Evidence ids and URLs whose last check is older than the interval (or never ran)."""
    rows = session.execute(
        select(Evidence.id, Evidence.url)
        .where(Evidence.url.is_not(None))
        .where(or_(Evidence.link_checked_at.is_(None),
                   Evidence.link_checked_at < now - _interval()))
        .order_by(Evidence.link_checked_at.is_not(None), Evidence.link_checked_at, Evidence.id)
    ).all()
    return [(row.id, row.url) for row in rows if row.url]


def _hosts_in_hand(session: DbSession) -> set[str]:
    """Hosts whose check job is waiting or running (sending another would double the load)."""
    active = [str(s) for s in (*STARTABLE, JobState.RUNNING)]
    args = session.scalars(
        select(Job.args).where(Job.name == CHECK_HOST, Job.state.in_(active))
    ).all()
    return {str(a.get("host")) for a in args}


def schedule_link_checks(session: DbSession, now: datetime | None = None) -> list[str]:
    """Send a check job for each host with evidence due; the hosts sent."""
    now = now or utcnow()
    busy = _hosts_in_hand(session)
    hosts = sorted({h for _, url in _due(session, now) if (h := host_of(url)) and h not in busy})
    for host in hosts:
        enqueue_job(session, CHECK_HOST, host=host)
    return hosts


@dataclass(frozen=True)
class Finding:
    """What one fetch of an evidence URL found."""

    evidence_id: int
    url: str
    result: FetchResult | None
    error: FetchError | None


def _fetch_all(targets: list[tuple[int, str]], pause: float) -> list[Finding]:
    findings = []
    for number, (evidence_id, url) in enumerate(targets):
        if number and pause:
            time.sleep(pause)
        try:
            result = fetch(url, allowed_types=capture_types())
        except FetchError as error:
            findings.append(Finding(evidence_id, url, None, error))
        else:
            findings.append(Finding(evidence_id, url, result, None))
    return findings


def _judge(evidence: Evidence, finding: Finding) -> tuple[LinkState, int | None, str | None]:
    result, error = finding.result, finding.error
    if result is None:
        assert error is not None  # noqa: S101  (a finding has one or the other)
        if error.reason == "content_type":  # a page that became another kind of file
            return LinkState.CHANGED, None, str(error)
        return LinkState.GONE, None, str(error)
    if not result.ok:
        return LinkState.GONE, result.status, f"The source answered HTTP {result.status}."
    if evidence.capture is not None and evidence.capture.sha256 != result.sha256:
        return LinkState.CHANGED, result.status, None
    return LinkState.OK, result.status, None


def apply_finding(session: DbSession, evidence: Evidence, finding: Finding) -> None:
    """Record what a check found on ``evidence``; an event when the finding changes.

    A live page the desk holds no copy of yet (its capture failed) is captured now.
    """
    if evidence.url != finding.url:
        return  # edited while the check ran: the new URL gets its own capture
    if finding.result is not None and finding.result.ok and evidence.capture is None:
        store_capture(session, evidence, finding.result)
        return
    state, status, message = _judge(evidence, finding)
    before = evidence.link_state
    evidence.link_state, evidence.link_status, evidence.link_error = state, status, message
    evidence.link_checked_at = utcnow()
    if before != state:
        record(session, evidence.claim, None, "evidence_link_checked", touches_claim=False,
               note=message, payload={"evidence_id": evidence.id, "url": evidence.url,
                                      "from": before, "to": str(state), "status": status})
    session.flush()


def check_host(session: DbSession, host: str, now: datetime | None = None) -> int:
    """Check the due evidence URLs on ``host``, one request at a time; how many were checked."""
    config = current_app.config
    batch = int(config.get("LINK_CHECK_BATCH", 50))
    targets = [(i, u) for i, u in _due(session, now or utcnow()) if host_of(u) == host][:batch]
    session.commit()  # nothing written yet: end the read so no transaction waits on the host
    findings = _fetch_all(targets, float(config.get("LINK_CHECK_PAUSE", 1.0)))
    for finding in findings:
        evidence = session.get(Evidence, finding.evidence_id)
        if evidence is not None:
            apply_finding(session, evidence, finding)
    return len(findings)
