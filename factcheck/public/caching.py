"""HTTP caching for the public site: ETag, Last-Modified, 304s and ``Cache-Control: public``.

Verdict pages are read far more than they change, and they only change when a verdict is
published or corrected (or the desk settings change), so each response carries a validator
hashed from exactly those facts. A conditional request whose validator still matches is
answered 304 before anything is rendered.

The validator names the body exactly (the path and every fact it depends on), so each process
also keeps the bodies it rendered last, by validator: a reader without a cached copy costs the
cheap query behind the validator, not a render. Bounded in bytes, least recently used first out.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from flask import Response, current_app, request
from werkzeug.http import is_resource_modified

from factcheck.extensions import db

#: Bytes of rendered public bodies each process keeps (verdict pages are a few tens of KB).
RENDERED_MAX_BYTES = 32 * 1024 * 1024


class RenderedBodies:
    """Rendered bodies by validator, least recently used evicted first beyond ``max_bytes``."""

    def __init__(self, max_bytes: int = RENDERED_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._bodies: OrderedDict[str, str | bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get_or_render(self, key: str, render: Callable[[], str | bytes]) -> str | bytes:
        """The body kept for ``key``, or ``render()`` kept for next time."""
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
                return body
        body = render()  # outside the lock: two threads may render the same body once each
        size = len(body)
        if size <= self.max_bytes // 8:
            with self._lock:
                if key not in self._bodies:
                    self._bodies[key] = body
                    self._bytes += size
                while self._bytes > self.max_bytes:
                    _, evicted = self._bodies.popitem(last=False)
                    self._bytes -= len(evicted)
        return body

    def clear(self) -> None:
        """Forget every body (tests that change what a validator stands for)."""
        with self._lock:
            self._bodies.clear()
            self._bytes = 0


rendered = RenderedBodies()


#: Settings that shape a public body besides the facts in its validator.
_BODY_SETTINGS = (
    "SITE_URL",
    "VERDICTS_PAGE_SIZE",
    "CLAIMREVIEW_FEED_PAGE_SIZE",
    "SITEMAP_MAX_URLS",
)


def _body_key(etag: str, mimetype: str) -> str:
    """The validator plus what else the body depends on: the database and the settings."""
    config = current_app.config
    settings = tuple(config.get(name) for name in _BODY_SETTINGS)
    return etag_for((etag, mimetype, str(db.engine.url), settings))


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
        response.set_data(rendered.get_or_render(_body_key(etag, mimetype), render))
    response.make_conditional(request)
    return response
