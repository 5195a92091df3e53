"""Browser tests: a real server on localhost with the demo desk, driven by Debian's Chromium."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from factcheck.extensions import db
from tests.browser.axe import find_axe_script
from tests.conftest import TestDatabase, make_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def demo_desk(kind: str, **config: Any) -> Iterator[tuple[Flask, str]]:
    """A desk with the demo loaded (as ``flask demo load`` does), served on a free localhost
    port from a database of its own (the server's threads commit for real, as in production);
    the app and its URL."""
    from factcheck.demo.loader import load_demo, load_demo_factchecks

    own = TestDatabase(kind)
    app = make_app(own.url, SERVER_NAME=None, SITE_URL="http://127.0.0.1", **config)
    with app.app_context():
        upgrade()
        load_demo(db.session)
        load_demo_factchecks(db.session)  # as `flask demo load` does
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["SITE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()
        own.drop()


@dataclass(frozen=True)
class LiveDesk:
    """The served desk: its address, and its app (for running its background jobs)."""

    url: str
    app: Flask


@pytest.fixture(scope="session")
def live_desk(database: TestDatabase) -> Iterator[LiveDesk]:
    """The demo desk, shared by the browser tests that only click through it."""
    with demo_desk(database.kind) as (app, url):
        yield LiveDesk(url, app)


@pytest.fixture(scope="session")
def live_server(live_desk: LiveDesk) -> str:
    """The served desk's address."""
    return live_desk.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium from Debian (Playwright cannot download browsers here)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's script, fetched by ``make axe`` when missing (tests/browser/axe.py)."""
    return find_axe_script()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser tab with its own cookies."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in(page: Page, base_url: str, email: str, password: str) -> None:
    """Log in through the login form as a person would."""
    page.goto(f"{base_url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/desk")
