"""axe-core finds no critical or serious accessibility problem on any page of the demo desk, at a
desktop width here and at 390 px in the narrow-screen walk (tests/browser/axe.py says where
axe-core comes from)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.axe import serious_problems
from tests.browser.conftest import LiveDesk, log_in
from tests.browser.demo_pages import ADMIN, demo_pages

pytestmark = pytest.mark.browser


def test_axe_finds_no_serious_problem_on_any_page(
    browser: Browser, live_desk: LiveDesk, axe_script: Path
) -> None:
    problems: list[str] = []
    seen = 0
    for desk_page, context in demo_pages(browser, live_desk.app, live_desk.url, bypass_csp=True):
        page = context.new_page()
        page.goto(live_desk.url + desk_page.path)
        problems += serious_problems(page, axe_script, desk_page.label)
        page.close()
        seen += 1
    assert seen > 40, f"only {seen} pages found"
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("path", ["/verdicts/", "/account"])
def test_the_first_tab_reaches_a_visible_skip_link(page: Page, live_server: str, path: str) -> None:
    """Both layouts (the readers' and the desk's): Tab once shows "Skip to content" with a
    focus ring, and following it puts the focus on the page's main content."""
    if path == "/account":
        log_in(page, live_server, ADMIN.email, ADMIN.password)
    page.goto(live_server + path)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert outline == "3px"
