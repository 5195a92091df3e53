"""The public site: verdict pages, the index, the Atom and ClaimReview feeds.

The sitemap and robots.txt are in :mod:`factcheck.public.sitemaps`, the oEmbed card in
:mod:`factcheck.public.embeds`; their routes join this blueprint.

Everything here is read-only and anonymous, shows only published revisions — never the desk's
claims, scale or settings as they are now — and is sent with validators and
``Cache-Control: public`` (see :mod:`factcheck.public.caching`).

The same bytes go to every reader, so a page's language never comes from the request: a
verdict page speaks the verdict's language (when the desk speaks it, else English), the
listings and feeds the desk's (see :mod:`factcheck.i18n`), each rendered under ``force_locale``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from xml.etree import ElementTree as ET

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response as WerkzeugResponse

from factcheck import claimreview
from factcheck.archive.serving import send_snapshot
from factcheck.extensions import db
from factcheck.i18n import desk_language, public_language
from factcheck.models import VerdictRevision
from factcheck.public import beside, queries
from factcheck.public.caching import cached
from factcheck.public.published import Masthead, PublicVerdict
from factcheck.site import absolute_url
from factcheck.validation import query as validation_query

bp = Blueprint("public", __name__)

ATOM_ENTRIES = 50
CLAIMREVIEW_FEED_PAGE_SIZE = 100
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _session() -> Session:
    """The request's database session (the object behind Flask-SQLAlchemy's scoped proxy)."""
    return db.session()


def _publisher(desk: Masthead) -> claimreview.Publisher:
    return claimreview.Publisher(desk.organisation_name, desk.organisation_url, desk.logo_url)


def _verdict_url(slug: str) -> str:
    return absolute_url("public.verdict", slug=slug)


def _review(verdict: PublicVerdict) -> dict[str, Any]:
    """The verdict's ClaimReview, signed and scaled as it was when it was published."""
    return claimreview.claim_review(
        verdict, url=_verdict_url(verdict.slug), publisher=_publisher(verdict.masthead),
        bounds=verdict.bounds,
    )


def _site_state() -> tuple[queries.Freshness, Masthead, str, tuple[Any, ...]]:
    """What every listing depends on: the public revisions, the masthead they carry (the
    settings only while nothing is published) and the desk's language, which they speak."""
    fresh = queries.freshness(_session())
    desk = queries.site_masthead(_session())
    language = desk_language(_session())
    return fresh, desk, language, (*fresh.parts(), desk, language)


def _last_modified(fresh: queries.Freshness) -> datetime | None:
    return fresh.newest_published_at


#: Query parameters only the desk's queue reads: ``/`` with one of them is an old bookmark of
#: the queue (which lived at ``/`` until it moved to ``/desk``), sent on to it.
OLD_QUEUE_PARAMS = frozenset({"state", "assignee", "priority", "article", "tag", "overdue",
                              "rotten", "sort", "after"})


@bp.get("/")
def home() -> Response | WerkzeugResponse:
    """The readers' front page: the verdicts index, the same bytes for every visitor (a desk
    user is offered the desk by a script asking a private endpoint, not by this page).

    An old bookmark of the desk's queue — ``/`` with the queue's filters — goes to ``/desk``.
    """
    if OLD_QUEUE_PARAMS.intersection(request.args):
        query: dict[str, Any] = request.args.to_dict(flat=False)
        return redirect(url_for("desk.queue", **query), 301)
    return _index()


@bp.get("/verdicts/")
def index() -> Response:
    """Published verdicts, newest (latest revision) first, filterable by rating and text."""
    return _index()


