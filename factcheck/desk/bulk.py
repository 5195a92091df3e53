"""Desk: bulk actions on the claims selected in the queue (assign, priority, tag, due date,
dismiss), through :mod:`factcheck.operations.bulk`.

The change is all or nothing (see that module): a refused one comes back as the queue page,
the selection still ticked, each refused claim named with the workflow's reason, and nothing
changed — so the person unticks those (or fixes them) and sends the rest.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from factcheck.desk.blueprint import bp
from factcheck.desk.bulk_forms import BulkForm
from factcheck.desk.filters import QueueFilters
from factcheck.desk.queue import default_assignee, render_queue
from factcheck.extensions import db
from factcheck.operations import bulk as bulk_ops
from factcheck.operations.errors import InvalidInput
from factcheck.rendering import format_date
from factcheck.validation.forms import HIDDEN_FIELD_PROBLEM


def _done(change: bulk_ops.BulkChange, count: int) -> str:
    claims = ngettext("%(num)s claim", "%(num)s claims", count)
    match change.action:
        case bulk_ops.BulkAction.ASSIGN if change.to_me:
            return _("Assigned %(claims)s to you.", claims=claims)
        case bulk_ops.BulkAction.ASSIGN:
            who = change.assignee.name if change.assignee else _("nobody (back to the queue)")
            return _("Assigned %(claims)s to %(who)s.", claims=claims, who=who)
        case bulk_ops.BulkAction.PRIORITY:
            priority = change.priority.label  # type: ignore[union-attr]
            return _("Set the priority of %(claims)s to %(priority)s.", claims=claims,
                     priority=priority)
        case bulk_ops.BulkAction.TAG:
            return _("Tagged %(claims)s “%(tag)s”.", claims=claims, tag=change.tag)
        case bulk_ops.BulkAction.DUE:
            return _("Set %(claims)s due on %(date)s.", claims=claims,
                     date=format_date(change.due_date))
    return _("Dismissed %(claims)s.", claims=claims)


@bp.post("/desk/bulk")
@login_required
def bulk() -> Response | tuple[str, int]:
    """Make one change to every ticked claim, or none of them (and say which were refused)."""
    filters = QueueFilters.from_args(request.args, default_assignee(current_user))
    form = BulkForm()
    form.load_choices(current_user)
    if not form.validate_on_submit():
        return render_queue(filters, form, status=form.refusal_status())
    try:
        picked = form.selection()
        change = form.change()
        found = {c.id: c for c in bulk_ops.selected_claims(db.session, (i for i, _ in picked))}
        refusals = [bulk_ops.Refusal(i, f"Claim #{i}", "This claim does not exist.")
                    for i, _ in picked if i not in found]
        refusals += bulk_ops.apply(db.session, current_user,
                                   [(found[i], v) for i, v in picked if i in found], change)
    except InvalidInput as error:
        db.session.rollback()
        status = 400 if str(error) == HIDDEN_FIELD_PROBLEM else form.show_refusal(error)
        if status == 400:
            form.form_errors.append(str(error))
        return render_queue(filters, form, status=status)
    if refusals:
        db.session.rollback()  # the page shows the claims as they stay: unchanged
        return render_queue(filters, form, refusals=refusals, status=409)
    flash(_done(change, len(picked)), "success")
    return redirect(url_for("desk.queue", **filters.args()))

