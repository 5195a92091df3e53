"""The public site (placeholder)."""

from flask import Blueprint

bp = Blueprint("public", __name__, url_prefix="/verdicts")


@bp.get("/")
def index() -> str:
    return "verdicts"
