"""Every outward HTTP request of the desk goes through here.

The desk fetches URLs that people type (evidence, articles, feeds, webhook endpoints), so a
request must never become a way to reach the desk's own network: the host is resolved first,
every address it resolves to is checked, and the connection is made to that checked address
(the name is not looked up a second time, so a DNS answer that changes between check and
connect cannot slip a private address through). Redirects are followed by hand, each hop
checked the same way. Size and total time are bounded while the body streams.

urllib3 does the HTTP: its connection pools take the address to connect to separately from
the name used for TLS (``server_hostname``/``assert_hostname``), which is exactly what connecting
to a checked address needs, it streams bodies with decompression, and it is small and already
what most of the Python HTTP world (requests, botocore) runs on.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError, SSLError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from factcheck.fetching.rules import FetchError, FetchPolicy, resolve

_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchResult:
    """What came back: enough to store a snapshot, record a link check or log a delivery."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content_type: str
    body: bytes
    fetched_at: datetime
    elapsed: float
    redirects: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the body, how snapshots are named and changes are noticed."""
        return hashlib.sha256(self.body).hexdigest()

    @property
    def ok(self) -> bool:
        """A 2xx answer."""
        return 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        """The server said the copy we hold (by ETag/Last-Modified) is still current."""
        return self.status == 304

    @property
    def etag(self) -> str | None:
        """The ETag to send next time for a conditional GET."""
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        """The Last-Modified to send next time for a conditional GET."""
        return self.headers.get("last-modified")


def _split(url: str) -> tuple[str, str, int, str]:
    """Scheme, host, port and path-with-query of an http(s) URL, or a refusal in words."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        shown = scheme or "no scheme"
        raise FetchError(
            "scheme",
            f"Refused to fetch {url}: only http and https links can be fetched, not {shown}.",
            url,
        )
    if parts.username or parts.password:
        raise FetchError(
            "scheme", f"Refused to fetch {url}: links with a password in them are not fetched.", url
        )
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError("scheme", f"Refused to fetch {url}: the port is not valid.", url) from exc
    if not parts.hostname:
        raise FetchError("scheme", f"Refused to fetch {url}: the link has no host.", url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, parts.hostname, port, path


def _media_type(headers: Mapping[str, str]) -> str:
    value = headers.get("content-type", "")
    return value.split(";", 1)[0].strip().lower() or "application/octet-stream"


def _type_allowed(media_type: str, allowed: Iterable[str]) -> bool:
    for pattern in allowed:
        pattern = pattern.lower()
        if pattern == media_type or (
            pattern.endswith("/*") and media_type.startswith(pattern[:-1])
        ):
            return True
    return False


@dataclass
class _Clock:
    """The deadline of the whole fetch, across redirects and while the body streams."""

    limit: float
    started: float = field(default_factory=time.monotonic)

    def remaining(self, url: str) -> float:
        left = self.started + self.limit - time.monotonic()
        if left <= 0:
            raise FetchError(
                "timeout",
                f"Gave up on {url}: no complete answer within {self.limit:g} seconds.",
                url,
            )
        return left


def fetch(
    url: str,
    *,
    allowed_types: Sequence[str] | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    method: str = "GET",
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    policy: FetchPolicy | None = None,
) -> FetchResult:
    """Fetch ``url`` within ``policy`` (the app's settings when not given).

    ``allowed_types`` lists the media types this use accepts (``image/*`` works); a 2xx answer
    of another type is refused before its body is read. ``etag``/``last_modified`` make the
    request conditional: a 304 comes back as a result whose ``not_modified`` is true. Error
    statuses (404, 500) are results, not exceptions: a link check records them.
    """
    policy = policy or FetchPolicy.from_config()
    clock = _Clock(policy.timeout)
    request_headers = {"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"}
    if etag:
        request_headers["If-None-Match"] = etag
    if last_modified:
        request_headers["If-Modified-Since"] = last_modified
    request_headers.update(headers or {})
    redirects: list[str] = []
    current = url
    with ExitStack() as cleanup:
        while True:
            response = _request(current, method, body, request_headers, policy, clock, cleanup)
            location = response.headers.get("location")
            if response.status not in _REDIRECTS or not location:
                return _read(url, current, response, allowed_types, policy, clock, redirects)
            if len(redirects) >= policy.max_redirects:
                raise FetchError(
                    "redirects",
                    f"Gave up on {url}: it redirected more than {policy.max_redirects} times.",
                    url,
                )
            redirects.append(current)
            current = urljoin(current, location)
            if method != "HEAD" and (
                response.status == 303 or (response.status in {301, 302} and method == "POST")
            ):
                method, body = "GET", None
    raise AssertionError("unreachable")  # pragma: no cover  (the loop returns or raises)


def _request(
    url: str,
    method: str,
    body: bytes | None,
    headers: Mapping[str, str],
    policy: FetchPolicy,
    clock: _Clock,
    cleanup: ExitStack,
) -> urllib3.BaseHTTPResponse:
    """One hop: check the URL and its addresses, connect to the checked address.

    The pool and the response are closed by ``cleanup`` when the whole fetch ends.
    """
    scheme, host, port, path = _split(url)
    address = resolve(host, port, policy, url)
    default_port = 443 if scheme == "https" else 80
    host_header = host if port == default_port else f"{host}:{port}"
    if ":" in host and not host_header.startswith("["):
        host_header = f"[{host}]" if port == default_port else f"[{host}]:{port}"
    left = clock.remaining(url)
    timeout = urllib3.Timeout(connect=min(left, 10.0), read=left)
    pool: urllib3.HTTPConnectionPool
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            str(address),
            port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=policy.ca_certs,
        )
    else:
        pool = urllib3.HTTPConnectionPool(
            str(address), port, timeout=timeout, retries=False, maxsize=1
        )
    cleanup.callback(pool.close)
    try:
        response = pool.urlopen(
            method,
            path,
            body=body,
            headers={**headers, "Host": host_header},
            redirect=False,
            preload_content=False,
            decode_content=True,
            assert_same_host=False,
        )
        cleanup.callback(response.close)
        return response
    except SSLError as exc:
        raise FetchError(
            "tls", f"Could not fetch {url}: its secure connection failed ({exc}).", url
        ) from exc
    except Urllib3Timeout as exc:
        raise FetchError(
            "timeout",
            f"Gave up on {url}: the server did not answer within {policy.timeout:g} seconds.",
            url,
        ) from exc
    except HTTPError as exc:
        raise FetchError(
            "connection",
            f"Could not fetch {url}: the server could not be reached ({type(exc).__name__}).",
            url,
        ) from exc


