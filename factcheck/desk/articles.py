"""Desk: articles (list, ingest, read with claims highlighted) and opening new claims."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from factcheck.appearances.detect import recorded_on_the_desk
from factcheck.desk.article_forms import ArticleForm, NewClaimForm
from factcheck.desk.blueprint import bp
from factcheck.desk.suggestions import (
    RejectSuggestionForm,
    already_checked,
    each_already_checked,
    similar_claims,
)
from factcheck.extensions import db
from factcheck.models import Article, Claim
from factcheck.operations.appearances import FIND_APPEARANCES_JOB
from factcheck.operations.articles import add_article, quote_matches
from factcheck.operations.claims import create_claim
from factcheck.operations.errors import InvalidInput
from factcheck.operations.suggestions import (
    article_suggestions,
    job_waiting,
    recent_rejections,
    suggestions_current,
)
from factcheck.rendering import link_for
from factcheck.suggestions import SentenceSuggestion
from factcheck.validation.forms import DeskForm
from factcheck.validation.query import page_number, query_int
from factcheck.workflow import Priority, WorkflowError, is_editor, require_editor
from factcheck.workflow.terms import N_

ARTICLES_PER_PAGE = 50
#: Suggestions listed (and highlighted) on an article page, highest scores first: a long
#: report can hold thousands of check-worthy sentences, more than anyone reads in a list.
SUGGESTIONS_SHOWN = 100


@dataclass(frozen=True)
class Span:
    """A claim's quote as a character range of the article text."""

    start: int
    end: int
    claim_id: int
    statement: str


def highlight_claims(
    body: str,
    spans: Iterable[Span],
    claim_url: Callable[[int], str],
    suggestions: Iterable[SentenceSuggestion] = (),
) -> Markup:
    """The article text as HTML with every claim's quote wrapped in ``<mark class="claim">``
    and every suggested sentence in ``<mark class="suggestion">``.

    Marks hold text only, never links, so every character can be selected with the mouse;
    the article script opens a claim (``data-href``) or offers a suggestion's actions when a
    mark is clicked. Overlapping quotes cannot nest as elements, so the text is cut at every
    quote boundary and each piece is marked with all the claims that cover it (opening the
    shortest, the most specific). The text is escaped piece by piece, so the page shows
    exactly ``body``: the selection script relies on the element's text being the stored
    text, character for character.
    """
    valid = [s for s in spans if 0 <= s.start < s.end <= len(body)]
    # Suggestions are sentences, so they never overlap: the one covering a piece, if any, is
    # the last to start at or before it (a binary search, not a scan per piece).
    suggested = sorted(
        (s for s in suggestions if 0 <= s.start < s.end <= len(body)), key=lambda s: s.start
    )
    suggested_starts = [s.start for s in suggested]
    cuts = sorted(
        {0, len(body)}
        | {s.start for s in valid}
        | {s.end for s in valid}
        | {s.start for s in suggested}
        | {s.end for s in suggested}
    )
    # The quotes covering a piece are those begun at or before it and not yet ended (every
    # quote boundary is a cut): kept while walking the pieces, as indexes into ``valid`` so
    # that they are listed in its order.
    by_start = sorted(range(len(valid)), key=lambda i: valid[i].start)
    begun = 0
    open_quotes: set[int] = set()
    parts: list[str] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        text = escape(body[start:end])
        while begun < len(by_start) and valid[by_start[begun]].start <= start:
            open_quotes.add(by_start[begun])
            begun += 1
        open_quotes = {i for i in open_quotes if valid[i].end > start}
        covering = [valid[i] for i in sorted(open_quotes)]
        if not covering:
            index = bisect_right(suggested_starts, start) - 1
            hint = suggested[index] if index >= 0 and suggested[index].end >= end else None
            if hint is None:
                parts.append(str(text))
            else:
                parts.append(
                    f'<mark class="suggestion" data-start="{hint.start}" data-end="{hint.end}"'
                    f' title="Suggested claim (confidence {hint.score:.0%})">{text}</mark>'
                )
            continue
        target = min(covering, key=lambda s: (s.end - s.start, s.claim_id))
        ids = " ".join(str(s.claim_id) for s in covering)
        title = escape(" · ".join(f"#{s.claim_id}: {s.statement}" for s in covering))
        css = "claim overlap" if len(covering) > 1 else "claim"
        href = escape(claim_url(target.claim_id))
        parts.append(
            f'<mark class="{css}" data-claims="{ids}" data-href="{href}" title="{title}">'
            f"{text}</mark>"
        )
    return Markup("".join(parts))  # noqa: S704  (every piece of text is escaped above)


