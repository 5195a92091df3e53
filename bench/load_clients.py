"""Simulated people for the load bench: readers, checkers and editors, each a thread with its own
keep-alive connection and cookies, logging in once and then working until the deadline.

Every request is timed (sent → body read) and labelled with a kind; every write the server
acknowledged (a redirect after the POST) is remembered by a unique marker so the bench can
check afterwards that it reached the database.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'<input[^>]*name="version"[^>]*value="(\d+)"')
_CLOSED_IDLE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)
PUBLIC_KINDS = ("verdict page", "verdict index", "atom feed", "claimreview feed")


@dataclass
class Sample:
    kind: str
    millis: float
    ok: bool
    status: int


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    acknowledged: dict[str, set[str]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def acked(self, kind: str, marker: str) -> None:
        with self.lock:
            self.acknowledged.setdefault(kind, set()).add(marker)

    def failed(self, message: str) -> None:
        with self.lock:
            if len(self.failures) < 20:
                self.failures.append(message)


def _gist(page: str) -> str:
    """The error sentence of a refused page (or the start of the text), for the report."""
    found = re.search(r'class="[^"]*(?:error|flash)[^"]*"[^>]*>\s*([^<]{3,200})', page)
    return (found.group(1) if found else page[:120]).strip().replace("\n", " ")


class Browser:
    """One keep-alive connection with a cookie jar (sessions and the remember-me cookie)."""

    def __init__(self, port: int, results: Results) -> None:
        self.port = port
        self.results = results
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(
        self, kind: str | None, method: str, path: str, form: dict[str, str] | None = None,
        expect: tuple[int, ...] = (200,),
    ) -> tuple[int, str]:
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        began = time.perf_counter()
        response = None
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                status = response.status
                break
            except (OSError, http.client.HTTPException) as error:
                self.conn.close()  # reconnects on the next request
                status, text = 0, f"{type(error).__name__}: {error}"
                # The server may close an idle keep-alive connection just as a request goes
                # out; it never saw that request, so sending it once more is safe.
                if attempt == 2 or not isinstance(error, _CLOSED_IDLE):
                    break
        millis = (time.perf_counter() - began) * 1000
        if response is not None:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
        ok = status in expect
        if kind is not None:
            self.results.add(Sample(kind, millis, ok, status))
        if not ok:
            self.results.failed(f"{method} {path} → {status} ({kind}) {_gist(text)}")
        return status, text

    def login(self, email: str, password: str) -> bool:
        """Log in once; a throttled login waits for Retry-After and tries again."""
        for _ in range(10):
            _, page = self.request(None, "GET", "/login")
            token = CSRF.search(page)
            if token is None:
                return False
            status, _ = self.request(
                None, "POST", "/login",
                {"email": email, "password": password, "csrf_token": token.group(1)},
                expect=(302, 429),
            )
            if status == 302:
                return True
            time.sleep(2)
        return False


class Person(threading.Thread):
    """A simulated person working until ``deadline``; subclasses say what they do."""

    def __init__(self, name: str, port: int, results: Results, think: float, seed: int) -> None:
        super().__init__(name=name, daemon=True)
        self.browser = Browser(port, results)
        self.results = results
        self.think = think
        self.random = random.Random(seed)  # noqa: S311  (a load mix, not a secret)
        self.deadline = 0.0
        self.ready = threading.Event()
        self.go = threading.Event()
        self.count = 0

    def prepare(self) -> None:
        """Before the clock starts: log in, and warm the server up (a desk that has been
        running a while has its templates compiled and its similar-claims encoder loaded)."""

    def step(self) -> None:
        raise NotImplementedError

    def run(self) -> None:
        try:
            self.prepare()
        finally:
            self.ready.set()
        self.go.wait()
        while time.monotonic() < self.deadline:
            self.step()
            if self.think:
                time.sleep(self.random.expovariate(1 / self.think))

    def marker(self, kind: str) -> str:
        self.count += 1
        return f"bench-{kind}-{self.name}-{self.count}"


class Reader(Person):
    """Someone reading verdicts: mostly verdict pages, some index pages and feeds."""

    def __init__(self, *args: object, slugs: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.slugs = slugs

    def prepare(self) -> None:
        for slug in self.slugs[:3]:
            self.browser.request(None, "GET", f"/verdicts/{slug}")

    def step(self) -> None:
        roll = self.random.random()
        if roll < 0.70:
            self.browser.request("verdict page", "GET",
                                 f"/verdicts/{self.random.choice(self.slugs)}")
        elif roll < 0.85:
            self.browser.request("verdict index", "GET",
                                 f"/verdicts/?page={self.random.randint(1, 3)}")
        elif roll < 0.95:
            self.browser.request("atom feed", "GET", "/verdicts/feed.atom")
        else:
            self.browser.request("claimreview feed", "GET", "/verdicts/claimreview.json")


class DeskMember(Person):
    """A logged-in checker or editor working on their own claims."""

    def __init__(self, *args: object, email: str, password: str, claims: list[int],
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.email, self.password, self.claims = email, password, claims
        self.token = ""

    def prepare(self) -> None:
        if not self.browser.login(self.email, self.password):
            self.results.failed(f"{self.email} could not log in")
            self.claims = []
        for claim_id in self.claims[:2]:
            self.open_claim(claim_id, kind=None)

    def open_claim(self, claim_id: int, kind: str | None = "desk claim page") -> str | None:
        """The claim page (a desk read); remembers the CSRF token and returns the version."""
        status, page = self.browser.request(kind, "GET", f"/claims/{claim_id}")
        token, version = CSRF.search(page), VERSION.search(page)
        if status != 200 or token is None or version is None:
            return None
        self.token = token.group(1)
        return version.group(1)

    def post(self, kind: str, path: str, form: dict[str, str], marker: str) -> None:
        status, _ = self.browser.request(
            kind, "POST", path, {**form, "csrf_token": self.token}, expect=(302,))
        if status == 302:
            self.results.acked(kind.removeprefix("desk "), marker)


class Checker(DeskMember):
    """Adds evidence and comments to the claims assigned to them; now and then, the queue."""

    def step(self) -> None:
        if not self.claims:
            time.sleep(0.1)
            return
        if self.random.random() < 0.1:
            self.browser.request("desk queue", "GET", "/desk")
            return
        claim_id = self.random.choice(self.claims)
        version = self.open_claim(claim_id)
        if version is None:
            return
        if self.random.random() < 0.5:
            title = self.marker("evidence")
            self.post("desk evidence", f"/claims/{claim_id}/evidence", {
                "title": title, "kind": "dataset", "stance": "contradicts",
                "url": "https://stats.newsroom.test/table-7", "publisher": "Statistics office",
                "excerpt": "Table 7 lists no such figure.", "is_public": "y", "version": version,
            }, title)
        else:
            body = self.marker("comment")
            self.post("desk comment", f"/claims/{claim_id}/comments", {"body": body}, body)


class Editor(DeskMember):
    """Publishes the rated claims waiting for them, then publishes corrections to them."""

    def __init__(self, *args: object, rating_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.rating_id = rating_id
        self.waiting = list(self.claims)
        self.published: list[int] = []

    def step(self) -> None:
        if not self.claims:
            time.sleep(0.1)
            return
        if self.random.random() < 0.1:
            self.browser.request("desk queue", "GET", "/desk?state=rated")
            return
        if self.waiting:
            claim_id = self.waiting.pop()
            version = self.open_claim(claim_id)
            if version is not None:
                self.post("desk publish", f"/claims/{claim_id}/publish",
                          {"version": version, "note": ""}, str(claim_id))
                self.published.append(claim_id)
            return
        claim_id = self.random.choice(self.published)
        version = self.open_claim(claim_id)
        if version is None:
            return
        note = self.marker("correct")
        self.post("desk correct", f"/claims/{claim_id}/correct", {
            "version": version, "correction_note": note, "rating": str(self.rating_id),
            "summary": "Not supported by any record (corrected).",
            "explanation": "The customs register shows **no** such detentions.",
        }, note)
