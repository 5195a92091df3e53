"""Events become deliveries in the transaction that writes them.

The workflow writes one :class:`~factcheck.models.Event` per change and knows nothing of
webhooks. A session hook notes each event as it is flushed, and just before the transaction
commits turns it into a delivery row and an outbox job (``enqueue_job``) per endpoint that
wants it — still inside that transaction, so a change that rolls back sends nothing and a
change that commits cannot lose its deliveries. Every door into the workflow (pages, API,
CLI, jobs) is covered without each having to remember.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import event as orm_event
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.jobs.runner import enqueue_job
from factcheck.models import Event, WebhookDelivery, WebhookEndpoint
from factcheck.operations.session import DbSession
from factcheck.webhooks.events import payload, types_of

_NOTED = "factcheck.webhook_events"
DELIVER_JOB = "webhooks.deliver"


@orm_event.listens_for(Session, "after_flush")
def _note_new_events(session: Session, flush_context: Any) -> None:
    new = [obj for obj in session.new if isinstance(obj, Event)]
    if new:
        session.info.setdefault(_NOTED, []).extend(new)


@orm_event.listens_for(Session, "before_commit")
def _deliver_noted_events(session: Session) -> None:
    noted: list[Event] = session.info.pop(_NOTED, [])
    if not noted:
        return
    endpoints = session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))
    ).all()
    if endpoints:
        announce(session, noted, list(endpoints))


@orm_event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_NOTED, None)


def announce(
    session: DbSession, events: list[Event], endpoints: list[WebhookEndpoint]
) -> list[WebhookDelivery]:
    """One delivery (and its job) per event type each endpoint asked for; flushes only."""
    made = []
    for event in events:
        for event_type in types_of(event):
            wanting = [e for e in endpoints if event_type in (e.events or [])]
            if not wanting:
                continue
            body = json.dumps(payload(event, event_type), ensure_ascii=False)
            for endpoint in wanting:
                made.append(queue_delivery(session, endpoint, event_type, body))
    return made


def queue_delivery(
    session: DbSession, endpoint: WebhookEndpoint, event_type: str, body: str
) -> WebhookDelivery:
    """Write a delivery of ``body`` to ``endpoint`` and the job that sends it."""
    delivery = WebhookDelivery(
        endpoint=endpoint,
        event_type=event_type,
        message_id=f"msg_{uuid.uuid4().hex}",
        body=body,
    )
    session.add(delivery)
    session.flush()
    enqueue_job(session, DELIVER_JOB, delivery_id=delivery.id)
    return delivery