def _index() -> Response:
    """The verdicts index, at ``/`` and at ``/verdicts/``."""
    fresh, desk, language, parts = _site_state()
    rating = request.args.get("rating", "").strip() or None
    text = request.args.get("q", "").strip() or None
    page_number = validation_query.page_number()

    def render() -> str:
        page = queries.verdict_page(
            _session(),
            page_number,
            current_app.config["VERDICTS_PAGE_SIZE"],
            rating=rating,
            text=text,
        )
        with force_locale(language):
            return render_template(
                "public/index.html",
                desk=desk,
                page=page,
                ratings=queries.rating_choices(_session()),
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
    """One published verdict: the newest revision, its sources, corrections and JSON-LD.

    Everything shown comes from the revisions (one query); the newest one's id names the page's
    content, since revisions never change.
    """
    try:
        found, revisions = queries.published_verdict(_session(), slug)
    except LookupError:
        abort(404)
    latest = found.revision
    alongside = beside.beside_verdict(_session(), latest)
    parts = (latest.id, latest.published_at.isoformat(), alongside.parts)

    def render() -> str:
        verdict = replace(found, recorded=alongside.recorded)
        review = claimreview.document(_review(verdict))
        corrections = [r for r in reversed(revisions) if r.number > 1]
        with force_locale(public_language(latest.language)):
            return render_template(
                "public/verdict.html",
                desk=verdict.masthead,
                verdict=verdict,
                revision=latest,
                sources=_sources(latest),
                archived=alongside.archived,
                corrections=corrections,
                first=revisions[0],
                claim_review=review,
            )

    return cached(render, parts=parts, last_modified=latest.published_at)


def _with_recorded(verdicts: list[PublicVerdict]) -> list[PublicVerdict]:
    """The verdicts with the appearances recorded since they were published."""
    recorded = beside.recorded_appearances(_session(), (v.revision.claim_id for v in verdicts))
    return [replace(v, recorded=tuple(recorded.get(v.revision.claim_id, ()))) for v in verdicts]


@bp.get("/verdicts/<slug>/sources/<int:evidence_id>/archived")
def archived_source(slug: str, evidence_id: int) -> WerkzeugResponse:
    """The desk's copy of a source this verdict cites, sandboxed like every stored copy.

    Published verdicts only, public sources only: anything else is not found.
    """
    try:
        found, _revisions = queries.published_verdict(_session(), slug)
        evidence = beside.archived_copy(_session(), found.revision, evidence_id)
    except LookupError:
        abort(404)
    return send_snapshot(evidence.capture, public=True)


def _atom(tag: str, parent: ET.Element | None = None, text: str | None = None,
          **attrs: str) -> ET.Element:
    name = f"{{{ATOM_NS}}}{tag}"
    element = ET.Element(name, attrs) if parent is None else ET.SubElement(parent, name, attrs)
    if text is not None:
        element.text = text
    return element


def _atom_feed(verdicts: list[PublicVerdict], desk: Masthead,
               updated: datetime | None, language: str) -> bytes:
    """The feed in the desk's ``language`` (``xml:lang``); an entry written in another
    language says so on the entry, so a reader or a search engine does not take it for it."""
    feed_url = absolute_url("public.atom_feed")
    feed = _atom("feed")
    feed.set(XML_LANG, language)
    _atom("id", feed, feed_url)
    _atom("title", feed, _("%(organisation)s: fact-check verdicts",
                           organisation=desk.organisation_name))
    _atom("updated", feed, (updated or datetime(2000, 1, 1, tzinfo=UTC)).isoformat())
    author = _atom("author", feed)
    _atom("name", author, desk.organisation_name)
    if desk.organisation_url:
        _atom("uri", author, desk.organisation_url)
    _atom("link", feed, rel="self", type="application/atom+xml", href=feed_url)
    _atom("link", feed, rel="alternate", type="text/html",
          href=absolute_url("public.index"))
    for item in verdicts:
        revision = item.revision
        entry = _atom("entry", feed)
        if revision.language and revision.language != language:
            entry.set(XML_LANG, revision.language)
        url = _verdict_url(item.slug)
        _atom("id", entry, url)
        _atom("title", entry, revision.statement)
        _atom("link", entry, rel="alternate", type="text/html", href=url)
        _atom("updated", entry, revision.published_at.isoformat())
        _atom("published", entry, item.first_published_at.isoformat())
        _atom("category", entry, term=revision.rating_label)
        summary = f"{revision.rating_label}: {revision.summary}"
        if item.is_corrected and revision.correction_note:
            summary += " " + _("(Corrected: %(note)s)", note=revision.correction_note)
        _atom("summary", entry, summary)
    ET.register_namespace("", ATOM_NS)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


@bp.get("/verdicts/feed.atom")
def atom_feed() -> Response:
    """The newest verdicts as Atom; a correction moves an entry's ``updated`` forward."""
    fresh, desk, language, parts = _site_state()

    def render() -> bytes:
        verdicts = queries.newest_verdicts(_session(), ATOM_ENTRIES)
        with force_locale(language):
            return _atom_feed(verdicts, desk, fresh.newest_published_at, language)

    return cached(render, parts=parts, last_modified=_last_modified(fresh),
                  mimetype="application/atom+xml")


def _feed_page_size() -> int:
    return int(current_app.config.get("CLAIMREVIEW_FEED_PAGE_SIZE", CLAIMREVIEW_FEED_PAGE_SIZE))


def _feed_url(after: queries.Cursor | None) -> str:
    return absolute_url("public.claimreview_feed", after=after.token() if after else None)


@bp.get("/verdicts/claimreview.json")
def claimreview_feed() -> Response | WerkzeugResponse:
    """Every verdict as a schema.org DataFeed of ClaimReview, a page at a time, newest first.

    Pages are keyset pages: ``?after=`` is an opaque cursor naming the last verdict of the
    previous page, so any page costs one short index walk, however deep. The next page is
    linked both in a ``Link: <…>; rel="next"`` header and in the body's ``nextPage`` (not a
    schema.org property; JSON-LD consumers ignore it). An old ``?page=N`` link is redirected
    to the cursor that starts that page today.
    """
    if "page" in request.args:
        return _feed_page_redirect()
    token = request.args.get("after")
    try:
        after = queries.Cursor.from_token(token) if token is not None else None
    except ValueError:
        abort(400, description="This feed page link is not valid; start from the first page.")
    fresh, desk, _language, parts = _site_state()
    links: list[str] = []

    def render() -> str:
        page = queries.verdicts_after(_session(), after, _feed_page_size())
        feed = claimreview.data_feed(
            [_review(v) for v in _with_recorded(page.items)],
            url=_feed_url(after),
            publisher=_publisher(desk),
            modified=fresh.newest_published_at,
        )
        if page.next:
            links.append(_feed_url(page.next))
            feed["nextPage"] = links[0]
        return json.dumps(feed, ensure_ascii=False)

    response = cached(render, parts=parts, last_modified=_last_modified(fresh),
                      mimetype="application/ld+json")
    if links:  # only on a full answer: a 304 keeps the headers the client already has
        response.headers["Link"] = f'<{links[0]}>; rel="next"'
    return response


def _feed_page_redirect() -> WerkzeugResponse:
    """``?page=N`` → the keyset page that starts with the verdict now at that position.

    Temporary (302): every new verdict shifts what page N holds.
    """
    number = validation_query.page_number()
    if number == 1:
        return redirect(_feed_url(None), 302)
    after = queries.cursor_before_position(_session(), (number - 1) * _feed_page_size())
    if after is None:
        abort(404)
    return redirect(_feed_url(after), 302)


@bp.errorhandler(404)
def not_found(error: NotFound) -> tuple[str, int]:
    """A reader's 404: the public layout, no desk navigation."""
    db.session.rollback()
    with force_locale(desk_language(_session())):
        page = render_template("public/not_found.html", desk=queries.site_masthead(_session()))
    return page, 404
