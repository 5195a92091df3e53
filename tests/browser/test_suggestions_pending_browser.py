"""A long article in Chromium: its page says the suggestions are being computed, then shows
them by itself once the background job (run here through the real queue) has stored them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from factcheck.demo.loader import DEMO_USERS
from factcheck.jobs.queue import DeskQueue
from tests.browser.conftest import LiveDesk, log_in
from tests.jobs_helpers import point_queue_at, work
from tests.test_suggestion_jobs import LONG_BODY, PENDING

pytestmark = pytest.mark.browser

EDITOR = next(u for u in DEMO_USERS if u.role == "editor")


@pytest.fixture
def live_jobs(live_desk: LiveDesk, tmp_path: Path) -> Iterator[DeskQueue]:
    """The served desk's queue on SQLite file storage, worked by the test."""
    yield from point_queue_at("sqlite", tmp_path, live_desk.app)


def test_pending_suggestions_appear_once_the_job_has_run(
    page: Page, live_desk: LiveDesk, live_jobs: DeskQueue
) -> None:
    title = f"Wagons at the border {uuid.uuid4().hex[:8]}"
    log_in(page, live_desk.url, EDITOR.email, EDITOR.password)
    page.goto(f"{live_desk.url}/articles/new")
    page.get_by_label("Outlet").fill("BelTA")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Text").fill(LONG_BODY)
    page.get_by_role("button", name="Add article").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    notice = page.locator("#suggestions-pending")
    expect(notice).to_contain_text(PENDING)
    expect(notice.get_by_role("link", name="reload the page")).to_be_visible()

    # The worker stores them (then searches them for claims on the desk, a second job); the
    # page notices within seconds.
    assert work(live_jobs) == 2

    # The poll runs every 3 s; the reloaded page then looks its suggestions up among the
    # imported fact-checks, which takes a while on a loaded machine.
    heading = page.locator("#suggestions h2")
    expect(heading).to_contain_text("Suggested claims (100 of", timeout=60_000)
    expect(page.locator("#suggestions-pending")).to_have_count(0)
    expect(page.locator("mark.suggestion").first).to_be_visible()
