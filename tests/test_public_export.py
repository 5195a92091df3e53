"""``flask public export DIR`` writes the public site as static files, and the export job
keeps them current after each publication (run through the real queue)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from factcheck.jobs.queue import DeskQueue
from factcheck.models import Job
from factcheck.public.export import file_for
from factcheck.workflow import State
from tests.jobs_helpers import point_queue_at, work


@pytest.fixture
def jobs(app: Flask, tmp_path: Path) -> Iterator[DeskQueue]:
    yield from point_queue_at("sqlite", tmp_path, app)


def test_files_are_where_nginx_try_files_looks():
    assert file_for("/") == "index.html"  # inside the export folder, never the disk's root
    assert file_for("/verdicts/") == "verdicts/index.html"
    assert file_for("/verdicts/wagons-were-detained") == "verdicts/wagons-were-detained.html"
    assert file_for("/verdicts/feed.atom") == "verdicts/feed.atom"
    assert file_for("/sitemaps/2.xml") == "sitemaps/2.xml"


def test_export_writes_every_public_page_with_the_bytes_the_app_serves(app, client, runner,
                                                                        desk, session,
                                                                        tmp_path):
    claim = desk.claim(State.PUBLISHED, statement="Wagons were detained")
    desk.claim(statement="Not published")
    session.commit()
    folder = tmp_path / "site"

    result = runner.invoke(args=["public", "export", str(folder)])

    assert result.exit_code == 0, result.output
    written = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    assert written == {"index.html", "verdicts/index.html", "verdicts/feed.atom",
                       "verdicts/claimreview.json", "verdicts/colours.css", "sitemap.xml",
                       "robots.txt", f"verdicts/{claim.slug}.html"}
    page = client.get(f"/verdicts/{claim.slug}")
    assert (folder / f"verdicts/{claim.slug}.html").read_bytes() == page.get_data()
    assert (folder / "index.html").read_bytes() == client.get("/").get_data()


def test_the_export_job_rewrites_what_a_publication_changes(app, desk, session, tmp_path,
                                                           jobs):
    folder = tmp_path / "site"
    app.config["PUBLIC_EXPORT_DIR"] = str(folder)
    claim = desk.claim(State.PUBLISHED, statement="Wagons were detained")
    session.commit()
    work(jobs)

    page = folder / f"verdicts/{claim.slug}.html"
    assert "Wagons were detained" in page.read_text()
    assert claim.slug in (folder / "verdicts/feed.atom").read_text()
    assert claim.slug in (folder / "sitemap.xml").read_text()


def test_no_export_job_without_an_export_folder(app, desk, session, tmp_path, jobs):
    desk.claim(State.PUBLISHED, statement="Wagons were detained")
    session.commit()
    # other jobs (the publication's notifications) may run; no export is among them
    assert session.scalars(select(Job.name).where(Job.name == "public.export")).all() == []
    work(jobs)
    assert not (tmp_path / "site").exists()
