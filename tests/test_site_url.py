"""Absolute URLs come from SITE_URL, never from the Host header; other hosts get a 400.

A Host-header attack: a request for the sitemap or a feed sent with ``Host: evil.example``
(through a cache, every later reader would get the poisoned links). The foreign host is
refused outright; a host the proxy legitimately uses internally still gets SITE_URL's links.
"""

from __future__ import annotations

import json

import extruct
import pytest

from factcheck import create_app
from factcheck.demo.loader import load_demo
from factcheck.public import queries
from tests.public_helpers import feed_reviews

SITE = "https://factcheck.example.org"


@pytest.fixture
def published(session, app):  # type: ignore[no-untyped-def]
    """The demo desk (published and corrected verdicts) and the public address it runs at."""
    load_demo(session)
    session.commit()
    app.config["SITE_URL"] = SITE
    app.config["TRUSTED_HOSTS"] = ["factcheck.example.org", "app.internal"]
    return queries.newest_verdicts(session, 1)[0].slug


@pytest.mark.parametrize("host", ["evil.example", "evil.example:443", "factcheck.example.org.evil"])
def test_a_foreign_host_is_refused_with_400(published, client, host):
    for path in ("/sitemap.xml", "/verdicts/feed.atom", f"/verdicts/{published}", "/login"):
        response = client.get(path, headers={"Host": host})
        assert response.status_code == 400, (path, host)
        assert "does not answer to that host name" in response.get_data(as_text=True)
        assert "evil" not in response.get_data(as_text=True)
        assert response.headers["X-Frame-Options"] == "DENY"  # still carries the headers


def test_urls_come_from_site_url_not_from_the_request(published, client):
    # A host the proxy uses internally is trusted, but never shows up in a link; neither do
    # the forwarded-host headers a client might send.
    headers = {"Host": "app.internal", "X-Forwarded-Host": "evil.example",
               "X-Forwarded-Proto": "http"}
    bodies = {
        path: client.get(path, headers=headers)
        for path in ("/sitemap.xml", "/verdicts/feed.atom", "/verdicts/claimreview.json",
                     "/robots.txt", "/verdicts/", f"/verdicts/{published}")
    }
    for path, response in bodies.items():
        assert response.status_code == 200, path
        text = response.get_data(as_text=True)
        assert "app.internal" not in text and "evil" not in text, path
        assert SITE in text, path

    sitemap = bodies["/sitemap.xml"].get_data(as_text=True)
    assert f"<loc>{SITE}/verdicts/{published}</loc>" in sitemap
    assert f"Sitemap: {SITE}/sitemap.xml" in bodies["/robots.txt"].get_data(as_text=True)
    atom = bodies["/verdicts/feed.atom"].get_data(as_text=True)
    assert f'href="{SITE}/verdicts/feed.atom"' in atom
    assert f"<id>{SITE}/verdicts/{published}</id>" in atom

    data_feed = json.loads(bodies["/verdicts/claimreview.json"].get_data(as_text=True))
    assert data_feed["url"] == f"{SITE}/verdicts/claimreview.json"
    assert all(item["url"].startswith(f"{SITE}/verdicts/") for item in feed_reviews(data_feed))

    page = bodies[f"/verdicts/{published}"].get_data(as_text=True)
    assert f'<link rel="canonical" href="{SITE}/verdicts/{published}">' in page
    json_ld = extruct.extract(page, base_url=SITE, syntaxes=["json-ld"])["json-ld"]
    review = next(item for item in json_ld if item.get("@type") == "ClaimReview")
    assert review["url"] == f"{SITE}/verdicts/{published}"


def test_trusted_hosts_follow_site_url_by_default():
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SITE_URL": "https://Factcheck.Example.org/"})
    assert app.config["SITE_URL"] == SITE
    assert app.config["TRUSTED_HOSTS"] == ["factcheck.example.org"]
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    client = app.test_client()
    assert client.get("/robots.txt", base_url="https://factcheck.example.org").status_code == 200
    assert client.get("/robots.txt", base_url="https://localhost").status_code == 400


def test_a_local_site_url_trusts_the_loopback_names_and_plain_cookies():
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SITE_URL": "http://127.0.0.1:5001"})
    assert set(app.config["TRUSTED_HOSTS"]) >= {"127.0.0.1", "localhost"}
    assert not app.config["SESSION_COOKIE_SECURE"]
    client = app.test_client()
    for base in ("http://localhost:5001", "http://127.0.0.1:5001"):
        assert client.get("/robots.txt", base_url=base).status_code == 200
    assert "Sitemap: http://127.0.0.1:5001/sitemap.xml" in client.get(
        "/robots.txt", base_url="http://localhost:5001").get_data(as_text=True)
    assert "Strict-Transport-Security" not in client.get("/robots.txt").headers


def test_session_cookie_is_secure_when_the_site_is_https(client, desk, login):
    response = login(client, desk.user())
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_production_refuses_to_start_without_site_url(monkeypatch):
    monkeypatch.setenv("FACTCHECK_ENV", "production")
    with pytest.raises(RuntimeError, match="FACTCHECK_SITE_URL must be set in production"):
        create_app({"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app = create_app({"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SITE_URL": SITE})
    assert app.config["SITE_URL"] == SITE


@pytest.mark.parametrize("bad", ["factcheck.example.org", "ftp://factcheck.example.org",
                                 "https://", "https://factcheck.example.org/?x=1"])
def test_a_malformed_site_url_is_refused_in_words(bad):
    with pytest.raises(ValueError, match="SITE_URL must"):
        create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://", "SITE_URL": bad})


def test_site_url_reaches_the_app_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FACTCHECK_SITE_URL", "https://verdicts.example.net")
    monkeypatch.setenv("FACTCHECK_SECRET_KEY", "k" * 32)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/env.sqlite")
    app = create_app()
    assert app.config["SITE_URL"] == "https://verdicts.example.net"
    assert app.config["TRUSTED_HOSTS"] == ["verdicts.example.net"]


def test_links_outside_a_request_and_under_a_path_prefix():
    """Jobs and e-mails build links with no request at all; a desk may live under a prefix."""
    from factcheck.site import absolute_url

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SITE_URL": "https://newsroom.example.org/factcheck/"})
    with app.app_context():
        assert absolute_url("public.verdict", slug="a b") == (
            "https://newsroom.example.org/factcheck/verdicts/a%20b"
        )
        assert absolute_url("public.claimreview_feed", after=None) == (
            "https://newsroom.example.org/factcheck/verdicts/claimreview.json"
        )
