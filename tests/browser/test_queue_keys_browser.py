"""The queue by keyboard and its bulk selection, in Chromium: j/k move, o opens, a assigns to
me, / searches, ? lists the shortcuts; none fires while typing; ticked claims change together,
and a refused bulk change comes back with the selection kept."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from factcheck.demo.loader import DEMO_USERS
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

EDITOR = next(u for u in DEMO_USERS if u.role == "editor")
CHECKER = next(u for u in DEMO_USERS if u.email.startswith("ana@"))


def rows(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("table.queue tbody tr")


def test_keys_move_open_search_and_list_the_shortcuts(page: Page, live_server: str) -> None:
    log_in(page, live_server, EDITOR.email, EDITOR.password)
    page.goto(f"{live_server}/desk?assignee=any&state=all")
    expect(rows(page).first).to_be_visible()
    page.locator("h1").click()  # nothing focused: the keys belong to the queue

    page.keyboard.press("j")
    expect(rows(page).nth(0)).to_have_class(re.compile(r"\bfocused\b"))
    page.keyboard.press("j")
    expect(rows(page).nth(1)).to_have_class(re.compile(r"\bfocused\b"))
    expect(rows(page).nth(0)).not_to_have_class(re.compile(r"\bfocused\b"))
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(rows(page).nth(1)).to_have_class(re.compile(r"\bfocused\b"))

    page.keyboard.press("?")
    help_list = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_list).to_be_visible()
    expect(help_list).to_contain_text("Assign the claim to me")
    page.keyboard.press("Escape")
    expect(help_list).to_be_hidden()

    # "/" goes to the search box; typed there, j and o are letters, not commands.
    page.keyboard.press("/")
    search = page.get_by_label("Search")
    expect(search).to_be_focused()
    page.keyboard.type("jo")
    expect(search).to_have_value("jo")
    expect(page).to_have_url(re.compile(r"/desk\?"))
    search.fill("")

    page.locator("h1").click()
    page.keyboard.press("j")  # from the second claim (still the current one) to the third
    expect(rows(page).nth(2)).to_have_class(re.compile(r"\bfocused\b"))
    href = rows(page).nth(2).locator("td a[href*='/claims/']").first.get_attribute("href")
    page.keyboard.press("o")
    expect(page).to_have_url(re.compile(re.escape(href or "") + "$"))


def test_a_assigns_the_focused_claim_to_me(page: Page, live_server: str) -> None:
    log_in(page, live_server, CHECKER.email, CHECKER.password)
    page.goto(f"{live_server}/desk?assignee=unassigned")
    expect(rows(page).first).to_be_visible()
    statement = (rows(page).nth(0).locator("td a").first.text_content() or "").strip()
    page.locator("h1").click()
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.locator(".flash-success")).to_have_text("Assigned 1 claim to you.")
    page.goto(f"{live_server}/desk")  # a checker's queue opens on their own claims
    expect(page.locator("table.queue")).to_contain_text(statement)


def test_ticked_claims_change_together_and_a_refusal_keeps_the_selection(
        page: Page, live_server: str) -> None:
    log_in(page, live_server, EDITOR.email, EDITOR.password)
    page.goto(f"{live_server}/desk?assignee=any&state=all&sort=oldest")
    expect(rows(page).first).to_be_visible()
    # The toolbar shows the chosen action's field only.
    expect(page.locator("#bulk-priority")).to_be_hidden()
    page.locator("#bulk-action").select_option("priority")
    expect(page.locator("#bulk-priority")).to_be_visible()
    expect(page.locator("#bulk-assignee")).to_be_hidden()

    open_rows = rows(page).filter(has=page.locator(".state-unverified"))
    published = rows(page).filter(has=page.locator(".state-published")).first
    expect(published).to_be_visible()
    page.locator("h1").click()
    open_rows.nth(0).locator("input[name=claims]").check()
    open_rows.nth(1).locator("input[name=claims]").check()
    published.locator("input[name=claims]").check()
    expect(page.locator("#bulk-count")).to_have_text("3 claims selected")

    page.locator("#bulk-action").select_option("dismiss")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Apply to selected").click()
    refusals = page.locator("#bulk-refusals")
    expect(refusals).to_contain_text("Nothing was changed")
    expect(refusals).to_contain_text("A published verdict cannot be dismissed")
    expect(page.locator("table.queue input[name=claims]:checked")).to_have_count(3)
    expect(page.locator("#bulk-count")).to_have_text("3 claims selected")
    assert asked == ["Dismiss every selected claim?"]

    # Untick the refused one and send the rest.
    page.locator("table.queue tr").filter(has=page.locator(".state-published")).locator(
        "input[name=claims]:checked").uncheck()
    page.locator("#bulk-action").select_option("tag")
    page.locator("#bulk-tag").fill("bulk-browser")
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.locator(".flash-success")).to_have_text("Tagged 2 claims “bulk-browser”.")
    page.goto(f"{live_server}/desk?assignee=any&state=all&tag=bulk-browser")
    expect(rows(page)).to_have_count(2)
