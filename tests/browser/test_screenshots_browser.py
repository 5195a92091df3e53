"""``docs/screenshots.py`` keeps its promise: run as the README says (into a folder of the
test's own, with ``--locale ru``), it writes every PNG the README shows, each a real PNG of the
size its docstring gives (the viewport, the dashboard shot taller)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DESKTOP, PHONE = (1280, 800), (390, 844)
#: Every screenshot the script writes with ``--locale ru``, and its size.
EXPECTED = {
    "desk.png": DESKTOP,
    "claim.png": DESKTOP,
    "article.png": DESKTOP,
    "dashboard.png": (1280, 1500),
    "verdict.png": DESKTOP,
    "claim-phone.png": PHONE,
    "desk-phone-ru.png": PHONE,
    "claim-phone-ru.png": PHONE,
    "article-phone-ru.png": PHONE,
    "dashboard-phone-ru.png": PHONE,
    "verdict-phone-ru.png": PHONE,
}


def test_the_screenshot_script_writes_every_png_it_promises(tmp_path: Path) -> None:
    out = tmp_path / "screenshots"
    run = subprocess.run(  # noqa: S603  (this interpreter, the project's own script)
        [sys.executable, str(ROOT / "docs" / "screenshots.py"), "--out", str(out),
         "--locale", "ru"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )

    assert run.returncode == 0, run.stderr[-3000:]
    assert sorted(p.name for p in out.iterdir()) == sorted(EXPECTED)
    for name, size in EXPECTED.items():
        path = out / name
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
        with Image.open(path) as image:
            assert image.format == "PNG" and image.size == size, (name, image.size)
        assert f"{path}: " in run.stdout  # the script reports each file it wrote
