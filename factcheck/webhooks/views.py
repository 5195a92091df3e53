"""``/admin/webhooks``: register endpoints, see every delivery and attempt, redeliver.

Admins only; the views parse the form, call :mod:`factcheck.webhooks.operations` (which checks
the same rule again) and redirect; the request commits once.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from factcheck.extensions import db
from factcheck.forms import EmptyForm
from factcheck.models import User, WebhookDelivery, WebhookEndpoint
from factcheck.permissions import admin_required
from factcheck.webhooks import operations, reasons
from factcheck.webhooks.events import EVENT_TYPES
from factcheck.webhooks.forms import EndpointForm
from factcheck.workflow import WorkflowError

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")

@bp.app_template_filter("disabled_reason")
def disabled_reason(stored: str) -> str:
    """Why an endpoint is disabled, in the reader's language."""
    return reasons.shown(stored)


#: Deliveries shown on an endpoint's page, newest first.
DELIVERIES_SHOWN = 50


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _button_pressed() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400, description="The form expired; reload the page and try again.")


def _pressed_on(endpoint_id: int) -> WebhookEndpoint:
    """The endpoint a button was pressed for (404 if gone, 400 if the form expired)."""
    found = db.get_or_404(WebhookEndpoint, endpoint_id)
    _button_pressed()
    return found


@bp.route("", methods=["GET", "POST"])
@admin_required
def endpoints() -> Response | tuple[str, int]:
    """Every endpoint with its state, and the form to add one."""
    form = EndpointForm()
    status = 200
    if form.validate_on_submit():
        try:
            endpoint = operations.register_endpoint(
                db.session, _actor(), form.url.data or "", form.events.data or [],
                secret=form.secret.data, description=form.description.data or "",
            )
        except WorkflowError as error:
            status = form.show_refusal(error)
        else:
            flash(
                _("Registered %(url)s. Give its secret to the receiver.", url=endpoint.url),
                "success",
            )
            return redirect(url_for("webhooks.endpoint", endpoint_id=endpoint.id))
    elif form.is_submitted():
        status = form.refusal_status()
    rows = db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()
    counts = dict(
        db.session.execute(
            select(WebhookDelivery.endpoint_id, func.count())
            .where(WebhookDelivery.state == "failed")
            .group_by(WebhookDelivery.endpoint_id)
        ).all()
    )
    return render_template(
        "webhooks/endpoints.html", endpoints=rows, failed=counts, form=form,
        event_types=EVENT_TYPES,
    ), status


@bp.get("/<int:endpoint_id>")
@admin_required
def endpoint(endpoint_id: int) -> tuple[str, int]:
    """One endpoint: its secret, events, and its latest deliveries with every attempt."""
    found = db.get_or_404(WebhookEndpoint, endpoint_id)
    deliveries = db.session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == found.id)
        .order_by(WebhookDelivery.id.desc())
        .limit(DELIVERIES_SHOWN)
    ).all()
    return render_template(
        "webhooks/endpoint.html", endpoint=found, deliveries=deliveries, button=EmptyForm(),
        event_types=EVENT_TYPES,
    ), 200


@bp.post("/<int:endpoint_id>/<any(enable, disable):change>")
@admin_required
def set_active(endpoint_id: int, change: str) -> Response:
    """Enable an endpoint again (after fixing the receiver), or pause it."""
    found = _pressed_on(endpoint_id)
    operations.set_active(db.session, _actor(), found, change == "enable")
    if found.active:
        flash(_("%(url)s is enabled.", url=found.url), "success")
    else:
        flash(_("%(url)s is disabled.", url=found.url), "success")
    return redirect(url_for("webhooks.endpoint", endpoint_id=found.id))


@bp.post("/<int:endpoint_id>/test")
@admin_required
def send_test(endpoint_id: int) -> Response:
    """Send a ``webhook.test`` message now (through the queue)."""
    found = _pressed_on(endpoint_id)
    operations.send_test(db.session, _actor(), found)  # refusals: errors.py
    flash(_("A test message is on its way; its attempts appear below."), "success")
    return redirect(url_for("webhooks.endpoint", endpoint_id=found.id))


@bp.post("/<int:endpoint_id>/delete")
@admin_required
def delete(endpoint_id: int) -> Response:
    """Remove an endpoint, its deliveries and their log."""
    found = _pressed_on(endpoint_id)
    url = found.url
    operations.delete_endpoint(db.session, _actor(), found)
    flash(_("Deleted the endpoint %(url)s.", url=url), "success")
    return redirect(url_for("webhooks.endpoints"))


@bp.post("/deliveries/<int:delivery_id>/redeliver")
@admin_required
def redeliver(delivery_id: int) -> Response:
    """Send a delivery again, with a fresh round of retries."""
    delivery = db.get_or_404(WebhookDelivery, delivery_id)
    _button_pressed()
    operations.redeliver(db.session, _actor(), delivery)  # refusals: errors.py
    flash(
        _("Delivery %(message_id)s is on its way again.", message_id=delivery.message_id),
        "success",
    )
    return redirect(url_for("webhooks.endpoint", endpoint_id=delivery.endpoint_id))
