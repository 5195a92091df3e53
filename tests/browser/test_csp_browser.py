"""The desk works in Chromium with its Content-Security-Policy enforced.

Every page the test opens is watched for CSP violations (the ``securitypolicyviolation``
event and Chromium's console reports), console errors and uncaught script errors; the
interactions that need script — selecting a passage of an article to open a claim, the error
page's "Go back" — are done with the mouse, as a person would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import ConsoleMessage, Error, Page, expect

from factcheck.demo.loader import DEMO_USERS
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

ADMIN = next(u for u in DEMO_USERS if u.role == "admin")

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


class Watch:
    """What went wrong in the page: console errors, uncaught errors, CSP violations."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", self._error)
        page.add_init_script(RECORD_VIOLATIONS)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning") or "Content Security Policy" in message.text:
            self.console.append(f"{message.type}: {message.text} ({self.page.url})")

    def _error(self, error: Error) -> None:
        self.errors.append(f"{error} ({self.page.url})")

    def check(self) -> None:
        """Fail on anything recorded so far, including violations in the current page."""
        violations = self.page.evaluate("window.__cspViolations || []")
        assert violations == [], f"{self.page.url}: {violations}"
        assert self.errors == []
        assert self.console == []


@pytest.fixture
def watch(page: Page) -> Iterator[Watch]:
    """A watched tab; whatever the test leaves unchecked is checked at the end."""
    watcher = Watch(page)
    yield watcher
    watcher.check()


def visit(page: Page, watch: Watch, url: str) -> None:
    """Open ``url``, make sure it was sent with the policy, and check the page is clean."""
    response = page.goto(url)
    assert response is not None and response.ok, url
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("load")
    watch.check()


def test_desk_pages_run_under_the_policy(page: Page, watch: Watch, live_server: str) -> None:
    log_in(page, live_server, ADMIN.email, ADMIN.password)
    for path in ("/desk", "/articles/", "/dashboard", "/claims/new", "/admin/users",
                 "/admin/ratings", "/admin/settings", "/verdicts/"):
        visit(page, watch, live_server + path)

    # A claim page with its fold-out actions.
    page.goto(live_server + "/desk")
    page.locator("table.queue tbody tr a").first.click()
    expect(page).to_have_url(re.compile(r"/claims/\d+$"))
    watch.check()


def test_selecting_a_passage_opens_a_claim(page: Page, watch: Watch, live_server: str) -> None:
    log_in(page, live_server, ADMIN.email, ADMIN.password)
    visit(page, watch, live_server + "/articles/")
    # A demo article (other tests add their own); every character of it can be selected.
    title = re.compile("^Lukashenko Signals Possible Belarus Recognition")
    page.get_by_role("link", name=title).click()
    text = page.locator("#article-text")
    expect(text).to_be_visible()

    box = text.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 2, box["y"] + 8)
    page.mouse.down()
    page.mouse.move(box["x"] + 260, box["y"] + 8, steps=5)
    page.mouse.up()

    popover = page.locator("#quote-popover")
    expect(popover).to_be_visible()
    selected = page.evaluate("window.getSelection().toString()").strip()
    assert len(selected) > 5
    popover.get_by_role("link", name="New claim from this quote").click()
    expect(page).to_have_url(re.compile(r"/claims/new\?"))
    expect(page.locator("#quote-preview")).to_have_text(selected)
    expect(page.get_by_label("Claim as it will be checked")).to_have_value(selected)
    watch.check()

    page.get_by_role("button", name="Open claim").click()
    expect(page).to_have_url(re.compile(r"/claims/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(selected)
    watch.check()


def test_go_back_on_an_error_page(page: Page, watch: Watch, live_server: str) -> None:
    log_in(page, live_server, ADMIN.email, ADMIN.password)
    visit(page, watch, live_server + "/dashboard")
    page.goto(live_server + "/claims/999999999")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    watch.console.clear()  # the 404 itself is reported in the console, as it should be
    page.get_by_role("link", name="Go back").click()
    expect(page).to_have_url(live_server + "/dashboard")
    watch.check()


def test_public_verdicts_show_their_rating_colours(
    page: Page, watch: Watch, live_server: str
) -> None:
    visit(page, watch, live_server + "/verdicts/")
    page.locator(".verdict-item h2 a").first.click()
    badge = page.locator(".rating").first
    expect(badge).to_be_visible()
    hex_colour = re.search(r"colour-([0-9a-f]{6})", badge.get_attribute("class") or "")
    assert hex_colour, "the badge names its colour"
    red, green, blue = (int(hex_colour.group(1)[i:i + 2], 16) for i in (0, 2, 4))
    expect(badge).to_have_css("background-color", f"rgb({red}, {green}, {blue})")
    watch.check()


def test_dashboard_charts_draw_under_the_policy(
    page: Page, watch: Watch, live_server: str
) -> None:
    log_in(page, live_server, ADMIN.email, ADMIN.password)
    visit(page, watch, live_server + "/dashboard")

    ageing = page.get_by_role("img", name="Open claims by state and age", exact=True)
    expect(ageing).to_be_visible()
    expect(ageing).to_have_accessible_description(
        re.compile(r"^Open claims per state: Unverified \d+"))
    assert (ageing.bounding_box() or {"width": 0})["width"] > 300
    # the second series is told apart by its pattern, which a CSS class must not paint over
    fill = page.evaluate(
        "getComputedStyle(document.querySelector('#chart-ageing .legend .patterned')).fill")
    assert fill.startswith("url("), fill
    section = page.locator("#ageing")
    table = section.locator("table.figures")
    expect(table).to_be_hidden()
    section.locator("summary").click()
    expect(table).to_be_visible()
    expect(table.get_by_role("rowheader", name="Unverified")).to_be_visible()
    watch.check()
