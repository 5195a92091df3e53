"""Which webhook events a claim event is, and the JSON a receiver gets for it."""

from __future__ import annotations

from typing import Any

from factcheck.api.schemas import ClaimOut
from factcheck.api.views import claim_summary
from factcheck.models import Claim, Event, User
from factcheck.site import absolute_url
from factcheck.workflow import Action, State

#: Every event an endpoint can ask for, with the words the admin page shows.
EVENT_TYPES: dict[str, str] = {
    "claim.created": "A claim is created",
    "claim.assigned": "A claim is assigned, taken or released",
    "claim.state_changed": "A claim moves to another state",
    "claim.commented": "Someone comments on a claim",
    "verdict.published": "A verdict is published",
    "verdict.corrected": "A published verdict is corrected",
}


def types_of(event: Event) -> list[str]:
    """The webhook events ``event`` (one row of a claim's history) stands for."""
    kind = event.kind
    if kind == "created":
        return ["claim.created"]
    if kind == "assigned":
        return ["claim.assigned"]
    if kind == "commented":
        return ["claim.commented"]
    if kind == Action.CORRECT:
        return ["verdict.corrected"]
    found = []
    if event.to_state and event.from_state and event.to_state != event.from_state:
        found.append("claim.state_changed")
    if kind == Action.PUBLISH:
        found.append("verdict.published")
    return found


def _person(user: User | None) -> dict[str, Any] | None:
    return {"id": user.id, "name": user.name} if user is not None else None


def _claim(claim: Claim) -> dict[str, Any]:
    """The claim as the API lists it (``ClaimOut``: one shape for both), with its links."""
    published = claim.state == State.PUBLISHED
    return {
        **ClaimOut().dump(claim_summary(claim)),
        "desk_url": absolute_url("desk.claim", claim_id=claim.id),
        "public_url": absolute_url("public.verdict", slug=claim.slug) if published else None,
    }


def payload(event: Event, event_type: str) -> dict[str, Any]:
    """The message for ``event`` as ``event_type``: Standard Webhooks' ``type``, ``timestamp``
    and ``data`` (the event, the claim as it is after it, and the verdict for verdict events)."""
    data: dict[str, Any] = {
        "event": {
            "id": event.id,
            "kind": event.kind,
            "from_state": event.from_state,
            "to_state": event.to_state,
            "note": event.note,
            "actor": _person(event.actor),
            "details": event.payload or {},
            "created_at": event.created_at.isoformat(),
        },
        "claim": _claim(event.claim),
    }
    if event_type.startswith("verdict.") and event.claim.latest_verdict is not None:
        revision = event.claim.latest_verdict
        data["verdict"] = {
            "revision": revision.number,
            "rating": revision.rating_label,
            "rating_value": revision.rating_value,
            "summary": revision.summary,
            "correction_note": revision.correction_note,
            "published_at": revision.published_at.isoformat(),
        }
    return {"type": event_type, "timestamp": event.created_at.isoformat(), "data": data}
