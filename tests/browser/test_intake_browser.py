"""Intake in Chromium: an editor pastes a URL, reviews the extracted text, saves the article
and sees its suggestions; an outlet's articles arrive in the inbox, best first, to be opened
or dismissed. A real worker thread runs the jobs from the queue, as `flask worker` would."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_migrate import upgrade
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from factcheck.demo.loader import DEMO_USERS, load_demo
from factcheck.extensions import db
from tests import conftest
from tests.browser.conftest import log_in
from tests.http_server import LocalServer
from tests.intake_site import SEEDS, running_site
from tests.jobs_helpers import point_queue_at

pytestmark = pytest.mark.browser

EDITOR = next(u for u in DEMO_USERS if u.role == "editor")
SCREENS = Path("/tmp/screens")  # noqa: S108  (screenshots for people, kept out of the repo)


@pytest.fixture
def desk_with_worker(database: conftest.TestDatabase, tmp_path: Path) -> Iterator[str]:
    """The desk on a free port with its own database, and a worker thread taking jobs from
    a real queue (SQLite file storage) while the test runs."""
    own = conftest.TestDatabase(database.kind)
    app = conftest.make_app(own.url, SERVER_NAME=None, SITE_URL="http://127.0.0.1",
                        FETCH_ALLOW_PRIVATE=True)
    with app.app_context():
        upgrade()
        load_demo(db.session)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["SITE_URL"] = f"http://127.0.0.1:{server.server_port}"
    queue_binding = point_queue_at("sqlite", tmp_path, app)
    jobs = next(queue_binding)
    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():
            task = jobs.dequeue()
            if task is None:
                time.sleep(0.05)
            else:
                jobs.execute(task)

    threads = [threading.Thread(target=server.serve_forever, daemon=True),
               threading.Thread(target=work, daemon=True)]
    for thread in threads:
        thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        stop.set()
        server.shutdown()
        for thread in threads:
            thread.join(timeout=5)
        next(queue_binding, None)
        with app.app_context():
            db.engine.dispose()
        own.drop()


@pytest.fixture
def news() -> Iterator[LocalServer]:
    with running_site() as site:
        yield site


def test_url_review_save_and_the_inbox(
    page: Page, desk_with_worker: str, news: LocalServer
) -> None:
    base = desk_with_worker
    page.set_default_timeout(30_000)  # saving scores the article's suggestions: not instant
    log_in(page, base, EDITOR.email, EDITOR.password)

    # Paste a URL; the page waits for the worker, then shows the extracted text for review.
    page.goto(f"{base}/articles/new")
    page.get_by_role("link", name="Fetch the article from its URL").click()
    page.get_by_label("Article URL").fill(f"{news.base}{SEEDS['belta-rescue-operation'][0]}")
    page.get_by_role("button", name="Fetch").click()
    expect(page).to_have_url(re.compile(r"/articles/drafts/\d+$"))
    expect(page.get_by_role("button", name="Save article")).to_be_visible(timeout=20_000)
    expect(page.get_by_label("Outlet")).to_have_value("Minsk Daily Test")
    expect(page.get_by_label("Author")).to_have_value("Ivan Petrov")
    text = page.get_by_label("Text")
    extracted = text.input_value()
    assert extracted.startswith("Lukashenko says Minsk freed Belarusians stranded in Ukraine\n")
    text.fill(extracted.split("\n", 1)[1])  # the headline is not part of the text
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / "intake-review.png"), full_page=True)
    page.get_by_role("button", name="Save article").click()

    # The demo desk has this text already: refused with a link to it, unless the editor insists.
    expect(page.locator("#duplicate-of")).to_contain_text("Already on the desk")
    page.get_by_label("Add it anyway").check()
    page.get_by_role("button", name="Save article").click()

    # The article opens with its suggestions.
    expect(page).to_have_url(re.compile(r"/articles/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lukashenko says Minsk freed Belarusians stranded in Ukraine"
    )
    expect(page.locator("#article-text")).to_contain_text("Belarusian President Alexander")
    expect(page.locator("#article-text mark.suggestion").first).to_be_visible()
    expect(page.locator(".article-meta")).to_contain_text("SHA-256")

    # An outlet's feed brings its new articles to the inbox (those the desk has are not).
    page.get_by_role("link", name="Outlets").first.click()
    page.get_by_label("Feed URL (RSS or Atom)").fill(f"{news.base}/more.rss")
    page.get_by_label("Name").fill("Minsk Daily")
    page.get_by_role("button", name="Add outlet").click()
    page.get_by_role("link", name="Minsk Daily").click()
    page.get_by_role("button", name="Poll now").click()
    outlet_url = page.url
    page.get_by_role("link", name="Inbox").first.click()
    inbox = page.locator("table.inbox tbody tr", has_text="Minsk Daily")  # not the demo's own
    for _ in range(100):
        if inbox.count() == 2:
            break
        time.sleep(0.2)
        page.reload()
    expect(inbox).to_have_count(2)
    # Best first: claims of detained wagons outscore a weather report.
    expect(inbox.first).to_contain_text("Minsk says 1,500 wagons were detained")
    expect(inbox.nth(1)).to_contain_text("Grain traders meet in Minsk")
    page.screenshot(path=str(SCREENS / "intake-inbox.png"), full_page=True)
    page.goto(outlet_url)  # the articles the desk had are recorded as duplicates
    expect(page.locator("table.outlet-items td.state", has_text="duplicate")).to_have_count(2)
    expect(page.locator(".kv")).to_contain_text("Last success")
    page.go_back()

    # Bulk dismiss the weak one, open the strong one: it becomes a normal article.
    inbox.nth(1).get_by_role("checkbox").check()
    page.get_by_role("button", name="Dismiss selected").click()
    expect(inbox).to_have_count(1)
    inbox.first.get_by_role("button", name="Open").click()
    expect(page).to_have_url(re.compile(r"/articles/\d+$"))
    expect(page.locator("#in-inbox")).to_have_count(0)
    page.get_by_role("link", name="Articles").first.click()
    expect(page.locator("table.articles")).to_contain_text("Minsk says 1,500 wagons")
    expect(page.locator("table.articles")).not_to_contain_text("Grain traders")
    page.get_by_role("link", name="Inbox").first.click()
    expect(inbox).to_have_count(0)  # the demo's own inbox articles are still there