def shown_suggestions(suggestions: list[SentenceSuggestion]) -> list[SentenceSuggestion]:
    """The :data:`SUGGESTIONS_SHOWN` best suggestions, back in text order."""
    if len(suggestions) <= SUGGESTIONS_SHOWN:
        return suggestions
    best = sorted(suggestions, key=lambda s: -s.score)[:SUGGESTIONS_SHOWN]
    return sorted(best, key=lambda s: s.start)


@bp.get("/articles/")
@login_required
def articles() -> str:
    """Every article on the desk (not those waiting in the inbox), newest first, with how
    many claims each has."""
    stmt = (
        select(Article)
        .where(Article.inbox.is_(None))
        .order_by(Article.created_at.desc(), Article.id.desc())
    )
    page = db.paginate(stmt, page=page_number(), per_page=ARTICLES_PER_PAGE, error_out=False)
    ids = [a.id for a in page.items]
    rows = db.session.execute(
        select(Claim.article_id, func.count(Claim.id))
        .where(Claim.article_id.in_(ids))
        .group_by(Claim.article_id)
    )
    counts = {article_id: count for article_id, count in rows if article_id is not None}
    return render_template(
        "desk/articles.html",
        page=page,
        counts=counts,
        can_add=is_editor(current_user),
    )


@bp.route("/articles/new", methods=["GET", "POST"])
@login_required
def article_new() -> Response | tuple[str, int]:
    """Paste in an article (editors); its text is stored exactly, bar the CRLF line breaks."""
    require_editor(current_user, N_("add articles"))
    form = ArticleForm()
    status = 200
    duplicate = None
    if form.validate_on_submit():
        try:
            article = add_article(db.session, current_user, form.details())
        except WorkflowError as error:
            status = show_error(form, error)
            duplicate = getattr(error, "existing", None)
        else:
            flash(_("Article added. Select a passage to open a claim from it."), "success")
            return redirect(url_for("desk.article", article_id=article.id))
    elif form.is_submitted():
        status = form.refusal_status()
    return render_template("desk/article_new.html", form=form, duplicate=duplicate), status


@bp.get("/articles/<int:article_id>")
@login_required
def article(article_id: int) -> str:
    """An article's text with its claims and suggested sentences highlighted; selecting a
    passage offers to open a claim from it (static/article.js)."""
    item = db.session.scalar(
        select(Article)
        .where(Article.id == article_id)
        .options(selectinload(Article.claims), selectinload(Article.added_by))
    )
    if item is None:
        abort(404)
    spans = [
        Span(c.quote_start, c.quote_end, c.id, c.statement)
        for c in item.claims
        if c.quote_start is not None and c.quote_end is not None
    ]
    suggestions = article_suggestions(db.session, item)
    shown = shown_suggestions(suggestions or [])
    checked = each_already_checked([s.text for s in shown])
    return render_template(
        "desk/article.html",
        article=item,
        body_html=highlight_claims(item.body, spans, link_for("desk.claim", "claim_id"), shown),
        suggestions=shown,
        suggestions_pending=suggestions is None,
        suggestion_count=len(suggestions or []),
        checked_elsewhere={s.start: found for s, found in zip(shown, checked, strict=True)},
        on_desk=recorded_on_the_desk(db.session, item),
        finding_appearances=job_waiting(db.session, FIND_APPEARANCES_JOB, item.id),
        reject_form=RejectSuggestionForm(formdata=None),
        recently_rejected=recent_rejections(db.session, current_user, item)
        if is_editor(current_user) else [],
        claims=sorted(item.claims, key=lambda c: (c.quote_start is None, c.quote_start or 0)),
        mismatched={c.id for c in item.claims if not quote_matches(c, item.body)},
        can_create_claims=is_editor(current_user),
    )


