"""The site's public address: absolute URLs, trusted hosts and secure cookies.

Links that leave the page — the sitemap, the Atom and ClaimReview feeds, canonical links, the
ClaimReview JSON-LD — are read by crawlers and aggregators and kept for years, so they must
never be built from the request's ``Host`` header: anyone can send a request with
``Host: evil.example`` and, with a cache in front, poison what every reader gets. They are
built from ``SITE_URL`` instead, and ``TRUSTED_HOSTS`` (Flask's own setting, derived from
``SITE_URL`` unless set) answers any other host with a 400 before a view runs.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app
from werkzeug.exceptions import SecurityError

#: What ``flask run`` serves on when nothing else is said; ``make run`` passes its own port.
DEVELOPMENT_SITE_URL = "http://127.0.0.1:5000"
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


def is_production() -> bool:
    """Whether the environment says this is a production deployment."""
    return "production" in (os.environ.get("FACTCHECK_ENV"), os.environ.get("FLASK_ENV"))


def parse_site_url(value: Any) -> tuple[str, str, str]:
    """``(scheme, host[:port], path)`` of a site address, or a ``ValueError`` that says why."""
    text = str(value).strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"SITE_URL must be the site's public address, like https://factcheck.example.org "
            f"(got {text!r})."
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"SITE_URL must not carry a query, fragment or login (got {text!r}).")
    return parts.scheme, parts.netloc.lower(), parts.path.rstrip("/")


def configure(app: Flask) -> None:
    """Settle ``SITE_URL`` and everything that follows from it, or refuse to start.

    Production must say where it is served; development falls back to ``flask run``'s own
    address so the first run just works.
    """
    if not app.config.get("SITE_URL"):
        if is_production():
            raise RuntimeError(
                "FACTCHECK_SITE_URL must be set in production: the address readers use, "
                "e.g. FACTCHECK_SITE_URL=https://factcheck.example.org"
            )
        app.config["SITE_URL"] = DEVELOPMENT_SITE_URL
    scheme, netloc, path = parse_site_url(app.config["SITE_URL"])
    app.config["SITE_URL"] = f"{scheme}://{netloc}{path}"
    secure = scheme == "https"
    app.config["PREFERRED_URL_SCHEME"] = scheme
    app.config["SESSION_COOKIE_SECURE"] = secure
    app.config["REMEMBER_COOKIE_SECURE"] = secure
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = trusted_hosts_for(netloc)
    app.add_template_global(absolute_url)

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError) -> tuple[Response, int]:
        # No URL adapter exists for a refused host, so no template that builds URLs can run.
        return Response(
            "This site does not answer to that host name.\n", mimetype="text/plain"
        ), 400


def trusted_hosts_for(netloc: str) -> list[str]:
    """The host names a request may carry: SITE_URL's, plus the loopback names for a local one.

    Werkzeug compares names without their port.
    """
    host = urlsplit(f"//{netloc}").hostname or netloc
    if ":" in host:  # an IPv6 address, which Werkzeug compares in its brackets
        host = f"[{host}]"
    if host in _LOOPBACK:
        return list(_LOOPBACK)
    return [host]


def absolute_url(endpoint: str, **values: Any) -> str:
    """``url_for(endpoint, **values)`` made absolute against ``SITE_URL``, never the Host header.

    Works inside and outside a request (feeds, jobs, e-mails), since it binds its own URL map
    adapter to the configured address.
    """
    app = current_app
    scheme, netloc, path = parse_site_url(app.config["SITE_URL"])
    app.inject_url_defaults(endpoint, values)
    adapter = app.url_map.bind(netloc, script_name=path or "/", url_scheme=scheme)
    return adapter.build(endpoint, values, force_external=True)


def site_is_https() -> bool:
    """Whether readers reach the site over https (then browsers are told to stay on it)."""
    return str(current_app.config["SITE_URL"]).startswith("https://")
