"""Handing a stored snapshot to a browser without letting it run in the desk's origin."""

from __future__ import annotations

from io import BytesIO

from flask import abort, send_file
from werkzeug.wrappers import Response

from factcheck.archive import storage
from factcheck.models import Snapshot


def send_snapshot(stored: Snapshot | None, *, public: bool = False) -> Response:
    """The snapshot exactly as stored, never rendered by the browser.

    Always an attachment, with ``nosniff`` and a CSP that sandboxes the document and lets it
    load nothing: a saved HTML page or SVG opened anyway cannot run script in the desk's
    origin (nor read its cookies or call its pages). ``public`` copies (archived sources of
    published verdicts) may be cached by proxies; desk copies may not.
    """
    if stored is None:
        abort(404, description="There is no stored copy of this source.")
    data = storage.load(stored)  # StorageError → 503 (factcheck.errors)
    response = send_file(
        BytesIO(data),
        mimetype=stored.content_type,
        as_attachment=True,
        download_name=stored.filename,
        etag=stored.sha256,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "public, max-age=3600" if public else "private, no-cache"
    return response
