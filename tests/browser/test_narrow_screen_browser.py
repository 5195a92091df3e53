"""Every page of the demo desk works on a phone 390 px wide: nothing scrolls sideways, axe-core
finds no critical or serious problem, and the claim page's actions are big enough to tap with a
thumb."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.axe import serious_problems
from tests.browser.conftest import LiveDesk, log_in
from tests.browser.demo_pages import ADMIN, demo_pages

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
#: The smallest tap target the WCAG and the platforms' guidelines recommend, in CSS px.
TAP = 44


def test_no_page_scrolls_sideways_or_fails_axe_at_390_px(
    browser: Browser, live_desk: LiveDesk, axe_script: Path
) -> None:
    """One walk at phone size checks both: a page is laid out differently here (the claim
    page's actions pinned at the bottom, tables stacked), so axe-core runs again on what a
    phone shows, on the same page load (the desktop run is in test_axe_browser.py)."""
    too_wide: list[str] = []
    problems: list[str] = []
    seen = 0
    for desk_page, context in demo_pages(
        browser, live_desk.app, live_desk.url, bypass_csp=True, **PHONE
    ):
        page = context.new_page()
        page.goto(live_desk.url + desk_page.path)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > 390:
            too_wide.append(f"{desk_page.label}: {width} px {page.evaluate(WIDEST)}")
        problems += serious_problems(page, axe_script, f"{desk_page.label} at 390 px")
        page.close()
        seen += 1
    assert seen > 40, f"only {seen} pages found"
    assert too_wide == []
    assert problems == [], "\n".join(problems)


#: The elements that reach past the viewport, to say in the failure what to fix.
WIDEST = """
[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391)
  .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= 391)
  .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
  + ' ' + Math.round(e.getBoundingClientRect().right))
"""


def test_the_claim_page_actions_are_in_thumb_reach(browser: Browser, live_desk: LiveDesk) -> None:
    context = browser.new_context(**PHONE)  # type: ignore[arg-type]
    page: Page = context.new_page()
    log_in(page, live_desk.url, ADMIN.email, ADMIN.password)
    page.goto(f"{live_desk.url}/desk?state=unverified")
    page.locator("table.queue tbody a[href*='/claims/']").first.click()
    page.wait_for_url("**/claims/*")

    actions = page.locator(".claim-actions")
    assert actions.count() == 1
    box = actions.bounding_box()
    assert box is not None
    # Pinned at the bottom of the screen, where a thumb rests.
    assert box["y"] + box["height"] == pytest.approx(844, abs=1)
    page.mouse.wheel(0, 2000)
    assert actions.bounding_box() == box
    targets = actions.locator("summary, button, a")
    assert targets.count() >= 1
    for i in range(targets.count()):
        target = targets.nth(i)
        if target.is_visible():
            size = target.bounding_box()
            assert size is not None and size["height"] >= TAP, target.inner_text()
    context.close()
