"""Machine-readable output: the Atom feed, the ClaimReview DataFeed, sitemap and robots.txt."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import extruct

from factcheck.workflow import State
from tests.public_helpers import correct_verdict, feed_reviews, publish_verdict

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def atom_entries(client) -> tuple[ET.Element, dict[str, ET.Element]]:  # noqa: ANN001
    response = client.get("/verdicts/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)  # noqa: S314  (our own output, not untrusted XML)
    entries = {e.findtext(f"{ATOM}id"): e for e in feed.findall(f"{ATOM}entry")}
    return feed, entries


def test_atom_feed_is_valid_and_lists_published_verdicts(client, desk, session):
    claim, _ = publish_verdict(desk, session)
    draft = desk.claim(State.RATED)
    session.commit()
    feed, entries = atom_entries(client)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "https://desk.test/verdicts/feed.atom"
    assert feed.findtext(f"{ATOM}title")
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Fact-check desk"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"self": "https://desk.test/verdicts/feed.atom",
                     "alternate": "https://desk.test/verdicts/"}
    url = f"https://desk.test/verdicts/{claim.slug}"
    assert list(entries) == [url]
    entry = entries[url]
    assert entry.findtext(f"{ATOM}title") == claim.statement
    assert entry.find(f"{ATOM}link").get("href") == url
    assert entry.findtext(f"{ATOM}published") == claim.first_published_at.isoformat()
    assert entry.findtext(f"{ATOM}updated") == claim.first_published_at.isoformat()
    assert entry.findtext(f"{ATOM}summary").startswith("False: ")
    assert feed.findtext(f"{ATOM}updated") == claim.first_published_at.isoformat()
    assert draft.statement not in client.get("/verdicts/feed.atom").get_data(as_text=True)


def test_correction_moves_the_entry_updated(client, desk, session):
    claim, editor = publish_verdict(desk, session)
    revision = correct_verdict(desk, session, claim, editor, note="Figures revised.")
    feed, entries = atom_entries(client)
    entry = entries[f"https://desk.test/verdicts/{claim.slug}"]
    assert entry.findtext(f"{ATOM}updated") == revision.published_at.isoformat()
    assert entry.findtext(f"{ATOM}published") == claim.first_published_at.isoformat()
    assert "Figures revised." in entry.findtext(f"{ATOM}summary")
    assert feed.findtext(f"{ATOM}updated") == revision.published_at.isoformat()


def test_atom_feed_answers_304(client, desk, session):
    publish_verdict(desk, session)
    first = client.get("/verdicts/feed.atom")
    assert "public" in first.headers["Cache-Control"]
    response = client.get("/verdicts/feed.atom",
                          headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert response.status_code == 304


def feed_page(client, url: str) -> tuple[dict, str | None]:  # noqa: ANN001
    """The feed page at ``url`` and its next page's URL (checked to agree in header and body)."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    feed = json.loads(response.data)
    next_url = feed.get("nextPage")
    if next_url:
        assert response.headers["Link"] == f'<{next_url}>; rel="next"'
    else:
        assert "Link" not in response.headers
    return feed, next_url


def statements(feed: dict) -> list[str]:
    return [r["claimReviewed"] for r in feed_reviews(feed)]


def test_claimreview_feed_is_a_paginated_data_feed(app, client, desk, session):
    app.config["CLAIMREVIEW_FEED_PAGE_SIZE"] = 2
    slugs = [publish_verdict(desk, session, statement=f"Feed claim {n}", private_source=False)[0]
             .slug for n in range(3)]
    feed, next_url = feed_page(client, "/verdicts/claimreview.json")
    assert feed["@type"] == "DataFeed"
    assert feed["url"] == "https://desk.test/verdicts/claimreview.json"
    assert [r["@type"] for r in feed_reviews(feed)] == ["ClaimReview", "ClaimReview"]
    assert statements(feed) == ["Feed claim 2", "Feed claim 1"]
    assert next_url.startswith("https://desk.test/verdicts/claimreview.json?after=")
    second, after_second = feed_page(client, next_url)
    assert second["url"] == next_url
    assert [r["url"] for r in feed_reviews(second)] == [
        f"https://desk.test/verdicts/{slugs[0]}"]
    assert after_second is None


def test_feed_pages_keep_their_place_when_verdicts_are_published(app, client, desk, session):
    app.config["CLAIMREVIEW_FEED_PAGE_SIZE"] = 2
    for n in range(4):
        publish_verdict(desk, session, statement=f"Feed claim {n}")
    _, next_url = feed_page(client, "/verdicts/claimreview.json")
    publish_verdict(desk, session, statement="Published while a crawler was paging")
    second, _ = feed_page(client, next_url)
    assert statements(second) == ["Feed claim 1", "Feed claim 0"]
    first, _ = feed_page(client, "/verdicts/claimreview.json")
    assert statements(first) == ["Published while a crawler was paging", "Feed claim 3"]


def test_a_correction_moves_a_verdict_to_the_top_of_the_feed(app, client, desk, session):
    claim, editor = publish_verdict(desk, session, statement="Old claim")
    publish_verdict(desk, session, statement="Newer claim")
    correct_verdict(desk, session, claim, editor, note="Figures revised.")
    feed, _ = feed_page(client, "/verdicts/claimreview.json")
    assert statements(feed) == ["Old claim", "Newer claim"]


