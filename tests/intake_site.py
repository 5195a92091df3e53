"""A local news site for intake tests: the two seed articles as pages, RSS and Atom feeds,
and the pages that go wrong (a redirect to a private address, a 404, a slow page, a huge one,
a malformed feed, a 500).

The seed articles are the demo desk's (``factcheck/demo/articles``): each paragraph becomes a
``<p>`` of an article page with a menu, a footer and the metadata a news site carries.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from importlib.resources import files

import pytest
from flask import Flask

from tests.http_server import Handler, LocalServer, serve

SEEDS = {
    "belta-rescue-operation": ("/world/belarus-rescue-operation", "Ivan Petrov", "2022-03-15"),
    "donbass-recognition-interview": ("/politics/donbass-recognition", "Olga Sidorova",
                                      "2022-02-24"),
}
SITE_NAME = "Minsk Daily Test"
FEED_ETAG = '"feed-v1"'
FEED_MODIFIED = "Tue, 15 Mar 2022 12:00:00 GMT"


#: Two more articles (not on the demo desk): one full of checkable claims, one with none.
EXTRA = {
    "/world/wagons-detained": (
        "Minsk says 1,500 wagons were detained",
        ["Alexander Lukashenko stated on Friday that Ukrainian authorities detained 1,500 "
         "Belarusian wagons and cars.",
         "According to the Belarusian railway, exports fell by 40 percent in March.",
         "The president said 3,000 drivers were stranded at the border."],
    ),
    "/business/grain-exports": (
        "Grain traders meet in Minsk",
        ["The weather in Minsk was mild on Tuesday, and the markets opened quietly.",
         "Traders met in the old town hall to talk about the season ahead.",
         "Nobody expected a surprise, and none came before noon."],
    ),
}


def plain_page(base: str, path: str) -> bytes:
    """One of the :data:`EXTRA` articles as a page."""
    title, paragraphs = EXTRA[path]
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="canonical" href="{base}{path}">'
        f'<meta property="og:site_name" content="{SITE_NAME}"></head>'
        f"<body><article><h1>{title}</h1>{text}</article></body></html>"
    ).encode()


def seed_text(name: str) -> str:
    """A seed article's text as shipped."""
    return files("factcheck.demo").joinpath("articles", f"{name}.txt").read_text("utf-8")


def seed_title(name: str) -> str:
    """The headline used for a seed article's page."""
    return {
        "belta-rescue-operation": "Lukashenko says Minsk freed Belarusians stranded in Ukraine",
        "donbass-recognition-interview": seed_text(name).splitlines()[0],
    }[name]


def article_page(name: str, base: str, canonical_path: str | None = None) -> bytes:
    """A seed article as a news site's HTML page."""
    path, author, published = SEEDS[name]
    paragraphs = "".join(
        f"<p>{escape(line)}</p>" for line in seed_text(name).splitlines() if line.strip()
    )
    canonical = f"{base}{canonical_path or path}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(seed_title(name))} | {SITE_NAME}</title>
