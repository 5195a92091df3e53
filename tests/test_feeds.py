"""Machine-readable output: the Atom feed, the ClaimReview DataFeed, sitemap and robots.txt."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import extruct

from factcheck.workflow import State
from tests.public_helpers import correct_verdict, publish_verdict

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


def test_claimreview_feed_is_a_paginated_data_feed(app, client, desk, session):
    app.config["CLAIMREVIEW_FEED_PAGE_SIZE"] = 2
    slugs = [publish_verdict(desk, session, statement=f"Feed claim {n}", private_source=False)[0]
             .slug for n in range(3)]
    first = client.get("/verdicts/claimreview.json")
    assert first.status_code == 200
    feed = json.loads(first.data)
    assert feed["@type"] == "DataFeed"
    assert [r["@type"] for r in feed["dataFeedElement"]] == ["ClaimReview", "ClaimReview"]
    assert [r["claimReviewed"] for r in feed["dataFeedElement"]] == ["Feed claim 2",
                                                                      "Feed claim 1"]
    next_url = "https://desk.test/verdicts/claimreview.json?page=2"
    assert feed["nextPage"] == next_url
    assert first.headers["Link"] == f'<{next_url}>; rel="next"'
    second = json.loads(client.get("/verdicts/claimreview.json?page=2").data)
    assert [r["url"] for r in second["dataFeedElement"]] == [
        f"https://desk.test/verdicts/{slugs[0]}"]
    assert "nextPage" not in second
    assert client.get("/verdicts/claimreview.json?page=3").status_code == 404


def test_feed_elements_are_the_same_objects_as_on_the_pages(client, desk, session):
    claim, editor = publish_verdict(desk, session)
    correct_verdict(desk, session, claim, editor)
    [element] = json.loads(client.get("/verdicts/claimreview.json").data)["dataFeedElement"]
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


def test_robots_allows_verdicts_and_hides_the_desk(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "Allow: /verdicts/" in lines
    assert "Disallow: /" in lines
    assert "Sitemap: https://desk.test/sitemap.xml" in lines
