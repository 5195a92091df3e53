"""The fetching module against a real HTTP server on this machine.

The server listens on 127.0.0.1, which the desk refuses by default; most tests open only that
one address (``FETCH_ALLOWED_NETWORKS``-style), so a redirect anywhere else on this machine is
still refused by the real rule.
"""

from __future__ import annotations

import gzip
import hashlib
import ipaddress
import subprocess
import time
from collections.abc import Iterator

import pytest

from factcheck.fetching import FetchError, FetchPolicy, fetch, refusal
from tests.http_server import Handler, LocalServer, serve

PAGE = b"<html><head><title>News</title></head><body><p>1,500 wagons</p></body></html>"
ONLY_THIS_SERVER = FetchPolicy(allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),))
HTML = ["text/html", "application/xhtml+xml"]


def _site() -> LocalServer:
    site = LocalServer()

    @site.route("/news/1")
    def page(h: Handler) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            h.send_response(304)
            h.send_header("ETag", '"v1"')
            h.end_headers()
            return
        h.send_bytes(
            200,
            PAGE,
            "text/html; charset=utf-8",
            {"ETag": '"v1"', "Last-Modified": "Tue, 01 Nov 2022 10:00:00 GMT"},
        )

    @site.route("/old")
    def old(h: Handler) -> None:
        h.redirect("/moved", 301)

    @site.route("/moved")
    def moved(h: Handler) -> None:
        h.redirect(f"http://127.0.0.1:{site.port}/news/1", 302)

    @site.route("/loop")
    def loop(h: Handler) -> None:
        h.redirect("/loop")

    @site.route("/to-inside")
    def to_inside(h: Handler) -> None:
        h.redirect(f"http://127.0.0.2:{site.port}/news/1")

    @site.route("/to-file")
    def to_file(h: Handler) -> None:
        h.redirect("file:///etc/passwd")

    @site.route("/report.pdf")
    def pdf(h: Handler) -> None:
        h.send_bytes(200, b"%PDF-1.4 minimal", "application/pdf")

    @site.route("/slow")
    def slow(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100")
        h.end_headers()
        for _ in range(100):  # a byte every 0.1 s: each read is quick, the whole is not
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.1)

    @site.route("/huge")
    def huge(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Transfer-Encoding", "chunked")  # no length to refuse it by up front
        h.end_headers()
        block = b"y" * 65536
        for _ in range(64):
            h.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
        h.wfile.write(b"0\r\n\r\n")

    @site.route("/declared-huge")
    def declared_huge(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(50 * 1024 * 1024))
        h.end_headers()

    @site.route("/bomb")
    def bomb(h: Handler) -> None:
        h.send_bytes(
            200, gzip.compress(b"z" * (4 * 1024 * 1024)), "text/html", {"Content-Encoding": "gzip"}
        )

    @site.route("/hook")
    def hook(h: Handler) -> None:
        h.send_bytes(202, b"accepted " + h.request_body, "text/plain")

    @site.route("/hook-moved")
    def hook_moved(h: Handler) -> None:
        h.redirect("/hook", 307)

    return site


@pytest.fixture
def site() -> Iterator[LocalServer]:
    with serve(_site()) as running:
        yield running


def test_a_page_comes_back_with_its_hash_type_and_validators(site: LocalServer) -> None:
    result = fetch(f"{site.base}/news/1", allowed_types=HTML, policy=ONLY_THIS_SERVER)
    assert result.status == 200 and result.ok
    assert result.body == PAGE
    assert result.sha256 == hashlib.sha256(PAGE).hexdigest()
    assert result.content_type == "text/html"
    assert result.final_url == f"{site.base}/news/1"
    assert result.etag == '"v1"'
    assert result.last_modified == "Tue, 01 Nov 2022 10:00:00 GMT"
    assert result.fetched_at.tzinfo is not None
    assert 0 < result.elapsed < 5
    assert site.seen[0][2]["host"] == f"127.0.0.1:{site.port}"
    assert site.seen[0][2]["user-agent"].startswith("factcheck-desk")


def test_conditional_get_answers_not_modified(site: LocalServer) -> None:
    result = fetch(
        f"{site.base}/news/1",
        etag='"v1"',
        last_modified="Tue, 01 Nov 2022 10:00:00 GMT",
        policy=ONLY_THIS_SERVER,
    )
    assert result.status == 304 and result.not_modified
    assert result.body == b""
    sent = site.seen[0][2]
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Tue, 01 Nov 2022 10:00:00 GMT"


def test_redirects_are_followed_and_recorded(site: LocalServer) -> None:
    result = fetch(f"{site.base}/old", policy=ONLY_THIS_SERVER)
    assert result.status == 200 and result.body == PAGE
    assert result.url == f"{site.base}/old"
    assert result.final_url == f"{site.base}/news/1"
    assert result.redirects == [f"{site.base}/old", f"{site.base}/moved"]


def test_too_many_redirects_are_refused(site: LocalServer) -> None:
    policy = FetchPolicy(allowed_networks=ONLY_THIS_SERVER.allowed_networks, max_redirects=3)
    with pytest.raises(FetchError) as refused:
        fetch(f"{site.base}/loop", policy=policy)
    assert refused.value.reason == "redirects"
    assert "redirected more than 3 times" in str(refused.value)
    assert site.paths == ["/loop"] * 4


def test_a_redirect_to_another_address_on_this_machine_is_refused(site: LocalServer) -> None:
    with pytest.raises(FetchError) as refused:
        fetch(f"{site.base}/to-inside", policy=ONLY_THIS_SERVER)
    assert refused.value.reason == "address"
    assert "127.0.0.2, a loopback address" in str(refused.value)
    assert refused.value.url == f"http://127.0.0.2:{site.port}/news/1"
    assert site.paths == ["/to-inside"]


def test_a_redirect_to_a_file_url_is_refused(site: LocalServer) -> None:
    with pytest.raises(FetchError) as refused:
        fetch(f"{site.base}/to-file", policy=ONLY_THIS_SERVER)
    assert refused.value.reason == "scheme"
    assert "only http and https" in str(refused.value)


def test_a_name_resolving_to_loopback_is_refused_before_connecting(
    site: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FETCH_ALLOW_PRIVATE", raising=False)
    with pytest.raises(FetchError) as refused:
        fetch(f"http://localhost:{site.port}/news/1", policy=FetchPolicy.from_config({}))
    assert refused.value.reason == "address"
    assert str(refused.value) == (
        f"Refused to fetch http://localhost:{site.port}/news/1: its host resolves to "
        "127.0.0.1, a loopback address (this machine). "
        "The desk only fetches from public internet addresses."
    )
    assert site.paths == []


def test_the_environment_allowance_opens_private_addresses(
    site: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FETCH_ALLOW_PRIVATE", "1")
    result = fetch(f"http://localhost:{site.port}/news/1", policy=FetchPolicy.from_config({}))
    assert result.body == PAGE
    assert site.seen[0][2]["host"] == f"localhost:{site.port}"


def test_the_config_allowance_opens_private_addresses(
    site: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FETCH_ALLOW_PRIVATE", raising=False)
    policy = FetchPolicy.from_config({"FETCH_ALLOW_PRIVATE": True})
    assert fetch(f"{site.base}/news/1", policy=policy).ok
    narrow = FetchPolicy.from_config({"FETCH_ALLOWED_NETWORKS": "127.0.0.1/32, 10.0.0.0/8"})
    assert fetch(f"{site.base}/news/1", policy=narrow).ok


def test_a_missing_page_is_a_result_not_an_error(site: LocalServer) -> None:
    result = fetch(f"{site.base}/gone", allowed_types=["application/pdf"], policy=ONLY_THIS_SERVER)
    assert result.status == 404 and not result.ok
    assert b"Not here" in result.body


def test_a_slow_page_is_cut_off_at_the_time_cap(site: LocalServer) -> None:
    policy = FetchPolicy(allowed_networks=ONLY_THIS_SERVER.allowed_networks, timeout=1.0)
    started = time.monotonic()
    with pytest.raises(FetchError) as refused:
        fetch(f"{site.base}/slow", policy=policy)
    assert refused.value.reason == "timeout"
    assert "within 1 seconds" in str(refused.value)
    assert time.monotonic() - started < 2.5


def test_a_huge_page_is_cut_off_at_the_size_cap(site: LocalServer) -> None:
    policy = FetchPolicy(allowed_networks=ONLY_THIS_SERVER.allowed_networks, max_bytes=1024 * 1024)
    with pytest.raises(FetchError) as refused:
        fetch(f"{site.base}/huge", policy=policy)
    assert refused.value.reason == "too_large"
    assert str(refused.value) == f"Refused {site.base}/huge: it is larger than the limit of 1 MB."
    with pytest.raises(FetchError, match="larger than the limit"):
        fetch(f"{site.base}/declared-huge", policy=ONLY_THIS_SERVER)
    with pytest.raises(FetchError, match="larger than the limit"):
        fetch(f"{site.base}/bomb", policy=policy)  # the cap counts the unpacked bytes


def test_the_default_size_cap_is_twenty_megabytes() -> None:
    assert FetchPolicy.from_config({}).max_bytes == 20 * 1024 * 1024


def test_a_type_not_allowed_here_is_refused(site: LocalServer) -> None:
    with pytest.raises(FetchError) as refused:
        fetch(f"{site.base}/report.pdf", allowed_types=HTML, policy=ONLY_THIS_SERVER)
    assert refused.value.reason == "content_type"
    assert "it is application/pdf, and only text/html, application/xhtml+xml" in str(refused.value)
    pdf = fetch(f"{site.base}/report.pdf", allowed_types=["application/*"], policy=ONLY_THIS_SERVER)
    assert pdf.body.startswith(b"%PDF")


def test_a_post_keeps_its_body_through_a_307(site: LocalServer) -> None:
    result = fetch(
        f"{site.base}/hook-moved",
        method="POST",
        body=b'{"type":"x"}',
        headers={"Content-Type": "application/json"},
        policy=ONLY_THIS_SERVER,
    )
    assert result.status == 202
    assert result.body == b'accepted {"type":"x"}'


@pytest.fixture(scope="module")
def localhost_certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for the name ``localhost``, made by the openssl command."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603
        [
            "/usr/bin/openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return str(cert), str(key)


def test_https_connects_to_the_checked_address_and_verifies_the_name(
    localhost_certificate: tuple[str, str],
) -> None:
    cert, _ = localhost_certificate
    with serve(_site(), tls=localhost_certificate) as site:
        url = f"https://localhost:{site.port}/news/1"
        trusted = FetchPolicy(allow_private=True, ca_certs=cert)
        result = fetch(url, policy=trusted)
        assert result.body == PAGE
        assert site.server_names == ["localhost"]  # TLS was told the name, not the address
        assert site.seen[0][2]["host"] == f"localhost:{site.port}"

        with pytest.raises(FetchError) as refused:
            fetch(url, policy=FetchPolicy(allow_private=True))  # not signed by a known authority
        assert refused.value.reason == "tls"
        assert "secure connection failed" in str(refused.value)
        assert len(site.seen) == 1

        with pytest.raises(FetchError) as wrong_name:
            fetch(f"https://127.0.0.1:{site.port}/news/1", policy=trusted)
        assert wrong_name.value.reason == "tls"


@pytest.mark.parametrize(
    "url, reason",
    [
        ("ftp://example.org/file", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("/relative/path", "scheme"),
        ("http://user:pw@example.org/", "scheme"),
        ("http://example.org:99999/", "scheme"),
        ("http://no-such-host.invalid/", "dns"),
        ("http://10.1.2.3/", "address"),
        ("http://169.254.169.254/latest/meta-data/", "address"),
        ("http://[::1]/", "address"),
        ("http://[::ffff:127.0.0.1]/", "address"),
        ("http://0.0.0.0/", "address"),
    ],
)
def test_links_that_are_never_fetched(url: str, reason: str) -> None:
    with pytest.raises(FetchError) as refused:
        fetch(url, policy=FetchPolicy())
    assert refused.value.reason == reason
    assert str(refused.value)


@pytest.mark.parametrize(
    "address, words",
    [
        ("10.0.0.1", "a private network address"),
        ("172.16.5.4", "a private network address"),
        ("192.168.1.1", "a private network address"),
        ("127.0.0.1", "a loopback address (this machine)"),
        ("169.254.169.254", "a link-local address"),
        ("0.0.0.0", "an unspecified address"),  # noqa: S104  (judged, never bound)
        ("224.0.0.1", "a multicast address"),
        ("240.0.0.1", "a reserved address"),
        ("100.64.0.1", "an address that is not on the public internet"),
        ("::1", "a loopback address (this machine)"),
        ("::", "an unspecified address"),
        ("fe80::1", "a link-local address"),
        ("fc00::1", "a private network address"),
        ("ff02::1", "a multicast address"),
        ("::ffff:8.8.8.8", "an IPv4-mapped IPv6 address"),
        (
            "2002:7f00:1::",
            "an IPv6 address wrapping 127.0.0.1, which is a loopback address (this machine)",
        ),
        ("64:ff9b::a00:1", "an IPv6 address wrapping 10.0.0.1, which is a private network address"),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_the_address_rule(address: str, words: str | None) -> None:
    assert refusal(ipaddress.ip_address(address)) == words