@bp.get("/articles/<int:article_id>/suggestions/status")
@login_required
def suggestions_status(article_id: int) -> Response:
    """Whether the article's suggestions are stored yet (polled by its page while the
    background job computes them); reads only, never starts any scoring."""
    item = db.get_or_404(Article, article_id)
    return jsonify(ready=suggestions_current(db.session, item))


def _prefill(form: NewClaimForm) -> None:
    """Fill the form from ``?article_id=&start=&end=&statement=`` (accepting a suggestion)."""
    form.article_id.data = query_int("article_id", minimum=1)
    form.quote_start.data = query_int("start")
    form.quote_end.data = query_int("end")
    if request.args.get("statement"):
        form.statement.data = request.args["statement"]
    if request.args.get("claimant"):
        form.claimant.data = request.args["claimant"]


def _quote_preview(article: Article | None, start: int | None, end: int | None) -> str | None:
    if article is None or start is None or end is None:
        return None
    if 0 <= start < end <= len(article.body):
        return article.body[start:end]
    return None


def show_error(form: DeskForm, error: WorkflowError) -> int:
    """Put a refusal beside its field (or at the top of the form); return the HTTP status."""
    field_name = error.field if isinstance(error, InvalidInput) else None
    if field_name and field_name in form:
        form[field_name].errors = [*form[field_name].errors, str(error)]
    else:
        form.form_errors.append(str(error))
    return error.status_code


@bp.route("/claims/new", methods=["GET", "POST"])
@login_required
def claim_new() -> Response | tuple[str, int]:
    """Open a new claim, from an article passage or on its own (editors)."""
    require_editor(current_user, N_("create claims"))
    form = NewClaimForm()
    status = 200
    if request.method == "GET":
        _prefill(form)
    valid = form.validate_on_submit()
    article = None
    if form.article_id.data is not None:
        article = db.session.get(Article, form.article_id.data)
        if article is None:
            if request.method == "GET":
                abort(404)
            form.article_id.errors = [
                *form.article_id.errors,
                "There is no article with this number.",
            ]
            valid = False
    if valid:
        details = form.details()
        try:
            claim = create_claim(
                db.session,
                current_user,
                details,
                article=article,
                quote_start=form.quote_start.data,
                quote_end=form.quote_end.data,
                priority=Priority(form.priority.data),
                due_date=form.due_date.data,
                tags=form.tag_names(),
                **_suggestion_score(article, form.quote_start.data, form.quote_end.data),
            )
        except WorkflowError as error:
            db.session.rollback()  # drop the half-built claim before the page is rendered
            status = show_error(form, error)
        else:
            flash(_("Claim opened."), "success")
            return redirect(url_for("desk.claim", claim_id=claim.id))
    elif form.is_submitted():
        status = form.refusal_status()
    quote = _quote_preview(article, form.quote_start.data, form.quote_end.data)
    similar = similar_claims(form.statement.data) if form.statement.data else None
    checked = already_checked(form.statement.data) if form.statement.data else None
    return render_template(
        "desk/claim_new.html", form=form, article=article, quote=quote, similar=similar,
        checked=checked,
    ), status


def _suggestion_score(article: Article | None, start: int | None, end: int | None) -> dict:
    """The check-worthiness score and reasons when the quote is exactly a suggested sentence."""
    if article is None or start is None or end is None:
        return {}
    for suggestion in article_suggestions(db.session, article) or []:
        if (suggestion.start, suggestion.end) == (start, end):
            return {
                "checkworthiness": suggestion.score,
                "checkworthiness_reasons": suggestion.reasons,
            }
    return {}
