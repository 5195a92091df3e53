"""Configuration defaults and how the environment overrides them.

Order: these defaults, then ``instance/config.py``, then ``FACTCHECK_*`` environment variables
and ``DATABASE_URL``, then the test overrides handed to ``create_app``.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

DEFAULTS: dict[str, Any] = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "MAX_SNAPSHOT_BYTES": 20 * 1024 * 1024,
    "SNAPSHOT_TYPES": [
        "application/pdf",
        "text/html",
        "text/plain",
        "text/csv",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/svg+xml",
        "application/json",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ],
    "QUEUE_PAGE_SIZE": 25,
    "VERDICTS_PAGE_SIZE": 20,
    "WTF_CSRF_TIME_LIMIT": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # A stolen "keep me logged in" cookie must not live for Flask-Login's default year.
    "REMEMBER_COOKIE_DURATION": timedelta(days=30),
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # Failed logins allowed before the login form answers 429 (a moving window).
    "LOGIN_FAILURES_PER_ACCOUNT": "5 per 15 minutes",
    "LOGIN_FAILURES_PER_ADDRESS": "20 per 15 minutes",
    # Where the counts live: one process's memory, or Redis (``RATELIMIT_STORAGE_URL``) when
    # several app servers must share them.
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_KEY_PREFIX": "factcheck",
    # How long a password reset link an admin issues stays valid.
    "PASSWORD_RESET_HOURS": 4,
    # How many proxies in front of the app set X-Forwarded-For/-Proto/-Host (0: none trusted).
    "TRUSTED_PROXY_COUNT": 0,
    "PUBLIC_CACHE_SECONDS": 60,
    # Requests one API token (or, for the public endpoints, one address) may make.
    "API_RATE_LIMIT": "300 per minute",
    # /api/v1/events holds back events this young, so none still committing is skipped.
    "API_EVENTS_SETTLE_SECONDS": 2,
    # Where rendered public pages are kept (factcheck/public/pagecache.py): empty for the
    # instance folder, redis://… to share them between app servers, "none" for no cache.
    "PUBLIC_CACHE_URL": "",
    # Minutes between refreshes of each subscribed fact-check feed (factcheck/factchecks/jobs.py).
    "FEED_REFRESH_MINUTES": 60,
}


#: Where the job queue and the mail server are; read from the environment without the prefix too.
SERVICE_URLS = ("JOBS_URL", "MAIL_URL", "PUBLIC_CACHE_URL", "SNAPSHOT_STORAGE")


def normalise_database_url(url: str) -> str:
    """Make a ``postgres://`` or ``postgresql://`` URL use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def request_limit(max_snapshot_bytes: int) -> int:
    """The largest request body: twice the snapshot limit plus room for the form's text.

    Well above the file limit on purpose: a file somewhat over it still reaches the form,
    which refuses it in words and keeps everything else the checker typed. Only a request
    far beyond it gets the bare "too large" page.
    """
    return 2 * int(max_snapshot_bytes) + 2 * 1024 * 1024


def load(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill ``app.config`` from defaults, the instance folder, the environment and tests."""
    app.config.from_mapping(DEFAULTS)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
        Path(app.instance_path) / "factcheck.sqlite"
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("FACTCHECK")
        if os.environ.get("DATABASE_URL"):
            app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
        if os.environ.get("RATELIMIT_STORAGE_URL"):
            app.config["RATELIMIT_STORAGE_URI"] = os.environ["RATELIMIT_STORAGE_URL"]
        for name in SERVICE_URLS:  # the names deployment tools and the issue use, unprefixed
            if os.environ.get(name):
                app.config[name] = os.environ[name]
    else:
        app.config.from_mapping(test_config)
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = request_limit(app.config["MAX_SNAPSHOT_BYTES"])
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _development_secret_key(app)


def _development_secret_key(app: Flask) -> str:
    """Refuse to run production without a key; in development keep one in ``instance/``.

    A generated key written to the instance folder means the first ``make run`` just works and
    sessions survive restarts, while a production deployment must set ``FACTCHECK_SECRET_KEY``.
    """
    if os.environ.get("FLASK_ENV") == "production" or os.environ.get("FACTCHECK_ENV") == (
        "production"
    ):
        raise RuntimeError(
            "FACTCHECK_SECRET_KEY must be set in production (a long random string)."
        )
    key_file = Path(app.instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key
