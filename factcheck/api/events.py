"""``/api/v1/events``: every change to every claim, after a cursor, oldest first.

A newsroom system that mirrors the desk polls this with the last ``next_cursor`` it saw: the
events are the audit trail itself, written in the same transaction as each change, so nothing
is missed or reported twice.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from factcheck.api.auth import token_required
from factcheck.api.blueprint import bp
from factcheck.api.schemas import EventArgs, EventPageOut
from factcheck.api.views import event_view
from factcheck.extensions import db
from factcheck.models import Event


@bp.get("/events")
@token_required
@bp.arguments(EventArgs, location="query", as_kwargs=True)
@bp.response(200, EventPageOut)
def events(after: int, limit: int) -> dict[str, Any]:
    """Claim events with an id above ``after``, oldest first; ``next_cursor`` is the last id
    returned (or ``after`` again when nothing new happened)."""
    rows = list(db.session.scalars(
        select(Event)
        .where(Event.id > after)
        .order_by(Event.id)
        .options(selectinload(Event.actor))
        .limit(limit)
    ))
    return {"items": [event_view(e) for e in rows], "next_cursor": rows[-1].id if rows else after}
