"""Desk: dashboard (placeholder)."""

from flask_login import login_required

from factcheck.desk.blueprint import bp


@bp.get("/dashboard")
@login_required
def dashboard() -> str:
    """Placeholder."""
    return "dashboard"
