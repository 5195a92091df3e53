"""Error pages: every refusal answers with a 4xx status and a sentence a person understands."""

from flask import Flask, Response, jsonify, render_template, request
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from factcheck.archive.storage import StorageError
from factcheck.extensions import db
from factcheck.operations.snapshot_types import human_size
from factcheck.workflow import StaleClaim, WorkflowError


def wants_json() -> bool:
    """API clients and scripts get JSON errors; browsers get a page."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or best == "application/json"


def error_response(status: int, title: str, message: str) -> tuple[Response | str, int]:
    """Render an error as JSON or as the desk's error page."""
    db.session.rollback()
    if wants_json():
        return jsonify(error=title, message=message), status
    return render_template("error.html", status=status, title=title, message=message), status


_TITLES = {
    400: "This request could not be understood",
    403: "Not allowed",
    404: "Not found",
    409: "Not possible right now",
    413: "File too large",
    422: "Please check your input",
}


def register(app: Flask) -> None:
    """Install the handlers on ``app``."""

    @app.errorhandler(WorkflowError)
    def workflow_refused(error: WorkflowError) -> tuple[Response | str, int]:
        status = error.status_code
        return error_response(status, _TITLES.get(status, "Not possible"), str(error))

    @app.errorhandler(StaleDataError)
    def stale_write(error: StaleDataError) -> tuple[Response | str, int]:
        return error_response(409, _TITLES[409], str(StaleClaim()))

    @app.errorhandler(StorageError)
    def storage_unavailable(error: StorageError) -> tuple[Response | str, int]:
        app.logger.error("snapshot storage: %s", error)
        return error_response(
            503, "Storage unavailable",
            "The file could not be stored or read right now; nothing was saved. Try again "
            "in a moment.",
        )

    @app.errorhandler(413)
    def too_large(error: HTTPException) -> tuple[Response | str, int]:
        limit = human_size(app.config["MAX_SNAPSHOT_BYTES"])
        return error_response(
            413, _TITLES[413], f"The upload is larger than the {limit} limit for snapshots."
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response | str, int]:
        status = error.code or 500
        message = {
            403: "You do not have permission to do this.",
            404: "There is nothing at this address.",
        }.get(status, error.description or "")
        if status == 403 and error.description and "permission" not in error.description:
            message = error.description
        return error_response(status, _TITLES.get(status, error.name), message)
