"""The ClaimReview builder on its own: no database, no Flask."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from factcheck import claimreview
from factcheck.models import VerdictRevision
from factcheck.public.published import Appearance, PublicVerdict, ScaleBounds

BOUNDS = ScaleBounds(best=5, worst=1)
PUBLISHER = claimreview.Publisher("Border Check", "https://bordercheck.example/")
FIRST = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)


def verdict(number: int = 1, label: str = "False", value: int | None = 1,
            claimant: str | None = "Alexander Lukashenko",
            appearances: tuple[Appearance, ...] = ()) -> PublicVerdict:
    revision = VerdictRevision(
        number=number, statement="Ukraine detained 1,500 wagons", claimant=claimant,
        rating_label=label, rating_value=value, rating_colour="#cf222e", summary="No record.",
        published_at=FIRST if number == 1 else datetime(2026, 11, 5, tzinfo=UTC), sources=[],
        claim_date=date(2022, 3, 15),
        appearances=[
            {"url": a.url, "headline": a.headline, "outlet": a.outlet,
             "published_on": a.published_on.isoformat() if a.published_on else None}
            for a in appearances
        ],
    )
    return PublicVerdict("ukraine-detained", revision, FIRST)


def review(v: PublicVerdict) -> dict:
    return claimreview.claim_review(v, url="https://x.example/v", publisher=PUBLISHER,
                                    bounds=BOUNDS)


@pytest.mark.parametrize(
    ("claimant", "kind"),
    [
        ("Alexander Lukashenko", "Person"),
        ("Ministry of Defence of Belarus", "Organization"),
        ("State Border Committee", "Organization"),
        ("Acme Inc", "Organization"),
        ("Labour Party", "Organization"),
        ("Jan Partyka", "Person"),  # a whole word only
    ],
)
def test_claimant_heuristic(claimant: str, kind: str) -> None:
    assert claimreview.claimant_entity(claimant) == {"@type": kind, "name": claimant}


def test_no_claimant_means_no_author() -> None:
    assert claimreview.claimant_entity("  ") is None
    assert "author" not in review(verdict(claimant=None))["itemReviewed"]


def test_numeric_rating_carries_value_and_scale_bounds() -> None:
    assert review(verdict(label="Mostly true", value=4))["reviewRating"] == {
        "@type": "Rating", "ratingValue": 4, "bestRating": 5, "worstRating": 1,
        "alternateName": "Mostly true", "name": "Mostly true", "ratingExplanation": "No record.",
    }


def test_valueless_rating_omits_the_numbers() -> None:
    rating = review(verdict(label="Unproven", value=None))["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Unproven", "name": "Unproven",
                      "ratingExplanation": "No record."}
    assert not {"ratingValue", "bestRating", "worstRating"} & rating.keys()


def test_bounds_stretch_to_a_value_outside_todays_scale() -> None:
    rating = claimreview.review_rating("Pants on fire", 0, BOUNDS)
    assert (rating["worstRating"], rating["ratingValue"], rating["bestRating"]) == (0, 0, 5)


def test_date_modified_only_for_corrected_verdicts() -> None:
    assert "dateModified" not in review(verdict())
    corrected = review(verdict(number=2))
    assert corrected["datePublished"] == FIRST.isoformat()
    assert corrected["dateModified"] == "2026-11-05T00:00:00+00:00"


def test_appearances_article_first_then_the_claims_own_link() -> None:
    article = Appearance("https://belta.example/a", "Headline", "BelTA", date(2022, 3, 14))
    post = Appearance("https://social.example/p")
    item = review(verdict(appearances=(article, post)))["itemReviewed"]
    assert item["firstAppearance"]["publisher"] == {"@type": "Organization", "name": "BelTA"}
    assert [w["url"] for w in item["appearance"]] == [article.url, post.url]
    assert "appearance" not in review(verdict())["itemReviewed"]


def test_author_logo_only_when_set() -> None:
    assert "logo" not in review(verdict())["author"]
    with_logo = claimreview.organisation(
        claimreview.Publisher("Border Check", None, "https://b.example/logo.png"))
    assert with_logo == {"@type": "Organization", "name": "Border Check",
                         "logo": {"@type": "ImageObject", "url": "https://b.example/logo.png"}}


def test_data_feed_wraps_each_review_as_a_data_feed_item() -> None:
    first, corrected = review(verdict()), review(verdict(number=2))
    feed = claimreview.data_feed([first, corrected], url="https://x.example/feed",
                                 publisher=PUBLISHER, modified=None)
    assert feed["dataFeedElement"] == [
        {"@type": "DataFeedItem", "item": [first], "dateCreated": FIRST.isoformat(),
         "dateModified": FIRST.isoformat()},
        {"@type": "DataFeedItem", "item": [corrected], "dateCreated": FIRST.isoformat(),
         "dateModified": "2026-11-05T00:00:00+00:00"},
    ]