<link rel="canonical" href="{canonical}">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:title" content="{escape(seed_title(name))}">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{published}T09:00:00Z">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a>
<a href="/politics">Politics</a></nav></header>
<main><article><h1>{escape(seed_title(name))}</h1>{paragraphs}</article></main>
<footer><a href="/about">About us</a> · <a href="/contact">Contact</a></footer>
</body></html>""".encode()


def rss(base: str, items: list[tuple[str, str]]) -> bytes:
    """An RSS 2.0 feed of ``(title, path)`` items."""
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{base}{path}</link>"
        f"<guid>{base}{path}</guid><pubDate>Tue, 15 Mar 2022 10:00:00 GMT</pubDate></item>"
        for title, path in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{SITE_NAME}</title><link>{base}/</link><description>News</description>"
        f"{entries}</channel></rss>"
    ).encode()


def atom(base: str, items: list[tuple[str, str]]) -> bytes:
    """An Atom feed of ``(title, path)`` items."""
    entries = "".join(
        f'<entry><title>{escape(title)}</title><link href="{base}{path}"/>'
        f"<id>tag:minsk.test,2022:{path}</id><updated>2022-03-15T10:00:00Z</updated></entry>"
        for title, path in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>{SITE_NAME} (Atom)</title><id>tag:minsk.test,2022:feed</id>'
        f"<updated>2022-03-15T10:00:00Z</updated>{entries}</feed>"
    ).encode()


def news_site() -> LocalServer:
    """The routes of the test news site (start it with :func:`running_site`)."""
    site = LocalServer()
    html = "text/html; charset=utf-8"
    seed_items = [(seed_title(name), path) for name, (path, _, _) in SEEDS.items()]

    def page_of(name: str):  # type: ignore[no-untyped-def]
        return lambda h: h.send_bytes(200, article_page(name, site.base), html)

    for name, (path, _, _) in SEEDS.items():
        site.route(path)(page_of(name))

    @site.route("/world/belarus-rescue-operation-syndicated")
    def syndicated(h: Handler) -> None:  # the same text at another address
        page = article_page("belta-rescue-operation", site.base, "/syndicated/rescue")
        h.send_bytes(200, page, html)

    @site.route("/feed.rss")
    def feed_rss(h: Handler) -> None:
        if h.headers.get("If-None-Match") == FEED_ETAG:
            h.send_response(304)
            h.send_header("ETag", FEED_ETAG)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send_bytes(200, rss(site.base, seed_items), "application/rss+xml",
                     {"ETag": FEED_ETAG, "Last-Modified": FEED_MODIFIED})

    for path in EXTRA:
        site.route(path)(
            lambda h, path=path: h.send_bytes(200, plain_page(site.base, path), html)
        )

    @site.route("/more.rss")
    def more(h: Handler) -> None:
        items = [*seed_items, *((title, path) for path, (title, _) in EXTRA.items())]
        h.send_bytes(200, rss(site.base, items), "application/rss+xml")

    @site.route("/feed.atom")
    def feed_atom(h: Handler) -> None:
        h.send_bytes(200, atom(site.base, seed_items), "application/atom+xml")

    @site.route("/mixed.rss")
    def mixed(h: Handler) -> None:  # one good item, one that is gone, one that fails
        items = [seed_items[0], ("Gone", "/missing"), ("Broken", "/error")]
        h.send_bytes(200, rss(site.base, items), "application/rss+xml")

    @site.route("/broken.rss")
    def broken(h: Handler) -> None:
        h.send_bytes(200, b"<rss><channel><title>Half a feed</ti", "application/rss+xml")

    @site.route("/not-a-feed")
    def not_a_feed(h: Handler) -> None:
        h.send_bytes(200, b"<html><body><p>Hello</p></body></html>", html)

    @site.route("/error")
    def error(h: Handler) -> None:
        h.send_bytes(500, b"<h1>Internal Server Error</h1>", html)

    @site.route("/error.rss")
    def error_feed(h: Handler) -> None:
        h.send_bytes(500, b"<h1>Internal Server Error</h1>", html)

    @site.route("/to-private")
    def to_private(h: Handler) -> None:
        h.redirect(f"http://127.0.0.2:{site.port}/world/belarus-rescue-operation")

    @site.route("/slow")
    def slow(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", html)
        h.send_header("Content-Length", "200")
        h.end_headers()
        for _ in range(200):
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(0.05)

    @site.route("/huge")
    def huge(h: Handler) -> None:
        chunk = b"<p>" + b"1,500 wagons and cars were detained. " * 1000 + b"</p>"
        h.send_response(200)
        h.send_header("Content-Type", html)
        h.end_headers()
        for _ in range(200):  # ~7 MB, no Content-Length: only the streaming cap can stop it
            h.wfile.write(chunk)

    return site


@contextmanager
def running_site() -> Iterator[LocalServer]:
    """The news site on a free local port."""
    with serve(news_site()) as site:
        yield site


@pytest.fixture(name="site")
def site_fixture(app: Flask) -> Iterator[LocalServer]:
    """The local news site; the desk may fetch from this machine (FETCH_ALLOW_PRIVATE). A test
    module brings it in by importing it."""
    app.config["FETCH_ALLOW_PRIVATE"] = True
    with running_site() as running:
        yield running
