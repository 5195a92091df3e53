"""Managing webhook endpoints (admins only): the one set of rules the admin page and the API
share. Each function checks, changes, records a desk event and flushes; it never commits."""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import urlsplit

from factcheck.fetching import FetchError, FetchPolicy, resolve
from factcheck.jobs.runner import enqueue_job
from factcheck.models import DeliveryState, User, WebhookDelivery, WebhookEndpoint, utcnow
from factcheck.operations.audit import record_desk_event
from factcheck.operations.errors import InvalidInput
from factcheck.operations.session import DbSession
from factcheck.webhooks import reasons
from factcheck.webhooks.events import EVENT_TYPES
from factcheck.webhooks.outbox import DELIVER_JOB, queue_delivery
from factcheck.webhooks.signing import new_secret, secret_problem
from factcheck.workflow import require_admin
from factcheck.workflow.terms import N_


def check_url(url: str) -> str:
    """``url`` cleaned, or a refusal: http(s), and a host the desk may post to (judged after
    DNS, as each delivery will be again)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(N_("Give a full address starting with https:// (or http://)."),
                           field="url")
    if parts.username or parts.password:
        raise InvalidInput(N_("Put no password in the address; the secret signs each message."),
                           field="url")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        resolve(parts.hostname, port, FetchPolicy.from_config(), url)
    except ValueError as error:
        raise InvalidInput(N_("The port in that address is not valid."), field="url") from error
    except FetchError as error:
        raise InvalidInput(str(error), field="url") from error
    return url


def check_events(events: Iterable[str]) -> list[str]:
    """The chosen events in the order the desk lists them; at least one, all known."""
    chosen = list(dict.fromkeys(events))
    unknown = [e for e in chosen if e not in EVENT_TYPES]
    if unknown:
        raise InvalidInput(f"There is no event called {unknown[0]!r}; choose from "
                           f"{', '.join(EVENT_TYPES)}.", field="events")
    if not chosen:
        raise InvalidInput(N_("Choose at least one event to send."), field="events")
    return [e for e in EVENT_TYPES if e in chosen]


def register_endpoint(
    session: DbSession,
    actor: User,
    url: str,
    events: Iterable[str],
    *,
    secret: str | None = None,
    description: str = "",
) -> WebhookEndpoint:
    """A new endpoint; without ``secret`` one is generated (shown to the admin afterwards)."""
    require_admin(actor, N_("manage webhooks"))
    url = check_url(url)
    chosen = check_events(events)
    secret = (secret or "").strip() or new_secret()
    problem = secret_problem(secret)
    if problem:
        raise InvalidInput(problem, field="secret")
    endpoint = WebhookEndpoint(
        url=url, events=chosen, secret=secret, description=description.strip(),
        created_by=actor, created_at=utcnow(), active=True, failures_in_a_row=0,
    )
    session.add(endpoint)
    session.flush()
    record_desk_event(session, actor, "webhook.created", note=url,
                      payload={"endpoint_id": endpoint.id, "events": chosen})
    session.flush()
    return endpoint


def delete_endpoint(session: DbSession, actor: User, endpoint: WebhookEndpoint) -> None:
    """Remove an endpoint with its deliveries and their log."""
    require_admin(actor, N_("manage webhooks"))
    record_desk_event(session, actor, "webhook.deleted", note=endpoint.url,
                      payload={"endpoint_id": endpoint.id})
    session.delete(endpoint)
    session.flush()


def set_active(session: DbSession, actor: User, endpoint: WebhookEndpoint, active: bool) -> None:
    """Enable an endpoint again (its failure count starts afresh), or pause it by hand."""
    require_admin(actor, N_("manage webhooks"))
    if endpoint.active == active:
        return
    endpoint.active = active
    endpoint.failures_in_a_row = 0
    endpoint.disabled_at = None if active else utcnow()
    endpoint.disabled_reason = None if active else reasons.paused_by(actor.name)
    record_desk_event(session, actor, "webhook.enabled" if active else "webhook.disabled",
                      note=endpoint.url, payload={"endpoint_id": endpoint.id})
    session.flush()


def redeliver(session: DbSession, actor: User, delivery: WebhookDelivery) -> None:
    """Send a delivery again, by hand, with a fresh round of retries (same message id, so a
    receiver that did get it can tell)."""
    require_admin(actor, N_("redeliver webhooks"))
    if not delivery.endpoint.active:
        raise InvalidInput(N_("Enable the endpoint before redelivering to it."))
    if delivery.state == DeliveryState.PENDING:
        raise InvalidInput(N_("This delivery is still being tried; wait for it to finish."))
    delivery.state = DeliveryState.PENDING
    delivery.attempts = 0
    delivery.delivered_at = None
    record_desk_event(session, actor, "webhook.redelivered", note=delivery.endpoint.url,
                      payload={"delivery_id": delivery.id, "message_id": delivery.message_id})
    session.flush()
    enqueue_job(session, DELIVER_JOB, delivery_id=delivery.id)


def send_test(session: DbSession, actor: User, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A ``webhook.test`` message, so an admin can check the receiver and its secret."""
    require_admin(actor, N_("manage webhooks"))
    if not endpoint.active:
        raise InvalidInput(N_("Enable the endpoint before sending it a test."))
    body = json.dumps({"type": "webhook.test", "timestamp": utcnow().isoformat(),
                       "data": {"endpoint_id": endpoint.id}})
    return queue_delivery(session, endpoint, "webhook.test", body)
