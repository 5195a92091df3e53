"""The public site: verdict pages, the index, Atom and ClaimReview feeds, sitemap, robots.

Everything here is read-only and anonymous, shows only published revisions, and is sent with
validators and ``Cache-Control: public`` (see :mod:`factcheck.public.caching`).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from sqlalchemy.orm import Session
from werkzeug.exceptions import NotFound

from factcheck import claimreview
from factcheck.extensions import db
from factcheck.models import DeskSettings, VerdictRevision
from factcheck.public import queries
from factcheck.public.caching import cached

bp = Blueprint("public", __name__)

ATOM_ENTRIES = 50
CLAIMREVIEW_FEED_PAGE_SIZE = 100
ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _session() -> Session:
    """The request's database session (the object behind Flask-SQLAlchemy's scoped proxy)."""
    return db.session()


def _publisher(desk: DeskSettings) -> claimreview.Publisher:
    return claimreview.Publisher(desk.organisation_name, desk.organisation_url, desk.logo_url)


def _verdict_url(slug: str) -> str:
    return url_for("public.verdict", slug=slug, _external=True)


def _review(
    verdict: queries.PublicVerdict, desk: DeskSettings, bounds: queries.ScaleBounds
) -> dict[str, Any]:
    return claimreview.claim_review(
        verdict, url=_verdict_url(verdict.slug), publisher=_publisher(desk), bounds=bounds
    )


def _page_number() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def _site_state() -> tuple[queries.Freshness, DeskSettings, tuple[Any, ...]]:
    """What every listing depends on: the public revisions, the settings and the scale."""
    fresh = queries.freshness(_session())
    desk = queries.settings(_session())
    scale = tuple(queries.rating_choices(_session()))
    return fresh, desk, (*fresh.parts(), *queries.settings_parts(desk), scale)


def _last_modified(fresh: queries.Freshness) -> datetime | None:
    stamps = [t for t in (fresh.newest_published_at, fresh.newest_claim_change) if t]
    return max(stamps) if stamps else None


@bp.get("/verdicts/")
def index() -> Response:
    """Published verdicts, newest (latest revision) first, filterable by rating and text."""
    fresh, desk, parts = _site_state()
    rating = request.args.get("rating", "").strip() or None
    text = request.args.get("q", "").strip() or None
    page_number = _page_number()

    def render() -> str:
        page = queries.verdict_page(
            _session(),
            page_number,
            current_app.config["VERDICTS_PAGE_SIZE"],
            rating=rating,
            text=text,
        )
        return render_template(
            "public/index.html",
            desk=desk,
            page=page,
            ratings=parts[-1],
            rating=rating,
            q=text or "",
        )

    return cached(render, parts=parts, last_modified=_last_modified(fresh))


def _sources(revision: VerdictRevision) -> list[dict[str, Any]]:
    """The revision's public sources with their dates parsed back from JSON."""
    sources = []
    for source in revision.sources or []:
        item = dict(source)
        for key in ("date", "accessed"):
            item[key] = date.fromisoformat(item[key]) if item.get(key) else None
        sources.append(item)
    return sources


@bp.get("/verdicts/<slug>")
def verdict(slug: str) -> Response:
    """One published verdict: the newest revision, its sources, corrections and JSON-LD."""
    try:
        found, revisions = queries.published_verdict(_session(), slug)
    except LookupError:
        abort(404)
    desk = queries.settings(_session())
    bounds = queries.scale_bounds(_session())
    latest = found.revision
    parts = (
        latest.id,
        latest.published_at.isoformat(),
        found.claim_date,
        found.appearances,
        queries.settings_parts(desk),
        bounds,
    )

    def render() -> str:
        review = claimreview.document(_review(found, desk, bounds))
        corrections = [r for r in reversed(revisions) if r.number > 1]
        return render_template(
            "public/verdict.html",
            desk=desk,
            verdict=found,
            revision=latest,
            sources=_sources(latest),
            corrections=corrections,
            first=revisions[0],
            claim_review=review,
        )

    return cached(render, parts=parts, last_modified=latest.published_at)


def _atom(tag: str, parent: ET.Element | None = None, text: str | None = None,
          **attrs: str) -> ET.Element:
    name = f"{{{ATOM_NS}}}{tag}"
    element = ET.Element(name, attrs) if parent is None else ET.SubElement(parent, name, attrs)
    if text is not None:
        element.text = text
    return element


