"""axe-core finds no critical or serious accessibility problem on any page of the demo desk.

axe-core comes from the npm registry at the version the Makefile pins (``make axe`` puts it in
the git-ignored .cache/axe; this test runs that target when it is missing). It is injected into
each page, so the context bypasses the Content-Security-Policy, which refuses inline scripts.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveDesk, log_in
from tests.browser.demo_pages import ADMIN, demo_pages

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BLOCKING = {"critical", "serious"}


@pytest.fixture(scope="module")
def axe_script() -> Path:
    """axe.min.js, fetched with npm by the Makefile's ``axe`` target if it is not here yet."""
    found = sorted(ROOT.glob(".cache/axe/axe-core-*/axe.min.js"))
    if not found:
        make = shutil.which("make")
        assert make, "make is needed to fetch axe-core (make axe)"
        subprocess.run([make, "--silent", "axe"], cwd=ROOT, check=True)  # noqa: S603 (our Makefile)
        found = sorted(ROOT.glob(".cache/axe/axe-core-*/axe.min.js"))
    assert found, "make axe did not produce .cache/axe/axe-core-*/axe.min.js"
    return found[-1]


RUN_AXE = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': '
      + (n.failureSummary || '').split('\\n').slice(1, 2).join('').trim()),
  }));
}
"""


def test_axe_finds_no_serious_problem_on_any_page(
    browser: Browser, live_desk: LiveDesk, axe_script: Path
) -> None:
    problems: list[str] = []
    seen = 0
    for desk_page, context in demo_pages(browser, live_desk.app, live_desk.url, bypass_csp=True):
        page = context.new_page()
        page.goto(live_desk.url + desk_page.path)
        page.add_script_tag(path=str(axe_script))
        for violation in page.evaluate(RUN_AXE):
            if violation["impact"] in BLOCKING:
                problems.append(
                    f"{desk_page.path} as {desk_page.who or 'reader'}: {violation['impact']} "
                    f"{violation['id']} ({violation['help']}) at {violation['nodes']}"
                )
        page.close()
        seen += 1
    assert seen > 40, f"only {seen} pages found"
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("path", ["/verdicts/", "/account"])
def test_the_first_tab_reaches_a_visible_skip_link(page: Page, live_server: str, path: str) -> None:
    """Both layouts (the readers' and the desk's): Tab once shows "Skip to content" with a
    focus ring, and following it puts the focus on the page's main content."""
    if path == "/account":
        log_in(page, live_server, ADMIN.email, ADMIN.password)
    page.goto(live_server + path)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert outline == "3px"
