"""Pages: fetch an article from its URL, review the extracted text, edit or delete articles."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from factcheck.archive.serving import send_snapshot
from factcheck.desk.article_forms import ArticleForm
from factcheck.desk.articles import show_error
from factcheck.extensions import db
from factcheck.forms import EmptyForm
from factcheck.intake.blueprint import bp
from factcheck.intake.forms import FetchUrlForm
from factcheck.models import Article, ArticleDraft, DraftState
from factcheck.operations.articles import delete_article, edit_article
from factcheck.operations.drafts import refetch_draft, request_draft, save_draft
from factcheck.workflow import WorkflowError, require_editor
from factcheck.workflow.terms import N_

Page = tuple[str, int]


@bp.route("/articles/fetch", methods=["GET", "POST"])
@login_required
def fetch_url() -> Response | Page:
    """Paste an article's URL (editors); a job fetches it for review."""
    require_editor(current_user, N_("add articles"))
    form = FetchUrlForm()
    status, duplicate = 200, None
    if form.validate_on_submit():
        try:
            draft = request_draft(
                db.session, current_user, form.url.data or "", force=bool(form.force.data)
            )
        except WorkflowError as error:
            status = show_error(form, error)
            duplicate = getattr(error, "existing", None)
        else:
            return redirect(url_for("intake.draft", draft_id=draft.id))
    elif form.is_submitted():
        status = form.refusal_status()
    return render_template("intake/fetch.html", form=form, duplicate=duplicate), status


def _draft_form(draft: ArticleDraft) -> ArticleForm:
    """The review form, filled from what was extracted (a submitted form keeps its input)."""
    form = ArticleForm(
        outlet=draft.outlet, title=draft.title, url=draft.url, author=draft.author,
        published_on=draft.published_on, language=draft.language or "", body=draft.body,
    )
    return form


@bp.route("/articles/drafts/<int:draft_id>", methods=["GET", "POST"])
@login_required
def draft(draft_id: int) -> Response | Page:
    """A fetched page under review: while fetching the page refreshes itself; once fetched
    the extracted text and details can be corrected, then saved as an article."""
    require_editor(current_user, N_("add articles"))
    item = db.get_or_404(ArticleDraft, draft_id)
    if item.state == DraftState.SAVED and item.article_id is not None:
        return redirect(url_for("desk.article", article_id=item.article_id))
    form = _draft_form(item)
    status, duplicate = 200, None
    if item.state == DraftState.READY and form.validate_on_submit():
        details = form.details()
        try:
            article = save_draft(db.session, current_user, item, details)
        except WorkflowError as error:
            db.session.rollback()
            status = show_error(form, error)
            duplicate = getattr(error, "existing", None)
        else:
            flash(_("Article saved. Its suggested claims are listed beside the text."), "success")
            return redirect(url_for("desk.article", article_id=article.id))
    elif form.is_submitted():
        status = form.refusal_status() if item.state == DraftState.READY else 409
    return render_template(
        "intake/draft.html", draft=item, form=form, duplicate=duplicate,
        retry_form=EmptyForm(formdata=None),
    ), status


@bp.post("/articles/drafts/<int:draft_id>/refetch")
@login_required
def refetch(draft_id: int) -> Response | Page:
    """Try a page that could not be fetched once more."""
    item = db.get_or_404(ArticleDraft, draft_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        refetch_draft(db.session, current_user, item)
    except WorkflowError as error:
        flash(str(error), "error")
        return redirect(url_for("intake.draft", draft_id=item.id))
    return redirect(url_for("intake.draft", draft_id=item.id))


@bp.route("/articles/<int:article_id>/edit", methods=["GET", "POST"])
@login_required
def edit(article_id: int) -> Response | Page:
    """Correct an article's details or text (editors). Claims whose quote the new text no
    longer holds are flagged, never moved."""
    require_editor(current_user, N_("edit articles"))
    article = db.get_or_404(Article, article_id)
    form = ArticleForm(obj=article)
    status, duplicate = 200, None
    if form.validate_on_submit():
        try:
            flagged = edit_article(db.session, current_user, article, form.details())
        except WorkflowError as error:
            db.session.rollback()
            status = show_error(form, error)
            duplicate = getattr(error, "existing", None)
        else:
            if flagged:
                flash(
                    ngettext(
                        "Article saved. %(num)s claim quotes text that is no longer at its "
                        "place; it is flagged below.",
                        "Article saved. %(num)s claims quote text that is no longer at their "
                        "place; they are flagged below.",
                        len(flagged),
                    ),
                    "warning",
                )
            else:
                flash(_("Article saved."), "success")
            return redirect(url_for("desk.article", article_id=article.id))
    elif form.is_submitted():
        status = form.refusal_status()
    return render_template(
        "intake/edit.html", article=article, form=form, duplicate=duplicate,
        delete_form=EmptyForm(formdata=None),
        claims=len(article.claims),
    ), status


@bp.post("/articles/<int:article_id>/delete")
@login_required
def delete(article_id: int) -> Response | Page:
    """Delete an article no claim comes from (editors)."""
    article = db.get_or_404(Article, article_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        delete_article(db.session, current_user, article)
    except WorkflowError as error:
        db.session.rollback()
        return render_template(
            "intake/edit.html", article=article, form=ArticleForm(formdata=None, obj=article),
            duplicate=None, delete_form=form, claims=len(article.claims),
            delete_error=str(error),
        ), error.status_code
    flash(_("Article deleted."), "success")
    return redirect(url_for("desk.articles"))



@bp.get("/articles/<int:article_id>/snapshot")
@login_required
def snapshot(article_id: int) -> Response:
    """Download the page an article was fetched from, exactly as fetched (sandboxed)."""
    article = db.get_or_404(Article, article_id)
    if article.snapshot is None:
        abort(404, description="This article was not fetched from the web.")
    return send_snapshot(article.snapshot)
