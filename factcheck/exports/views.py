"""Downloads: the queue as the person filtered it (desk), and the published verdicts (public).

Both stream: the response starts with the first rows and the server never holds the whole
file, however many claims the desk has.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, request, stream_with_context
from flask_login import current_user, login_required

from factcheck.desk.queue import QueueFilters, ordered
from factcheck.exports.formats import CSV_MEDIA_TYPE, JSONL_MEDIA_TYPE, csv_chunks, jsonl_chunks
from factcheck.exports.tables import Table, claims_table, verdicts_table
from factcheck.models import utcnow

bp = Blueprint("exports", __name__)
FORMATS = ("csv", "jsonl")


def wants_bom() -> bool:
    """``?bom=1``: start the CSV with a byte-order mark, so Excel reads it as UTF-8."""
    return request.args.get("bom", "") in ("1", "on", "yes", "true")


def download(table: Table, fmt: str, name: str, *, bom: bool = False) -> Response:
    """``table`` streamed as a ``fmt`` file called ``name-<date>.<fmt>``."""
    chunks: Iterator[str]
    if fmt == "csv":
        chunks, media_type = csv_chunks(table.header, table.rows, bom=bom), CSV_MEDIA_TYPE
    else:
        chunks, media_type = jsonl_chunks(table.header, table.rows), JSONL_MEDIA_TYPE
    filename = f"{name}-{utcnow().date().isoformat()}.{fmt}"
    return Response(
        stream_with_context(chunks),
        content_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def queue_table(user_id: int) -> Table:
    """The queue's claims under the filters of the query string, every page, in its order."""
    filters = QueueFilters.from_args(request.args)
    return claims_table(
        filters.all_conditions(user_id), order=lambda stmt: ordered(stmt, filters.sort)
    )


@bp.get("/queue.<any(csv, jsonl):fmt>")
@login_required
def queue_export(fmt: str) -> Response:
    """The queue as shown (same filters and sort, all pages) as CSV or JSON Lines."""
    return download(queue_table(current_user.id), fmt, "claims", bom=wants_bom())


@bp.get("/verdicts.<any(csv, jsonl):fmt>")
def verdicts_export(fmt: str) -> Response:
    """Every published verdict, newest first, as readers see it (public, no login)."""
    return download(verdicts_table(), fmt, "verdicts", bom=wants_bom())
