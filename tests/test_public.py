"""The public verdict pages: what readers see, what machines read, what never leaks."""

from __future__ import annotations

from email.utils import format_datetime
from typing import Any

import extruct
import pytest

from bench.statements import counting_statements
from factcheck.extensions import db
from factcheck.operations import claims as claim_ops
from factcheck.operations.events import desk_settings
from factcheck.public.colours import contrast_ratio, readable_on_badge
from factcheck.workflow import State
from tests.public_helpers import SUMMARY, correct_verdict, publish_verdict


def claim_reviews(html: str, url: str) -> list[dict[str, Any]]:
    """The ClaimReview objects a search engine's parser finds in ``html``."""
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld"])
    return [item for item in data["json-ld"] if item.get("@type") == "ClaimReview"]


def page_text(response: Any) -> str:
    return response.get_data(as_text=True)


# --- the verdict page -------------------------------------------------------------------------


def test_verdict_page_shows_what_a_reader_needs(client, desk, session):
    claim, _ = publish_verdict(desk, session, sources=3)
    response = client.get(f"/verdicts/{claim.slug}")
    assert response.status_code == 200
    html = page_text(response)
    assert claim.statement in html
    assert "Alexander Lukashenko" in html
    assert "Ukrainian authorities detained" in html  # the quote
    assert "BelTA" in html and "Lukashenko speaks about the border" in html
    assert 'href="https://belta.example/news/border"' in html
    assert "15 Mar 2022" in html  # claim date
    assert 'class="rating colour-cf222e' in html and ">False</span>" in html
    assert "--rating-colour: #cf222e" in client.get("/verdicts/colours.css").text
    assert SUMMARY in html
    assert "<strong>no</strong>" in html and "<script>alert" not in html  # sanitised Markdown
    for n in (2, 3):
        assert f'href="https://stats.example/register/{n}"' in html
        assert f"Rail freight register {n}" in html
    assert "Example Statistics Office" in html and "The relevant passage." in html
    assert "How we fact-check" in html and "primary sources" in html  # methodology
    assert "Published" in html and "Last corrected" not in html


def test_verdict_page_leaks_no_desk_data(client, desk, session):
    claim, editor = publish_verdict(desk, session)
    html = page_text(client.get(f"/verdicts/{claim.slug}"))
    assert "Phone call with a border official" not in html
    assert "PRIVATE-NOTE" not in html and "anonymity" not in html
    assert claim.assignee.name not in html and editor.name not in html
    assert "@newsroom.example" not in html
    assert "Queue" not in html and "Log out" not in html and "Dashboard" not in html


def test_correction_history_and_newest_revision(client, desk, session):
    claim, editor = publish_verdict(desk, session)
    correct_verdict(desk, session, claim, editor, note="First fix: the date was wrong.",
                    rating="Half true", summary="Half of it holds.")
    correct_verdict(desk, session, claim, editor, note="Second fix: new customs data.")
    html = page_text(client.get(f"/verdicts/{claim.slug}"))
    assert "Mostly false" in html and "Some wagons were held" in html
    assert SUMMARY not in html  # the first revision's summary is history now
    assert "First fix: the date was wrong." in html
    assert "Second fix: new customs data." in html
    assert html.index("Second fix") < html.index("First fix")  # newest first
    assert "First published" in html and "(rating: False)" in html
    assert "Last corrected" in html


@pytest.mark.parametrize("state", [State.UNVERIFIED, State.SOURCED, State.RATED, State.DISMISSED])
def test_unpublished_claims_do_not_exist(client, desk, session, state):
    claim = desk.claim(state)
    session.commit()
    response = client.get(f"/verdicts/{claim.slug}")
    assert response.status_code == 404
    assert claim.statement not in page_text(response)
    assert "Log out" not in page_text(response)


@pytest.mark.parametrize("path", ["/verdicts/no-such-claim", "/verdicts/{id}",
                                  "/verdicts/{id}/", "/verdicts/claims/{id}"])
def test_unknown_and_numeric_urls_are_404(client, desk, session, path):
    claim = desk.claim(State.RATED)
    session.commit()
    assert client.get(path.format(id=claim.id)).status_code == 404


def test_reworked_claim_keeps_showing_its_published_revision(client, desk, session):
    claim, editor = publish_verdict(desk, session)
    published_statement = claim.statement
    claim_ops.edit_claim(
        session, editor, claim, claim.version,
        claim_ops.ClaimDetails(statement="DRAFT statement under rework",
                               claimant="DRAFT claimant", claim_date=claim.claim_date),
    )
    claim.summary = "DRAFT summary nobody approved"
    session.commit()
    html = page_text(client.get(f"/verdicts/{claim.slug}"))
    assert published_statement in html and SUMMARY in html
    assert "DRAFT" not in html


# --- ClaimReview JSON-LD ----------------------------------------------------------------------


def test_claimreview_json_ld_has_the_required_properties(client, desk, session):
    settings = desk_settings(session)
    settings.organisation_name = "Border Check"
    settings.organisation_url = "https://bordercheck.test/"
    settings.logo_url = "https://bordercheck.test/logo.png"
    claim, _ = publish_verdict(desk, session)
    url = f"https://desk.test/verdicts/{claim.slug}"
    [review] = claim_reviews(page_text(client.get(url)), url)
    assert review["@context"].rstrip("/") in ("https://schema.org", "http://schema.org")
    assert review["url"] == url
    assert review["claimReviewed"] == claim.statement
    assert review["datePublished"].startswith(claim.first_published_at.date().isoformat())
    assert "dateModified" not in review
    assert review["author"] == {
        "@type": "Organization",
        "name": "Border Check",
        "url": "https://bordercheck.test/",
        "logo": {"@type": "ImageObject", "url": "https://bordercheck.test/logo.png"},
    }
    assert review["reviewRating"] == {
        "@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
        "alternateName": "False", "name": "False", "ratingExplanation": SUMMARY,
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Alexander Lukashenko"}
    assert item["datePublished"] == "2022-03-15"
    article = {
        "@type": "CreativeWork",
        "url": "https://belta.example/news/border",
        "headline": "Lukashenko speaks about the border",
        "datePublished": "2022-03-14",
        "publisher": {"@type": "Organization", "name": "BelTA"},
    }
    assert item["firstAppearance"] == article
    assert item["appearance"] == [article]


def test_date_modified_appears_only_after_a_correction(client, desk, session):
    claim, editor = publish_verdict(desk, session)
    revision = correct_verdict(desk, session, claim, editor)
    url = f"https://desk.test/verdicts/{claim.slug}"
    [review] = claim_reviews(page_text(client.get(url)), url)
    assert review["dateModified"] == revision.published_at.isoformat()
    assert review["datePublished"] == claim.first_published_at.isoformat()
    assert review["dateModified"] > review["datePublished"]
    assert review["reviewRating"]["alternateName"] == "Mostly false"
    assert review["reviewRating"]["ratingValue"] == 2


def test_valueless_rating_and_organisation_claimant(client, desk, session):
    claim, _ = publish_verdict(
        desk, session, rating="Misleading", with_article=False,
        claimant="Ministry of Defence", appearance_url="https://social.example/post/1",
    )
    url = f"https://desk.test/verdicts/{claim.slug}"
    [review] = claim_reviews(page_text(client.get(url)), url)
    assert review["reviewRating"] == {
        "@type": "Rating", "alternateName": "Misleading", "name": "Misleading",
        "ratingExplanation": SUMMARY,
    }
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "Ministry of Defence"}
    assert item["firstAppearance"] == {"@type": "CreativeWork",
                                       "url": "https://social.example/post/1"}


# --- the index --------------------------------------------------------------------------------


def test_index_lists_published_verdicts_newest_first(client, desk, session):
    older, editor = publish_verdict(desk, session, statement="Older claim about grain exports")
    newer, _ = publish_verdict(desk, session, statement="Newer claim about gas prices")
    draft = desk.claim(State.RATED, statement="Draft claim about tariffs")
    session.commit()
    html = page_text(client.get("/verdicts/"))
    assert html.index("Newer claim") < html.index("Older claim")
    assert "Draft claim" not in html
    assert f'href="/verdicts/{newer.slug}"' in html
    assert 'type="application/atom+xml"' in html
    # a correction moves a verdict to the top
    correct_verdict(desk, session, older, editor)
    html = page_text(client.get("/verdicts/"))
    assert html.index("Older claim") < html.index("Newer claim")
    assert "Corrected" in html
    assert draft.slug not in html