def _atom_feed(verdicts: list[queries.PublicVerdict], desk: DeskSettings,
               updated: datetime | None) -> bytes:
    feed_url = url_for("public.atom_feed", _external=True)
    feed = _atom("feed")
    _atom("id", feed, feed_url)
    _atom("title", feed, f"{desk.organisation_name}: fact-check verdicts")
    _atom("updated", feed, (updated or datetime(2000, 1, 1, tzinfo=UTC)).isoformat())
    author = _atom("author", feed)
    _atom("name", author, desk.organisation_name)
    if desk.organisation_url:
        _atom("uri", author, desk.organisation_url)
    _atom("link", feed, rel="self", type="application/atom+xml", href=feed_url)
    _atom("link", feed, rel="alternate", type="text/html",
          href=url_for("public.index", _external=True))
    for item in verdicts:
        revision = item.revision
        entry = _atom("entry", feed)
        url = _verdict_url(item.slug)
        _atom("id", entry, url)
        _atom("title", entry, revision.statement)
        _atom("link", entry, rel="alternate", type="text/html", href=url)
        _atom("updated", entry, revision.published_at.isoformat())
        _atom("published", entry, item.first_published_at.isoformat())
        _atom("category", entry, term=revision.rating_label)
        summary = f"{revision.rating_label}: {revision.summary}"
        if item.is_corrected and revision.correction_note:
            summary += f" (Corrected: {revision.correction_note})"
        _atom("summary", entry, summary)
    ET.register_namespace("", ATOM_NS)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


@bp.get("/verdicts/feed.atom")
def atom_feed() -> Response:
    """The newest verdicts as Atom; a correction moves an entry's ``updated`` forward."""
    fresh, desk, parts = _site_state()

    def render() -> bytes:
        verdicts = queries.newest_verdicts(_session(), ATOM_ENTRIES)
        return _atom_feed(verdicts, desk, fresh.newest_published_at)

    return cached(render, parts=parts, last_modified=_last_modified(fresh),
                  mimetype="application/atom+xml")


@bp.get("/verdicts/claimreview.json")
def claimreview_feed() -> Response:
    """Every verdict as a schema.org DataFeed of ClaimReview, a page at a time.

    The next page is linked both in a ``Link: <…>; rel="next"`` header and in the body's
    ``nextPage`` (not a schema.org property; JSON-LD consumers ignore it).
    """
    fresh, desk, parts = _site_state()
    page_number = _page_number()
    per_page = current_app.config.get("CLAIMREVIEW_FEED_PAGE_SIZE", CLAIMREVIEW_FEED_PAGE_SIZE)
    page = queries.verdict_page(_session(), page_number, per_page)
    if page_number > page.pages:
        abort(404)
    next_url = (
        url_for("public.claimreview_feed", page=page.page + 1, _external=True)
        if page.has_next
        else None
    )

    def render() -> str:
        bounds = queries.scale_bounds(_session())
        feed = claimreview.data_feed(
            [_review(v, desk, bounds) for v in page.items],
            url=url_for("public.claimreview_feed", page=page.page, _external=True),
            publisher=_publisher(desk),
            modified=fresh.newest_published_at,
        )
        if next_url:
            feed["nextPage"] = next_url
        return json.dumps(feed, ensure_ascii=False)

    response = cached(render, parts=parts, last_modified=_last_modified(fresh),
                      mimetype="application/ld+json")
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """Every published verdict and the index, with the date of its newest revision."""
    fresh, _desk, parts = _site_state()

    def render() -> bytes:
        urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
        entries = [(url_for("public.index", _external=True), fresh.newest_published_at)]
        entries += [(_verdict_url(slug), when)
                    for slug, when in queries.sitemap_entries(_session())]
        for loc, when in entries:
            url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
            ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = loc
            if when is not None:
                ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = when.isoformat()
        ET.register_namespace("", SITEMAP_NS)
        return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)

    return cached(render, parts=parts, last_modified=_last_modified(fresh),
                  mimetype="application/xml")


@bp.get("/robots.txt")
def robots() -> Response:
    """Crawlers may read the verdicts (and the CSS they need); the desk is off limits."""
    lines = [
        "User-agent: *",
        "Allow: /verdicts/",
        "Allow: /static/",
        "Allow: /sitemap.xml",
        "Disallow: /",
        "",
        f"Sitemap: {url_for('public.sitemap', _external=True)}",
        "",
    ]
    return cached(lambda: "\n".join(lines), parts=(), last_modified=None, mimetype="text/plain")


@bp.errorhandler(404)
def not_found(error: NotFound) -> tuple[str, int]:
    """A reader's 404: the public layout, no desk navigation."""
    db.session.rollback()
    return render_template("public/not_found.html", desk=queries.settings(_session())), 404
