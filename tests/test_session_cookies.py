"""The session and remember-me cookies as a browser receives them from the login form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from tests.conftest import CSRF_RE, PASSWORD, make_app


def _cookies(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Set-Cookie headers by cookie name."""
    return {
        header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")
    }


def _attributes(header: str) -> dict[str, str]:
    parts = [part.strip() for part in header.split(";")[1:]]
    return {
        name.lower(): value
        for name, _, value in (part.partition("=") for part in parts)
    }


def _csrf(client) -> str:  # type: ignore[no-untyped-def]
    match = CSRF_RE.search(client.get("/login").get_data(as_text=True))
    assert match
    return match.group(1)


def _log_in_remembered(client, submit, user):  # type: ignore[no-untyped-def]
    response = submit(
        client, "/login", {"email": user.email, "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    return _cookies(response)


def test_both_cookies_are_httponly_and_samesite_lax(client, submit, desk, session):
    user = desk.user()
    session.commit()
    cookies = _log_in_remembered(client, submit, user)
    assert set(cookies) >= {"session", "remember_token"}
    for name in ("session", "remember_token"):
        attributes = _attributes(cookies[name])
        assert "httponly" in attributes, name
        assert attributes["samesite"] == "Lax", name
        # The tests' SITE_URL is https://desk.test.
        assert "secure" in attributes, name


def test_remember_me_lasts_at_most_thirty_days(client, submit, desk, session):
    user = desk.user()
    session.commit()
    remember = _attributes(_log_in_remembered(client, submit, user)["remember_token"])
    expires = parsedate_to_datetime(remember["expires"])
    assert expires <= datetime.now(UTC) + timedelta(days=30, minutes=1)
    assert expires >= datetime.now(UTC) + timedelta(days=29)


def test_cookies_are_not_secure_on_a_plain_http_site(database, submit, desk, session):
    """A desk served over plain http (a laptop, an intranet) must still keep people logged in."""
    user = desk.user()
    session.commit()
    http_app = make_app(database.url, SITE_URL="http://desk.test")
    client = http_app.test_client()
    response = client.post("/login", data={
        "csrf_token": _csrf(client), "email": user.email, "password": PASSWORD, "remember": "y",
    })
    assert response.status_code == 302
    cookies = _cookies(response)
    for name in ("session", "remember_token"):
        assert "secure" not in _attributes(cookies[name]), name
