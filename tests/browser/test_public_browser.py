"""A reader in Chromium: from the verdict index to a corrected verdict and what it says."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_reader_opens_a_corrected_verdict_from_the_index(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/verdicts/")
    expect(page.get_by_role("heading", name="Fact-check verdicts")).to_be_visible()
    expect(page.get_by_role("link", name="Log out")).to_have_count(0)

    corrected = page.locator(".verdict-item").filter(has_text="Corrected").first
    expect(corrected).to_be_visible()
    rating_in_list = corrected.locator(".rating").inner_text()
    statement = corrected.locator("h2 a").inner_text()
    corrected.locator("h2 a").click()

    expect(page).to_have_url(re.compile(r"/verdicts/[a-z0-9-]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(statement)
    expect(page.locator(".rating-large")).to_have_text(rating_in_list)
    expect(page.locator(".rating-large")).to_be_visible()
    expect(page.locator("p.summary")).not_to_be_empty()
    sources = page.locator(".source-list li")
    expect(sources.first).to_be_visible()
    expect(sources.first.locator("a").first).to_have_attribute("href", re.compile(r"^https?://"))
    notice = page.get_by_role("complementary", name="Correction")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Correction,")
    expect(page.get_by_role("heading", name="Corrections")).to_be_visible()
    expect(page.get_by_text("Last corrected")).to_be_visible()

    data = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == statement
    assert data["reviewRating"]["alternateName"] == rating_in_list
    assert "dateModified" in data


def test_unpublished_address_is_a_readers_404(page: Page, live_server: str) -> None:
    response = page.goto(f"{live_server}/verdicts/no-such-verdict")
    assert response is not None and response.status == 404
    expect(page.get_by_text("There is no published verdict at this address.")).to_be_visible()
    page.get_by_role("link", name="See all verdicts").click()
    expect(page.get_by_role("heading", name="Fact-check verdicts")).to_be_visible()
