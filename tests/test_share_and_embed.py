"""A verdict outside its page: Open Graph and Twitter cards with a generated share image,
oEmbed for CMSs, and the print stylesheet."""

from __future__ import annotations

import io
import json
import re
from urllib.parse import quote

from PIL import Image

from tests.public_helpers import SUMMARY, correct_verdict, publish_verdict
from tests.test_public_cache import statements, store  # noqa: F401  (fixture)

SITE = "https://desk.test"


def meta(html: str, key: str) -> str:
    """The content of ``<meta property|name=key>``."""
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    assert found, key
    return found.group(1)


def test_verdict_page_carries_share_cards_and_the_card_image(client, desk, session):
    claim, _ = publish_verdict(desk, session, statement="Ukraine detained 1,500 wagons")
    html = client.get(f"/verdicts/{claim.slug}").get_data(as_text=True)
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == "False: Ukraine detained 1,500 wagons"
    assert meta(html, "og:description") == SUMMARY
    assert meta(html, "og:url") == f"{SITE}/verdicts/{claim.slug}"
    assert meta(html, "twitter:card") == "summary_large_image"
    image_url = meta(html, "og:image")
    assert image_url == f"{SITE}/verdicts/{claim.slug}/share.png"
    assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1200", "630")

    response = client.get(image_url.removeprefix(SITE))
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert "public" in response.headers["Cache-Control"]
    image = Image.open(io.BytesIO(response.get_data()))
    assert image.size == (1200, 630)
    assert image.getpixel((5, 300)) == (0xCF, 0x22, 0x2E)  # the rating's colour ("False")
    again = client.get(image_url.removeprefix(SITE),
                       headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_share_card_follows_a_correction_and_is_served_from_the_store(
    app, client, desk, session, store  # noqa: F811
):
    claim, editor = publish_verdict(desk, session)
    session.commit()
    url = f"/verdicts/{claim.slug}/share.png"
    first = client.get(url)
    first.get_data()
    with statements(app) as seen:
        assert client.get(url).get_data() == first.get_data()
    assert seen == []
    correct_verdict(desk, session, claim, editor)
    session.commit()
    corrected = client.get(url)
    assert corrected.headers["ETag"] != first.headers["ETag"]
    assert corrected.get_data() != first.get_data()


def test_unknown_verdicts_have_no_card(client):
    assert client.get("/verdicts/no-such-verdict/share.png").status_code == 404


def test_oembed_answers_a_rich_card_for_a_verdict_address(client, desk, session):
    claim, _ = publish_verdict(desk, session, statement="Ukraine detained 1,500 wagons")
    page = f"{SITE}/verdicts/{claim.slug}"
    html = client.get(f"/verdicts/{claim.slug}").get_data(as_text=True)
    discovery = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"',
                          html)
    assert discovery
    response = client.get(discovery.group(1).replace("&amp;", "&").removeprefix(SITE))
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    card = json.loads(response.get_data())
    assert card["version"] == "1.0" and card["type"] == "rich"
    assert card["title"] == "Ukraine detained 1,500 wagons"
    assert card["thumbnail_url"] == f"{page}/share.png"
    assert (card["width"], card["height"]) == (550, 320)
    assert f'<a href="{page}">Read the fact-check by' in card["html"]
    assert ">False</strong> " + SUMMARY in card["html"]
    assert "<script" not in card["html"]

    narrow = json.loads(client.get(f"/oembed?url={quote(page)}&maxwidth=300").get_data())
    assert narrow["width"] == 300 and "max-width:300px" in narrow["html"]


def test_oembed_refuses_what_it_cannot_embed_in_words(client, desk, session):
    claim, _ = publish_verdict(desk, session)
    page = quote(f"{SITE}/verdicts/{claim.slug}")
    xml = client.get(f"/oembed?url={page}&format=xml")
    assert xml.status_code == 400
    assert "Only the JSON format is offered" in xml.get_data(as_text=True)
    assert client.get(f"/oembed?url={quote('https://elsewhere.example/verdicts/x')}"
                      ).status_code == 404
    assert client.get(f"/oembed?url={quote(SITE + '/verdicts/unknown')}").status_code == 404
    assert client.get("/oembed").status_code == 404
    refused = client.get(f"/oembed?url={page}&maxwidth=wide")
    assert refused.status_code == 400
    assert "maxwidth must be a whole number of pixels" in refused.get_data(as_text=True)
