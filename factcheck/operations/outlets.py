"""Monitored outlets and the inbox their articles arrive in.

Editors add an outlet by its feed address; the worker polls it (``factcheck.intake.polling``)
and new articles wait in the inbox until an editor opens them (they become normal articles)
or dismisses them.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from factcheck.intake.keys import url_key
from factcheck.models import Article, Outlet, User, utcnow
from factcheck.models.intake import DEFAULT_POLL_MINUTES
from factcheck.operations.articles import check_url
from factcheck.operations.audit import record_desk_event
from factcheck.operations.errors import InvalidInput
from factcheck.operations.session import DbSession
from factcheck.workflow import require_editor
from factcheck.workflow.terms import N_

#: Articles in the inbox (``Article.inbox``), and those dismissed from it.
INBOX_NEW = "new"
INBOX_DISMISSED = "dismissed"
#: Bounds of an outlet's polling interval, in minutes.
MIN_INTERVAL = 1
MAX_INTERVAL = 7 * 24 * 60


class DuplicateOutlet(InvalidInput):
    """The desk already monitors this feed; HTTP 409, with the outlet to link to."""

    status_code = 409

    def __init__(self, existing: Outlet) -> None:
        super().__init__(
            N_("The desk already monitors this feed as “%(name)s”."),
            field="feed_url",
            name=existing.name,
        )
        self.existing = existing


def add_outlet(
    session: DbSession,
    actor: User | None,
    feed_url: str,
    name: str | None = None,
    interval_minutes: int = DEFAULT_POLL_MINUTES,
) -> Outlet:
    """Start monitoring the feed at ``feed_url`` (editors; ``actor`` is None from the CLI).

    It is polled at once by the next scheduler tick, then every ``interval_minutes``.
    """
    if actor is not None:
        require_editor(actor, N_("add outlets"))
    feed_url = check_url(feed_url, field="feed_url")
    if not MIN_INTERVAL <= interval_minutes <= MAX_INTERVAL:
        raise InvalidInput(
            N_("Poll every %(least)s to %(most)s minutes."),
            field="interval_minutes",
            least=MIN_INTERVAL,
            most=MAX_INTERVAL,
        )
    key = url_key(feed_url)
    existing = session.scalar(select(Outlet).where(Outlet.feed_key == key))
    if existing is not None:
        raise DuplicateOutlet(existing)
    now = utcnow()
    outlet = Outlet(
        name=(name or "").strip()[:200] or feed_url[:200],
        feed_url=feed_url,
        feed_key=key,
        interval_minutes=interval_minutes,
        active=True,
        next_poll_at=now,
        failures=0,
        added_by=actor,
        created_at=now,
    )
    session.add(outlet)
    session.flush()
    record_desk_event(
        session, actor, "outlet.added",
        payload={"outlet_id": outlet.id, "name": outlet.name, "feed_url": feed_url},
    )
    return outlet


def change_outlet(
    session: DbSession, actor: User, outlet: Outlet, *, name: str, interval_minutes: int,
    active: bool,
) -> None:
    """Rename an outlet, change how often it is polled, or pause it (editors)."""
    require_editor(actor, N_("change outlets"))
    if not MIN_INTERVAL <= interval_minutes <= MAX_INTERVAL:
        raise InvalidInput(
            N_("Poll every %(least)s to %(most)s minutes."),
            field="interval_minutes",
            least=MIN_INTERVAL,
            most=MAX_INTERVAL,
        )
    fields = {"name": name.strip()[:200] or outlet.name, "interval_minutes": interval_minutes,
              "active": active}
    changes = {k: {"from": getattr(outlet, k), "to": v} for k, v in fields.items()
               if getattr(outlet, k) != v}
    if not changes:
        return
    for key, value in fields.items():
        setattr(outlet, key, value)
    if active and "active" in changes:
        outlet.next_poll_at = utcnow()
    session.flush()
    record_desk_event(
        session, actor, "outlet.changed", payload={"outlet_id": outlet.id, "changes": changes}
    )


def open_from_inbox(session: DbSession, actor: User, article: Article) -> None:
    """Take an article out of the inbox: from now on it is a normal article (editors)."""
    require_editor(actor, N_("take articles from the inbox"))
    if article.inbox is None:
        return
    article.inbox = None
    session.flush()
    record_desk_event(session, actor, "article.opened", payload={"article_id": article.id})


def dismiss_from_inbox(session: DbSession, actor: User, articles: Sequence[Article]) -> int:
    """Dismiss inbox articles not worth the desk's time (editors); how many were dismissed.

    They are kept (a later feed read must not bring them back) but leave the inbox.
    """
    require_editor(actor, N_("dismiss articles"))
    waiting = [article for article in articles if article.inbox == INBOX_NEW]
    for article in waiting:
        article.inbox = INBOX_DISMISSED
    session.flush()
    if waiting:
        record_desk_event(
            session, actor, "article.dismissed",
            payload={"article_ids": [article.id for article in waiting]},
        )
    return len(waiting)
