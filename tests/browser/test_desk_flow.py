"""The desk's whole flow in Chromium, as people do it: a claim goes from the queue to a public
verdict, passing through a checker's and an editor's hands."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page, expect

from factcheck.demo.loader import DEMO_USERS
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

SCREENS = Path("/tmp/screens")  # noqa: S108  (screenshots for people, kept out of the repo)
EDITOR = next(u for u in DEMO_USERS if u.role == "editor")
CHECKER = next(u for u in DEMO_USERS if u.email.startswith("ben@"))

SUMMARY = "Belarusian customs recorded no such shipments in 2021."
EXPLANATION = "The customs register lists **no** tractor exports to Venezuela that year."
NO_EVIDENCE = "Add at least one piece of evidence before marking the claim sourced."


def log_out(page: Page) -> None:
    """Use the header's log-out button."""
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in to the desk")).to_be_visible()


def open_action(page: Page, step: str, label: str) -> None:
    """Unfold a claim-page action and press its button."""
    action = page.locator(f"#action-{step}")
    action.locator("summary").click()
    action.get_by_role("button", name=label).click()


def test_a_claim_goes_from_the_queue_to_a_public_verdict(page: Page, live_server: str) -> None:
    token = uuid.uuid4().hex[:8]
    statement = f"Belarus sold 9,000 tractors to Venezuela in 2021 (case {token})"

    # An editor opens a new ticket, so the test does not use up the demo's own claims.
    log_in(page, live_server, EDITOR.email, EDITOR.password)
    page.get_by_role("link", name="New claim").click()
    page.get_by_label("Claim as it will be checked").fill(statement)
    page.get_by_label("Claimant").fill("Alexander Lukashenko")
    page.get_by_role("button", name="Open claim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(statement)
    log_out(page)

    # A checker finds it among the unassigned claims in the queue and takes it.
    log_in(page, live_server, CHECKER.email, CHECKER.password)
    page.get_by_label("Assignee").select_option(label="Unassigned")
    page.get_by_label("Search").fill(token)
    page.get_by_role("button", name="Filter").click()
    row = page.locator("table.queue tbody tr").filter(has_text=statement)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Unassigned")
    expect(row).to_contain_text("unverified")
    row.get_by_role("link", name=statement).click()
    expect(page).to_have_url(re.compile(r"/claims/\d+$"))
    claim_url = page.url
    page.get_by_role("button", name="Take this claim").click()
    expect(page.locator("#details")).to_contain_text(CHECKER.name)

    # With no evidence, Mark sourced is not offered, and the page says why where it would be.
    expect(page.locator("#action-mark-sourced")).to_have_count(0)
    expect(page.locator("#next .why-not")).to_have_text(f"Mark sourced: {NO_EVIDENCE}")
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / "desk-flow-why-not-mark-sourced.png"))
    expect(page.locator(".claim-head .badge").first).to_have_text("unverified")

    # The checker adds a source through the evidence form …
    page.goto(claim_url)
    evidence = page.locator("#add-evidence")
    evidence.locator("summary").click()
    evidence.get_by_label("Title").fill("Belarus customs register 2021")
    evidence.get_by_label("Kind").select_option(label="Dataset")
    evidence.get_by_label("Stance").select_option(label="Contradicts")
    evidence.get_by_label("URL").fill("https://customs.example.gov.by/register/2021")
    evidence.get_by_label("Publisher").fill("State Customs Committee")
    evidence.get_by_label("Excerpt relied on").fill("Tractors, Venezuela: 0 units.")
    evidence.get_by_role("button", name="Add evidence").click()
    expect(page.locator("#evidence")).to_contain_text("Belarus customs register 2021")
    expect(page.locator("#evidence h2")).to_contain_text("(1)")

    # … marks it sourced …
    open_action(page, "mark-sourced", "Mark sourced")
    expect(page.locator(".claim-head .badge").first).to_have_text("sourced")

    # … and proposes a rating.
    rate = page.locator("#rate")
    rate.locator("summary").click()
    rate.get_by_label("Rating").select_option(label="False")
    rate.get_by_label("Summary").fill(SUMMARY)
    rate.get_by_label("Explanation").fill(EXPLANATION)
    # The live preview renders the Markdown as the public page will.
    expect(rate.locator(".markdown-preview strong")).to_have_text("no")
    rate.get_by_role("button", name="Propose rating").click()
    expect(page.locator(".claim-head .badge").first).to_have_text("rated")
    expect(page.locator("#verdict")).to_contain_text(SUMMARY)
    expect(page.get_by_role("button", name="Publish verdict")).to_have_count(0)
    expect(page.locator("#next .why-not")).to_have_text(
        "Publish verdict: Only an editor can publish a verdict."
    )
    log_out(page)

    # An editor reviews and publishes it.
    log_in(page, live_server, EDITOR.email, EDITOR.password)
    page.goto(claim_url)
    # Publishing is public at once, so the desk asks first: declining changes nothing.
    questions: list[str] = []

    def answer(dialog: Dialog) -> None:
        questions.append(dialog.message)
        if len(questions) > 1:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    open_action(page, "publish", "Publish verdict")
    assert questions and questions[0].startswith("Publish this verdict?")
    expect(page.locator(".claim-head .badge").first).to_have_text("rated")
    page.locator("#action-publish").get_by_role("button", name="Publish verdict").click()
    expect(page.locator(".claim-head .badge").first).to_have_text("published")
    expect(page.locator("#revisions")).to_contain_text("False")
    expect(page.locator("#history")).to_contain_text(CHECKER.name)
    page.screenshot(path=str(SCREENS / "desk-flow-claim-page.png"), full_page=True)
    log_out(page)

    # A reader finds the verdict and sees the rating and the summary.
    page.goto(f"{live_server}/verdicts/?q={token}")
    page.get_by_role("link", name=statement).click()
    expect(page).to_have_url(re.compile(r"/verdicts/belarus-sold-9-000-tractors-[a-z0-9-]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(statement)
    expect(page.locator(".rating-large")).to_have_text("False")
    expect(page.locator("p.summary")).to_have_text(SUMMARY)
    expect(page.get_by_text("Belarus customs register 2021")).to_be_visible()
    page.screenshot(path=str(SCREENS / "desk-flow-public-verdict.png"), full_page=True)
