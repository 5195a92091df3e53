"""Polling an outlet's feed and fetching its new items as inbox articles.

A poll never raises for the outlet's faults: a timeout, a 500, a refused address or a feed
that is not a feed is recorded on the outlet (``last_error``) and the poll is tried again
later, waiting longer after each failure in a row. Items are recorded once per outlet (a
unique key), and an article is stored once per URL and per text (unique keys too), so
polling twice, or two workers at once, never makes a second article.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from factcheck.fetching import FetchError, fetch
from factcheck.intake.extraction import FetchedPage, fetch_article
from factcheck.intake.feeds import FEED_TYPES, FeedItem, parse_feed
from factcheck.models import ItemState, Outlet, OutletItem, utcnow
from factcheck.operations.articles import (
    ArticleDetails,
    DuplicateArticle,
    add_article,
    find_duplicate,
    page_snapshot,
)
from factcheck.operations.outlets import INBOX_NEW
from factcheck.operations.retrain import active_desk_model
from factcheck.operations.session import DbSession
from factcheck.operations.suggestions import score_with

#: Suggestions as :func:`score_text` returns them: the list and the key it depends on.
Scored = tuple[list[dict[str, Any]], str]

#: A feed item that failed this many times is left alone (its error stays visible).
MAX_ITEM_ATTEMPTS = 3
#: The longest wait between polls of an outlet that keeps failing.
MAX_BACKOFF = timedelta(days=1)


@dataclass
class PollOutcome:
    """How a poll went: ``new``, ``unchanged`` or ``failed``, and the items to fetch."""

    status: str
    item_ids: list[int] = field(default_factory=list)
    error: str | None = None


def due_outlets(session: DbSession, now: datetime) -> list[Outlet]:
    """Active outlets whose next poll time has come, longest-waiting first."""
    return list(
        session.scalars(
            select(Outlet)
            .where(Outlet.active.is_(True), Outlet.next_poll_at <= now)
            .order_by(Outlet.next_poll_at, Outlet.id)
        )
    )


@dataclass
class PollCounts:
    """What polling every due outlet gave: articles added to the inbox (``new``), outlets with
    nothing new and nothing failed (``unchanged``), outlets whose feed failed plus feed items
    that could not be fetched (``failed``)."""

    new: int = 0
    unchanged: int = 0
    failed: int = 0


def poll_due_now(session: DbSession, commit: Callable[[], None]) -> PollCounts:
    """Poll every due outlet now and fetch its new items, in this process (``flask outlets
    poll`` and ``POST /api/v1/outlets/poll``; the worker does the same through jobs).

    ``commit`` is called after each outlet's poll and each batch of its items, as the jobs
    commit: the database is never locked while a feed or a page is being fetched, and what was
    stored stays stored if a later outlet fails.
    """
    counts = PollCounts()
    outlet_ids = [outlet.id for outlet in due_outlets(session, utcnow())]
    for outlet_id in outlet_ids:
        outcome = poll_outlet(session, outlet_id)
        commit()
        if outcome.status == "failed":
            counts.failed += 1
            continue
        saved = item_failures = 0
        for batch in batches(outcome.item_ids):
            states = fetch_items(session, batch)
            commit()
            saved += states.count(ItemState.SAVED)
            item_failures += states.count(ItemState.FAILED)
        counts.new += saved
        counts.failed += item_failures
        counts.unchanged += saved == 0 and item_failures == 0
    return counts


def _failed(outlet: Outlet, now: datetime, error: str) -> PollOutcome:
    outlet.failures += 1
    outlet.last_error = error
    outlet.last_error_at = now
    wait = timedelta(minutes=outlet.interval_minutes) * 2 ** min(outlet.failures - 1, 10)
    outlet.next_poll_at = now + min(wait, MAX_BACKOFF)
    return PollOutcome("failed", error=error)


def poll_outlet(session: DbSession, outlet_id: int) -> PollOutcome:
    """Read the outlet's feed (a conditional GET), record its new items and return them,
    with the earlier items that failed and may be tried again."""
    outlet = session.get(Outlet, outlet_id)
    if outlet is None or not outlet.active:
        return PollOutcome("unchanged")
    now = utcnow()
    outlet.last_polled_at = now
    try:
        result = fetch(
            outlet.feed_url, allowed_types=FEED_TYPES, etag=outlet.etag,
            last_modified=outlet.last_modified,
        )
        if not result.ok and not result.not_modified:
            raise FetchError(
                "status",
                f"The feed at {result.final_url} answered {result.status}.",
                result.final_url,
            )
        items = [] if result.not_modified else parse_feed(result.body, result.final_url).items
    except FetchError as error:
        session.flush()
        return _failed(outlet, now, str(error))
    if not result.not_modified:
        outlet.etag = (result.etag or "")[:500] or None
        outlet.last_modified = (result.last_modified or "")[:100] or None
    outlet.failures = 0
    outlet.last_success_at = now
    outlet.next_poll_at = now + timedelta(minutes=outlet.interval_minutes)
    new_ids = _record_items(session, outlet, items)
    retry_ids = list(
        session.scalars(
            select(OutletItem.id).where(
                OutletItem.outlet_id == outlet.id,
                OutletItem.state == ItemState.FAILED,
                OutletItem.attempts < MAX_ITEM_ATTEMPTS,
            )
        )
    )
    session.flush()
    return PollOutcome("new" if new_ids else "unchanged", new_ids + retry_ids)


def _record_items(session: DbSession, outlet: Outlet, items: list[FeedItem]) -> list[int]:
    """Add the items this outlet has not seen; their ids. A row another worker added first
    (the unique key refuses ours) is simply skipped."""
    if not items:
        return []
    known = set(
        session.scalars(
            select(OutletItem.guid_key).where(
                OutletItem.outlet_id == outlet.id,
                OutletItem.guid_key.in_([item.guid_key for item in items]),
            )
        )
    )
    now = utcnow()
    fresh: dict[str, FeedItem] = {}
    for item in items:
        if item.guid_key not in known:
            fresh.setdefault(item.guid_key, item)

    def row(item: FeedItem) -> OutletItem:
        return OutletItem(
            outlet_id=outlet.id, guid_key=item.guid_key, link=item.link, title=item.title,
            state=ItemState.NEW, attempts=0, created_at=now,
        )

    if not fresh:
        return []
    try:  # every new item in one insert; item by item only if another worker was quicker
        with session.begin_nested():
            rows = [row(item) for item in fresh.values()]
            session.add_all(rows)
        return [r.id for r in rows]
    except IntegrityError:
        pass
    added = []
    for item in fresh.values():
        one = row(item)
        try:
            with session.begin_nested():
                session.add(one)
        except IntegrityError:
            continue
        added.append(one.id)
    return added


#: Feed items fetched by one job: the job's fixed costs (its bookkeeping commits) are shared.
BATCH = 10


def batches(item_ids: list[int], size: int = BATCH) -> list[list[int]]:
    """``item_ids`` in groups of at most ``size``."""
    return [item_ids[i : i + size] for i in range(0, len(item_ids), size)]


def fetch_items(session: DbSession, item_ids: list[int]) -> list[str]:
    """Fetch feed items' pages into the inbox as articles with their suggestions; each
    item's state afterwards (``saved``, ``duplicate``, or ``failed`` with its error).

    Every page is fetched, extracted and scored before anything is written, so no write lock
    is held (on SQLite, the whole database's) while the network answers or the scorer runs.
    The batch is then stored in one savepoint (one flush for all its articles); only when
    another worker stored one of them meanwhile (a unique key refuses it) is the batch rolled
    back and stored again item by item, each in a savepoint of its own.
    """
    loaded = {
        item.id: item
        for item in session.scalars(
            select(OutletItem).where(OutletItem.id.in_(item_ids))
            .options(selectinload(OutletItem.outlet))
        )
    }
    items = [loaded.get(item_id) for item_id in item_ids]
    waiting = [i for i in items if i is not None and i.state in (ItemState.NEW, ItemState.FAILED)]
    desk_model = active_desk_model(session) if waiting else None
    pages: dict[int, tuple[FetchedPage, Scored] | FetchError] = {}
    for item in waiting:
        try:
            page = fetch_article(item.link)
        except FetchError as error:
            pages[item.id] = error
        else:
            pages[item.id] = page, score_with(page.article.text, desk_model)
    try:  # the whole batch in one savepoint: one flush, not one per article
        with session.begin_nested():
            for item in waiting:
                _store(session, item, pages[item.id], savepoint=False)
    except IntegrityError:  # another worker stored one of them a moment ago: one by one
        for item in waiting:
            _store(session, item, pages[item.id])
    session.flush()
    return [item.state if item is not None else ItemState.FAILED for item in items]


def fetch_item(session: DbSession, item_id: int) -> str:
    """:func:`fetch_items` for one item."""
    return fetch_items(session, [item_id])[0]


def _store(
    session: DbSession, item: OutletItem, fetched: tuple[FetchedPage, Scored] | FetchError,
    *, savepoint: bool = True,
) -> None:
    """Record what fetching ``item`` gave: an inbox article, a duplicate, or the error.

    In its own savepoint, unless the caller holds one for a whole batch (an ``IntegrityError``
    then escapes, for the caller to roll the batch back and store item by item).
    """
    item.attempts += 1
    if isinstance(fetched, FetchError):
        item.state, item.error = ItemState.FAILED, str(fetched)
        return
    page, scored = fetched
    extracted = page.article
    details = ArticleDetails(
        outlet=item.outlet.name,
        title=extracted.title,
        body=extracted.text,
        url=page.result.final_url[:2000],
        canonical_url=extracted.canonical_url,
        author=extracted.author,
        published_on=extracted.published_on,
        language=extracted.language,
    )
    existing = None
    try:
        with session.begin_nested() if savepoint else nullcontext():
            article = add_article(
                session, None, details, snapshot=page_snapshot(page.result),
                fetched_at=page.result.fetched_at, outlet_id=item.outlet_id, inbox=INBOX_NEW,
                scored=scored,
            )
    except DuplicateArticle as duplicate:
        existing = duplicate.existing
    except IntegrityError:  # another worker stored the same article a moment ago
        if not savepoint:
            raise
        found = find_duplicate(session, url=extracted.canonical_url, body=extracted.text)
        existing = found[0] if found else None
    else:
        item.state, item.article_id, item.error = ItemState.SAVED, article.id, None
    if existing is not None:
        item.state, item.article_id, item.error = ItemState.DUPLICATE, existing.id, None
