"""axe-core finds no critical or serious accessibility problem on any page of the demo desk.

axe-core comes from the npm registry at the version the Makefile pins (``make axe`` puts it in
the git-ignored .cache/axe; this test runs that target when it is missing). It is injected into
each page, so the context bypasses the Content-Security-Policy, which refuses inline scripts.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import LiveDesk
from tests.browser.demo_pages import demo_pages

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BLOCKING = {"critical", "serious"}


@pytest.fixture(scope="module")
def axe_script() -> Path:
    """axe.min.js, fetched with npm by the Makefile's ``axe`` target if it is not here yet."""
    found = sorted(ROOT.glob(".cache/axe/axe-core-*/axe.min.js"))
    if not found:
        subprocess.run(["make", "--silent", "axe"], cwd=ROOT, check=True)
        found = sorted(ROOT.glob(".cache/axe/axe-core-*/axe.min.js"))
    assert found, "make axe did not produce .cache/axe/axe-core-*/axe.min.js"
    return found[-1]


RUN_AXE = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
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
