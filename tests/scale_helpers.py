"""Processes and a browser-like HTTP client for the scale-out test.

``Desk`` starts what a production desk runs — gunicorn app servers and a ``flask worker`` — as
real processes sharing one database, one Redis and one SMTP server, and stops them (by their
process ids) at the end. ``Browser`` keeps its own cookies and reads CSRF tokens from forms,
so a test can log in on one server and carry the cookie to another.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlencode

PROJECT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'<input[^>]*name="version"[^>]*value="(\d+)"')


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll ``check`` until it holds; fail saying ``what`` did not happen."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} within {seconds:.0f} s")


@dataclass
class Answer:
    """One HTTP response, read whole."""

    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


@dataclass
class Browser:
    """Cookies and forms, no redirects followed: each answer is seen as it came."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, base: str, method: str, path: str, data: dict[str, str] | None = None,
                headers: dict[str, str] | None = None) -> Answer:
        host, port = base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        sent = {"Accept": "text/html", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return Answer(response.status, response.headers, text)

    def get(self, base: str, path: str) -> Answer:
        return self.request(base, "GET", path)

    def submit(self, base: str, page: str, data: dict[str, str], action: str | None = None
               ) -> Answer:
        """Open ``page``, take its CSRF token (and the claim's version when it shows one), and
        post ``data`` to ``action`` (the page itself by default)."""
        shown = self.get(base, page)
        token = CSRF.search(shown.text)
        assert token, f"no form on {page} ({shown.status})"
        payload = {"csrf_token": token.group(1), **data}
        version = VERSION.search(shown.text)
        if version and "version" not in payload:
            payload["version"] = version.group(1)
        return self.request(base, "POST", action or page, payload)

    def log_in(self, base: str, email: str, password: str) -> Answer:
        return self.submit(base, "/login", {"email": email, "password": password})


@dataclass
class Desk:
    """Real processes of one desk: app servers and workers, started with the same settings."""

    env: dict[str, str]
    logs: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    _files: list[BinaryIO] = field(default_factory=list)

    def _start(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        self._files.append(log)
        process = subprocess.Popen(  # noqa: S603  (fixed argument list)
            argv, cwd=PROJECT, env={**os.environ, **self.env}, stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def app_server(self, name: str) -> str:
        """Start gunicorn (2 workers) on a free port; its base URL once it answers."""
        port = free_port()
        process = self._start(name, [
            sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
            "app:app",
        ])
        base = f"http://127.0.0.1:{port}"

        def answers() -> bool:
            assert process.poll() is None, f"{name} exited: {self.log(name)}"
            try:
                return Browser().get(base, "/robots.txt").status == 200
            except OSError:
                return False

        wait_for(answers, 60, f"{name} did not answer")
        return base

    def worker(self, name: str) -> subprocess.Popen[bytes]:
        """Start ``flask worker`` (two threads) with the same settings."""
        return self._start(name, [sys.executable, "-m", "flask", "--app", "app", "worker",
                                  "--workers", "2"])

    def flask(self, *args: str) -> subprocess.Popen[bytes]:
        """Start a one-off ``flask`` command; the caller waits for it."""
        return subprocess.Popen(  # noqa: S603  (fixed argument list)
            [sys.executable, "-m", "flask", "--app", "app", *args], cwd=PROJECT,
            env={**os.environ, **self.env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )

    def log(self, name: str) -> str:
        """The end of a process's output, for failure messages."""
        return (self.logs / f"{name}.log").read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        """SIGTERM each process this desk started, then SIGKILL any that lingers."""
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self._files:
            log.close()
