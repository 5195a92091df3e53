"""Desk: articles (placeholder)."""

from flask_login import login_required

from factcheck.desk.blueprint import bp


@bp.get("/articles/")
@login_required
def articles() -> str:
    """Placeholder."""
    return "articles"
