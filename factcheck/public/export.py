"""``flask public export DIR``: every public page and feed as static files, for nginx to serve
with the app behind it as the fallback (README, "Deploying").

Each page is requested from the app itself (the same bytes a reader would get) and written
atomically where nginx's ``try_files $uri $uri.html $uri/index.html`` finds it:
``verdicts/index.html``, ``verdicts/<slug>.html``, ``verdicts/feed.atom``,
``verdicts/claimreview.json``, ``verdicts/colours.css``, ``sitemap.xml``, ``sitemaps/N.xml``,
``robots.txt``. Pages with a query string (index pages past the first, searches, feed pages
after the first) are left to the app.

With ``PUBLIC_EXPORT_DIR`` set, each publication, correction or settings change enqueues the
``public.export`` job in its own transaction (see :mod:`factcheck.public.pagecache`), which
rewrites the pages it changed, so the files stay current.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.jobs.runner import PERSON_WAITING, job
from factcheck.models import Claim, VerdictRevision
from factcheck.public.queries import freshness
from factcheck.public.sitemaps import _sitemap_files

LISTING_URLS = ["/", "/verdicts/", "/verdicts/feed.atom", "/verdicts/claimreview.json",
                "/verdicts/colours.css", "/sitemap.xml", "/robots.txt"]

public_cli = AppGroup("public", help="The public site as static files.")


def file_for(url: str) -> str:
    """Where ``url`` is written under the export folder."""
    if url.endswith("/"):
        return f"{url.strip('/')}/index.html".lstrip("/")  # "/" → "index.html"
    name = url.lstrip("/")
    return name if "." in name.rsplit("/", 1)[-1] else name + ".html"


def _write(folder: Path, relative: str, body: bytes) -> None:
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent)
    with os.fdopen(handle, "wb") as file:
        file.write(body)
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)


def export_pages(app: Flask, folder: Path, urls: Iterable[str]) -> int:
    """Request each URL from the app and write it (or remove its file when it is gone);
    returns how many files were written."""
    client = app.test_client()
    site = app.config["SITE_URL"].rstrip("/")
    written = 0
    for url in urls:
        response = client.get(url, base_url=site)
        body = response.get_data()
        if response.status_code == 200:
            _write(folder, file_for(url), body)
            written += 1
        elif response.status_code == 404:
            (folder / file_for(url)).unlink(missing_ok=True)
    return written


def sitemap_urls(app: Flask) -> list[str]:
    """The numbered sitemap files, when the sitemap is split."""
    files = _sitemap_files(freshness(db.session()))
    return [f"/sitemaps/{n}.xml" for n in range(1, files + 1)] if files > 1 else []


def published_urls() -> list[str]:
    """Every published verdict page."""
    slugs = db.session.scalars(
        select(Claim.slug).where(Claim.id.in_(select(VerdictRevision.claim_id)))
        .order_by(Claim.id)
    )
    return [f"/verdicts/{slug}" for slug in slugs]


def export_all(app: Flask, folder: Path) -> int:
    """Write every public page and feed into ``folder``."""
    return export_pages(app, folder, [*LISTING_URLS, *sitemap_urls(app), *published_urls()])


@public_cli.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def export_command(folder: Path) -> None:
    """Write every public page and feed into FOLDER as static files."""
    written = export_all(current_app._get_current_object(), folder)  # type: ignore[attr-defined]
    click.echo(f"Wrote {written} files to {folder}.")


@job("public.export", priority=PERSON_WAITING)
def export_changed(slugs: str = "") -> None:
    """Rewrite the listings and the verdict pages of ``slugs`` (comma-separated) in
    ``PUBLIC_EXPORT_DIR``; every run rewrites what is current, so a retry is harmless."""
    folder = current_app.config.get("PUBLIC_EXPORT_DIR")
    if not folder:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    urls = [f"/verdicts/{slug}" for slug in slugs.split(",") if slug]
    export_pages(app, Path(folder), [*LISTING_URLS, *sitemap_urls(app), *urls])
