"""Capturing an evidence URL: the page as the desk saw it, kept before the link rots.

A job (``archive.capture``) fetches the URL through :mod:`factcheck.fetching` — the only way
the desk reaches out — and stores two snapshots: the page itself (HTML, PDF or image, with its
SHA-256, final URL after redirects, HTTP status, type and time) and the same answer as a WARC
record for archive tools. A refusal (a private address, too large, a type not kept) or an error
status is recorded on the evidence in words, never raised: the next link check tries again.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from flask import current_app

from factcheck.archive import storage
from factcheck.archive.warc import warc_record
from factcheck.fetching import FetchError, FetchResult, fetch
from factcheck.models import CaptureState, Evidence, LinkState, Snapshot, utcnow
from factcheck.operations.events import record
from factcheck.operations.session import DbSession
from factcheck.operations.snapshot_types import sniff_type

#: What a capture keeps: pages, documents and pictures (``CAPTURE_TYPES`` overrides).
CAPTURE_TYPES = ["text/html", "application/xhtml+xml", "text/plain", "application/pdf", "image/*"]
_EXTENSIONS = {
    "text/html": ".html",
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
}


def capture_types() -> list[str]:
    """The media types a capture keeps, from the settings."""
    return list(current_app.config.get("CAPTURE_TYPES") or CAPTURE_TYPES)


def _filename(result: FetchResult, content_type: str) -> str:
    parts = urlsplit(result.final_url)
    name = PurePosixPath(parts.path).name or parts.hostname or "page"
    extension = _EXTENSIONS.get(content_type, "")
    if extension and not name.lower().endswith(extension):
        name += extension
    return name[:255]


def _snapshot(result: FetchResult, data: bytes, content_type: str, filename: str) -> Snapshot:
    snapshot = Snapshot(
        filename=filename,
        content_type=content_type,
        size=len(data),
        sha256=Snapshot.hash(data),
        source_url=result.url,
        final_url=result.final_url,
        http_status=result.status,
        fetched_at=result.fetched_at,
        created_at=utcnow(),
    )
    storage.store(snapshot, data)
    return snapshot


def store_capture(session: DbSession, evidence: Evidence, result: FetchResult) -> None:
    """Keep a 2xx ``result`` as the evidence's capture: the page and its WARC record."""
    content_type = sniff_type(result.body, result.content_type)
    page = _snapshot(result, result.body, content_type, _filename(result, content_type))
    warc = _snapshot(
        result, warc_record(result), "application/warc", f"capture-{page.sha256[:12]}.warc.gz"
    )
    session.add_all([page, warc])
    evidence.capture, evidence.warc = page, warc
    evidence.capture_state, evidence.capture_error = CaptureState.CAPTURED, None
    evidence.link_state, evidence.link_status = LinkState.OK, result.status
    evidence.link_error, evidence.link_checked_at = None, result.fetched_at
    session.flush()
    record(session, evidence.claim, None, "evidence_captured", touches_claim=False, payload={
        "evidence_id": evidence.id, "url": result.url, "final_url": result.final_url,
        "status": result.status, "sha256": page.sha256, "content_type": content_type,
    })


def _failed(session: DbSession, evidence: Evidence, message: str, **payload: Any) -> None:
    evidence.capture_state, evidence.capture_error = CaptureState.FAILED, message
    record(session, evidence.claim, None, "evidence_capture_failed", touches_claim=False,
           note=message, payload={"evidence_id": evidence.id, **payload})
    session.flush()


def capture_evidence(session: DbSession, evidence_id: int) -> None:
    """Fetch and keep the page of evidence ``evidence_id``; a no-op when it is gone, has no
    URL or already holds a capture of that URL (a job sent twice captures once)."""
    evidence = session.get(Evidence, evidence_id)
    if evidence is None or not evidence.url:
        return
    if evidence.capture is not None and evidence.capture.source_url == evidence.url:
        return
    try:
        result = fetch(evidence.url, allowed_types=capture_types())
    except FetchError as error:
        _failed(session, evidence, str(error), reason=error.reason)
        return
    if not result.ok:
        _failed(session, evidence,
                f"{result.final_url} answered HTTP {result.status}; nothing was captured.",
                status=result.status)
        return
    store_capture(session, evidence, result)
