"""``/api/v1/events``: every change to every claim, after a cursor, oldest first.

A newsroom system that mirrors the desk polls this with the last ``next_cursor`` it saw: the
events are the audit trail itself, written in the same transaction as each change, so nothing
is reported twice.

Ids are handed out when a row is inserted, not when its transaction commits: on PostgreSQL a
change still committing can hold a smaller id than one already visible, and a client that had
moved its cursor past it would never see it. Events younger than ``API_EVENTS_SETTLE_SECONDS``
(a few seconds, far longer than any request's transaction) are therefore held back until the
next poll.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from factcheck.api.auth import token_required
from factcheck.api.blueprint import bp
from factcheck.api.schemas import EventArgs, EventPageOut
from factcheck.api.views import event_view
from factcheck.extensions import db
from factcheck.models import Event, utcnow


@bp.get("/events")
@token_required
@bp.arguments(EventArgs, location="query", as_kwargs=True)
@bp.doc(tags=["events"])
@bp.response(200, EventPageOut)
def events(after: int, limit: int) -> dict[str, Any]:
    """Claim events with an id above ``after``, oldest first; ``next_cursor`` is the last id
    returned (or ``after`` again when nothing new happened). Events of the last few seconds
    come in the next poll (see the module's note)."""
    settled = utcnow() - timedelta(seconds=current_app.config["API_EVENTS_SETTLE_SECONDS"])
    rows = list(db.session.scalars(
        select(Event)
        .where(Event.id > after, Event.created_at <= settled)
        .order_by(Event.id)
        .options(selectinload(Event.actor))
        .limit(limit)
    ))
    return {"items": [event_view(e) for e in rows], "next_cursor": rows[-1].id if rows else after}
