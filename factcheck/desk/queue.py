"""Desk: the queue (placeholder)."""

from flask_login import login_required

from factcheck.desk.blueprint import bp


@bp.get("/")
@login_required
def queue() -> str:
    """Placeholder."""
    return "queue"
