"""axe-core in the browser tests: where the script is, and the serious problems it finds.

axe-core comes from the npm registry at the version the Makefile pins (``make axe`` puts it in
the git-ignored .cache/axe; :func:`axe_script` runs that target when it is missing). It is
injected into each page, so a context that runs it must bypass the Content-Security-Policy,
which refuses inline scripts. The ``axe_script`` fixture (tests/browser/conftest.py) gives
:func:`find_axe_script`'s answer.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
BLOCKING = {"critical", "serious"}

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


def find_axe_script() -> Path:
    """axe.min.js, fetched with npm by the Makefile's ``axe`` target if it is not here yet."""
    found = sorted(ROOT.glob(".cache/axe/axe-core-*/axe.min.js"))
    if not found:
        make = shutil.which("make")
        assert make, "make is needed to fetch axe-core (make axe)"
        subprocess.run([make, "--silent", "axe"], cwd=ROOT, check=True)  # noqa: S603 (our Makefile)
        found = sorted(ROOT.glob(".cache/axe/axe-core-*/axe.min.js"))
    assert found, "make axe did not produce .cache/axe/axe-core-*/axe.min.js"
    return found[-1]


def serious_problems(page: Page, script: Path, label: str) -> list[str]:
    """The critical and serious violations axe finds on the open page, one line each."""
    page.add_script_tag(path=str(script))
    return [
        f"{label}: {violation['impact']} {violation['id']} ({violation['help']}) at "
        f"{violation['nodes']}"
        for violation in page.evaluate(RUN_AXE)
        if violation["impact"] in BLOCKING
    ]
