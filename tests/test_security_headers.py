"""Security headers and caching on every response, and no inline script anywhere in the desk.

The URL map is walked rule by rule, so a route added tomorrow is in reach without anyone
remembering to list it here; the demo desk is crawled page by page, as admin and as a reader,
and every page is parsed for inline script, inline event handlers and inline styles.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from itertools import product
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import AnyConverter, IntegerConverter, Rule

from factcheck.demo.loader import DEMO_USERS, load_demo
from factcheck.extensions import db
from factcheck.headers import PRIVATE_BLUEPRINTS
from factcheck.models import Evidence, User
from factcheck.public import queries
from factcheck.workflow import Role

ADMIN = next(u for u in DEMO_USERS if u.role == Role.ADMIN)
SITE = "https://desk.test"
CRAWL_LIMIT = 400


def assert_security_headers(response: Any, where: str) -> None:
    """What every response carries, whatever its kind or status."""
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert csp, f"no CSP on {where}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert "frame-ancestors 'none'" in csp, where
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
    )
    if "sandbox" in directives:  # a stricter policy of the view's own: no script runs at all
        assert "allow-scripts" not in directives["sandbox"], where
    else:
        script_src = directives.get("script-src", directives.get("default-src", ""))
        assert script_src.split() in (["'self'"], ["'none'"]), f"{where}: script-src {script_src}"
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("X-Frame-Options") == "DENY", where
    assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", where
    assert "camera=()" in headers.get("Permissions-Policy", ""), where
    assert headers.get("Strict-Transport-Security", "").startswith("max-age="), where


def _sample_values(rule: Rule) -> Iterator[dict[str, Any]]:
    """Values for the rule's variables (an id, a slug, a static file's name); every choice of
    an ``any(…)`` variable, since each is an action of its own."""
    choices: dict[str, list[Any]] = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            choices[name] = [1]
        elif isinstance(converter, AnyConverter):
            choices[name] = sorted(converter.items)
        elif rule.endpoint == "static":
            choices[name] = ["desk.css"]
        else:
            choices[name] = ["no-such-thing"]
    for combination in product(*choices.values()):
        yield dict(zip(choices, combination, strict=True))


def _rules(app: Flask) -> Iterator[tuple[Rule, str, str]]:
    for rule in app.url_map.iter_rules():
        for values in _sample_values(rule):
            built = rule.build(values, append_unknown=False)
            assert built is not None
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                yield rule, method, built[1]


@pytest.fixture
def demo(session):  # type: ignore[no-untyped-def]
    """The demo desk, loaded and committed (to the test's savepoint)."""
    load_demo(session)
    session.commit()


@pytest.fixture
def admin_client(app: Flask, demo: None, login, session) -> FlaskClient:  # type: ignore[no-untyped-def]
    """A browser logged in as the demo admin."""
    client = app.test_client()
    user = session.scalars(select(User).where(User.email == ADMIN.email)).one()
    login(client, user, ADMIN.password)
    return client


def test_every_route_of_the_url_map_carries_the_headers(app, admin_client):
    anonymous = app.test_client()
    seen = 0
    for rule, method, path in _rules(app):
        for who, client in (("reader", anonymous), ("admin", admin_client)):
            response = client.open(path, method=method)
            response.close()
            where = f"{method} {path} ({rule.endpoint}, {who}) → {response.status_code}"
            assert response.status_code < 500, where
            assert_security_headers(response, where)
            if rule.endpoint.split(".", 1)[0] in PRIVATE_BLUEPRINTS:
                assert response.headers["Cache-Control"] == "private, no-store", where
            seen += 1
    assert seen >= 2 * len(list(app.url_map.iter_rules()))  # every rule, both visitors


def test_errors_static_files_feeds_and_downloads_carry_the_headers(admin_client):
    for path in (
        "/no-such-page",
        "/verdicts/no-such-verdict",
        "/static/desk.css",
        "/static/desk.js",
        "/verdicts/colours.css",
        "/verdicts/feed.atom",
        "/verdicts/claimreview.json",
        "/sitemap.xml",
        "/robots.txt",
    ):
        response = admin_client.get(path)
        response.close()
        assert_security_headers(response, path)
    refused = admin_client.post("/login", data={"email": "x"})  # no CSRF token: 400
    assert refused.status_code == 400
    assert_security_headers(refused, "refused POST")


def test_snapshot_download_is_private_and_carries_the_headers(admin_client, session):
    evidence = session.scalars(select(Evidence).where(Evidence.snapshot_id.is_not(None))).first()
    assert evidence is not None, "the demo desk has a snapshot"
    response = admin_client.get(f"/evidence/{evidence.id}/snapshot")
    assert response.status_code == 200
    assert_security_headers(response, "snapshot download")
    assert response.headers["Cache-Control"] == "private, no-store"


def test_desk_admin_and_login_pages_are_not_stored(app, admin_client):
    for path in ("/desk", "/articles/", "/dashboard", "/admin/users", "/admin/settings"):
        response = admin_client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "private, no-store", path
    login_page = app.test_client().get("/login")
    assert login_page.headers["Cache-Control"] == "private, no-store"
    # A logged-out visit to the desk is a redirect that must not be kept either.
    assert app.test_client().get("/desk").headers["Cache-Control"] == "private, no-store"


def test_public_pages_keep_their_public_caching(demo, client, session):
    slug = queries.newest_verdicts(session, 1)[0].slug
    for path in ("/verdicts/", f"/verdicts/{slug}", "/verdicts/feed.atom",
                 "/verdicts/claimreview.json", "/sitemap.xml", "/verdicts/colours.css"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "public" in response.headers["Cache-Control"], path
        assert "no-store" not in response.headers["Cache-Control"], path
        etag = response.headers["ETag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304, path
        assert_security_headers(again, f"304 of {path}")
    static = client.get("/static/desk.css")
    static.close()
    assert "no-store" not in static.headers["Cache-Control"] and static.headers["ETag"]


class _PageAudit(HTMLParser):
    """Collects the links of a page and everything that would need ``unsafe-inline``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"inline event handler <{tag} {name}>")
            if name == "style":
                self.problems.append(f"inline style on <{tag}>: {value}")
            if name in ("href", "src", "action", "formaction") and value:
                if value.strip().lower().startswith("javascript:"):
                    self.problems.append(f"javascript: URL in <{tag} {name}>")
                elif name in ("href", "src"):
                    self.links.append(value)
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and not attributes.get("src"):
            # JSON-LD is data the browser never runs; CSP does not apply to it.
            if (attributes.get("type") or "").lower() != "application/ld+json":
                self.problems.append("inline <script>")


def _same_site_path(link: str) -> str | None:
    parts = urlsplit(link)
    if parts.scheme and f"{parts.scheme}://{parts.netloc}" != SITE:
        return None
    if not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _shape(path: str) -> tuple[str, tuple[str, ...]]:
    """Pages that differ only in query values (filters, pages, sorts) count as one."""
    parts = urlsplit(path)
    return parts.path, tuple(sorted(k for k, _ in parse_qsl(parts.query)))


def crawl(client: FlaskClient, start: list[str]) -> dict[str, Any]:
    """Every page reachable by GET from ``start``, one per path and set of query keys."""
    seen: dict[tuple[str, tuple[str, ...]], str] = {}
    pages: dict[str, Any] = {}
    queue = deque(start)
    while queue and len(pages) < CRAWL_LIMIT:
        path = queue.popleft()
        if _shape(path) in seen:
            continue
        seen[_shape(path)] = path
        response = client.get(path)
        response.get_data()
        response.close()
        pages[path] = response
        if response.mimetype != "text/html":
            continue
        audit = _PageAudit()
        audit.feed(response.get_data(as_text=True))
        response.audit = audit
        for link in audit.links:
            target = _same_site_path(link)
            if target is not None and _shape(target) not in seen:
                queue.append(target)
    assert len(pages) < CRAWL_LIMIT, "the crawl hit its limit: raise it"
    return pages


@pytest.mark.parametrize("who", ["admin", "reader"])
def test_no_page_of_the_demo_desk_needs_inline_script_or_style(who, app, admin_client):
    client = admin_client if who == "admin" else app.test_client()
    pages = crawl(client, ["/", "/desk", "/verdicts/", "/login", "/admin/users", "/sitemap.xml"])
    html_pages = [p for p, r in pages.items() if r.mimetype == "text/html"]
    assert len(html_pages) >= (25 if who == "admin" else 5), sorted(html_pages)
    for path, response in pages.items():
        assert response.status_code < 500, path
        assert_security_headers(response, path)
        if response.mimetype == "text/html":
            assert response.audit.problems == [], f"{path}: {response.audit.problems}"
    assert any("/claims/" in p for p in html_pages) or who == "reader"
    assert any(p.startswith("/verdicts/") and p != "/verdicts/" for p in html_pages)


def test_even_a_server_error_carries_the_headers(tmp_path):
    """The hook runs on the 500 page too (no route of ours should give one: this one is
    added by the test)."""
    from flask_migrate import upgrade

    from factcheck import create_app

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/e.db",
                      "SITE_URL": SITE, "PROPAGATE_EXCEPTIONS": False})
    with app.app_context():
        upgrade()

    @app.get("/broken")
    def broken() -> str:
        raise RuntimeError("a fault the test put here")

    response = app.test_client().get("/broken", base_url=SITE)
    assert response.status_code == 500
    assert_security_headers(response, "500 page")
    assert response.headers["Cache-Control"] == "private, no-store"
    with app.app_context():
        db.engine.dispose()


def test_refused_logins_and_the_throttle_page_carry_the_headers(client, submit):
    for _ in range(5):
        refused = submit(client, "/login", {"email": "ghost@newsroom.example", "password": "no"})
        assert refused.status_code == 401
        assert_security_headers(refused, "refused login")
    throttled = submit(client, "/login", {"email": "ghost@newsroom.example", "password": "no"})
    assert throttled.status_code == 429
    assert_security_headers(throttled, "429 page")
    assert throttled.headers["Cache-Control"] == "private, no-store"
