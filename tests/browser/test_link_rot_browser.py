"""In Chromium: a source that went away after capture shows as gone on the claim page, and its
archived copy downloads from there, byte for byte, sandboxed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from factcheck.archive.capture import capture_evidence
from factcheck.archive.linkcheck import check_host
from factcheck.demo.loader import DEMO_USERS
from factcheck.extensions import db
from factcheck.models import Claim, Evidence
from factcheck.operations.evidence import EvidenceDetails, add_evidence
from factcheck.workflow import State
from tests.archive_helpers import PAGE, Site, local_site
from tests.browser.conftest import demo_desk, log_in

if TYPE_CHECKING:
    from tests.conftest import TestDatabase

pytestmark = pytest.mark.browser

EDITOR = next(u for u in DEMO_USERS if u.role == "editor")


@pytest.fixture
def rotten(database: TestDatabase) -> Iterator[tuple[str, int, int]]:
    """The demo desk with one source captured and then gone: its URL, the claim and the
    evidence ids."""
    with demo_desk(database.kind) as (app, url):
        site_runner = local_site(app)
        site: Site = next(site_runner)
        try:
            claim_id, evidence_id = _capture_then_lose(app, site)
            yield url, claim_id, evidence_id
        finally:
            site_runner.close()


def _capture_then_lose(app: Flask, site: Site) -> tuple[int, int]:
    with app.app_context():
        claim = db.session.scalars(
            select(Claim).where(Claim.state == State.SOURCED).order_by(Claim.id)
        ).first()
        assert claim is not None
        actor = claim.assignee or claim.created_by
        evidence = add_evidence(db.session, actor, claim, EvidenceDetails(
            title="Customs press release", url=site.url("/news/vanishing")))
        db.session.commit()
        capture_evidence(db.session, evidence.id)  # what the capture job does
        db.session.commit()
        site.gone.add("/news/vanishing")
        db.session.execute(
            Evidence.__table__.update().where(Evidence.id == evidence.id)
            .values(link_checked_at=None)
        )
        db.session.commit()
        check_host(db.session, "127.0.0.1")  # what the link-check job does
        db.session.commit()
        return claim.id, evidence.id


def test_the_claim_page_shows_a_gone_source_and_opens_its_archived_copy(
    page: Page, rotten: tuple[str, int, int]
) -> None:
    base, claim_id, evidence_id = rotten
    page.set_default_timeout(60_000)  # the first claim page loads the sentence encoder
    log_in(page, base, EDITOR.email, EDITOR.password)

    page.goto(f"{base}/claims/{claim_id}")
    item = page.locator(f"#evidence-{evidence_id}")
    expect(item.locator(".link-check")).to_contain_text("Gone")
    expect(item.locator(".link-check")).to_contain_text("HTTP 404")
    link = item.get_by_role("link", name="Open the archived copy")
    expect(link).to_be_visible()

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "vanishing.html"
    with open(download.path(), "rb") as copy:
        assert copy.read() == PAGE

    page.goto(f"{base}/dashboard")
    expect(page.locator("#rotten-sources")).to_contain_text("Customs press release")
