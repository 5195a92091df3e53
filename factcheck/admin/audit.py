"""``/admin/audit``: every event of the desk for admins, filtered, paged and exported as CSV.

The query lives in :mod:`factcheck.admin.audit_trail`; this module reads the filters, answers
400 with the filters kept when one of them makes no sense, and writes the CSV.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, render_template, request, stream_with_context
from sqlalchemy import Row, select

from factcheck.admin.audit_trail import (
    AuditFilters,
    audit_query,
    describe,
    details,
    event_kinds,
    kind_words,
    page_of_events,
)
from factcheck.admin.views import bp
from factcheck.exports.formats import CSV_MEDIA_TYPE, csv_chunks
from factcheck.extensions import db
from factcheck.models import User
from factcheck.permissions import admin_required

CSV_COLUMNS = [
    "time (UTC)",
    "kind",
    "what",
    "actor",
    "actor email",
    "claim id",
    "claim",
    "about member",
    "from state",
    "to state",
    "note",
    "details",
]


@bp.get("/audit")
@admin_required
def audit() -> tuple[str, int]:
    """The audit trail: who did what and when, newest first."""
    filters = AuditFilters.from_args(request.args)
    per_page = int(current_app.config.get("AUDIT_PAGE_SIZE", 50))
    rows: list[Row[Any]] = []
    total = 0
    if not filters.errors:
        rows, total = page_of_events(db.session, filters, per_page)
    pages = max(1, -(-total // per_page))
    return (
        render_template(
            "admin/audit.html",
            filters=filters,
            entries=[(row, describe(row), details(row)) for row in rows],
            total=total,
            pages=pages,
            users=db.session.scalars(select(User).order_by(User.name)).all(),
            kinds=event_kinds(db.session),
            kind_words=kind_words,
        ),
        400 if filters.errors else 200,
    )


def csv_row(row: Row[Any]) -> list[Any]:
    """One event as CSV cells, in :data:`CSV_COLUMNS` order (formulas are neutralised as
    the cells are written)."""
    subject = f"{row.subject_name} <{row.subject_email}>" if row.subject_email else ""
    return [
        row.created_at.isoformat(timespec="seconds"),
        row.kind,
        describe(row),
        row.actor_name or "",
        row.actor_email or "",
        row.claim_id or "",
        row.claim_statement or "",
        subject,
        row.from_state or "",
        row.to_state or "",
        row.note or "",
        json.dumps(row.payload or {}, ensure_ascii=False, sort_keys=True, default=str),
    ]


@bp.get("/audit.csv")
@admin_required
def audit_csv() -> Response | tuple[str, int]:
    """Every matching event (all pages) as a CSV file, streamed a few hundred rows at a time."""
    filters = AuditFilters.from_args(request.args)
    if filters.errors:
        return audit()

    result = db.session.execute(audit_query(filters).execution_options(yield_per=500))
    return Response(
        stream_with_context(csv_chunks(CSV_COLUMNS, (csv_row(row) for row in result))),
        content_type=CSV_MEDIA_TYPE,
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )
