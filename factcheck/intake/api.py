"""``/api/v1``: intake for scripts — articles from a URL, monitored outlets, the inbox.

The same operations as the intake pages and ``flask articles|outlets``, so the same rules
(editors only; read-write tokens for changes) and the same desk events:

- ``POST /articles/fetch`` queues the page to be fetched, as the new-article page does, and
  answers ``202`` with the draft (``Location``: ``/articles/drafts/<id>``). The draft is the
  status resource: ``fetching``, then ``ready`` with the extracted text and details (or
  ``failed`` with the reason in words); ``POST /articles/drafts/<id>/save`` stores it, with any
  corrections, as an article with its suggestions. A job rather than a fetch inside the
  request, because a page may take up to the fetching time cap to answer (a web worker would
  wait that long) and the text is meant to be checked before it is saved, as on the page.
- ``POST /outlets/poll`` polls every due outlet now, like ``flask outlets poll``, and answers
  ``{"new": N, "unchanged": M, "failed": K}``.

A URL or text the desk already has is refused with 409 and the ``existing`` article
(``force`` stores it anyway).
"""

from __future__ import annotations

from typing import Any

from flask import abort, url_for
from marshmallow import Schema, fields, validate
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from factcheck.api.articles import article_detail
from factcheck.api.auth import current_actor, token_required, write_token_required
from factcheck.api.blueprint import bp
from factcheck.api.inputs import form_input
from factcheck.api.problems import problem
from factcheck.api.schemas import (
    ArticleDetailOut,
    ArticleIn,
    ArticleOut,
    SnapshotOut,
    Strict,
    text,
)
from factcheck.api.views import article_summary
from factcheck.desk.article_forms import ArticleForm
from factcheck.extensions import db
from factcheck.intake.forms import FetchUrlForm, OutletForm
from factcheck.intake.polling import poll_due_now
from factcheck.models import Article, ArticleDraft, DraftState, ItemState, Outlet, OutletItem
from factcheck.models.intake import DEFAULT_POLL_MINUTES
from factcheck.operations.drafts import request_draft, save_draft
from factcheck.operations.outlets import INBOX_NEW, MAX_INTERVAL, MIN_INTERVAL, add_outlet
from factcheck.validation.limits import ARTICLE_TEXT_MAX
from factcheck.workflow import require_editor
from factcheck.workflow.terms import N_

DRAFT_STATES = [DraftState.FETCHING, DraftState.READY, DraftState.FAILED, DraftState.SAVED]


class FetchIn(Strict):
    """An article's address to fetch."""

    url = text(2000, required=True, metadata={"format": "uri"})
    force = fields.Boolean(load_default=False, metadata={
        "description": "Fetch it even if the desk already has this URL."})


class DraftOut(Schema):
    """A fetched page under review: its state, and once fetched what was extracted."""

    id = fields.Integer(required=True)
    url = fields.String(required=True)
    state = fields.String(required=True, metadata={"enum": DRAFT_STATES})
    error = fields.String(allow_none=True, required=True, metadata={
        "description": "Why the page could not be fetched (state `failed`)."})
    final_url = fields.String(allow_none=True, required=True)
    canonical_url = fields.String(allow_none=True, required=True)
    outlet = fields.String(allow_none=True, required=True)
    title = fields.String(allow_none=True, required=True)
    author = fields.String(allow_none=True, required=True)
    published_on = fields.Date(allow_none=True, required=True)
    language = fields.String(allow_none=True, required=True)
    body = fields.String(allow_none=True, required=True)
    fetched_at = fields.DateTime(allow_none=True, required=True)
    snapshot = fields.Nested(SnapshotOut, allow_none=True, required=True)
    article_id = fields.Integer(allow_none=True, required=True, metadata={
        "description": "The article it was saved as (state `saved`)."})


class DraftSaveIn(ArticleIn):
    """Corrections to the extracted article; what is left out is saved as extracted."""

    outlet = text(200)
    title = text(500)
    body = text(ARTICLE_TEXT_MAX)
    force = fields.Boolean(load_default=False, metadata={
        "description": "Save it even if the desk already has this URL or text."})


