"""Desk: the way from a public page to the desk — a verdict page to its claim, the front page
to the queue — for desk users only.

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


@bp.get("/desk/for-readers")
def desk_for_readers() -> tuple[Response, int]:
    """The way from the readers' front page to the desk, for a signed-in desk user (the page
    is the same for everyone; its script asks here, as a verdict page asks above)."""
    if not current_user.is_authenticated:
        return _private(jsonify(error="Log in to the desk to open it."), 401)
    return _private(
        jsonify(url=url_for("desk.queue"),
                label=f"You are signed in as {current_user.name}: open the desk"),
        200,
    )
