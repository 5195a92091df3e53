"""What reaches the demo desk by itself: a monitored outlet with articles in the inbox, pages
pasted by URL waiting for review, and subscriptions to other fact-checkers' feeds.

Nothing here touches the network. The outlet's pages ship with the demo
(``factcheck/demo/pages``) and go through the same extraction, snapshot and article services
as a fetched page; the addresses are on ``demo.example``, a name no DNS answers, and the
outlet and the feed subscriptions are paused, so the worker of ``make run`` never polls them.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from factcheck.factchecks.feeds import add_feed, set_enabled
from factcheck.fetching import FetchError, FetchResult
from factcheck.intake.extraction import FetchedPage, extract
from factcheck.intake.keys import url_key
from factcheck.models import Article, ItemState, OutletItem, User, utcnow
from factcheck.operations.articles import ArticleDetails, add_article, page_snapshot
from factcheck.operations.drafts import fill_draft, request_draft
from factcheck.operations.outlets import INBOX_NEW, add_outlet, change_outlet
from factcheck.operations.session import DbSession

COURIER = "Riverside Courier (demo)"
COURIER_SITE = "https://riverside-courier.demo.example"
#: Inbox articles, as (page file, feed item id); the first is also a pasted URL's draft.
INBOX_PAGES = ("riverside-bridge-commute.html", "riverside-school-meals.html")
DRAFT_PAGE = "riverside-hospital-waiting.html"
#: An item of the feed whose page could not be fetched, with the error a fetch would record.
MISSING_ITEM = (f"{COURIER_SITE}/news/2026/11/flood-defences", "Flood defences ready for winter")
#: Feeds of ClaimReviews by invented fact-checkers (the bundled ``factchecks.json`` is theirs).
FEEDS = (
    ("Verify East (demo)", "https://verify-east.demo.example/claimreview.json"),
    ("Baltic Fact Watch (demo)", "https://baltic-factwatch.demo.example/feeds/claimreview"),
)


def page(name: str) -> FetchedPage:
    """A bundled page as if fetched just now from the demo outlet's site."""
    body = (files("factcheck.demo") / "pages" / name).read_bytes()
    url = f"{COURIER_SITE}/news/2026/11/{name.removeprefix('riverside-').removesuffix('.html')}"
    result = FetchResult(
        url=url, final_url=url, status=200, headers={"content-type": "text/html"},
        content_type="text/html; charset=utf-8", body=body, fetched_at=utcnow(), elapsed=0.0,
    )
    return FetchedPage(result, extract(body, url))


def not_found(url: str) -> FetchError:
    """What fetching a page on the demo outlet's site would record: its host does not exist."""
    host = url.split("/")[2]
    return FetchError("dns", f"Could not find the server {host}.", url)


@dataclass
class DemoIntake:
    """Adds the outlet, its inbox, the drafts and the feed subscriptions."""

    session: DbSession
    editor: User

    def build(self) -> None:
        """Everything, in the order an editor would have done it."""
        self.outlet_and_inbox()
        self.drafts()
        self.feeds()

    def outlet_and_inbox(self) -> None:
        """The outlet (paused after its one read), two articles waiting in the inbox and an
        item whose page could not be fetched."""
        outlet = add_outlet(self.session, self.editor, f"{COURIER_SITE}/feed.xml", COURIER, 30)
        now = utcnow()
        outlet.last_polled_at = outlet.last_success_at = now
        for name in INBOX_PAGES:
            fetched = page(name)
            article = self.inbox_article(fetched, outlet.id)
            self.item(outlet.id, fetched.result.url, article.title, article)
        link, title = MISSING_ITEM
        item = self.item(outlet.id, link, title, None)
        item.state, item.error = ItemState.FAILED, str(not_found(link))
        change_outlet(self.session, self.editor, outlet, name=outlet.name,
                      interval_minutes=outlet.interval_minutes, active=False)

    def inbox_article(self, fetched: FetchedPage, outlet_id: int) -> Article:
        """An article as feed polling stores it: unreviewed, in the inbox, with its page."""
        extracted = fetched.article
        return add_article(
            self.session, None,
            ArticleDetails(
                outlet=COURIER, title=extracted.title, body=extracted.text,
                url=fetched.result.final_url, canonical_url=extracted.canonical_url,
                author=extracted.author, published_on=extracted.published_on,
                language=extracted.language or "en",
            ),
            snapshot=page_snapshot(fetched.result), fetched_at=fetched.result.fetched_at,
            outlet_id=outlet_id, inbox=INBOX_NEW,
        )

    def item(self, outlet_id: int, link: str, title: str, article: Article | None) -> OutletItem:
        """One entry of the outlet's feed, as a poll records it."""
        item = OutletItem(
            outlet_id=outlet_id, guid_key=url_key(link) or link, link=link, title=title,
            state=ItemState.SAVED if article else ItemState.NEW, attempts=1,
            article_id=article.id if article else None, created_at=utcnow(),
        )
        self.session.add(item)
        self.session.flush()
        return item

    def drafts(self) -> None:
        """A pasted URL fetched and waiting for the editor's review, and one that failed.

        The fetch job each request queues finds its draft already filled and does nothing.
        """
        ready = request_draft(self.session, self.editor, page(DRAFT_PAGE).result.url)
        fill_draft(self.session, ready, page(DRAFT_PAGE))
        gone = f"{COURIER_SITE}/news/2026/11/council-budget-vote"
        failed = request_draft(self.session, self.editor, gone)
        fill_draft(self.session, failed, not_found(gone))

    def feeds(self) -> None:
        """Subscriptions to two fact-checkers' ClaimReview feeds, paused (their fact-checks
        come from the bundled file that ``flask demo load`` imports)."""
        for name, url in FEEDS:
            feed = add_feed(self.session, self.editor, url, name)
            set_enabled(self.session, self.editor, feed, False)
