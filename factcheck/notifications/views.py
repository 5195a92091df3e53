"""The bell's pages: the list, marking read, the e-mail choices and the people lookup.

Views stay thin: check the form, call ``inbox`` or ``preferences``, redirect. The request
commits once at the end (``factcheck.transactions``).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from factcheck.extensions import db
from factcheck.forms import EmptyForm
from factcheck.models import Notification, User
from factcheck.notifications import inbox, mentions, preferences
from factcheck.notifications.forms import PreferencesForm
from factcheck.notifications.wording import headline
from factcheck.operations.errors import InvalidInput
from factcheck.validation.query import page_number

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
PER_PAGE = 30
EXPIRED = "The form expired; reload the page and try again."
#: Longest ``?q=`` the people lookup reads (a handle or a name's start).
LOOKUP_CHARS = 100


def me() -> User:
    """The logged-in desk member."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


@bp.app_template_global()
def unread_notifications() -> int:
    """The bell's number (the header calls this only for a logged-in member)."""
    return inbox.unread_count(db.session, me())


@bp.app_template_global()
def notification_choices() -> PreferencesForm:
    """The e-mail choices form filled in with the member's choices (the account page)."""
    form = PreferencesForm(formdata=None, user=me())
    for kind, delivery in preferences.choices_of(db.session, me()).items():
        form[kind].data = delivery.value
    return form


@bp.get("/")
@login_required
def index() -> str:
    """Newest first, unread ones marked, with buttons to open or mark them read."""
    page = db.paginate(
        inbox.listing(me()), page=page_number(), per_page=PER_PAGE, error_out=False
    )
    return render_template(
        "notifications/index.html", page=page, headline=headline, button=EmptyForm(),
        unread=inbox.unread_count(db.session, me()),
    )


def _own(notification_id: int) -> Notification:
    if not EmptyForm().validate_on_submit():
        abort(400, description=EXPIRED)
    notification = inbox.own_notification(db.session, me(), notification_id)
    if notification is None:
        abort(404)
    return notification


@bp.post("/<int:notification_id>/read")
@login_required
def read(notification_id: int) -> Response:
    """Mark one notification read and come back to the list."""
    inbox.mark_read(db.session, _own(notification_id))
    return redirect(url_for("notifications.index"))


@bp.post("/<int:notification_id>/open")
@login_required
def open_claim(notification_id: int) -> Response:
    """Mark one notification read and go to its claim."""
    notification = _own(notification_id)
    inbox.mark_read(db.session, notification)
    return redirect(url_for("desk.claim", claim_id=notification.claim_id))


@bp.post("/read-all")
@login_required
def read_all() -> Response:
    """Mark every notification read."""
    if not EmptyForm().validate_on_submit():
        abort(400, description=EXPIRED)
    count = inbox.mark_all_read(db.session, me())
    flash(ngettext("%(num)s notification marked read.", "%(num)s notifications marked read.",
                   count), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/preferences", methods=["GET", "POST"], endpoint="preferences")
@login_required
def preferences_page() -> Response | tuple[str, int]:
    """Which e-mail each kind of notification sends: at once, in the daily digest, or none."""
    user = me()
    form = PreferencesForm(user=user)
    status = 200
    if request.method == "GET":
        form = notification_choices()
    elif form.validate_on_submit():
        try:
            preferences.save_choices(db.session, user, form.chosen())
        except InvalidInput as refused:
            form[refused.field or "csrf_token"].errors = [str(refused)]
            status = 422
        else:
            flash(_("Your e-mail choices have been saved."), "success")
            return redirect(url_for("notifications.preferences"))
    else:
        status = form.refusal_status()
    return render_template("notifications/preferences.html", form=form), status


@bp.get("/people")
@login_required
def people() -> Response:
    """Desk members for the comment box's ``@name`` completion (JSON)."""
    typed = request.args.get("q", "")[:LOOKUP_CHARS]
    return jsonify(mentions.suggestions(db.session, typed))
