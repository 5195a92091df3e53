"""Administration (placeholder)."""

from flask import Blueprint

from factcheck.permissions import admin_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@admin_required
def users() -> str:
    return "users"