def _read(
    url: str,
    final_url: str,
    response: urllib3.BaseHTTPResponse,
    allowed_types: Sequence[str] | None,
    policy: FetchPolicy,
    clock: _Clock,
    redirects: list[str],
) -> FetchResult:
    """Stream the body, stopping at the size cap or the deadline, whichever comes first."""
    headers = {key.lower(): value for key, value in response.headers.items()}
    media_type = _media_type(headers)
    ok = 200 <= response.status < 300
    if ok and allowed_types is not None and not _type_allowed(media_type, allowed_types):
        raise FetchError(
            "content_type",
            f"Refused {final_url}: it is {media_type}, and only "
            f"{', '.join(allowed_types)} can be used here.",
            final_url,
        )
    too_large = FetchError(
        "too_large",
        f"Refused {final_url}: it is larger than the limit of "
        f"{policy.max_bytes / (1024 * 1024):g} MB.",
        final_url,
    )
    declared = headers.get("content-length", "")
    encoded = "content-encoding" in headers  # compressed: only the unpacked size counts
    if declared.isdigit() and int(declared) > policy.max_bytes and not encoded:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    sock = getattr(getattr(response, "connection", None), "sock", None)
    try:
        while True:
            left = clock.remaining(final_url)
            if sock is not None:
                sock.settimeout(left)
            chunk = response.read1(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > policy.max_bytes:
                raise too_large
            chunks.append(chunk)
    except (Urllib3Timeout, TimeoutError) as exc:
        raise FetchError(
            "timeout",
            f"Gave up on {final_url}: no complete answer within {policy.timeout:g} seconds.",
            final_url,
        ) from exc
    except HTTPError as exc:
        raise FetchError(
            "connection",
            f"Could not fetch {final_url}: the connection broke off ({type(exc).__name__}).",
            final_url,
        ) from exc
    return FetchResult(
        url=url,
        final_url=final_url,
        status=response.status,
        headers=headers,
        content_type=media_type,
        body=b"".join(chunks),
        fetched_at=datetime.now(UTC),
        elapsed=time.monotonic() - clock.started,
        redirects=redirects,
    )
