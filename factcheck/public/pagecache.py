"""Public pages rendered once: a verdict page, the index, the feeds and the sitemap are kept
(body and headers) after their first full answer and served from the store until what they
show changes — without a database query, a session, a template or even Flask.

The store is a folder in ``instance/`` by default, Redis when ``PUBLIC_CACHE_URL`` is a
``redis://`` URL (several app servers then share it); ``PUBLIC_CACHE_URL=none`` turns the cache
off. It sits in front of the app as WSGI middleware and answers only anonymous ``GET``/``HEAD``
requests for the public paths whose answer was ``200`` with ``Cache-Control: public`` and no
cookie; a conditional request whose ``If-None-Match`` holds the stored ETag is answered 304.

What each page depends on is a *tag*: ``verdict:<slug>`` for a verdict page, ``listings`` for
the index, feeds and sitemap, ``settings`` for those too (they show the desk's settings until
something is published). A stored page remembers the tags' tokens as they were when the request
began; a change draws new tokens once its transaction commits, which makes exactly the pages
that showed it miss. Publishing or correcting a claim changes its verdict page and the listings;
a settings change changes the listings (published verdict pages carry the masthead they were
published with, and speak the verdict's own language; the listings speak the desk's, one of the
settings). A request that read the database before the commit but stores after it keeps
the old tokens, so nothing stale survives the race.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qsl

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from werkzeug.exceptions import SecurityError
from werkzeug.http import parse_etags
from werkzeug.sansio.utils import get_host

from factcheck.jobs.runner import send_after_commit
from factcheck.models import Claim, DeskSettings, Job, JobState, VerdictRevision

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from flask import Flask

LISTINGS = "listings"
SETTINGS = "settings"
#: The query parameters each cached path may carry; any other (a search, junk) is not cached,
#: so the store holds one entry per real page, not one per URL a crawler makes up.
LISTING_PATHS: dict[str, frozenset[str]] = {
    "/": frozenset({"page", "rating"}),
    "/verdicts/": frozenset({"page", "rating"}),
    "/verdicts/feed.atom": frozenset(),
    "/verdicts/claimreview.json": frozenset({"after"}),
    "/sitemap.xml": frozenset(),
}
#: A verdict's share card, kept with its page under the verdict's tag.
SHARE_CARD = "/share.png"
#: Under /verdicts/ but not a verdict page.
NOT_VERDICTS = {"colours.css", "feed.atom", "claimreview.json"}
#: Response headers never stored (the server writes its own).
_HOP_HEADERS = {"date", "connection", "keep-alive", "transfer-encoding"}
_PENDING = "factcheck.public_cache_tags"
_EXPORT_JOB = "factcheck.public_export_job"
_EXPORT_SENT = "factcheck.public_export_sent"


def tags_for(path: str, query: str) -> list[str] | None:
    """The tags a public page depends on, or ``None`` when the URL is not cached."""
    names = {name for name, _ in parse_qsl(query, keep_blank_values=True)}
    if path in LISTING_PATHS:
        return [LISTINGS, SETTINGS] if names <= LISTING_PATHS[path] else None
    if path.startswith("/sitemaps/") and path.endswith(".xml") and not names:
        return [LISTINGS, SETTINGS]
    slug = path.removeprefix("/verdicts/").removesuffix(SHARE_CARD)
    if path.startswith("/verdicts/") and slug and "/" not in slug and not names \
            and slug not in NOT_VERDICTS:
        return [f"verdict:{slug}"]
    return None


class PageStore(Protocol):
    """Where rendered pages and the tags' tokens live."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, value: bytes) -> None: ...

    def tokens(self, tags: list[str]) -> list[str]: ...

    def renew(self, tags: Iterable[str]) -> None: ...


