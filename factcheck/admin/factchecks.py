"""``/admin/factchecks``: other fact-checkers' reviews — the feeds the desk subscribes to, and
imports from a URL.

For editors and admins. Subscribing, pausing, removing and "refresh now" go through
:mod:`factcheck.factchecks.feeds` (which checks the same rule again); reading a feed is always
a job, never part of the request, and each feed shows what its last refresh gave.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from factcheck.admin.views import bp
from factcheck.extensions import db
from factcheck.factchecks import feeds
from factcheck.factchecks.forms import FeedForm, ImportUrlForm
from factcheck.forms import EmptyForm
from factcheck.models import FactCheck, FactCheckFeed, FactCheckImport, User, utcnow
from factcheck.permissions import editor_required
from factcheck.workflow import WorkflowError, is_admin

Page = tuple[str, int]
#: Single imports listed under the form, newest first.
IMPORTS_SHOWN = 10


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _page(
    feed_form: FeedForm, import_form: ImportUrlForm, status: int = 200,
    duplicate: FactCheckFeed | None = None,
) -> Page:
    subscribed = db.session.scalars(
        select(FactCheckFeed).order_by(FactCheckFeed.name, FactCheckFeed.id)
    ).all()
    imports = db.session.scalars(
        select(FactCheckImport)
        .order_by(FactCheckImport.created_at.desc(), FactCheckImport.id.desc())
        .limit(IMPORTS_SHOWN)
    ).all()
    now = utcnow()
    return render_template(
        "admin/factchecks.html", feeds=subscribed, imports=imports,
        waiting={feed.id for feed in subscribed if feeds.waiting(feed, now)},
        stored=db.session.scalar(select(func.count(FactCheck.id))),
        feed_form=feed_form, import_form=import_form, duplicate=duplicate,
        is_admin=is_admin(current_user),
        interval=feeds.refresh_interval(),
    ), status


@bp.route("/factchecks", methods=["GET", "POST"])
@editor_required
def factchecks() -> Response | Page:
    """The subscribed feeds with each one's last result; the form adds one."""
    form = FeedForm()
    blank_import = ImportUrlForm(formdata=None)
    if not form.is_submitted():
        return _page(form, blank_import)
    if not form.validate():
        return _page(form, blank_import, form.refusal_status())
    try:
        feed = feeds.add_feed(db.session, _actor(), form.feed_url.data or "", form.name.data)
    except WorkflowError as error:
        status = form.show_refusal(error)
        db.session.rollback()
        return _page(form, blank_import, status, getattr(error, "existing", None))
    flash(
        _(
            "Subscribed to %(name)s; the feed is read within a minute by the worker.",
            name=feed.name,
        ),
          "success")
    return redirect(url_for("admin.factchecks"))


@bp.post("/factchecks/import")
@editor_required
def factchecks_import() -> Response | Page:
    """Queue a single import of the ClaimReviews at a URL (a feed, a page, a JSON file)."""
    form = ImportUrlForm()
    blank_feed = FeedForm(formdata=None)
    if not form.validate_on_submit():
        return _page(blank_feed, form, form.refusal_status())
    try:
        feeds.request_import(db.session, _actor(), form.source_url.data or "")
    except WorkflowError as error:
        status = form.show_refusal(error)
        db.session.rollback()
        return _page(blank_feed, form, status)
    flash(_("The import is queued; its result appears below once the worker has read the URL."),
          "success")
    return redirect(url_for("admin.factchecks", _anchor="imports"))


def _pressed_on(feed_id: int) -> FactCheckFeed:
    """The feed a button was pressed for (404 if gone, 400 if the form expired)."""
    feed = db.get_or_404(FactCheckFeed, feed_id)
    if not EmptyForm().validate_on_submit():
        abort(400, description="The form expired; reload the page and try again.")
    return feed


@bp.post("/factchecks/feeds/<int:feed_id>/refresh")
@editor_required
def refresh_feed(feed_id: int) -> Response:
    """Queue a refresh of one feed now, rather than at its next time."""
    feed = _pressed_on(feed_id)
    if feeds.request_refresh(db.session, _actor(), feed):
        flash(_("%(name)s will be refreshed in a moment.", name=feed.name), "success")
    else:
        flash(_("A refresh of %(name)s is already waiting for the worker.", name=feed.name), "info")
    return redirect(url_for("admin.factchecks", _anchor=f"feed-{feed.id}"))


@bp.post("/factchecks/feeds/<int:feed_id>/<any(pause, resume):change>")
@editor_required
def set_feed_enabled(feed_id: int, change: str) -> Response:
    """Pause a feed's scheduled refreshes, or resume them."""
    feed = _pressed_on(feed_id)
    feeds.set_enabled(db.session, _actor(), feed, change == "resume")
    if feed.enabled:
        flash(_("%(name)s is refreshed again.", name=feed.name), "success")
    else:
        flash(_("%(name)s is paused.", name=feed.name), "success")
    return redirect(url_for("admin.factchecks", _anchor=f"feed-{feed.id}"))


@bp.post("/factchecks/feeds/<int:feed_id>/remove")
@editor_required
def remove_feed(feed_id: int) -> Response:
    """Stop subscribing to a feed; the fact-checks it brought stay."""
    feed = _pressed_on(feed_id)
    name = feed.name
    feeds.remove_feed(db.session, _actor(), feed)
    flash(
        _("Unsubscribed from %(name)s. The fact-checks already imported from it stay.", name=name),
          "success")
    return redirect(url_for("admin.factchecks"))
