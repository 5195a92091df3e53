"""The article page in Chromium: every character selects, suggested sentences included, and a
selection opens a claim through the popover with the quote and offsets of the stored text."""

from __future__ import annotations

import re
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from factcheck.demo.loader import DEMO_USERS
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

EDITOR = next(u for u in DEMO_USERS if u.role == "editor")
CHECKER = next(u for u in DEMO_USERS if u.email.startswith("ben@"))

# Characters outside the Basic Multilingual Plane are two UTF-16 units in JavaScript and one
# character in Python: the offsets must be Python's, the stored text's.
BODY = (
    "Привет 👋 from Minsk.\n\n"
    "Belarus sold 9,000 tractors 🚜 to Venezuela in 2021, the minister said on Tuesday.\n\n"
    "The weather was fine."
)
QUOTE = "9,000 tractors 🚜 to Venezuela"

SELECT_IN_MARK = """([needle]) => {
  const mark = [...document.querySelectorAll("#article-text mark.suggestion")]
    .find((m) => m.textContent.includes(needle));
  const node = mark.firstChild;
  const from = node.data.indexOf(needle);  // UTF-16 units, as a Range counts
  const range = document.createRange();
  range.setStart(node, from);
  range.setEnd(node, from + needle.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  mark.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
}"""


def add_article(page: Page, base_url: str, body: str) -> str:
    """Paste an article in through the form (a line of its own added, as the desk refuses
    the same text twice); its title."""
    token = uuid.uuid4().hex[:8]
    title = f"Tractors for Venezuela {token}"
    body = f"{body}\n\nCase {token}."
    page.goto(f"{base_url}/articles/new")
    page.get_by_label("Outlet").fill("BelTA")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Text").fill(body)
    page.get_by_role("button", name="Add article").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return title


def test_part_of_a_suggested_sentence_opens_a_claim_with_its_offsets(
    page: Page, live_server: str
) -> None:
    log_in(page, live_server, EDITOR.email, EDITOR.password)
    add_article(page, live_server, BODY)
    suggestion = page.locator("#article-text mark.suggestion").filter(has_text="9,000 tractors")
    expect(suggestion).to_have_count(1)
    expect(suggestion.locator("a")).to_have_count(0)  # text, not a link

    page.evaluate(SELECT_IN_MARK, [QUOTE])
    popover = page.locator("#quote-popover")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text(QUOTE)
    # The popover sits at the selection, not somewhere down the page.
    mark_box, popover_box = suggestion.bounding_box(), popover.bounding_box()
    assert mark_box is not None and popover_box is not None
    assert 0 <= popover_box["y"] - (mark_box["y"] + mark_box["height"]) < 40

    popover.get_by_role("link", name="New claim from this quote").click()
    expect(page).to_have_url(re.compile(r"/claims/new\?"))
    start, end = BODY.index(QUOTE), BODY.index(QUOTE) + len(QUOTE)
    assert parse_qs(urlparse(page.url).query)["start"] == [str(start)]
    preview = page.locator("#quote-preview")
    expect(preview).to_have_text(QUOTE)
    expect(preview).to_have_attribute("title", f"Characters {start}–{end} of the article")
    expect(page.locator("#quote_start")).to_have_value(str(start))
    expect(page.locator("#quote_end")).to_have_value(str(end))
    expect(page.get_by_label("Claim as it will be checked")).to_have_value(QUOTE)

    page.get_by_role("button", name="Open claim").click()
    expect(page).to_have_url(re.compile(r"/claims/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(QUOTE)


def test_clicking_a_suggested_sentence_offers_its_actions(page: Page, live_server: str) -> None:
    log_in(page, live_server, EDITOR.email, EDITOR.password)
    add_article(page, live_server, BODY)
    page.locator("#article-text mark.suggestion").filter(has_text="9,000 tractors").click()
    popover = page.locator("#quote-popover")
    expect(popover.get_by_role("link", name="Accept as a claim")).to_be_visible()
    popover.get_by_role("link", name="Why suggested, reject").click()
    expect(page).to_have_url(re.compile(r"#suggestion-\d+$"))
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()


def test_a_checker_opens_a_highlighted_claim_but_is_not_offered_new_ones(
    page: Page, live_server: str
) -> None:
    log_in(page, live_server, CHECKER.email, CHECKER.password)
    page.goto(f"{live_server}/articles/")
    page.get_by_role("link", name=re.compile("^Lukashenko Signals Possible Belarus")).click()
    claim = page.locator("#article-text mark.claim").first
    claim.click()
    popover = page.locator("#quote-popover")
    expect(popover.get_by_role("link", name=re.compile(r"^Open claim #\d+$"))).to_be_visible()
    popover.get_by_role("link", name=re.compile(r"^Open claim")).click()
    expect(page).to_have_url(re.compile(r"/claims/\d+$"))


SELECT_PAST_THE_END = """([needle]) => {
  const text = document.getElementById("article-text");
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (node && !node.data.includes(needle)) { node = walker.nextNode(); }
  const range = document.createRange();
  range.setStart(node, node.data.indexOf(needle));
  range.setEnd(document.querySelector("aside h2").firstChild, 3);  // beyond the text
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  document.querySelector("aside h2").dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
}"""


def test_a_selection_running_past_the_text_keeps_the_part_inside(
    page: Page, live_server: str
) -> None:
    log_in(page, live_server, EDITOR.email, EDITOR.password)
    add_article(page, live_server, BODY)
    page.evaluate(SELECT_PAST_THE_END, ["The weather"])
    popover = page.locator("#quote-popover")
    expect(popover).to_be_visible()
    popover.get_by_role("link", name="New claim from this quote").click()
    expect(page.locator("#quote-preview")).to_have_text(
        re.compile(r"^The weather was fine\.\s+Case [0-9a-f]{8}\.$")
    )
    start = BODY.index("The weather")
    expect(page.locator("#quote_start")).to_have_value(str(start))


def test_similar_claims_show_while_the_statement_is_typed(page: Page, live_server: str) -> None:
    log_in(page, live_server, EDITOR.email, EDITOR.password)
    first = page.locator("table.queue tbody tr a").first
    statement = (first.text_content() or "").strip()
    page.goto(f"{live_server}/claims/new")
    page.get_by_label("Claim as it will be checked").press_sequentially(statement[:80], delay=5)
    hint = page.locator("#similar-hint")
    expect(hint.get_by_role("heading", name="Similar claims already on the desk")).to_be_visible()
    expect(hint.locator("ol.similar li a").first).to_contain_text(statement[:40])
