"""``/admin/jobs``: background jobs for admins — queued, running, failed — with a retry button.

The rows are the outbox (:mod:`factcheck.jobs.runner`), so the page reads the same on SQLite
and Redis queue storage; the queue's own counts are shown beside them.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from factcheck.admin.views import bp
from factcheck.extensions import db
from factcheck.forms import EmptyForm
from factcheck.jobs.queue import queue
from factcheck.jobs.runner import retry_job
from factcheck.models import Job, JobState
from factcheck.permissions import admin_required
from factcheck.workflow.terms import N_

#: The tabs of the page, and the states each shows (labels translated when shown).
VIEWS: dict[str, tuple[str, tuple[JobState, ...]]] = {
    "queued": (N_("Queued"), (JobState.PENDING, JobState.QUEUED, JobState.RETRYING)),
    "running": (N_("Running"), (JobState.RUNNING,)),
    "failed": (N_("Failed"), (JobState.FAILED,)),
    "done": (N_("Done"), (JobState.DONE,)),
}
#: What an empty tab says.
EMPTY = {
    "queued": N_("No queued jobs."),
    "running": N_("No running jobs."),
    "failed": N_("No failed jobs."),
    "done": N_("No done jobs."),
}
#: A job's state as its badge shows it; the rows keep the English value.
STATE_NAMES = {
    JobState.PENDING: N_("pending"),
    JobState.QUEUED: N_("queued"),
    JobState.RUNNING: N_("running"),
    JobState.RETRYING: N_("retrying"),
    JobState.DONE: N_("done"),
    JobState.FAILED: N_("failed"),
}
PAGE_SIZE = 100


def _queue_counts() -> dict[str, int | None]:
    """Messages waiting in the queue storage, or None when it cannot be reached."""
    try:
        return {"waiting": queue.pending_count(), "scheduled": queue.scheduled_count()}
    except Exception:  # the page must still show the outbox when Redis is down
        return {"waiting": None, "scheduled": None}


def _state_name(state: str) -> str:
    """A job's state in the reader's language (an unknown one as it is stored)."""
    try:
        return _(STATE_NAMES[JobState(state)])
    except ValueError:
        return state


@bp.get("/jobs")
@admin_required
def jobs() -> tuple[str, int]:
    """Jobs in one state (``?view=failed``), newest first, with each one's last error."""
    view = request.args.get("view", "failed")
    if view not in VIEWS:
        abort(400, description=_("There is no %(view)s list; choose one of %(views)s.",
                                 view=repr(view), views=", ".join(VIEWS)))
    states = [str(s) for s in VIEWS[view][1]]
    rows = db.session.scalars(
        select(Job).where(Job.state.in_(states)).order_by(Job.id.desc()).limit(PAGE_SIZE)
    ).all()
    counts: dict[str, int] = {
        state: count
        for state, count in db.session.execute(select(Job.state, func.count()).group_by(Job.state))
    }
    tabs = [
        (key, _(label), sum(counts.get(str(s), 0) for s in shown))
        for key, (label, shown) in VIEWS.items()
    ]
    return (
        render_template(
            "admin/jobs.html",
            rows=rows,
            view=view,
            tabs=tabs,
            empty=_(EMPTY[view]),
            state_name=_state_name,
            queue_counts=_queue_counts(),
            retry_form=EmptyForm(),
        ),
        200,
    )


@bp.post("/jobs/<int:job_id>/retry")
@admin_required
def retry(job_id: int) -> Response:
    """Send a failed job again; it reaches the queue when this request commits."""
    row = db.get_or_404(Job, job_id)
    if not EmptyForm().validate_on_submit():
        abort(400, description="The form expired; reload the page and try again.")
    retry_job(db.session, current_user._get_current_object(), row)  # refusals: errors.py
    flash(_("Job %(id)s (%(name)s) was sent again.", id=row.id, name=row.name), "success")
    return redirect(url_for("admin.jobs", view="queued"))
