"""One transaction per request: commit once at the end, roll back on any failure.

Services only flush; this is the single place a web request commits. A response with an error
status (a refused form, a workflow refusal, a 404) is rolled back too, so nothing half-written
reaches the database.
"""

from flask import Flask, Response

from factcheck.extensions import db


def register_transaction_handling(app: Flask) -> None:
    """Install the commit/rollback hooks on ``app``."""

    @app.after_request
    def commit_if_successful(response: Response) -> Response:
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_request
    def rollback_on_exception(exc: BaseException | None) -> None:
        if exc is not None:
            db.session.rollback()
