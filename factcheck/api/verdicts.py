"""``/api/v1/verdicts``: published verdicts, as the public site shows them; no token needed."""

from __future__ import annotations

from typing import Any

from flask import abort

from factcheck.api.auth import public
from factcheck.api.blueprint import bp
from factcheck.api.problems import problem
from factcheck.api.schemas import PageArgs, VerdictOut, VerdictPageOut
from factcheck.api.views import verdict_view
from factcheck.extensions import db
from factcheck.public.queries import Cursor, published_verdict, verdicts_after


@bp.get("/verdicts")
@public
@bp.arguments(PageArgs, location="query", as_kwargs=True)
@bp.response(200, VerdictPageOut)
def verdicts(limit: int, after: str | None = None) -> dict[str, Any]:
    """Published verdicts, newest (or newest corrected) first, a keyset page at a time."""
    cursor = None
    if after:
        try:
            cursor = Cursor.from_token(after)
        except ValueError:
            abort(problem(400, "This cursor is not valid here",
                          "Pass the next_cursor of the previous page.",
                          errors={"after": ["Not a cursor of this listing."]},
                          kind="invalid-input"))
    page = verdicts_after(db.session, cursor, limit)  # type: ignore[arg-type]
    return {
        "items": [verdict_view(v) for v in page.items],
        "next_cursor": page.next.token() if page.next else None,
    }


@bp.get("/verdicts/<slug>")
@public
@bp.response(200, VerdictOut)
def verdict(slug: str) -> dict[str, Any]:
    """One published verdict (its newest revision); unpublished claims do not exist here."""
    try:
        found, _ = published_verdict(db.session, slug)  # type: ignore[arg-type]
    except LookupError:
        abort(problem(404, "Not found", "There is no published verdict at this address."))
    return verdict_view(found)
