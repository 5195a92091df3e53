"""One transaction per request: commit once at the end, roll back on any failure.

Services only flush; this is the single place a web request commits. A response with an error
status (a refused form, a workflow refusal, a 404) is rolled back too, so nothing half-written
reaches the database.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, Response
from sqlalchemy.orm import scoped_session

from factcheck.extensions import db


@contextmanager
def unit_of_work() -> Iterator[scoped_session[Any]]:
    """The same rule outside a request (a background job, a command): commit once at the end
    of the block, roll back if anything in it raises."""
    try:
        yield db.session
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


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
