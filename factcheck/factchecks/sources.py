"""Reading a source of ClaimReviews whole, then importing it: the one path that
``flask factchecks import``, the feed refresh job and the single-import job share.

Every page of a source is read (a URL through :mod:`factcheck.fetching`, following a feed's
``nextPage``) before anything is stored, so a source that fails half-way stores nothing, and no
write lock is held while the network answers.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from factcheck.factchecks.importing import ImportResult, import_reviews
from factcheck.factchecks.parsing import Parsed, UnreadableSource, parse
from factcheck.operations.session import DbSession

#: A feed that links page after page (``nextPage``) is followed this far and no further.
MAX_FEED_PAGES = 200
FEED_TYPES = ["application/json", "application/ld+json", "text/html", "application/xhtml+xml",
              "text/plain"]


def read_source(source: str) -> Iterator[Parsed]:
    """Yield the parsed pages of ``source`` (a path, ``-`` for stdin, or an http(s) URL);
    a URL's feed is followed through ``nextPage``. ``OSError`` or :class:`UnreadableSource`
    when a page cannot be read."""
    if source == "-":
        yield parse(sys.stdin.buffer.read())
        return
    if not source.startswith(("http://", "https://")):
        with open(source, "rb") as handle:
            yield parse(handle.read(), "html" if source.endswith((".html", ".htm")) else None)
        return
    url: str | None = source
    seen: set[str] = set()
    while url and url not in seen and len(seen) < MAX_FEED_PAGES:
        seen.add(url)
        parsed = _fetch_page(url)
        yield parsed
        url = parsed.next_page


def _fetch_page(url: str) -> Parsed:
    from factcheck.fetching import FetchError, fetch

    try:
        page = fetch(url, allowed_types=FEED_TYPES)
    except FetchError as error:
        raise UnreadableSource(str(error)) from error
    if not page.ok:
        raise UnreadableSource(f"the server answered {page.status}")
    return parse(page.body, page.content_type)


def import_pages(session: DbSession, pages: list[Parsed], origin: str) -> ImportResult:
    """Store every page's reviews (updating by URL) and collect every skipped item; flush."""
    result = ImportResult()
    for parsed in pages:
        result.skipped.extend(parsed.skipped)
        import_reviews(session, parsed.reviews, origin, result)
    return result

