"""A small news site on this machine for the archive tests: pages that stay, change, go away,
redirect inside, crawl, or never end — and what a desk needs to fetch from it."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from flask import Flask

from tests.http_server import Handler, LocalServer, serve

PAGE = (
    b"<!doctype html><html><head><title>Customs</title></head>"
    b"<body><p>No wagons.</p></body></html>"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@dataclass
class Site:
    """The running server and the switches a test flips (a page gone, a page edited)."""

    server: LocalServer
    gone: set[str] = field(default_factory=set)
    versions: dict[str, bytes] = field(default_factory=dict)
    in_flight: int = 0
    most_in_flight: int = 0
    times: list[float] = field(default_factory=list)

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on this site."""
        return self.server.base + path


def _build(site: Site) -> None:
    server = site.server

    def counted(h: Handler, body: bytes, content_type: str) -> None:
        site.in_flight += 1
        site.most_in_flight = max(site.most_in_flight, site.in_flight)
        site.times.append(time.monotonic())
        try:
            time.sleep(0.05)
            h.send_bytes(200, body, content_type)
        finally:
            site.in_flight -= 1

    def page(h: Handler) -> None:
        path = h.path.split("?", 1)[0]
        if path in site.gone:
            h.send_bytes(404, b"<h1>Gone</h1>", "text/html")
            return
        counted(h, site.versions.get(path, PAGE), "text/html; charset=utf-8")

    for path in ("/news/customs", "/news/changing", "/news/vanishing", "/news/other"):
        server.routes[path] = page

    @server.route("/report.pdf")
    def pdf(h: Handler) -> None:
        h.send_bytes(200, PDF, "application/pdf")

    @server.route("/chart.png")
    def png(h: Handler) -> None:
        h.send_bytes(200, PNG, "image/png")

    @server.route("/old-address")
    def old(h: Handler) -> None:
        h.redirect("/news/customs", 301)

    @server.route("/to-inside")
    def to_inside(h: Handler) -> None:
        h.redirect(f"http://127.0.0.2:{server.port}/news/customs")

    @server.route("/app.zip")
    def archive(h: Handler) -> None:
        h.send_bytes(200, b"PK\x03\x04 not kept", "application/zip")

    @server.route("/slow")
    def slow(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "60")
        h.end_headers()
        for _ in range(60):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.05)

    @server.route("/huge")
    def huge(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")  # no length: the cap must hold while streaming
        h.end_headers()
        chunk = b"<p>" + b"x" * 65_536 + b"</p>"
        for _ in range(64):
            h.wfile.write(chunk)


def local_site(app: Flask) -> Iterator[Site]:
    """The site running, and ``app`` allowed to fetch from it (only from it: 127.0.0.1)."""
    site = Site(LocalServer())
    _build(site)
    with serve(site.server):
        app.config["FETCH_ALLOWED_NETWORKS"] = ["127.0.0.1/32"]
        app.config["FETCH_TIMEOUT"] = 1.0
        app.config["FETCH_MAX_BYTES"] = 1024 * 1024
        app.config["LINK_CHECK_PAUSE"] = 0.2
        yield site
