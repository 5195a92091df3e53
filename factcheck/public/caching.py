"""HTTP caching for the public site: ETag, Last-Modified, 304s and ``Cache-Control: public``.

Verdict pages are read far more than they change, and they only change when a verdict is
published or corrected (or the desk settings change), so each response carries a validator
hashed from exactly those facts. A conditional request whose validator still matches is
answered 304 before anything is rendered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from flask import Response, current_app, request
from werkzeug.http import is_resource_modified


def etag_for(parts: Iterable[Any]) -> str:
    """A short, stable hash of the values a response depends on."""
    return hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:32]


def cached(
    render: Callable[[], str | bytes],
    *,
    parts: Iterable[Any],
    last_modified: datetime | None,
    mimetype: str = "text/html",
) -> Response:
    """A public, cacheable response built by ``render`` — unless the client's copy is fresh.

    ``parts`` are the values the body depends on (revision ids, timestamps, settings);
    werkzeug's conditional handling then answers ``If-None-Match`` and ``If-Modified-Since``
    with 304.
    """
    etag = etag_for((request.full_path, *parts))
    response = Response(mimetype=mimetype)
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["PUBLIC_CACHE_SECONDS"]
    if is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
        response.set_data(render())
    response.make_conditional(request)
    return response
