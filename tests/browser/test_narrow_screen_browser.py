"""Every page of the demo desk works on a phone 390 px wide: nothing scrolls sideways, and the
claim page's actions are big enough to tap with a thumb."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import LiveDesk, log_in
from tests.browser.demo_pages import ADMIN, demo_pages

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
#: The smallest tap target the WCAG and the platforms' guidelines recommend, in CSS px.
TAP = 44


def test_no_page_scrolls_sideways_at_390_px(browser: Browser, live_desk: LiveDesk) -> None:
    too_wide: list[str] = []
    seen = 0
    for desk_page, context in demo_pages(browser, live_desk.app, live_desk.url, **PHONE):
        page = context.new_page()
        page.goto(live_desk.url + desk_page.path)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > 390:
            culprits = page.evaluate(WIDEST)
            who = desk_page.who or "reader"
            too_wide.append(f"{desk_page.path} as {who}: {width} px {culprits}")
        page.close()
        seen += 1
    assert seen > 40, f"only {seen} pages found"
    assert too_wide == []


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