def test_index_filters_by_rating_and_text(client, desk, session):
    publish_verdict(desk, session, statement="Grain exports fell by half", rating="True")
    publish_verdict(desk, session, statement="Gas prices doubled", rating="False")
    html = page_text(client.get("/verdicts/?rating=True"))
    assert "Grain exports" in html and "Gas prices" not in html
    html = page_text(client.get("/verdicts/?q=gas"))
    assert "Gas prices" in html and "Grain exports" not in html
    html = page_text(client.get("/verdicts/?q=nothing-like-this"))
    assert "No verdict matches" in html


def test_index_paginates(app, client, desk, session):
    app.config["VERDICTS_PAGE_SIZE"] = 2
    for n in range(3):
        publish_verdict(desk, session, statement=f"Numbered claim {n}", private_source=False)
    first = page_text(client.get("/verdicts/"))
    assert "Numbered claim 2" in first and "Numbered claim 1" in first
    assert "Numbered claim 0" not in first and "Page 1 of 2" in first
    second = page_text(client.get("/verdicts/?page=2"))
    assert "Numbered claim 0" in second and "Numbered claim 2" not in second


# --- caching ----------------------------------------------------------------------------------


def test_verdict_page_answers_conditional_requests(client, desk, session):
    claim, editor = publish_verdict(desk, session)
    url = f"/verdicts/{claim.slug}"
    first = client.get(url)
    assert first.headers["Cache-Control"] in ("public, max-age=60", "max-age=60, public")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag and modified
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    since = client.get(url, headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    correct_verdict(desk, session, claim, editor)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    later = format_datetime(claim.latest_verdict.published_at.replace(year=2000), usegmt=True)
    assert client.get(url, headers={"If-Modified-Since": later}).status_code == 200


def test_settings_change_waits_for_a_correction_then_invalidates_the_etag(client, desk, session):
    claim, editor = publish_verdict(desk, session)
    url = f"/verdicts/{claim.slug}"
    etag = client.get(url).headers["ETag"]
    desk_settings(session).methodology = "A new methodology."
    session.commit()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    correct_verdict(desk, session, claim, editor)
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200 and "A new methodology." in page_text(response)


def test_index_is_cacheable_and_revalidates(client, desk, session):
    publish_verdict(desk, session)
    first = client.get("/verdicts/")
    assert "public" in first.headers["Cache-Control"]
    assert client.get("/verdicts/", headers={"If-None-Match": first.headers["ETag"]}
                      ).status_code == 304
    publish_verdict(desk, session, statement="A brand new verdict")
    assert client.get("/verdicts/", headers={"If-None-Match": first.headers["ETag"]}
                      ).status_code == 200


def test_404_is_not_publicly_cached(client):
    response = client.get("/verdicts/nothing-here")
    assert response.status_code == 404
    assert "public" not in response.headers.get("Cache-Control", "")


# --- query count ------------------------------------------------------------------------------


def counting_queries():  # type: ignore[no-untyped-def]
    """Count the SQL statements sent while the block runs."""
    return counting_statements(db.engine)


def test_verdict_page_uses_a_fixed_number_of_queries(app, client, desk, session):
    small, _ = publish_verdict(desk, session, sources=1)
    big, editor = publish_verdict(desk, session, sources=8)
    for n in range(3):
        correct_verdict(desk, session, big, editor, note=f"Correction {n}")
    small_url, big_url = f"/verdicts/{small.slug}", f"/verdicts/{big.slug}"
    with app.app_context():
        with counting_queries() as small_queries:
            assert client.get(small_url).status_code == 200
        with counting_queries() as big_queries:
            assert client.get(big_url).status_code == 200
    def selects(statements: list[str]) -> list[str]:
        return [s for s in statements if s.lstrip().upper().startswith("SELECT")]

    assert len(selects(big_queries)) == len(selects(small_queries))
    # Everything the verdict says is on the revisions: one query, whatever its size; beside
    # it, one for the appearances recorded since and one for the sources' link checks.
    assert len(selects(big_queries)) <= 3, selects(big_queries)


def test_badges_of_colours_saved_too_light_are_painted_readable(client, desk, session):
    """A colour stored before the form checked contrast keeps its class, darkened to 4.5:1."""
    desk.rating("Half true").colour = "#4d9f2a"
    session.commit()
    css = client.get("/verdicts/colours.css").text
    darker = readable_on_badge("#4d9f2a")
    assert f".colour-4d9f2a {{ --rating-colour: {darker}; }}" in css
    assert 4.5 <= contrast_ratio(darker) < 5
    assert readable_on_badge("#cf222e") == "#cf222e"
    assert readable_on_badge("#ffffff") != "#ffffff"
