"""The sitemap (split into numbered files past the protocol's 50,000 URLs) and robots.txt.

Their routes join the public blueprint; like every public page they are cached with
validators (:func:`factcheck.public.caching.cached`) and hold only published verdicts.
"""

from __future__ import annotations

from datetime import datetime
from math import ceil
from urllib.parse import quote
from xml.sax.saxutils import escape

from flask import Response, abort, current_app

from factcheck.public import queries
from factcheck.public.caching import cached
from factcheck.public.views import _last_modified, _session, _site_state, bp
from factcheck.site import absolute_url

SITEMAP_MAX_URLS = 50_000  # the sitemap protocol's limit per file
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _sitemap_limit() -> int:
    return int(current_app.config.get("SITEMAP_MAX_URLS", SITEMAP_MAX_URLS))


def _sitemap_xml(root: str, entries: list[tuple[str, datetime | None]]) -> str:
    """A sitemap or sitemap index, written directly: tens of thousands of entries, each two
    short elements, need no XML tree."""
    item = "url" if root == "urlset" else "sitemap"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="{SITEMAP_NS}">']
    for loc, when in entries:
        lastmod = f"<lastmod>{when.isoformat()}</lastmod>" if when else ""
        lines.append(f"<{item}><loc>{escape(loc)}</loc>{lastmod}</{item}>")
    lines.append(f"</{root}>")
    return "\n".join(lines)


def _sitemap_files(fresh: queries.Freshness) -> int:
    """How many files the URLs (the index plus every verdict) need at the configured limit."""
    return max(1, ceil((fresh.count + 1) / _sitemap_limit()))


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """Every published verdict and the index, with the date of its newest revision; past the
    protocol's 50,000 URLs a sitemap index of numbered files instead."""
    fresh, _desk, _language, parts = _site_state()
    files = _sitemap_files(fresh)

    def render() -> str:
        if files == 1:
            return _sitemap_urls(fresh, 1)
        return _sitemap_xml("sitemapindex", [
            (absolute_url("public.sitemap_file", number=n), fresh.newest_published_at)
            for n in range(1, files + 1)
        ])

    return cached(render, parts=parts, last_modified=_last_modified(fresh),
                  mimetype="application/xml")


@bp.get("/sitemaps/<int:number>.xml")
def sitemap_file(number: int) -> Response:
    """One file of a split sitemap: the next ``SITEMAP_MAX_URLS`` URLs, oldest verdict first."""
    fresh, _desk, _language, parts = _site_state()
    if not 1 <= number <= _sitemap_files(fresh):
        abort(404)
    return cached(lambda: _sitemap_urls(fresh, number), parts=parts,
                  last_modified=_last_modified(fresh), mimetype="application/xml")


def _sitemap_urls(fresh: queries.Freshness, number: int) -> str:
    """File ``number`` of the sitemap; the index page is the first URL of the first file."""
    limit = _sitemap_limit()
    index_url = absolute_url("public.index")
    entries: list[tuple[str, datetime | None]] = []
    if number == 1:
        entries.append((index_url, fresh.newest_published_at))
    offset = max(0, (number - 1) * limit - 1)
    rows = queries.sitemap_entries(_session(), offset, limit - len(entries))
    entries += [(index_url + quote(slug), when) for slug, when in rows]
    return _sitemap_xml("urlset", entries)


@bp.get("/robots.txt")
def robots() -> Response:
    """Crawlers may read the verdicts (and the CSS they need); the desk is off limits."""
    lines = [
        "User-agent: *",
        "Allow: /$",
        "Allow: /verdicts/",
        "Allow: /static/",
        "Allow: /sitemap.xml",
        "Disallow: /",
        "",
        f"Sitemap: {absolute_url('public.sitemap')}",
        "",
    ]
    return cached(lambda: "\n".join(lines), parts=(), last_modified=None, mimetype="text/plain")
