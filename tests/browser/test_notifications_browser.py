"""The bell and ``@name`` completion in Chromium, with the Content-Security-Policy enforced:
an editor mentions a checker by picking her from the comment box's list; the checker's bell
counts it, the list shows it, and opening it marks it read."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from factcheck.demo.loader import DEMO_USERS
from tests.browser.conftest import log_in
from tests.browser.test_csp_browser import Watch

pytestmark = pytest.mark.browser

EDITOR = next(u for u in DEMO_USERS if u.role == "editor")
ANA = next(u for u in DEMO_USERS if u.email.startswith("ana@"))


def _tab(browser: Browser) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(10_000)
    return page


def test_a_mention_picked_from_the_list_rings_the_checkers_bell(
    browser: Browser, live_server: str
) -> None:
    ana, editor = _tab(browser), _tab(browser)
    watches = [Watch(ana), Watch(editor)]
    try:
        log_in(ana, live_server, ANA.email, ANA.password)
        ana.goto(f"{live_server}/notifications/")
        if ana.get_by_role("button", name="Mark all read").count():
            ana.get_by_role("button", name="Mark all read").click()
        expect(ana.locator("#bell-count")).to_have_text("0")

        log_in(editor, live_server, EDITOR.email, EDITOR.password)
        editor.goto(f"{live_server}/claims/1")
        box = editor.get_by_label("Comment")
        box.click()
        box.press_sequentially("Could you look at this, @an")
        option = editor.get_by_role("option", name=re.compile(ANA.name))
        expect(option).to_be_visible()
        expect(option).to_contain_text("@ana")
        box.press("Enter")  # picks the highlighted person instead of a new line
        expect(editor.get_by_role("listbox")).to_be_hidden()
        token = uuid.uuid4().hex[:8]
        box.press_sequentially(f"before noon? ({token})")
        expect(box).to_have_value(f"Could you look at this, @ana before noon? ({token})")
        editor.get_by_role("button", name="Post comment").click()
        expect(editor.locator("#comments")).to_contain_text(f"@ana before noon? ({token})")

        ana.reload()
        expect(ana.locator("#bell-count")).to_have_text("1")
        ana.locator("#bell").click()
        entry = ana.locator(".notification.unread")
        expect(entry).to_have_count(1)
        expect(entry).to_contain_text(f"{EDITOR.name} mentioned you in a comment")
        expect(entry).to_contain_text(token)
        entry.get_by_role("button", name=f"{EDITOR.name} mentioned you in a comment",
                          exact=True).click()
        expect(ana).to_have_url(re.compile(r"/claims/1$"))
        expect(ana.locator("#bell-count")).to_have_text("0")
        for watch in watches:
            watch.check()
    finally:
        ana.context.close()
        editor.context.close()
