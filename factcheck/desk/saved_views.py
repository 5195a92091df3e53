"""Desk: saved views of the queue — save the current filters under a name, open one, delete
one's own (see :mod:`factcheck.operations.saved_views`)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from factcheck.desk.blueprint import bp
from factcheck.desk.bulk_forms import SaveViewForm
from factcheck.desk.filters import QueueFilters
from factcheck.desk.queue import default_assignee, render_queue
from factcheck.extensions import db
from factcheck.forms import EmptyForm
from factcheck.models import SavedView
from factcheck.operations import saved_views as view_ops
from factcheck.operations.errors import InvalidInput


def _visible(view_id: int) -> SavedView:
    """The view, when this person may see it (their own or a shared one); 404 otherwise."""
    view = db.session.get(SavedView, view_id)
    if view is None or not (view.shared or view.owner_id == current_user.id):
        abort(404)
    return view


@bp.post("/desk/views")
@login_required
def save_view() -> Response | tuple[str, int]:
    """Keep the filters the queue shows now (this URL's query string) as a named view."""
    filters = QueueFilters.from_args(request.args, default_assignee(current_user))
    form = SaveViewForm()
    if not form.validate_on_submit():
        return render_queue(filters, status=form.refusal_status(), view_form=form)
    query = {k: v for k, v in filters.args().items() if k != "page"}
    try:
        view = view_ops.save_view(db.session, current_user, form.name.data or "", query,
                                  shared=bool(form.shared.data))
    except InvalidInput as error:
        db.session.rollback()
        status = form.show_refusal(error)
        return render_queue(filters, status=status, view_form=form)
    if view.shared:
        flash(_("Saved the view “%(name)s” for the whole desk.", name=view.name), "success")
    else:
        flash(_("Saved the view “%(name)s”.", name=view.name), "success")
    return redirect(url_for("desk.queue", **query))


@bp.get("/desk/views/<int:view_id>")
@login_required
def saved_view(view_id: int) -> Response:
    """Open a saved view: the queue with its filters."""
    return redirect(url_for("desk.queue", **_visible(view_id).query))


@bp.post("/desk/views/<int:view_id>/delete")
@login_required
def delete_view(view_id: int) -> Response:
    """Forget one of one's own views."""
    view = _visible(view_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400, description=form.refusal_message())
    name = view.name
    view_ops.delete_view(db.session, current_user, view)
    flash(_("Deleted the view “%(name)s”.", name=name), "success")
    return redirect(url_for("desk.queue"))
