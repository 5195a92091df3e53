"""Reading an outlet's RSS or Atom feed (feedparser) into the items the desk fetches.

feedparser reads every RSS and Atom dialect and is forgiving of small faults; a feed it cannot
read at all (no entries and a parse error) is refused in words, and the outlet's poll records
that as its error.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import feedparser

from factcheck.fetching import FetchError

#: Media types outlets serve their feeds as (many serve plain XML, some even text/html).
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
    "text/html",
    "text/plain",
)


#: Entries read from one feed at most (the first ones, which feeds list newest first).
MAX_ITEMS = 500


@dataclass(frozen=True)
class FeedItem:
    """One entry: its stable key (from its id, else its link), link and title."""

    guid_key: str
    link: str
    title: str | None


@dataclass(frozen=True)
class Feed:
    """A parsed feed: its title and its entries that link to a web page."""

    title: str | None
    items: list[FeedItem]


def parse_feed(body: bytes, feed_url: str) -> Feed:
    """The entries of the feed in ``body`` (fetched from ``feed_url``), newest first as the
    feed lists them. Raises ``FetchError`` (reason ``feed``) when it is not a feed at all."""
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries:
        problem = getattr(parsed, "bozo_exception", None) or "it is not RSS or Atom"
        raise FetchError("feed", f"The feed at {feed_url} could not be read: {problem}.", feed_url)
    if not parsed.entries and not parsed.feed.get("title"):
        raise FetchError(
            "feed", f"{feed_url} is not an RSS or Atom feed (no title, no entries).", feed_url
        )
    items = []
    seen: set[str] = set()
    for entry in parsed.entries[:MAX_ITEMS]:
        link = urljoin(feed_url, (entry.get("link") or "").strip())
        if urlsplit(link).scheme not in {"http", "https"}:
            continue
        guid = (entry.get("id") or "").strip() or link
        key = hashlib.sha256(guid.encode("utf-8", "surrogatepass")).hexdigest()
        if key in seen:
            continue
        seen.add(key)
        title = (entry.get("title") or "").strip()[:500] or None
        items.append(FeedItem(key, link[:2000], title))
    title = (parsed.feed.get("title") or "").strip()[:200] or None
    return Feed(title, items)
