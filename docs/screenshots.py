"""Take the README's screenshots from a fresh demo desk.

    .venv/bin/python docs/screenshots.py              # writes docs/screenshots/*.png
    .venv/bin/python docs/screenshots.py --locale ru  # and the desk's pages on a phone, in Russian

The desk is the demo (``flask demo load``) on a throwaway SQLite database in a temporary
folder, served on a free localhost port by this process; nothing in ``instance/`` is touched
and nothing is fetched from the network. Debian's Chromium (``/usr/bin/chromium``, ``make
chromium``) is driven through Playwright. Each PNG is the browser's viewport (1280×800, or a
390×844 phone), reduced to a 256-colour palette with Pillow so it stays small in the repository.

``--locale ru`` then switches the editor to Russian on the account page, as a person would, and
takes the queue, the claim, the article and the dashboard on a phone in that language
(``*-phone-ru.png``). A verdict page speaks its verdict's language, whoever reads it, so the
Russian one is the demo's verdict published in Russian, on a reader's phone
(``verdict-phone-ru.png``).

``tests/browser/test_screenshots_browser.py`` runs this script into a folder of its own and
checks every PNG it writes.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PIL import Image
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck import create_app  # noqa: E402  (the project root is put on the path above)
from factcheck.demo.loader import DEMO_USERS, load_demo, load_demo_factchecks  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import Article, Claim  # noqa: E402
from factcheck.workflow import State  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
    "device_scale_factor": 1,
}
#: Pages shot taller than the viewport: the dashboard's counts and its first charts.
TALL = {"dashboard": 1500}
EDITOR = next(user for user in DEMO_USERS if user.role == "editor")


@contextmanager
def demo_server(folder: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """The demo desk served on a free localhost port; its address and the paths to shoot."""
    app = create_app({
        "SECRET_KEY": "screenshots-only",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'desk.sqlite'}",
        "JOBS_URL": f"sqlite:///{folder / 'jobs.sqlite'}",
        "PUBLIC_CACHE_URL": "none",
        "SITE_URL": "http://127.0.0.1",
    })
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        load_demo(db.session)
        load_demo_factchecks(db.session)
        db.session.commit()
        paths = _paths()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["SITE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url, paths
    finally:
        server.shutdown()
        thread.join(timeout=5)


def _paths() -> dict[str, str]:
    """Where each screenshot is taken, found in the demo data."""
    session = db.session
    rated = session.scalar(select(Claim).where(Claim.state == State.RATED).order_by(Claim.id))
    corrected = session.scalars(
        select(Claim).where(Claim.state == State.PUBLISHED).order_by(Claim.id)
    ).all()
    article = session.scalar(
        select(Article).where(Article.title.like("%Donbass%")).order_by(Article.id)
    )
    if rated is None or not corrected or article is None:
        raise SystemExit("The demo desk is missing the claims and article the screenshots show.")
    verdict = max(corrected, key=lambda claim: len(claim.verdicts))  # the corrected one
    return {
        "desk": "/desk?assignee=any",
        "claim": f"/claims/{rated.id}",
        "article": f"/articles/{article.id}",
        "dashboard": "/dashboard",
        "verdict": f"/verdicts/{verdict.slug}",
        # A verdict published in each other language the demo has (Russian), for --locale.
        **{f"verdict-{claim.language}": f"/verdicts/{claim.slug}"
           for claim in corrected if claim.language and claim.language != "en"},
    }


def log_in(page: Page, url: str) -> None:
    """Log in as the demo editor through the form, as a person would."""
    page.goto(f"{url}/login")
    page.fill("input[name=email]", EDITOR.email)
    page.fill("input[name=password]", EDITOR.password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{url}/desk")


def save(page: Page, path: Path, height: int | None = None) -> None:
    """The viewport (or the page's top ``height`` pixels) as a 256-colour PNG: text stays
    sharp and the file is a fraction of the size."""
    width = page.viewport_size["width"] if page.viewport_size else 1280
    shot = (page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": width,
                                                  "height": height})
            if height else page.screenshot())
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    print(f"{path}: {path.stat().st_size // 1024} kB")


def shoot(browser: Browser, url: str, paths: dict[str, str], out: Path, locale: str) -> None:
    """Every screenshot: the desk's pages as the editor, the verdict as a reader, the claim
    on a phone (and, with a locale, the desk's pages and a verdict on a phone in that
    language)."""
    desk = browser.new_context(**DESKTOP)
    page = desk.new_page()
    log_in(page, url)
    for name in ("desk", "claim", "article", "dashboard"):
        page.goto(url + paths[name])
        save(page, out / f"{name}.png", height=TALL.get(name))
    reader = browser.new_context(**DESKTOP).new_page()
    reader.goto(url + paths["verdict"])
    save(reader, out / "verdict.png")
    phone = browser.new_context(**PHONE).new_page()
    log_in(phone, url)
    phone.goto(url + paths["claim"])
    save(phone, out / "claim-phone.png")
    if locale:
        choose_language(phone, url, locale)
        for name in ("desk", "claim", "article", "dashboard"):
            phone.goto(url + paths[name])
            save(phone, out / f"{name}-phone-{locale}.png")
        if f"verdict-{locale}" in paths:  # as a reader on a phone sees it, signed in or not
            reader = browser.new_context(**PHONE).new_page()
            reader.goto(url + paths[f"verdict-{locale}"])
            save(reader, out / f"verdict-phone-{locale}.png")


def choose_language(page: Page, url: str, locale: str) -> None:
    """Switch the logged-in editor to ``locale`` on the account page, as a person would."""
    page.goto(f"{url}/account")
    page.select_option("select[name=language]", locale)
    page.click("form[action$='/account/language'] button[type=submit]")
    page.wait_for_load_state()


def main() -> None:
    """Parse the options, start the desk and Chromium, write the PNGs."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--locale", default="",
                        help="also the desk's pages on a phone in this language (ru)")
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as folder,
        demo_server(Path(folder)) as (url, paths),
    ):
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            shoot(browser, url, paths, options.out, options.locale)
            browser.close()


if __name__ == "__main__":
    main()
