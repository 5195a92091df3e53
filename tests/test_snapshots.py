"""Snapshot uploads: the size limit is the form's, the type is the content's, and saved pages
never run in the desk's origin."""

from __future__ import annotations

import io
import zipfile
from io import BytesIO

import pytest
from sqlalchemy import func, select

from factcheck.config import request_limit
from factcheck.models import Evidence, Snapshot
from factcheck.operations.snapshot_types import sniff_type
from tests.evidence_helpers import checker_fixture, claim_fixture, page_text  # noqa: F401
from tests.test_evidence import PDF, evidence_fields

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(32)
HTML = b"<!doctype html><html><body><script>fetch('/admin/users')</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


def upload(client, submit, claim, data: bytes, name: str, declared: str):  # type: ignore[no-untyped-def]
    """Add evidence with a snapshot through the claim page's form."""
    fields = evidence_fields(claim, snapshot=(BytesIO(data), name, declared))
    return submit(
        client, f"/claims/{claim.id}", fields, post_url=f"/claims/{claim.id}/evidence",
        content_type="multipart/form-data",
    )


def stored(session) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count(Snapshot.id)))


def test_request_limit_is_well_above_the_file_limit(app):
    assert app.config["MAX_CONTENT_LENGTH"] >= 2 * app.config["MAX_SNAPSHOT_BYTES"]
    assert request_limit(1_000_000) > 2_000_000


def test_file_over_the_limit_comes_back_with_every_field_kept(
    app, claim, checker, session, as_user, submit
):
    # Werkzeug's test client spools bodies over 500 kB to a file it never closes: stay below.
    app.config["MAX_SNAPSHOT_BYTES"] = 100_000
    app.config["MAX_CONTENT_LENGTH"] = request_limit(100_000)
    client = as_user(checker)

    response = upload(client, submit, claim, b"%PDF-1.4\n" + bytes(250_000), "big.pdf",
                      "application/pdf")

    assert response.status_code == 413
    text = page_text(response)
    assert "The snapshot is 250 kB; the limit is 100 kB." in text
    assert "Everything else you typed is kept" in text
    for typed in ("Customs statistics for March 2022", "State Customs Committee",
                  "Statistics unit", "No detentions of rolling stock were recorded.",
                  "Checked against the February table too.", "2022-04-01"):
        assert typed in text, typed
    assert session.scalar(select(func.count(Evidence.id))) == 0
    assert stored(session) == 0


def test_request_far_beyond_the_limit_is_refused_in_words(app, claim, checker, as_user, submit):
    app.config["MAX_SNAPSHOT_BYTES"] = 10_000
    app.config["MAX_CONTENT_LENGTH"] = 100_000  # below 500 kB: see the test above
    client = as_user(checker)

    response = upload(client, submit, claim, bytes(200_000), "huge.bin", "application/pdf")

    assert response.status_code == 413
    assert "larger than" in page_text(response)


def test_html_declared_as_an_image_is_stored_as_html_and_served_sandboxed(
    claim, checker, session, as_user, submit
):
    client = as_user(checker)

    response = upload(client, submit, claim, HTML, "photo.png", "image/png")

    assert response.status_code == 302
    evidence = session.scalars(select(Evidence)).one()
    assert evidence.snapshot.content_type == "text/html"
    download = client.get(f"/evidence/{evidence.id}/snapshot")
    assert download.data == HTML
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    csp = download.headers["Content-Security-Policy"]
    assert csp.startswith("sandbox") and "default-src 'none'" in csp
    assert "allow-scripts" not in csp and "allow-same-origin" not in csp


def test_svg_is_stored_as_svg_and_served_sandboxed(claim, checker, session, as_user, submit):
    client = as_user(checker)

    assert upload(client, submit, claim, SVG, "chart.svg", "image/svg+xml").status_code == 302

    evidence = session.scalars(select(Evidence)).one()
    assert evidence.snapshot.content_type == "image/svg+xml"
    download = client.get(f"/evidence/{evidence.id}/snapshot")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Content-Security-Policy"].startswith("sandbox")


def test_executable_declared_as_pdf_is_refused_by_its_content(
    claim, checker, session, as_user, submit
):
    client = as_user(checker)

    response = upload(client, submit, claim, b"MZ\x90\x00" + bytes(300), "report.pdf",
                      "application/pdf")

    assert response.status_code == 422
    text = page_text(response)
    assert "Files of type application/x-msdownload cannot be stored" in text
    assert "State Customs Committee" in text
    assert stored(session) == 0


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "declared", "expected"),
    [
        (PDF, "application/octet-stream", "application/pdf"),
        (PNG, "image/jpeg", "image/png"),
        (_docx(), "application/zip", "application/vnd.openxmlformats-officedocument."
                                     "wordprocessingml.document"),
        (HTML, "text/plain", "text/html"),
        (b"  <HTML><p>hi</p></HTML>", "text/plain", "text/html"),
        (SVG, "image/png", "image/svg+xml"),
        (b'{"wagons": 1500}', "text/plain", "application/json"),
        (b"year,wagons\n2022,0\n", "text/csv", "text/csv"),
        (b"year,wagons\n2022,0\n", "text/plain", "text/plain"),
        ("Wagen und Autos — 1 500".encode(), "", "text/plain"),
        (b"MZ\x90\x00" + bytes(300), "application/pdf", "application/x-msdownload"),
        (bytes(range(256)) * 4, "text/plain", "application/octet-stream"),
    ],
)
def test_type_is_judged_by_content(data, declared, expected):
    assert sniff_type(data, declared) == expected
