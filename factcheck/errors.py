"""Error pages: every refusal answers with a 4xx status and a sentence a person understands."""

from typing import Any

from flask import Flask, Response, jsonify, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from factcheck.api.problems import field_errors, is_api_request, problem
from factcheck.archive.storage import StorageError
from factcheck.extensions import db
from factcheck.operations.snapshot_types import human_size
from factcheck.workflow import StaleClaim, WorkflowError
from factcheck.workflow.terms import N_


def existing_link(row: object) -> dict[str, Any] | None:
    """What a duplicate was refused for, as a problem's ``existing`` member: the article or
    outlet the desk already has, its id and where to read it (the API for an article, the
    desk's page for an outlet)."""
    from factcheck.models import Article, Outlet

    if isinstance(row, Article):
        return {"kind": "article", "id": row.id,
                "url": url_for("api.article", article_id=row.id),
                "desk_url": url_for("desk.article", article_id=row.id)}
    if isinstance(row, Outlet):
        return {"kind": "outlet", "id": row.id, "url": url_for("api.outlets"),
                "desk_url": url_for("intake.outlet", outlet_id=row.id)}
    return None


def wants_json() -> bool:
    """Scripts get JSON errors; browsers get a page (the API always gets problem+json)."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json"


def error_response(
    status: int,
    title: str,
    message: str,
    *,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
    kind: str | None = None,
    extra: dict[str, Any] | None = None,
) -> tuple[Response | str, int]:
    """Render an error as problem+json (the API), JSON, or the desk's error page."""
    db.session.rollback()
    if is_api_request():
        return problem(
            status, title, message, errors=errors, headers=headers, kind=kind, extra=extra
        ), status
    # The API always answers in English (see factcheck.i18n); pages in the reader's language.
    title, message = (gettext(text) if text else text for text in (title, message))
    if wants_json():
        return jsonify(error=title, message=message), status
    return render_template("error.html", status=status, title=title, message=message), status


_TITLES = {
    400: N_("This request could not be understood"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    409: N_("Not possible right now"),
    412: N_("This claim has changed since you read it"),
    413: N_("File too large"),
    422: N_("Please check your input"),
}


def register(app: Flask) -> None:
    """Install the handlers on ``app``."""

    @app.errorhandler(WorkflowError)
    def workflow_refused(error: WorkflowError) -> tuple[Response | str, int]:
        if isinstance(error, StaleClaim):
            return stale_write(error)
        status = error.status_code
        field = getattr(error, "field", None)
        existing = existing_link(getattr(error, "existing", None)) if is_api_request() else None
        return error_response(
            status, _TITLES.get(status, N_("Not possible")), str(error),
            errors={field: [str(error)]} if field else None,
            kind="invalid-input" if status in (400, 422) else "workflow",
            extra={"existing": existing} if existing else None,
        )

    @app.errorhandler(StaleDataError)
    def stale_write(error: Exception) -> tuple[Response | str, int]:
        # Over the API a stale write is a failed precondition (its If-Match named an older
        # version); on a page it is a conflict shown above the form.
        status = 412 if is_api_request() else 409
        return error_response(status, _TITLES[status], str(StaleClaim()), kind="stale")

    @app.errorhandler(StorageError)
    def storage_unavailable(error: StorageError) -> tuple[Response | str, int]:
        app.logger.error("snapshot storage: %s", error)
        return error_response(
            503, N_("Storage unavailable"),
            N_(
                "The file could not be stored or read right now; nothing was saved. Try again "
                "in a moment."
            ),
        )

    @app.errorhandler(413)
    def too_large(error: HTTPException) -> tuple[Response | str, int]:
        limit = human_size(app.config["MAX_SNAPSHOT_BYTES"])
        return error_response(
            413, _TITLES[413],
            gettext("The upload is larger than the %(limit)s limit for snapshots.", limit=limit),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response | str, int]:
        status = error.code or 500
        message = {
            403: N_("You do not have permission to do this."),
            404: N_("There is nothing at this address."),
        }.get(status, error.description or "")
        if status == 403 and error.description and "permission" not in error.description:
            message = error.description
        data = getattr(error, "data", None) or {}  # webargs: the refused fields, by location
        errors = field_errors(data["messages"]) if "messages" in data else None
        return error_response(
            status, _TITLES.get(status, error.name), message, errors=errors,
            headers=data.get("headers"), kind="invalid-input" if errors else None,
        )