class OutletIn(Strict):
    """A feed to monitor."""

    feed_url = text(2000, required=True, metadata={"format": "uri"})
    name = text(200, allow_none=True)
    interval_minutes = fields.Integer(
        strict=True, load_default=DEFAULT_POLL_MINUTES,
        metadata={"minimum": MIN_INTERVAL, "maximum": MAX_INTERVAL},
    )


class OutletOut(Schema):
    """A monitored outlet, with when it last succeeded and its last error."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    feed_url = fields.String(required=True)
    interval_minutes = fields.Integer(required=True)
    active = fields.Boolean(required=True)
    next_poll_at = fields.DateTime(required=True)
    last_polled_at = fields.DateTime(allow_none=True, required=True)
    last_success_at = fields.DateTime(allow_none=True, required=True)
    last_error = fields.String(allow_none=True, required=True)
    last_error_at = fields.DateTime(allow_none=True, required=True)
    failures = fields.Integer(required=True, metadata={"description": "Failed polls in a row."})
    failed_items = fields.Integer(required=True, metadata={
        "description": "Feed items that could not be fetched."})
    created_at = fields.DateTime(required=True)


class OutletListOut(Schema):
    """Every monitored outlet, by name."""

    items = fields.List(fields.Nested(OutletOut), required=True)


class PollOut(Schema):
    """What polling every due outlet gave (as ``flask outlets poll`` prints it)."""

    new = fields.Integer(required=True, metadata={"description": "Articles added to the inbox."})
    unchanged = fields.Integer(required=True, metadata={
        "description": "Outlets with nothing new and nothing failed."})
    failed = fields.Integer(required=True, metadata={
        "description": "Outlets whose feed failed, plus feed items that could not be fetched."})


class InboxItemOut(ArticleOut):
    """An article waiting in the inbox."""

    outlet_id = fields.Integer(allow_none=True, required=True)
    best_score = fields.Float(allow_none=True, required=True, metadata={
        "description": "Its strongest suggestion's score (the inbox's order)."})


class InboxArgs(Schema):
    """A page of the inbox."""

    limit = fields.Integer(load_default=50, validate=validate.Range(1, 100))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 1_000_000))


class InboxOut(Schema):
    """Inbox articles, the strongest suggestion first."""

    items = fields.List(fields.Nested(InboxItemOut), required=True)
    total = fields.Integer(required=True)


# --- Articles from a URL -----------------------------------------------------------------------


def _draft_view(draft: ArticleDraft) -> dict[str, Any]:
    names = ("id", "url", "state", "error", "final_url", "canonical_url", "outlet", "title",
             "author", "published_on", "language", "body", "fetched_at", "article_id")
    return {**{name: getattr(draft, name) for name in names},
            "snapshot": draft.snapshot}


def _load_draft(draft_id: int) -> ArticleDraft:
    require_editor(current_actor(), N_("add articles"))
    draft = db.session.get(ArticleDraft, draft_id)
    if draft is None:
        abort(problem(404, "Not found", f"There is no fetched page number {draft_id}."))
    return draft


@bp.post("/articles/fetch")
@write_token_required
@bp.arguments(FetchIn)
@bp.doc(tags=["intake"])
@bp.response(202, DraftOut)
def fetch_article_url(payload: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Fetch an article from its URL (editors): a job fetches the page and extracts its text;
    follow ``Location`` (the draft) until its state is ``ready`` or ``failed``."""
    require_editor(current_actor(), N_("add articles"))
    form = form_input(FetchUrlForm, payload)
    draft = request_draft(db.session, current_actor(), form.url.data or "",
                          force=bool(form.force.data))
    location = url_for("api.article_draft", draft_id=draft.id)
    return _draft_view(draft), 202, {"Location": location}


@bp.get("/articles/drafts/<int:draft_id>")
@token_required
@bp.doc(tags=["intake"])
@bp.response(200, DraftOut)
def article_draft(draft_id: int) -> dict[str, Any]:
    """A page fetched for review (editors): ``fetching``, ``ready`` with the extracted
    article, ``failed`` with the reason, or ``saved`` with its article's id."""
    return _draft_view(_load_draft(draft_id))


