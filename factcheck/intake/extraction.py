"""Fetch an article's page and take its main text and details out of the HTML.

trafilatura finds the main text (leaving menus, "Previous Article" and comment threads out),
the title, the site's name, the author, the publication date and the page's canonical link
(``rel=canonical`` or ``og:url``). The page itself is kept as fetched, so the desk can always
show what the text was taken from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

from factcheck.fetching import FetchError, FetchResult, fetch
from factcheck.validation.limits import ARTICLE_TEXT_MAX

#: What an article page may be.
PAGE_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class ExtractedArticle:
    """The parts of a page the desk keeps as an article."""

    title: str
    outlet: str
    author: str | None
    published_on: date | None
    language: str
    text: str
    canonical_url: str


@dataclass(frozen=True)
class FetchedPage:
    """A page as fetched and what was extracted from it."""

    result: FetchResult
    article: ExtractedArticle


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _canonical(found: str | None, final_url: str) -> str:
    """The page's own canonical link when it is an http(s) URL, else where the fetch ended."""
    if found:
        absolute = urljoin(final_url, found.strip())
        if urlsplit(absolute).scheme in {"http", "https"}:
            return absolute
    return final_url


def extract(html: bytes | str, final_url: str) -> ExtractedArticle:
    """The main text and details of ``html`` fetched from ``final_url``.

    Raises ``FetchError`` (reason ``no_text``) when the page has no readable main text, and
    (reason ``too_large``) when its text is longer than an article may be.
    """
    # Imported here, not with the module: trafilatura and its parsers take ~10 MB that only the
    # processes reading articles need (not every web server, nor a streaming export).
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html, url=final_url, with_metadata=True, include_comments=False,
            include_tables=True,
        )
    except Exception as exc:  # a page that breaks the parser is a page without an article
        raise FetchError(
            "no_text", f"The page at {final_url} could not be read ({exc}).", final_url
        ) from exc
    found: dict[str, Any] = {}
    if isinstance(document, dict):
        found = document
    elif document is not None:
        found = document.as_dict()
    text = (found.get("text") or "").strip()
    if not text:
        raise FetchError(
            "no_text", f"No article text could be found on {final_url}.", final_url
        )
    if len(text) > ARTICLE_TEXT_MAX:
        raise FetchError(
            "too_large",
            f"The text of {final_url} is longer than {ARTICLE_TEXT_MAX:,} characters, "
            "the most an article may hold.",
            final_url,
        )
    host = urlsplit(final_url).hostname or ""
    return ExtractedArticle(
        title=(found.get("title") or "").strip()[:500] or host or final_url[:500],
        outlet=(found.get("sitename") or found.get("hostname") or host).strip()[:200],
        author=(found.get("author") or "").strip()[:200] or None,
        published_on=_date(found.get("date")),
        language=(found.get("language") or "").strip()[:16],
        text=text,
        canonical_url=_canonical(found.get("url"), final_url)[:2000],
    )


def fetch_article(url: str) -> FetchedPage:
    """Fetch ``url`` (HTML only, within the desk's fetching rules) and extract its article.

    A 404, a 500 or any other error status is a ``FetchError`` here: there is no article to
    take from an error page.
    """
    result = fetch(url, allowed_types=PAGE_TYPES)
    if not result.ok:
        raise FetchError(
            "status",
            f"Could not fetch {result.final_url}: the server answered {result.status}.",
            result.final_url,
        )
    return FetchedPage(result, extract(result.body, result.final_url))
