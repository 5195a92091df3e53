"""Changing one's password in Chromium logs the other browser out, as a phone left logged in."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from factcheck.demo.loader import DEMO_USERS
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

BEN = next(u for u in DEMO_USERS if u.email == "ben@demo.desk")
NEW = "quiet lantern harbour"


def _change_password(page: Page, current: str, new: str) -> None:
    page.get_by_role("link", name=BEN.name).click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    page.get_by_label("Current password").fill(current)
    page.get_by_label("New password", exact=True).fill(new)
    page.get_by_label("New password again").fill(new)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your other devices have been logged out.")).to_be_visible()


def test_a_password_change_logs_out_the_other_browser(browser: Browser, live_server: str):
    laptop = browser.new_context().new_page()
    phone_context = browser.new_context()
    phone = phone_context.new_page()
    try:
        log_in(laptop, live_server, BEN.email, BEN.password)
        log_in(phone, live_server, BEN.email, BEN.password)
        _change_password(laptop, BEN.password, NEW)

        phone.goto(f"{live_server}/desk")
        expect(phone.get_by_role("heading", name="Log in to the desk")).to_be_visible()
        laptop.goto(f"{live_server}/desk")
        expect(laptop.get_by_role("link", name=BEN.name)).to_be_visible()

        log_in(phone, live_server, BEN.email, NEW)
    finally:
        # Give the demo account its password back for the other browser tests.
        laptop.goto(f"{live_server}/desk")
        if laptop.get_by_role("link", name=BEN.name).count():
            _change_password(laptop, NEW, BEN.password)
        laptop.context.close()
        phone_context.close()
