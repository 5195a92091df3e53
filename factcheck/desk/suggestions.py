"""Desk: rejecting an article's claim suggestions, and the similar-claims panel's data."""

from __future__ import annotations

import numpy as np
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import HiddenField, IntegerField
from wtforms.validators import InputRequired, NumberRange

from factcheck.desk.blueprint import bp
from factcheck.extensions import db
from factcheck.matching import Match, find_similar
from factcheck.matching.checked import (
    Found,
    find_checked,
    find_checked_each,
    query_vectors,
    stored_query_vector,
)
from factcheck.matching.corpus import FACTCHECK
from factcheck.models import Article, Claim, FactCheck
from factcheck.operations.suggestions import reject_suggestion as reject
from factcheck.operations.suggestions import restore_suggestion as restore
from factcheck.validation.forms import DeskForm
from factcheck.workflow import WorkflowError


class RejectSuggestionForm(DeskForm):
    """The "Reject" button beside a suggestion: which sentence, by its offsets."""

    start = IntegerField(widget=HiddenField.widget, validators=[InputRequired(), NumberRange(0)])
    end = IntegerField(widget=HiddenField.widget, validators=[InputRequired(), NumberRange(1)])


def similar_claims(text: str | None, exclude_claim_id: int | None = None) -> list[Match]:
    """Claims already on the desk that say what ``text`` says (for the claim pages)."""
    return find_similar(db.session, text or "", exclude_claim_id=exclude_claim_id)


#: Other fact-checkers' reviews scoring below this are not shown on the desk pages (on the
#: tuning posts of bench/bench_already_checked.py the right review scores above it for most
#: posts, and unrelated ones far below).
ALREADY_CHECKED_THRESHOLD = 0.55


def already_checked(
    text: str | None, limit: int = 3, vector: np.ndarray | None = None
) -> list[Found]:
    """Fact-checks by other organisations that answer ``text`` ("already checked by …");
    ``vector``: its encoder vector when known already (see :func:`find_checked`). Nothing,
    and no encoder loaded, while the desk has imported no fact-checks."""
    if not _any_imported():
        return []
    found = find_checked(db.session, text or "", limit, kinds=(FACTCHECK,), vector=vector)
    return [f for f in found if f.score >= ALREADY_CHECKED_THRESHOLD]


def _any_imported() -> bool:
    """Whether the desk holds any imported fact-check (one index probe)."""
    return db.session.scalar(select(FactCheck.id).limit(1)) is not None


def claim_already_checked(claim: Claim) -> list[Found]:
    """:func:`already_checked` for a claim's statement, with the vector stored with it."""
    return already_checked(claim.statement, vector=stored_query_vector(db.session, claim))


def each_already_checked(texts: list[str], limit: int = 1) -> list[list[Found]]:
    """:func:`already_checked` for many texts (an article's suggestions): one encoder batch,
    and none at all while the desk has imported no fact-checks."""
    if not _any_imported():
        return [[] for _ in texts]
    found = find_checked_each(db.session, texts, limit, kinds=(FACTCHECK,),
                              vectors=query_vectors(texts))
    return [[f for f in each if f.score >= ALREADY_CHECKED_THRESHOLD] for each in found]


@bp.post("/articles/<int:article_id>/suggestions/reject")
@login_required
def reject_suggestion(article_id: int) -> Response:
    """Stop suggesting one sentence of an article (editors); remembered with who and when."""
    article = db.get_or_404(Article, article_id)
    form = RejectSuggestionForm()
    if not form.validate_on_submit():
        abort(
            form.refusal_status(),
            description=_("The suggestion to reject was not recognised; reload the page."),
        )
    try:
        reject(db.session, current_user, article, form.start.data, form.end.data)
    except WorkflowError as error:
        abort(error.status_code, description=str(error))
    flash(_("Suggestion rejected; it will not be offered again for this article."), "success")
    return redirect(url_for("desk.article", article_id=article.id) + "#suggestions")


@bp.post("/articles/<int:article_id>/suggestions/restore")
@login_required
def restore_suggestion(article_id: int) -> Response:
    """Undo a rejection: suggest the sentence again (editors)."""
    article = db.get_or_404(Article, article_id)
    form = RejectSuggestionForm()
    if not form.validate_on_submit():
        abort(
            form.refusal_status(),
            description=_("The rejection to undo was not recognised; reload the page."),
        )
    try:
        restore(db.session, current_user, article, form.start.data, form.end.data)
    except WorkflowError as error:
        abort(error.status_code, description=str(error))
    flash(_("Rejection undone; the sentence is suggested again."), "success")
    return redirect(url_for("desk.article", article_id=article.id) + "#suggestions")


#: Characters of a statement being typed that the similar-claims hint reads.
HINT_CHARS = 1000


@bp.get("/claims/similar")
@login_required
def similar_hint() -> str:
    """The similar-claims panel for ``?statement=`` (the new-claim form asks for it, debounced,
    while the statement is typed), so a duplicate shows before the claim is opened."""
    typed = request.args.get("statement", "").strip()[:HINT_CHARS]
    similar = similar_claims(typed) if typed else []
    return render_template("desk/_similar_claims.html", similar=similar)
