"""Helpers for the JSON API tests: tokens made through the real operation, and a client that
sends them."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import TokenScope, User
from factcheck.operations.tokens import issue_token


def make_token(session: Session, user: User, scope: str = TokenScope.READ_WRITE,
               days: int = 30) -> str:
    """A live token for ``user``, committed (a savepoint: the test is still rolled back)."""
    secret = issue_token(session, user, name="test", scope=scope, days=days).secret
    session.commit()
    return secret


class ApiClient:
    """A test client sending ``Authorization: Bearer <token>`` with every request."""

    def __init__(self, app: Flask, token: str | None) -> None:
        self.client: FlaskClient = app.test_client()
        self.token = token

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**headers, **(extra or {})}

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, headers=self._headers(kwargs.pop("headers", None)), **kwargs)

    def post(self, url: str, json: Any = None, **kwargs: Any) -> Any:
        return self.client.post(
            url, json=json, headers=self._headers(kwargs.pop("headers", None)), **kwargs
        )

    def patch(self, url: str, json: Any = None, **kwargs: Any) -> Any:
        return self.client.patch(
            url, json=json, headers=self._headers(kwargs.pop("headers", None)), **kwargs
        )

    def etag(self, claim_id: int) -> str:
        """The claim's current ETag, as a client would read it."""
        response = self.get(f"/api/v1/claims/{claim_id}")
        assert response.status_code == 200, response.get_json()
        return response.headers["ETag"]