class FolderStore:
    """Pages as files in a folder (``instance/public-cache`` by default), written atomically."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / hashlib.sha256(key.encode()).hexdigest()

    def _read(self, path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None

    def _write(self, path: Path, value: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(handle, "wb") as file:
            file.write(value)
        os.replace(temporary, path)

    def get(self, key: str) -> bytes | None:
        """The stored page ``key``, if any."""
        return self._read(self._path("pages", key))

    def put(self, key: str, value: bytes) -> None:
        """Store page ``key``."""
        self._write(self._path("pages", key), value)

    def tokens(self, tags: list[str]) -> list[str]:
        """The current token of each tag ("" for one never renewed)."""
        return [(self._read(self._path("tags", tag)) or b"").decode() for tag in tags]

    def renew(self, tags: Iterable[str]) -> None:
        """Give each tag a new token: every page stored under the old one misses."""
        for tag in tags:
            self._write(self._path("tags", tag), secrets.token_hex(8).encode())


class RedisStore:
    """Pages in Redis, shared by every app server; entries expire after a day unread."""

    PAGE_SECONDS = 86_400

    def __init__(self, url: str, prefix: str = "factcheck:public") -> None:
        import redis

        self.redis = redis.Redis.from_url(url, socket_timeout=5)
        self.prefix = prefix

    def get(self, key: str) -> bytes | None:
        """The stored page ``key``, if any."""
        value = self.redis.get(f"{self.prefix}:page:{key}")
        return value if isinstance(value, bytes) else None

    def put(self, key: str, value: bytes) -> None:
        """Store page ``key``."""
        self.redis.set(f"{self.prefix}:page:{key}", value, ex=self.PAGE_SECONDS)

    def tokens(self, tags: list[str]) -> list[str]:
        """The current token of each tag ("" for one never renewed)."""
        values = self.redis.mget([f"{self.prefix}:tag:{tag}" for tag in tags])
        return [(v or b"").decode() for v in values]  # type: ignore[union-attr]

    def renew(self, tags: Iterable[str]) -> None:
        """Give each tag a new token: every page stored under the old one misses."""
        for tag in tags:
            self.redis.set(f"{self.prefix}:tag:{tag}", secrets.token_hex(8))


def open_store(app: Flask) -> PageStore | None:
    """The store ``PUBLIC_CACHE_URL`` names: ``redis://…``, ``file:///folder``, ``none``; by
    default the ``public-cache`` folder in the instance folder."""
    url = str(app.config.get("PUBLIC_CACHE_URL") or "")
    if url == "none":
        return None
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(url)
    if url.startswith("file://"):
        return FolderStore(Path(url.removeprefix("file://")))
    return FolderStore(Path(app.instance_path) / "public-cache")


def release_of(*folders: Path) -> str:
    """A digest of the code, templates, static files and translations that render the public
    pages: pages stored by another release (before a deployment) are never served by this one."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".html", ".css", ".js", ".svg", ".po"):
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _pack(status: str, headers: list[tuple[str, str]], tokens: list[str], body: bytes) -> bytes:
    head = json.dumps({"status": status, "headers": headers, "tokens": tokens})
    return head.encode() + b"\n" + body


def _unpack(value: bytes) -> tuple[str, list[tuple[str, str]], list[str], bytes]:
    head, _, body = value.partition(b"\n")
    meta = json.loads(head)
    return meta["status"], [tuple(h) for h in meta["headers"]], meta["tokens"], body


class PublicPageCache:
    """The WSGI middleware: serve a stored public page, or store the app's answer."""

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.release = release_of(Path(app.root_path), Path(app.template_folder or ""),
                                  Path(app.static_folder or ""))

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        store = self.app.extensions.get("public_cache")
        method = environ.get("REQUEST_METHOD")
        tags = tags_for(environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
        if store is None or tags is None or method not in ("GET", "HEAD") \
                or not self._trusted(environ):
            return self.wsgi_app(environ, start_response)
        key = f"{self.release}:{environ.get('PATH_INFO')}?{environ.get('QUERY_STRING', '')}"
        tokens = store.tokens(tags)
        stored = store.get(key)
        if stored is not None:
            status, headers, kept, body = _unpack(stored)
            if kept == tokens:
                return self._answer(environ, start_response, status, headers, body)
        return self._fill(environ, start_response, store, key, tokens)

    def _trusted(self, environ: WSGIEnvironment) -> bool:
        """Only hosts the app answers to (it refuses the rest itself)."""
        try:
            get_host(environ.get("wsgi.url_scheme", "http"), environ.get("HTTP_HOST"),
                     None, self.app.config.get("TRUSTED_HOSTS"))
        except SecurityError:
            return False
        return True

    def _answer(self, environ: WSGIEnvironment, start_response: StartResponse, status: str,
                headers: list[tuple[str, str]], body: bytes) -> Iterable[bytes]:
        etag = dict((k.lower(), v) for k, v in headers).get("etag")
        wanted = environ.get("HTTP_IF_NONE_MATCH")
        if etag and wanted and parse_etags(wanted).contains_raw(etag):
            kept = [(k, v) for k, v in headers
                    if k.lower() in ("etag", "cache-control", "last-modified", "vary")]
            start_response("304 NOT MODIFIED", kept)
            return []
        start_response(status, headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    def _fill(self, environ: WSGIEnvironment, start_response: StartResponse, store: PageStore,
              key: str, tokens: list[str]) -> Iterable[bytes]:
        """Run the app; keep a full, public, cookie-free 200 answer under ``tokens``."""
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]],
                    exc_info: Any = None) -> Callable[[bytes], object]:
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        if environ.get("REQUEST_METHOD") != "GET":
            return result
        return self._keep(result, captured, store, key, tokens)

    @staticmethod
    def _keep(result: Iterable[bytes], captured: dict[str, Any], store: PageStore, key: str,
              tokens: list[str]) -> Iterator[bytes]:
        chunks = []
        try:
            for chunk in result:
                chunks.append(chunk)
                yield chunk
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        headers = captured.get("headers") or []
        names = {k.lower(): v for k, v in headers}
        if captured.get("status", "").startswith("200") and "set-cookie" not in names \
                and "public" in names.get("cache-control", "") and "etag" in names:
            kept = [(k, v) for k, v in headers if k.lower() not in _HOP_HEADERS]
            store.put(key, _pack(captured["status"], kept, tokens, b"".join(chunks)))


