"""``/api/v1/claims.csv`` and ``/api/v1/claims.jsonl``: the queue export, for scripts.

The same filters as ``/api/v1/claims`` (the queue page's), every matching claim in one
streamed file instead of keyset pages; a filter the queue would drop is refused (400).
"""

from __future__ import annotations

from flask import Response, abort, request
from marshmallow import fields
from werkzeug.datastructures import MultiDict

from factcheck.api.auth import current_actor, token_required
from factcheck.api.blueprint import bp
from factcheck.api.problems import problem
from factcheck.api.schemas import ClaimListArgs
from factcheck.desk.queue import QueueFilters, ordered
from factcheck.exports.tables import claims_table
from factcheck.exports.views import download, wants_bom

SKIP = ("bom", "page")


class ClaimExportArgs(ClaimListArgs):
    """The queue's filters; ``bom=1`` starts a CSV with a byte-order mark (Excel)."""

    class Meta:
        exclude = ("limit", "after")

    bom = fields.Boolean()


def _export(fmt: str) -> Response:
    # The export has no pages: the queue's filters alone, as documented (page is not one).
    args = MultiDict([(k, v) for k, v in request.args.items(multi=True) if k not in SKIP])
    filters = QueueFilters.from_args(args)
    if filters.notices:
        abort(problem(400, "This filter cannot be used", " ".join(filters.notices),
                      kind="invalid-input"))
    table = claims_table(
        filters.conditions(current_actor().id), order=lambda stmt: ordered(stmt, filters.sort)
    )
    return download(table, fmt, "claims", bom=wants_bom())


def _file(media_type: str) -> dict[str, object]:
    return {"200": {"description": "Every matching claim, streamed.",
                    "content": {media_type: {"schema": {"type": "string"}}}}}


@bp.get("/claims.csv")
@token_required
@bp.arguments(ClaimExportArgs, location="query", as_kwargs=True)
@bp.doc(responses=_file("text/csv"))
def claims_csv(**_: object) -> Response:
    """The queue as CSV (UTF-8, formulas neutralised), with the queue's filters and sort."""
    return _export("csv")


@bp.get("/claims.jsonl")
@token_required
@bp.arguments(ClaimExportArgs, location="query", as_kwargs=True)
@bp.doc(responses=_file("application/jsonl"))
def claims_jsonl(**_: object) -> Response:
    """The queue as JSON Lines (one claim per line), with the queue's filters and sort."""
    return _export("jsonl")