@bp.post("/articles/drafts/<int:draft_id>/save")
@write_token_required
@bp.arguments(DraftSaveIn)
@bp.doc(tags=["intake"])
@bp.response(201, ArticleDetailOut)
def save_article_draft(
    payload: dict[str, Any], draft_id: int
) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Save a fetched page as an article with its suggestions (editors), with any
    corrections to what was extracted."""
    draft = _load_draft(draft_id)
    if draft.state != DraftState.READY:
        detail = {
            DraftState.FETCHING: "The page is still being fetched; try again in a moment.",
            DraftState.FAILED: f"The page could not be fetched: {draft.error}",
            DraftState.SAVED: f"This page has already been saved as article {draft.article_id}.",
        }.get(draft.state, "The page has not been fetched yet.")
        abort(problem(409, "Not possible right now", detail, kind="workflow"))
    fields_ = ("outlet", "title", "body", "url", "author", "published_on", "language")
    extracted = {name: getattr(draft, name) for name in fields_}
    form = form_input(ArticleForm, {**extracted, **payload})
    article = save_draft(db.session, current_actor(), draft, form.details())
    location = url_for("api.article", article_id=article.id)
    return article_detail(article.id), 201, {"Location": location}


# --- Outlets and the inbox ---------------------------------------------------------------------


def _outlet_views(outlets: list[Outlet]) -> list[dict[str, Any]]:
    failed = dict(db.session.execute(
        select(OutletItem.outlet_id, func.count(OutletItem.id))
        .where(OutletItem.state == ItemState.FAILED,
               OutletItem.outlet_id.in_([o.id for o in outlets]))
        .group_by(OutletItem.outlet_id)
    ).all())
    names = ("id", "name", "feed_url", "interval_minutes", "active", "next_poll_at",
             "last_polled_at", "last_success_at", "last_error", "last_error_at", "failures",
             "created_at")
    return [{**{name: getattr(o, name) for name in names}, "failed_items": failed.get(o.id, 0)}
            for o in outlets]


@bp.get("/outlets")
@token_required
@bp.doc(tags=["intake"])
@bp.response(200, OutletListOut)
def outlets() -> dict[str, Any]:
    """Every monitored outlet, with when it last succeeded and its last error."""
    rows = list(db.session.scalars(select(Outlet).order_by(Outlet.name, Outlet.id)))
    return {"items": _outlet_views(rows)}


@bp.post("/outlets")
@write_token_required
@bp.arguments(OutletIn)
@bp.doc(tags=["intake"])
@bp.response(201, OutletOut)
def create_outlet(payload: dict[str, Any]) -> dict[str, Any]:
    """Monitor an RSS or Atom feed (editors); it is read at the next scheduler tick."""
    require_editor(current_actor(), N_("add outlets"))
    form = form_input(OutletForm, payload)
    outlet = add_outlet(db.session, current_actor(), form.feed_url.data or "", form.name.data,
                        form.interval_minutes.data or 0)
    return _outlet_views([outlet])[0]


@bp.post("/outlets/poll")
@write_token_required
@bp.arguments(Strict, required=False)
@bp.doc(tags=["intake"])
@bp.response(200, PollOut)
def poll_outlets(payload: dict[str, Any] | None = None) -> dict[str, int]:
    """Poll every due outlet now and fetch its new items into the inbox (editors), as
    ``flask outlets poll`` does; each outlet's poll is committed as it is done."""
    require_editor(current_actor(), N_("poll outlets"))
    counts = poll_due_now(db.session, db.session.commit)
    return {"new": counts.new, "unchanged": counts.unchanged, "failed": counts.failed}


@bp.get("/inbox")
@token_required
@bp.arguments(InboxArgs, location="query", as_kwargs=True)
@bp.doc(tags=["intake"])
@bp.response(200, InboxOut)
def inbox(limit: int, offset: int) -> dict[str, Any]:
    """Articles that arrived from outlets and wait in the inbox, the strongest suggestion
    first (as on the inbox page)."""
    waiting = Article.inbox == INBOX_NEW
    rows = db.session.scalars(
        select(Article).where(waiting)
        .order_by(Article.best_score.desc().nulls_last(), Article.created_at.desc(),
                  Article.id.desc())
        .options(selectinload(Article.added_by)).limit(limit).offset(offset)
    )
    total = db.session.scalar(select(func.count(Article.id)).where(waiting)) or 0
    items = [{**article_summary(a), "outlet_id": a.outlet_id, "best_score": a.best_score}
             for a in rows]
    return {"items": items, "total": total}
