"""Feeds of other fact-checkers' ClaimReviews that the desk subscribes to, and imports from a
URL asked for on the page.

Editors (and admins) subscribe to a feed by its URL, pause or remove it, and ask for a refresh;
nothing is fetched in their request: a job reads the feed (``factcheck.factchecks.jobs``)
through :mod:`factcheck.factchecks.sources`, the code path of ``flask factchecks import``, and
records on the row what it gave ("imported 3, updated 1, skipped 0" with the skipped items'
reasons) or the error that stopped it. A feed's failure is its own: it is recorded and the
job ends normally, so other feeds and the queue carry on. Like every service these only flush.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.exc import IntegrityError

from factcheck.factchecks.importing import ImportResult
from factcheck.factchecks.parsing import UnreadableSource
from factcheck.factchecks.sources import import_pages, read_source
from factcheck.intake.keys import url_key
from factcheck.jobs.runner import enqueue_job
from factcheck.models import FactCheckFeed, FactCheckImport, User, utcnow
from factcheck.operations.articles import check_url
from factcheck.operations.audit import record_desk_event
from factcheck.operations.errors import InvalidInput
from factcheck.operations.session import DbSession
from factcheck.workflow import require_editor
from factcheck.workflow.terms import N_

#: How often an enabled feed is read unless ``FEED_REFRESH_MINUTES`` says otherwise.
DEFAULT_REFRESH_MINUTES = 60
#: A refresh queued this long ago that never ran (its job failed for good) no longer stops
#: the feed from being queued again.
GIVE_UP_WAITING = timedelta(hours=3)
#: Skipped items whose reasons are kept on the row (the counts always cover them all).
SKIPPED_KEPT = 50
MAX_URL = 2000
MAX_NAME = 200


class DuplicateFeed(InvalidInput):
    """The desk already subscribes to this feed; HTTP 409, naming the subscription."""

    status_code = 409

    def __init__(self, existing: FactCheckFeed) -> None:
        super().__init__(
            f"The desk already subscribes to this feed as “{existing.name}”.", field="feed_url"
        )
        self.existing = existing


def refresh_interval() -> timedelta:
    """How long an enabled feed waits between refreshes (``FEED_REFRESH_MINUTES``, ≥ 1)."""
    minutes = current_app.config.get("FEED_REFRESH_MINUTES", DEFAULT_REFRESH_MINUTES)
    try:
        return timedelta(minutes=max(1, int(minutes)))
    except (TypeError, ValueError):  # a setting that is not a number: the default, not a crash
        return timedelta(minutes=DEFAULT_REFRESH_MINUTES)


def checked_url(url: str, field: str) -> str:
    """``url`` stripped, or a refusal in words: an http(s) link with a host, not too long."""
    url = check_url(url, field=field)
    if len(url) > MAX_URL:
        raise InvalidInput(f"This address is longer than {MAX_URL:,} characters.", field=field)
    return url


def add_feed(session: DbSession, actor: User, url: str, name: str | None = None) -> FactCheckFeed:
    """Subscribe to the ClaimReview feed at ``url`` (editors); it is read by the next
    scheduler tick, then every :func:`refresh_interval`."""
    require_editor(actor, N_("subscribe to fact-check feeds"))
    url = checked_url(url, "feed_url")
    key = url_key(url) or ""
    existing = session.scalar(select(FactCheckFeed).where(FactCheckFeed.url_key == key))
    if existing is not None:
        raise DuplicateFeed(existing)
    now = utcnow()
    feed = FactCheckFeed(
        url=url, url_key=key, name=(name or "").strip()[:MAX_NAME] or _host(url),
        enabled=True, added_by=actor, created_at=now, next_refresh_at=now,
        last_failed=False, last_skipped=[],
    )
    try:  # two editors adding the same feed at once: the unique key refuses the second
        with session.begin_nested():
            session.add(feed)
    except IntegrityError:
        found = session.scalar(select(FactCheckFeed).where(FactCheckFeed.url_key == key))
        if found is None:
            raise
        raise DuplicateFeed(found) from None
    record_desk_event(
        session, actor, "factcheck_feed.added",
        payload={"feed_id": feed.id, "name": feed.name, "url": url},
    )
    return feed


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url)[:MAX_NAME]


def remove_feed(session: DbSession, actor: User, feed: FactCheckFeed) -> None:
    """Stop subscribing (editors). The fact-checks it brought stay: they are the desk's
    record of what others published, whoever imported them."""
    require_editor(actor, N_("remove fact-check feeds"))
    record_desk_event(
        session, actor, "factcheck_feed.removed",
        payload={"feed_id": feed.id, "name": feed.name, "url": feed.url},
    )
    session.delete(feed)
    session.flush()


def set_enabled(session: DbSession, actor: User, feed: FactCheckFeed, enabled: bool) -> None:
    """Pause a feed's scheduled refreshes, or resume them (read again at the next tick)."""
    require_editor(actor, N_("pause or resume fact-check feeds"))
    if feed.enabled == enabled:
        return
    feed.enabled = enabled
    if enabled:
        feed.next_refresh_at = utcnow()
    session.flush()
    record_desk_event(
        session, actor, "factcheck_feed.enabled" if enabled else "factcheck_feed.paused",
        payload={"feed_id": feed.id, "name": feed.name},
    )


