"""Desk: the way back from a public verdict page to its claim, for desk users only.

Public verdict pages are cached whole, per revision, and shared by every reader (the page
store in front of the app, the rendered-body cache and HTTP caches all key on the revision, not
on who asks), so the page itself must not change for a signed-in reader. It carries, for
everyone, a hidden placeholder and a static script; the script asks this endpoint — private,
never cached — and shows the link only when the answer says the reader is on the desk.
"""

from __future__ import annotations

from flask import jsonify, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from factcheck.desk.blueprint import bp
from factcheck.extensions import db
from factcheck.models import Claim
from factcheck.workflow import State


def _private(response: Response, status: int) -> tuple[Response, int]:
    response.headers["Cache-Control"] = "private, no-store"
    return response, status


@bp.get("/claims/for-verdict/<slug>")
def verdict_desk_link(slug: str) -> tuple[Response, int]:
    """The desk's claim behind a published verdict, as JSON, for a signed-in desk user; a
    401 (not a redirect to the login page, which would start a session) for anyone else."""
    if not current_user.is_authenticated:
        return _private(jsonify(error="Log in to the desk to see this claim there."), 401)
    claim = db.session.scalar(
        select(Claim).where(Claim.slug == slug, Claim.state == State.PUBLISHED)
    )
    if claim is None:
        return _private(jsonify(error="No published verdict has this address."), 404)
    return _private(
        jsonify(
            url=url_for("desk.claim", claim_id=claim.id),
            label=f"Open claim #{claim.id} on the desk",
        ),
        200,
    )
