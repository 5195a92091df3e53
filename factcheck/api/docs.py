"""The API's docs page, served by the app itself: Swagger UI over ``/api/v1/openapi.json``.

A plain Flask blueprint (not the API blueprint), so the page itself is not an API operation
in the document it shows.
"""

from flask import Blueprint, render_template, url_for

bp = Blueprint("api_docs", __name__)


@bp.get("/api/v1/docs")
def docs() -> str:
    """Swagger UI (vendored in ``static/vendor/swagger-ui``) reading the OpenAPI document."""
    return render_template("api/docs.html", spec_url=url_for("api-docs.openapi_json"))
