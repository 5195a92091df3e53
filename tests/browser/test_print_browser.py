"""Printing a verdict page: the verdict and its sources with their addresses, no site chrome."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_a_printed_verdict_keeps_the_verdict_and_writes_out_source_addresses(
    page: Page, live_server: str
) -> None:
    page.goto(f"{live_server}/verdicts/")
    page.locator("main a[href*='/verdicts/']").first.click()
    page.emulate_media(media="print")
    expect(page.locator("h1.statement")).to_be_visible()
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator(".public-footer")).to_be_hidden()
    link = page.locator(".sources a[href^='http']").first
    href = link.get_attribute("href")
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert after == f'" ({href})"'
    page.emulate_media(media="screen")
    expect(page.locator(".topbar")).to_be_visible()
    assert link.evaluate("a => getComputedStyle(a, '::after').content") == "none"
