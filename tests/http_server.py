"""A real HTTP server on a free port for tests of outward requests.

Each route is a small function; the server records the paths it was asked for, so a test can
show that a refused fetch never reached it.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[["Handler"], None]


@dataclass
class LocalServer:
    """Routes by path, the requests seen, and the base URL once started."""

    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    base: str = ""
    port: int = 0
    server_names: list[str | None] = field(default_factory=list)

    def route(self, path: str) -> Callable[[Route], Route]:
        """Register a handler for ``path`` (exact match, query string ignored)."""

        def register(handler: Route) -> Route:
            self.routes[path] = handler
            return handler

        return register

    @property
    def paths(self) -> list[str]:
        """Paths requested so far, in order."""
        return [path for _, path, _, _ in self.seen]


class Handler(BaseHTTPRequestHandler):
    """Dispatches to the server's routes; 404 for anything else."""

    server: _Server
    protocol_version = "HTTP/1.1"

    def _dispatch(self) -> None:
        path = self.path.split("?", 1)[0]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.request_body = body
        self.server.local.seen.append(
            (self.command, path, {k.lower(): v for k, v in self.headers.items()}, body)
        )
        route = self.server.local.routes.get(path)
        if route is None:
            self.send_bytes(404, b"<h1>Not here</h1>", "text/html")
            return
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on purpose (size or time cap): that is the test

    do_GET = do_POST = do_HEAD = _dispatch

    def send_bytes(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        """A complete answer with a Content-Length."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        """A redirect with an empty body."""
        self.send_bytes(status, b"", "text/plain", {"Location": location})

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Keep test output quiet."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    local: LocalServer


@contextmanager
def serve(
    local: LocalServer, host: str = "127.0.0.1", tls: tuple[str, str] | None = None
) -> Iterator[LocalServer]:
    """Run ``local`` on ``host`` at a port the system picks, for the duration of the block.

    With ``tls`` (certificate and key files) it speaks HTTPS and records the name each client
    asked for in the TLS handshake (SNI) in ``local.server_names``.
    """
    server = _Server((host, 0), Handler)
    server.local = local
    local.port = server.server_address[1]
    local.base = f"http://{host}:{local.port}"
    if tls is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*tls)

        def record_name(sock: ssl.SSLObject, name: str | None, ctx: ssl.SSLContext) -> None:
            local.server_names.append(name)

        context.sni_callback = record_name  # type: ignore[assignment]
        server.socket = context.wrap_socket(server.socket, server_side=True)
        local.base = f"https://{host}:{local.port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield local
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