def _changed_tags(session: Session) -> set[str]:
    """The tags the pending changes of ``session`` touch: a new revision (publish or
    correction) or a published claim whose address or publication changes; the settings."""
    tags: set[str] = set()
    with session.no_autoflush:
        for item in list(session.new) + list(session.dirty) + list(session.deleted):
            if isinstance(item, VerdictRevision) and item.claim is not None:
                tags.update({LISTINGS, f"verdict:{item.claim.slug}"})
            elif isinstance(item, Claim) and _public_change(item):
                tags.add(LISTINGS)
                slugs = {item.slug, *inspect(item).attrs.slug.history.deleted}
                tags.update(f"verdict:{slug}" for slug in slugs if slug)
            elif isinstance(item, DeskSettings):
                tags.add(SETTINGS)
    return tags


def _public_change(claim: Claim) -> bool:
    """Whether a change to a (once) published ``claim`` shows publicly: its slug, its
    publication or its state changing, or its removal."""
    state = inspect(claim)
    published = state.attrs.last_published_at.history
    if claim.last_published_at is None and not any(v is not None for v in published.deleted):
        return False
    if state.session is not None and claim in state.session.deleted:
        return True
    return any(state.attrs[name].history.has_changes()
               for name in ("slug", "last_published_at", "state"))


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, flush_context: Any, instances: Any) -> None:
    """Remember which public pages this transaction changes (renewed once it commits), and
    write the export job into the same transaction when the desk keeps a static export."""
    tags = _changed_tags(session)
    if tags:
        session.info.setdefault(_PENDING, set()).update(tags)
        _write_export_job(session)


def _write_export_job(session: Session) -> None:
    """One ``public.export`` job per transaction, naming every verdict page it changed."""
    from flask import current_app, has_app_context

    if not has_app_context() or not current_app.config.get("PUBLIC_EXPORT_DIR"):
        return
    slugs = ",".join(sorted(tag.removeprefix("verdict:") for tag in session.info[_PENDING]
                            if tag.startswith("verdict:")))
    row = session.info.get(_EXPORT_JOB)
    if row is None:
        row = Job(name="public.export", args={"slugs": slugs}, state=JobState.PENDING)
        session.add(row)
        session.info[_EXPORT_JOB] = row
    else:
        row.args = {"slugs": slugs}


@event.listens_for(Session, "after_flush")
def _hand_over_export_job(session: Session, flush_context: Any) -> None:
    row = session.info.get(_EXPORT_JOB)
    if row is not None and row.id is not None and not session.info.get(_EXPORT_SENT):
        send_after_commit(session, row)
        session.info[_EXPORT_SENT] = True


@event.listens_for(Session, "after_commit")
def _renew_after_commit(session: Session) -> None:
    session.info.pop(_EXPORT_JOB, None)
    session.info.pop(_EXPORT_SENT, None)
    tags = session.info.pop(_PENDING, None)
    if not tags:
        return
    from flask import current_app, has_app_context

    if has_app_context():
        store = current_app.extensions.get("public_cache")
        if store is not None:
            store.renew(tags)


def register(app: Flask) -> None:
    """Open the store and put the middleware in front of the app."""
    app.extensions["public_cache"] = open_store(app)
    app.wsgi_app = PublicPageCache(app, app.wsgi_app)  # type: ignore[method-assign]