def request_refresh(session: DbSession, actor: User, feed: FactCheckFeed) -> bool:
    """Queue a refresh of ``feed`` now, paused or not (editors). False when one is already
    waiting in the queue: asking twice reads the feed once."""
    require_editor(actor, N_("refresh fact-check feeds"))
    queued = queue_refresh(session, feed.id, utcnow())
    if queued:
        session.refresh(feed, ["refresh_queued_at"])
    return queued


def queue_refresh(session: DbSession, feed_id: int, now: datetime) -> bool:
    """Mark the feed as waiting and queue its refresh, unless one is already waiting.

    A conditional update decides: of two schedulers ticking at once (two workers), or an
    editor's "Refresh now" meeting the scheduler, only one queues the feed.
    """
    claimed = session.execute(
        update(FactCheckFeed)
        .where(FactCheckFeed.id == feed_id, _not_waiting(now))
        .values(refresh_queued_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return False
    enqueue_job(session, "factchecks.refresh_feed", feed_id=feed_id)
    return True


def request_import(session: DbSession, actor: User, url: str) -> FactCheckImport:
    """Queue a single import of the ClaimReviews at ``url`` (editors); its row shows the
    result once the job has run."""
    require_editor(actor, N_("import fact-checks"))
    url = checked_url(url, "source_url")
    row = FactCheckImport(url=url, requested_by=actor, created_at=utcnow(), failed=False,
                          skipped=[])
    session.add(row)
    session.flush()
    enqueue_job(session, "factchecks.import_url", import_id=row.id)
    record_desk_event(
        session, actor, "factchecks.import_requested", payload={"import_id": row.id, "url": url}
    )
    return row


def _read(session: DbSession, url: str) -> tuple[ImportResult | None, str]:
    """Read ``url`` whole, then import it (the CLI's path): the result and its line, or None
    and the error in words, with nothing stored."""
    try:
        pages = list(read_source(url))
    except UnreadableSource as error:
        return None, f"Could not read it: {error}"
    result = import_pages(session, pages, url)
    return result, result.summary()


def refresh_feed(session: DbSession, feed_id: int) -> str | None:
    """Read a subscribed feed and import it; record the result (or the error) on the row and
    return it. None when the feed was removed meanwhile."""
    feed = session.get(FactCheckFeed, feed_id)
    if feed is None:
        return None
    url = feed.url
    result, line = _read(session, url)
    now = utcnow()
    feed.refresh_queued_at = None
    feed.last_refreshed_at = now
    feed.next_refresh_at = now + refresh_interval()
    feed.last_result, feed.last_failed = line, result is None
    feed.last_skipped = _reasons(result)
    session.flush()
    return line


def run_import(session: DbSession, import_id: int) -> str | None:
    """Run a single import asked for on the page; record its result. Run once: a retried
    job finds it finished and does nothing."""
    row = session.get(FactCheckImport, import_id)
    if row is None or row.finished_at is not None:
        return None
    result, line = _read(session, row.url)
    row.finished_at = utcnow()
    row.result, row.failed, row.skipped = line, result is None, _reasons(result)
    session.flush()
    return line


def _reasons(result: ImportResult | None) -> list[str]:
    """The skipped items' lines as the command prints them, the first :data:`SKIPPED_KEPT`."""
    if result is None:
        return []
    lines = [str(skipped) for skipped in result.skipped[:SKIPPED_KEPT]]
    if len(result.skipped) > SKIPPED_KEPT:
        lines.append(f"… and {len(result.skipped) - SKIPPED_KEPT:,} more")
    return lines


def waiting(feed: FactCheckFeed, now: datetime) -> bool:
    """A refresh of ``feed`` is in the queue (and not so old that it must have been lost)."""
    queued = feed.refresh_queued_at
    return queued is not None and queued > now - GIVE_UP_WAITING


def _not_waiting(now: datetime) -> ColumnElement[bool]:
    """The SQL for "no refresh waiting", as :func:`waiting` decides it."""
    return or_(
        FactCheckFeed.refresh_queued_at.is_(None),
        FactCheckFeed.refresh_queued_at <= now - GIVE_UP_WAITING,
    )


def due_feed_ids(session: DbSession, now: datetime) -> list[int]:
    """Enabled feeds whose refresh time has come and that have no refresh waiting."""
    return list(
        session.scalars(
            select(FactCheckFeed.id)
            .where(
                FactCheckFeed.enabled.is_(True),
                FactCheckFeed.next_refresh_at <= now,
                _not_waiting(now),
            )
            .order_by(FactCheckFeed.next_refresh_at, FactCheckFeed.id)
        )
    )
