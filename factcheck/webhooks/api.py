"""``/api/v1/webhooks``: the admin page's endpoint management for scripts (admin tokens).

List, create (url, events, optional secret and description), delete, and the deliveries of an
endpoint with every attempt. The same operations as the page, so the same rules and the same
desk events; text fields are checked by the page's form.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from factcheck.api.auth import current_actor, token_required, write_token_required
from factcheck.api.blueprint import bp
from factcheck.api.inputs import form_input
from factcheck.api.problems import problem
from factcheck.api.schemas import Strict
from factcheck.extensions import db
from factcheck.models import WebhookDelivery, WebhookEndpoint
from factcheck.validation.limits import MAX_INT_COLUMN
from factcheck.webhooks import operations
from factcheck.webhooks.events import EVENT_TYPES
from factcheck.webhooks.forms import EndpointForm
from factcheck.workflow import require_admin
from factcheck.workflow.terms import N_


class WebhookIn(Strict):
    """A new endpoint."""

    url = fields.String(required=True, metadata={"maxLength": 2000})
    events = fields.List(fields.String(metadata={"enum": list(EVENT_TYPES)}), required=True)
    secret = fields.String(metadata={"description": "whsec_ and 24-64 base64 bytes; "
                                                    "made for you when left out."})
    description = fields.String(metadata={"maxLength": 200})


class WebhookOut(Schema):
    """An endpoint (with its signing secret: only admins see endpoints)."""

    id = fields.Integer(required=True)
    url = fields.String(required=True)
    description = fields.String(required=True)
    events = fields.List(fields.String(), required=True)
    secret = fields.String(required=True)
    active = fields.Boolean(required=True)
    failures_in_a_row = fields.Integer(required=True)
    disabled_at = fields.DateTime(allow_none=True, required=True)
    disabled_reason = fields.String(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)


class WebhookListOut(Schema):
    """Every endpoint."""

    items = fields.List(fields.Nested(WebhookOut), required=True)


class AttemptOut(Schema):
    """One try at a delivery."""

    attempted_at = fields.DateTime(required=True)
    duration_ms = fields.Integer(required=True)
    status_code = fields.Integer(allow_none=True, required=True)
    response_excerpt = fields.String(allow_none=True, required=True)
    error = fields.String(allow_none=True, required=True)


class DeliveryOut(Schema):
    """One event for the endpoint: what was sent, where it is, every attempt."""

    id = fields.Integer(required=True)
    event_type = fields.String(required=True)
    message_id = fields.String(required=True)
    state = fields.String(required=True, metadata={"enum": ["pending", "delivered", "failed"]})
    attempts = fields.List(fields.Nested(AttemptOut), required=True)
    body = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    delivered_at = fields.DateTime(allow_none=True, required=True)


class DeliveryPageOut(Schema):
    """Deliveries, newest first; ``next_cursor`` continues with older ones."""

    items = fields.List(fields.Nested(DeliveryOut), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class DeliveryArgs(Schema):
    """How many, and older than which delivery (the previous page's ``next_cursor``)."""

    limit = fields.Integer(load_default=25, validate=validate.Range(1, 100))
    after = fields.String(metadata={"description": "The `next_cursor` of the previous page."})


def _admin() -> Any:
    actor = current_actor()
    require_admin(actor, N_("manage webhooks"))
    return actor


def _endpoint(endpoint_id: int) -> WebhookEndpoint:
    found = db.session.get(WebhookEndpoint, endpoint_id)
    if found is None:
        abort(problem(404, "Not found", "There is no webhook endpoint with this id."))
    return found


def endpoint_view(endpoint: WebhookEndpoint) -> dict[str, Any]:
    """An endpoint as the API shows it."""
    return {name: getattr(endpoint, name) for name in (
        "id", "url", "description", "events", "secret", "active", "failures_in_a_row",
        "disabled_at", "disabled_reason", "created_at",
    )}


def delivery_view(delivery: WebhookDelivery) -> dict[str, Any]:
    """A delivery with its attempts."""
    return {
        "id": delivery.id, "event_type": delivery.event_type,
        "message_id": delivery.message_id, "state": delivery.state, "body": delivery.body,
        "created_at": delivery.created_at, "delivered_at": delivery.delivered_at,
        "attempts": [
            {name: getattr(a, name) for name in (
                "attempted_at", "duration_ms", "status_code", "response_excerpt", "error",
            )}
            for a in delivery.attempt_log
        ],
    }


@bp.get("/webhooks")
@token_required
@bp.response(200, WebhookListOut)
def webhooks() -> dict[str, Any]:
    """Every webhook endpoint (admins)."""
    _admin()
    rows = db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id))
    return {"items": [endpoint_view(e) for e in rows]}


@bp.post("/webhooks")
@write_token_required
@bp.arguments(WebhookIn)
@bp.response(201, WebhookOut)
def create_webhook(payload: dict[str, Any]) -> dict[str, Any]:
    """Register an endpoint (admins): its URL must be one the desk may post to."""
    actor = _admin()
    text = {k: v for k, v in payload.items() if k != "events"}
    form = form_input(EndpointForm, text)
    created = operations.register_endpoint(
        db.session, actor, form.url.data or "", payload["events"],
        secret=form.secret.data, description=form.description.data or "",
    )
    return endpoint_view(created)


@bp.delete("/webhooks/<int:endpoint_id>")
@write_token_required
@bp.response(204)
def delete_webhook(endpoint_id: int) -> None:
    """Remove an endpoint with its deliveries (admins)."""
    actor = _admin()
    operations.delete_endpoint(db.session, actor, _endpoint(endpoint_id))


@bp.get("/webhooks/<int:endpoint_id>/deliveries")
@token_required
@bp.arguments(DeliveryArgs, location="query", as_kwargs=True)
@bp.response(200, DeliveryPageOut)
def webhook_deliveries(endpoint_id: int, limit: int, after: str | None = None) -> dict[str, Any]:
    """An endpoint's deliveries with every attempt, newest first (admins)."""
    _admin()
    found = _endpoint(endpoint_id)
    stmt = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == found.id)
    if after is not None:
        if not after.isdigit() or int(after) > MAX_INT_COLUMN:
            abort(problem(400, "This cursor is not valid here",
                          "Pass the next_cursor of the previous page.",
                          errors={"after": ["Not a cursor of this listing."]},
                          kind="invalid-input"))
        stmt = stmt.where(WebhookDelivery.id < int(after))
    rows = list(db.session.scalars(stmt.order_by(WebhookDelivery.id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    items = rows[:limit]
    return {
        "items": [delivery_view(d) for d in items],
        "next_cursor": str(items[-1].id) if more else None,
    }
