"""Pages: the outlets the desk monitors, and the inbox their new articles arrive in."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from factcheck.desk.articles import show_error
from factcheck.extensions import db
from factcheck.forms import EmptyForm
from factcheck.intake.blueprint import bp
from factcheck.intake.forms import InboxDismissForm, OutletEditForm, OutletForm
from factcheck.jobs.runner import enqueue_job
from factcheck.models import Article, ItemState, Outlet, OutletItem, utcnow
from factcheck.operations.outlets import (
    INBOX_NEW,
    add_outlet,
    change_outlet,
    dismiss_from_inbox,
    open_from_inbox,
)
from factcheck.validation.limits import MAX_PATH_ID
from factcheck.validation.query import page_number
from factcheck.workflow import WorkflowError, is_editor, require_editor
from factcheck.workflow.terms import N_

Page = tuple[str, int]
INBOX_PER_PAGE = 50


def _outlets_page(form: OutletForm, status: int = 200, duplicate: Outlet | None = None) -> Page:
    outlets = db.session.scalars(select(Outlet).order_by(Outlet.name, Outlet.id)).all()
    counts = dict(
        db.session.execute(
            select(OutletItem.outlet_id, func.count(OutletItem.id))
            .where(OutletItem.state == ItemState.FAILED)
            .group_by(OutletItem.outlet_id)
        ).all()
    )
    return render_template(
        "intake/outlets.html", outlets=outlets, failed_items=counts, form=form,
        can_edit=is_editor(current_user), poll_form=EmptyForm(formdata=None),
        duplicate=duplicate,
    ), status


@bp.route("/outlets/", methods=["GET", "POST"])
@login_required
def outlets() -> Response | Page:
    """Every monitored outlet with its last success and last error; editors add more."""
    form = OutletForm(formdata=None) if not is_editor(current_user) else OutletForm()
    if form.is_submitted():
        require_editor(current_user, N_("add outlets"))
        if not form.validate():
            return _outlets_page(form, form.refusal_status())
        try:
            outlet = add_outlet(
                db.session, current_user, form.feed_url.data or "", form.name.data,
                form.interval_minutes.data or 0,
            )
        except WorkflowError as error:
            db.session.rollback()
            return _outlets_page(form, show_error(form, error), getattr(error, "existing", None))
        flash(
            _("Outlet %(name)s added; its feed is read within a minute.", name=outlet.name),
            "success",
        )
        return redirect(url_for("intake.outlets"))
    return _outlets_page(form)


@bp.route("/outlets/<int:outlet_id>", methods=["GET", "POST"])
@login_required
def outlet(outlet_id: int) -> Response | Page:
    """An outlet's settings and its recent items (editors change them)."""
    item = db.get_or_404(Outlet, outlet_id)
    form = OutletEditForm(obj=item)
    status = 200
    if form.is_submitted():
        require_editor(current_user, N_("change outlets"))
        if form.validate():
            try:
                change_outlet(
                    db.session, current_user, item, name=form.name.data or "",
                    interval_minutes=form.interval_minutes.data or 0,
                    active=bool(form.active.data),
                )
            except WorkflowError as error:
                db.session.rollback()
                status = show_error(form, error)
            else:
                flash(_("Outlet saved."), "success")
                return redirect(url_for("intake.outlet", outlet_id=item.id))
        else:
            status = form.refusal_status()
    items = db.session.scalars(
        select(OutletItem).where(OutletItem.outlet_id == item.id)
        .order_by(OutletItem.created_at.desc(), OutletItem.id.desc()).limit(50)
    ).all()
    return render_template(
        "intake/outlet.html", outlet=item, items=items, form=form,
        can_edit=is_editor(current_user), poll_form=EmptyForm(formdata=None),
    ), status


@bp.post("/outlets/<int:outlet_id>/poll")
@login_required
def poll_now(outlet_id: int) -> Response:
    """Queue a poll of this outlet now rather than at its next time (editors)."""
    require_editor(current_user, N_("poll outlets"))
    item = db.get_or_404(Outlet, outlet_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    item.next_poll_at = utcnow()
    enqueue_job(db.session, "intake.poll_outlet", outlet_id=item.id)
    flash(_("%(name)s will be polled in a moment.", name=item.name), "success")
    return redirect(url_for("intake.outlet", outlet_id=item.id))


def _inbox_page(form: InboxDismissForm, status: int = 200) -> Page:
    stmt = (
        select(Article)
        .where(Article.inbox == INBOX_NEW)
        .order_by(Article.best_score.desc().nulls_last(), Article.created_at.desc(),
                  Article.id.desc())
    )
    page = db.paginate(stmt, page=page_number(), per_page=INBOX_PER_PAGE, error_out=False)
    return render_template(
        "intake/inbox.html", page=page, form=form, button_form=EmptyForm(formdata=None),
        can_edit=is_editor(current_user),
    ), status


@bp.get("/inbox/")
@login_required
def inbox() -> Page:
    """Articles that arrived from outlets, the strongest suggestions first."""
    return _inbox_page(InboxDismissForm(formdata=None))


@bp.post("/inbox/dismiss")
@login_required
def inbox_dismiss() -> Response | Page:
    """Dismiss the ticked inbox articles (editors)."""
    require_editor(current_user, N_("dismiss articles"))
    form = InboxDismissForm()
    if not form.validate_on_submit():
        return _inbox_page(form, form.refusal_status())
    ids = [i for i in form.article_ids.data or [] if 1 <= i <= MAX_PATH_ID]
    articles = db.session.scalars(select(Article).where(Article.id.in_(ids))).all()
    count = dismiss_from_inbox(db.session, current_user, articles)
    flash(ngettext("%(num)s article dismissed.", "%(num)s articles dismissed.", count),
          "success")
    return redirect(url_for("intake.inbox"))


@bp.post("/inbox/<int:article_id>/dismiss")
@login_required
def inbox_dismiss_one(article_id: int) -> Response:
    """Dismiss one inbox article (editors)."""
    require_editor(current_user, N_("dismiss articles"))
    article = db.get_or_404(Article, article_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    dismiss_from_inbox(db.session, current_user, [article])
    flash(_("Dismissed “%(title)s”.", title=article.title), "success")
    return redirect(url_for("intake.inbox"))


@bp.post("/inbox/<int:article_id>/open")
@login_required
def inbox_open(article_id: int) -> Response:
    """Open an inbox article: it becomes a normal article of the desk (editors)."""
    require_editor(current_user, N_("take articles from the inbox"))
    article = db.get_or_404(Article, article_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    open_from_inbox(db.session, current_user, article)
    return redirect(url_for("desk.article", article_id=article.id))