def test_old_page_links_redirect_to_the_cursor(app, client, desk, session):
    app.config["CLAIMREVIEW_FEED_PAGE_SIZE"] = 2
    for n in range(3):
        publish_verdict(desk, session, statement=f"Feed claim {n}")
    _, next_url = feed_page(client, "/verdicts/claimreview.json")
    second = client.get("/verdicts/claimreview.json?page=2")
    assert second.status_code == 302
    assert second.headers["Location"] == next_url
    assert statements(feed_page(client, second.headers["Location"])[0]) == ["Feed claim 0"]
    first = client.get("/verdicts/claimreview.json?page=1")
    assert first.status_code == 302
    assert first.headers["Location"] == "https://desk.test/verdicts/claimreview.json"
    assert client.get("/verdicts/claimreview.json?page=3").status_code == 404


def test_a_made_up_cursor_is_a_bad_request(client):
    for token in ("nonsense", "MTIz", "!!!"):
        assert client.get(f"/verdicts/claimreview.json?after={token}").status_code == 400


def test_feed_pages_answer_conditional_requests(app, client, desk, session):
    app.config["CLAIMREVIEW_FEED_PAGE_SIZE"] = 1
    for n in range(2):
        publish_verdict(desk, session, statement=f"Feed claim {n}")
    _, next_url = feed_page(client, "/verdicts/claimreview.json")
    for url in ("/verdicts/claimreview.json", next_url):
        first = client.get(url)
        assert "public" in first.headers["Cache-Control"]
        etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get("/verdicts/claimreview.json").headers["ETag"] != client.get(
        next_url).headers["ETag"]
    publish_verdict(desk, session, statement="Newest")
    changed = client.get(next_url, headers={"If-None-Match": etag})
    assert changed.status_code == 200


def test_feed_elements_are_the_same_objects_as_on_the_pages(client, desk, session):
    claim, editor = publish_verdict(desk, session)
    correct_verdict(desk, session, claim, editor)
    [element] = json.loads(client.get("/verdicts/claimreview.json").data)["dataFeedElement"]
    assert element["@type"] == "DataFeedItem"
    assert element["dateCreated"] == element["item"][0]["datePublished"]
    assert element["dateModified"] == element["item"][0]["dateModified"]  # the correction
    assert element["dateModified"] > element["dateCreated"]
    [element] = element["item"]
    url = f"https://desk.test/verdicts/{claim.slug}"
    html = client.get(url).get_data(as_text=True)
    [on_page] = extruct.extract(html, base_url=url, syntaxes=["json-ld"])["json-ld"]
    on_page.pop("@context")
    assert element == on_page


def test_sitemap_lists_exactly_the_published_slugs(client, desk, session):
    published = [publish_verdict(desk, session)[0].slug for _ in range(2)]
    hidden = [desk.claim(state).slug for state in (State.RATED, State.DISMISSED, State.SOURCED)]
    session.commit()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.data)  # noqa: S314  (our own output, not untrusted XML)
    locs = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    verdicts = {loc.rsplit("/", 1)[1] for loc in locs if loc != "https://desk.test/verdicts/"}
    assert verdicts == set(published)
    assert "https://desk.test/verdicts/" in locs
    assert not set(hidden) & verdicts
    assert all(u.findtext(f"{SITEMAP}lastmod") for u in root.findall(f"{SITEMAP}url"))


def sitemap_locs(client, url: str) -> tuple[str, list[str]]:  # noqa: ANN001
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ET.fromstring(response.data)  # noqa: S314  (our own output, not untrusted XML)
    return root.tag, [e.text for e in root.iter(f"{SITEMAP}loc")]


def test_sitemap_splits_into_an_index_past_the_limit(app, client, desk, session):
    app.config["SITEMAP_MAX_URLS"] = 2
    published = {publish_verdict(desk, session)[0].slug for _ in range(3)}
    tag, files = sitemap_locs(client, "/sitemap.xml")
    assert tag == f"{SITEMAP}sitemapindex"
    assert files == ["https://desk.test/sitemaps/1.xml", "https://desk.test/sitemaps/2.xml"]
    listed = []
    for url in files:
        tag, locs = sitemap_locs(client, url)
        assert tag == f"{SITEMAP}urlset" and 1 <= len(locs) <= 2
        listed += locs
    assert listed[0] == "https://desk.test/verdicts/"
    assert {loc.rsplit("/", 1)[1] for loc in listed[1:]} == published
    assert len(listed) == 4
    assert client.get("/sitemaps/3.xml").status_code == 404
    assert client.get("/sitemaps/0.xml").status_code == 404


def test_sitemap_within_the_limit_is_one_urlset(app, client, desk, session):
    app.config["SITEMAP_MAX_URLS"] = 3
    for _ in range(2):
        publish_verdict(desk, session)
    tag, locs = sitemap_locs(client, "/sitemap.xml")
    assert tag == f"{SITEMAP}urlset" and len(locs) == 3


def test_sitemaps_answer_conditional_requests(app, client, desk, session):
    app.config["SITEMAP_MAX_URLS"] = 1
    publish_verdict(desk, session)
    for url in ("/sitemap.xml", "/sitemaps/2.xml"):
        first = client.get(url)
        assert first.status_code == 200 and "public" in first.headers["Cache-Control"]
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304
        again = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
        assert again.status_code == 304


def test_robots_allows_verdicts_and_hides_the_desk(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "Allow: /verdicts/" in lines
    assert "Disallow: /" in lines
    assert "Sitemap: https://desk.test/sitemap.xml" in lines
