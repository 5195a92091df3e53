"""From a published claim to its public page and back, in Chromium: the way back shows for a
desk user only, on the very page a reader gets from the cache."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from factcheck.demo.loader import DEMO_USERS
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

CHECKER = next(u for u in DEMO_USERS if u.email.startswith("ben@"))


def test_a_desk_user_goes_from_the_verdict_page_to_the_claim_and_back(
    page: Page, browser: Browser, live_server: str
) -> None:
    # A reader first (the page is then stored), with no way into the desk.
    reader = browser.new_context().new_page()
    reader.goto(f"{live_server}/verdicts/")
    reader.locator(".verdict-item h2 a").first.click()
    expect(reader.get_by_role("heading", level=1)).to_be_visible()
    verdict_url = reader.url
    reader.wait_for_load_state("load")  # the deferred script has run: no desk flag, no request
    expect(reader.locator("#desk-link")).to_be_hidden()
    expect(reader.get_by_role("link", name=re.compile("on the desk"))).to_have_count(0)
    reader.context.close()

    log_in(page, live_server, CHECKER.email, CHECKER.password)
    page.goto(verdict_url)
    back = page.locator("#desk-link").get_by_role(
        "link", name=re.compile(r"^Open claim #\d+ on the desk$")
    )
    expect(back).to_be_visible()
    back.click()
    expect(page).to_have_url(re.compile(r"/claims/\d+$"))
    page.get_by_role("link", name="Public verdict page").click()
    expect(page).to_have_url(verdict_url)

    # Logged out, the same browser is a reader again.
    page.goto(f"{live_server}/desk")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.wait_for_load_state("load")  # the login page's deferred desk.js has run
    # Logging out forgot the browser's desk flag, so the page asks the desk nothing.
    page.goto(verdict_url)
    page.wait_for_load_state("load")
    assert page.evaluate("window.localStorage.getItem('factcheck.desk-user')") is None
    expect(page.locator("#desk-link")).to_be_hidden()


def test_the_front_page_offers_the_desk_to_a_signed_in_user_only(
    page: Page, browser: Browser, live_server: str
) -> None:
    reader = browser.new_context().new_page()
    reader.goto(f"{live_server}/")
    expect(reader.get_by_role("heading", name="Fact-check verdicts")).to_be_visible()
    reader.wait_for_load_state("load")
    expect(reader.locator("#desk-link")).to_be_hidden()
    reader.context.close()

    log_in(page, live_server, CHECKER.email, CHECKER.password)
    page.goto(f"{live_server}/")
    offer = page.locator("#desk-link").get_by_role(
        "link", name=f"You are signed in as {CHECKER.name}: open the desk")
    expect(offer).to_be_visible()
    offer.click()
    expect(page).to_have_url(f"{live_server}/desk")
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()
