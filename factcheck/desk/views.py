"""The desk (placeholder until the desk pages land)."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("desk", __name__)


@bp.get("/")
@login_required
def queue() -> str:
    return "queue"


@bp.get("/articles/")
@login_required
def articles() -> str:
    return "articles"


@bp.get("/dashboard")
@login_required
def dashboard() -> str:
    return "dashboard"
