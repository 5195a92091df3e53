"""Evidence captured from its URL: a job fetches the page (HTML, PDF or image) from a real
local server and keeps it with its hash, final URL, status, type and time, and as a WARC record
that warcio reads back."""

from __future__ import annotations

import hashlib
from io import BytesIO

import pytest
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from factcheck.models import Event, Evidence, Job
from factcheck.workflow import Role
from tests.archive_helpers import PAGE, PDF, PNG
from tests.evidence_helpers import (  # noqa: F401  (fixtures)
    checker_fixture,
    claim_fixture,
    page_text,
    site_fixture,
    sqlite_jobs_fixture,
)
from tests.jobs_helpers import work


def add(client, submit, claim, url: str):  # type: ignore[no-untyped-def]
    """Add evidence with ``url`` through the claim page's form."""
    return submit(
        client, f"/claims/{claim.id}",
        {"version": str(claim.version), "title": "Customs statistics", "kind": "dataset",
         "url": url, "stance": "contradicts", "is_public": "y"},
        post_url=f"/claims/{claim.id}/evidence",
    )


def captured(session, claim) -> Evidence:  # type: ignore[no-untyped-def]
    """The claim's one evidence entry, read afresh."""
    session.expire_all()
    return session.scalars(select(Evidence).where(Evidence.claim_id == claim.id)).one()


def capture_with_form(client, submit, session, claim, jobs, url: str) -> Evidence:  # type: ignore[no-untyped-def]
    """Add evidence with ``url`` and let the worker run its capture."""
    work(jobs)  # what came before: the assignment's notification e-mail
    assert add(client, submit, claim, url).status_code == 302
    assert captured(session, claim).capture_state == "pending"
    assert work(jobs) == 1
    return captured(session, claim)


def test_evidence_with_a_url_queues_a_capture_in_the_same_transaction(
    claim, checker, session, as_user, submit, site
):
    client = as_user(checker)

    add(client, submit, claim, site.url("/news/customs"))

    evidence = captured(session, claim)
    job = session.scalars(select(Job).where(Job.name == "archive.capture")).one()
    assert job.args == {"evidence_id": evidence.id}
    assert site.server.paths == []  # nothing fetched inside the request


def test_a_refused_evidence_form_queues_nothing(claim, desk, session, as_user, submit, site):
    client = as_user(desk.user(Role.CHECKER))  # not on the claim: refused

    assert add(client, submit, claim, site.url("/news/customs")).status_code == 403

    assert session.scalars(select(Job).where(Job.name == "archive.capture")).all() == []


def test_a_page_is_captured_after_redirects_with_hash_status_type_and_time(
    claim, checker, session, as_user, submit, site, jobs
):
    client = as_user(checker)

    evidence = capture_with_form(client, submit, session, claim, jobs, site.url("/old-address"))

    page = evidence.capture
    assert evidence.capture_state == "captured" and evidence.capture_error is None
    assert page.sha256 == hashlib.sha256(PAGE).hexdigest() and page.size == len(PAGE)
    assert page.source_url == site.url("/old-address")
    assert page.final_url == site.url("/news/customs")
    assert page.http_status == 200 and page.content_type == "text/html"
    assert page.fetched_at is not None and page.fetched_at.tzinfo is not None
    assert evidence.link_state == "ok"
    kinds = session.scalars(select(Event.kind).where(Event.claim_id == claim.id)).all()
    assert "evidence_captured" in kinds


def test_the_warc_record_reads_back_with_warcio(
    claim, checker, session, as_user, submit, site, jobs
):
    client = as_user(checker)
    evidence = capture_with_form(client, submit, session, claim, jobs, site.url("/old-address"))

    response = client.get(f"/evidence/{evidence.id}/warc")

    assert response.status_code == 200 and response.mimetype == "application/warc"
    records = []
    for record in ArchiveIterator(BytesIO(response.data)):  # a record is read as it is passed
        records.append((
            record.rec_type,
            record.rec_headers.get_header("WARC-Target-URI"),
            record.http_headers.get_statuscode(),
            record.http_headers.get_header("Content-Type"),
            record.content_stream().read(),
        ))
    assert records == [
        ("response", site.url("/news/customs"), "200", "text/html; charset=utf-8", PAGE)
    ]


@pytest.mark.parametrize(
    ("path", "body", "content_type"),
    [("/report.pdf", PDF, "application/pdf"), ("/chart.png", PNG, "image/png")],
)
def test_pdfs_and_images_are_captured_as_what_they_are(
    claim, checker, session, as_user, submit, site, jobs, path, body, content_type
):
    client = as_user(checker)

    evidence = capture_with_form(client, submit, session, claim, jobs, site.url(path))

    assert evidence.capture.content_type == content_type
    assert evidence.capture.sha256 == hashlib.sha256(body).hexdigest()
    download = client.get(f"/evidence/{evidence.id}/archived")
    assert download.data == body


def test_the_claim_page_opens_the_copy_in_a_sandbox(
    claim, checker, session, as_user, submit, site, jobs
):
    client = as_user(checker)
    evidence = capture_with_form(client, submit, session, claim, jobs, site.url("/news/customs"))

    text = page_text(client.get(f"/claims/{claim.id}"))
    assert f'href="/evidence/{evidence.id}/archived"' in text
    assert evidence.capture.sha256 in text and "Live, unchanged" in text

    copy = client.get(f"/evidence/{evidence.id}/archived")
    assert copy.data == PAGE
    assert copy.headers["Content-Disposition"].startswith("attachment")
    assert copy.headers["Content-Security-Policy"].startswith("sandbox; default-src 'none'")
    assert copy.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/to-inside", "127.0.0.2"),
        ("/gone-page", "HTTP 404"),
        ("/app.zip", "application/zip"),
        ("/slow", "within 1 seconds"),
        ("/huge", "larger than the limit of 1 MB"),
    ],
)
def test_refused_or_failed_captures_are_recorded_in_words(
    claim, checker, session, as_user, submit, site, jobs, path, words
):
    client = as_user(checker)

    evidence = capture_with_form(client, submit, session, claim, jobs, site.url(path))

    assert evidence.capture_state == "failed" and evidence.capture is None
    assert words in evidence.capture_error
    assert words in page_text(client.get(f"/claims/{claim.id}"))
    assert f"127.0.0.2:{site.server.port}" not in "".join(site.server.paths)


def test_changing_the_url_captures_the_new_page(
    claim, checker, session, as_user, submit, site, jobs
):
    client = as_user(checker)
    evidence = capture_with_form(client, submit, session, claim, jobs, site.url("/news/customs"))

    response = submit(
        client, f"/evidence/{evidence.id}/edit",
        {"version": str(evidence.claim.version), "title": "Customs report", "kind": "dataset",
         "url": site.url("/report.pdf"), "stance": "contradicts", "is_public": "y"},
    )
    assert response.status_code == 302
    assert captured(session, claim).capture_state == "pending"
    assert work(jobs) == 1

    evidence = captured(session, claim)
    assert evidence.capture.content_type == "application/pdf"
    assert evidence.capture.source_url == site.url("/report.pdf")


def test_a_capture_sent_twice_fetches_once(claim, checker, session, as_user, submit, site, jobs):
    from factcheck.archive.capture import capture_evidence

    client = as_user(checker)
    evidence = capture_with_form(client, submit, session, claim, jobs, site.url("/news/customs"))
    asked = len(site.server.paths)

    capture_evidence(session, evidence.id)

    assert len(site.server.paths) == asked
