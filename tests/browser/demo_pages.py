"""Every page of the demo desk, built from the app's URL map so a new page is not forgotten.

A rule's path ids are filled from the demo data (for claims and pasted pages, one in each
state, since their pages differ most between them; for articles, a desk article and one waiting
in the inbox). A saved view's address only redirects to the queue, so the queue is opened with
each saved view's filters instead. POST-only rules are left out, and so are the responses that
are not HTML pages: downloads, feeds, JSON, images, archived third-party copies.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Flask
from playwright.sync_api import APIResponse, Browser, BrowserContext
from sqlalchemy import func, select

from factcheck.demo.loader import DEMO_USERS
from factcheck.extensions import db
from factcheck.models import (
    Article,
    ArticleDraft,
    Claim,
    Evidence,
    Notification,
    Outlet,
    Rating,
    SavedView,
    User,
    WebhookEndpoint,
)
from tests.browser.conftest import log_in

ADMIN = next(u for u in DEMO_USERS if u.role == "admin")
CHECKER = next(u for u in DEMO_USERS if u.role == "checker")

#: Pages that show someone else's document (an archived copy of a source) rather than ours.
NOT_OURS = {
    "desk.archived_copy",
    "desk.archived_warc",
    "desk.snapshot",
    "intake.snapshot",
    "public.archived_source",
}

#: What the addresses of files, feeds and data end with (``.<`` : ``/queue.<fmt>``).
NOT_PAGES = (".csv", ".json", ".xml", ".atom", ".png", ".txt", ".css", ".<")

#: The model whose first row fills each kind of path id.
ROWS = {
    "evidence_id": Evidence,
    "outlet_id": Outlet,
    "user_id": User,
    "rating_id": Rating,
    "endpoint_id": WebhookEndpoint,
    "view_id": SavedView,
    "notification_id": Notification,
}


def _values(argument: str) -> list[str]:
    """The demo values for one path argument (several for a claim or a draft: one per state;
    for an article, one desk article and one in the inbox)."""
    session = db.session
    if argument in ("claim_id", "draft_id"):
        stateful = Claim if argument == "claim_id" else ArticleDraft
        ids = session.scalars(select(func.min(stateful.id)).group_by(stateful.state)).all()
        return [str(i) for i in sorted(ids)]
    if argument == "article_id":
        ids = session.scalars(select(func.min(Article.id)).group_by(Article.inbox)).all()
        return [str(i) for i in sorted(ids)]
    if argument == "slug":
        slug = session.scalar(
            select(Claim.slug).where(Claim.last_published_at.is_not(None)).order_by(Claim.id)
        )
        return [slug] if slug else []
    if argument == "token":
        return ["no-such-token"]
    model = ROWS.get(argument)
    if model is None:
        raise AssertionError(f"add the demo value for <{argument}> to tests/browser/demo_pages.py")
    found = session.scalar(select(func.min(model.id)))
    return [str(found)] if found is not None else []


def page_paths(app: Flask) -> list[str]:
    """The paths of every GET page in the URL map, ids filled from the demo desk, and a
    missing page's."""
    paths: list[str] = []
    with app.app_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in (rule.methods or ()) or rule.endpoint in NOT_OURS:
                continue
            if rule.endpoint == "static" or rule.rule.startswith("/api/v1/") and (
                rule.endpoint != "api_docs.docs"
            ):
                continue
            if any(ext in rule.rule for ext in NOT_PAGES):
                continue
            combos: list[dict[str, str]] = [{}]
            for argument in rule.arguments:
                combos = [{**c, argument: v} for c in combos for v in _values(argument)]
            for values in combos:
                path = rule.rule
                for argument, value in values.items():
                    path = path.replace(f"<{_placeholder(rule.rule, argument)}>", value)
                paths.append(path)
        views = db.session.scalars(select(SavedView).order_by(SavedView.id))
        paths += [f"/desk?{urlencode(view.query)}" for view in views]
    return [*paths, "/no-such-page"]  # the error page, which no rule names


def _placeholder(rule: str, argument: str) -> str:
    """The ``int:claim_id`` (converter and name) of one argument in ``rule``."""
    start = rule.index(argument + ">")
    return rule[rule.rindex("<", 0, start) + 1 : start + len(argument)]


@dataclass(frozen=True)
class DeskPage:
    """One page to check, and who looks at it (None: a reader who is not logged in)."""

    path: str
    who: str | None

    @property
    def label(self) -> str:
        """The page and who looks at it, for a failure message."""
        return f"{self.path} as {self.who or 'reader'}"


def _is_page(response: APIResponse) -> bool:
    """A whole HTML page, refusals (a spent reset link, a 404) included; not a redirect, nor
    a fragment that a page's script fetches into itself."""
    if 300 <= response.status < 400:
        return False
    if not response.headers.get("content-type", "").startswith("text/html"):
        return False
    return response.text().lstrip().lower().startswith("<!doctype html")


def demo_pages(
    browser: Browser, app: Flask, base_url: str, **context_options: object
) -> Iterator[tuple[DeskPage, BrowserContext]]:
    """Each HTML page as a reader sees it (the pages open to readers), as the admin sees it
    (every page) and as a checker sees it (the desk without the editors' and admin's controls),
    with the browser context to open it in."""
    paths = page_paths(app)
    contexts: list[tuple[str | None, BrowserContext]] = []
    try:
        for user in (None, ADMIN, CHECKER):
            context = browser.new_context(**context_options)  # type: ignore[arg-type]
            contexts.append((user.email if user else None, context))
            if user:
                log_in(context.new_page(), base_url, user.email, user.password)
        for who, context in contexts:
            for path in paths:
                response = context.request.get(base_url + path, max_redirects=0)
                if _is_page(response):
                    yield DeskPage(path, who), context
    finally:
        for _who, context in contexts:
            context.close()
