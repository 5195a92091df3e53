"""schema.org ClaimReview objects for published verdicts, shared by the verdict pages
(JSON-LD) and the ClaimReview DataFeed, so search engines read the same thing everywhere.

No Flask here: callers pass the absolute URLs.

Mapping
-------
- ``claimReviewed`` — the statement as published in the newest revision.
- ``datePublished`` — the first publication; ``dateModified`` — the newest correction, and only
  when the verdict has been corrected (an uncorrected verdict has no modification to report).
- ``inLanguage`` — the language the claim was published in (ISO 639-1), when known.
- ``author`` — the desk's organisation (name, url, logo when one is set).
- ``reviewRating`` — ``alternateName`` and ``name`` are the verdict label ("Mostly false"),
  ``ratingExplanation`` the verdict's one-line summary.
  For a rating on the numeric true–false line, ``ratingValue`` is its value and
  ``bestRating``/``worstRating`` the highest and lowest values of the desk's scale.

  **Ratings without a numeric value** (Unproven, Misleading) omit ``ratingValue``,
  ``bestRating`` and ``worstRating`` altogether and carry only the label. Google's ClaimReview
  documentation asks for ``ratingValue`` *for numeric ratings* and for ``alternateName``
  always; inventing a number (``-1``, ``0``, the middle of the scale) would place "Misleading"
  somewhere on the true–false line, which is exactly what the label says it is not, and a
  value outside best/worst makes the markup invalid. So the text label is the verdict.
- ``itemReviewed`` — a ``Claim`` with ``author`` (the claimant, see :func:`claimant_entity`),
  ``datePublished`` (the claim date), ``appearance`` (every place it appeared: the article —
  url, headline, publisher — and/or the link kept on the claim — then every appearance recorded
  after publication, oldest first; see :mod:`factcheck.public.beside`) and ``firstAppearance``
  (the first of those: the article when there is one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.public.published import Appearance, PublicVerdict, ScaleBounds


#: About how much of ``claimReviewed`` Google's Fact Check Explorer shows before cutting it.
CLAIM_REVIEWED_SHOWN = 75


@dataclass(frozen=True)
class Publisher:
    """The organisation that publishes the verdicts (from the desk settings)."""

    name: str
    url: str | None = None
    logo_url: str | None = None


# Words that make a claimant an organisation rather than a person. Deliberately simple: a
# whole word match, so "Partyka" stays a person while "Labour Party" is an organisation.
ORGANISATION_WORDS = (
    "ministry", "agency", "party", "inc", "ltd", "llc", "plc", "gmbh", "corp", "corporation",
    "company", "government", "office", "council", "committee", "department", "commission",
    "bureau", "service", "authority", "authorities", "administration", "parliament", "senate",
    "assembly", "embassy", "police", "army", "forces", "institute", "university", "bank",
    "association", "union", "foundation", "organisation", "organization", "news", "times",
    "channel", "tv", "radio", "kremlin", "group", "federation", "league", "club", "court",
)  # fmt: skip
_ORGANISATION_RE = re.compile(r"\b(" + "|".join(ORGANISATION_WORDS) + r")\b", re.IGNORECASE)


def claimant_entity(claimant: str | None) -> dict[str, Any] | None:
    """The claimant as a schema.org ``Person`` or ``Organization``.

    Heuristic: a name containing an organisation word (Ministry, Agency, Party, Inc, …) is an
    ``Organization``; any other name is a ``Person``. ``None`` when nobody is named.
    """
    if not claimant or not claimant.strip():
        return None
    kind = "Organization" if _ORGANISATION_RE.search(claimant) else "Person"
    return {"@type": kind, "name": claimant.strip()}


def review_rating(
    label: str, value: int | None, bounds: ScaleBounds, explanation: str | None = None
) -> dict[str, Any]:
    """The ``Rating`` of a verdict; see the module docstring for valueless ratings.
    ``explanation``: the verdict's one-line summary (``ratingExplanation``)."""
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": label, "name": label}
    if explanation:
        rating["ratingExplanation"] = explanation
    if value is None:
        return rating
    best = max(v for v in (bounds.best, value) if v is not None)
    worst = min(v for v in (bounds.worst, value) if v is not None)
    rating.update(ratingValue=value, bestRating=best, worstRating=worst)
    return rating


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _creative_work(appearance: Appearance) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if appearance.url:
        work["url"] = appearance.url
    if appearance.headline:
        work["headline"] = appearance.headline
    if appearance.published_on:
        work["datePublished"] = appearance.published_on.isoformat()
    if appearance.outlet:
        work["publisher"] = {"@type": "Organization", "name": appearance.outlet}
    return work


def item_reviewed(verdict: PublicVerdict) -> dict[str, Any]:
    """The ``Claim`` that was checked: who said it, when and where."""
    claim: dict[str, Any] = {"@type": "Claim"}
    author = claimant_entity(verdict.revision.claimant)
    if author:
        claim["author"] = author
    if verdict.claim_date:
        claim["datePublished"] = verdict.claim_date.isoformat()
    works = [_creative_work(a) for a in verdict.every_appearance]
    if works:
        claim["appearance"] = works
        claim["firstAppearance"] = works[0]
    return claim


def organisation(publisher: Publisher) -> dict[str, Any]:
    """The publishing organisation as a schema.org ``Organization``."""
    org: dict[str, Any] = {"@type": "Organization", "name": publisher.name}
    if publisher.url:
        org["url"] = publisher.url
    if publisher.logo_url:
        org["logo"] = {"@type": "ImageObject", "url": publisher.logo_url}
    return org


def claim_review(
    verdict: PublicVerdict, *, url: str, publisher: Publisher, bounds: ScaleBounds
) -> dict[str, Any]:
    """The ClaimReview of one published verdict (without ``@context``; see :func:`document`)."""
    revision = verdict.revision
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": revision.statement,
        "datePublished": _iso(verdict.first_published_at),
        "author": organisation(publisher),
        "reviewRating": review_rating(revision.rating_label, revision.rating_value, bounds,
                                      revision.summary),
        "itemReviewed": item_reviewed(verdict),
        "reviewBody": revision.summary,
    }
    if revision.language:
        review["inLanguage"] = revision.language
    if verdict.last_corrected_at is not None:
        review["dateModified"] = _iso(verdict.last_corrected_at)
    return review


def document(thing: dict[str, Any]) -> dict[str, Any]:
    """A top-level JSON-LD document: ``thing`` with the schema.org context."""
    return {"@context": "https://schema.org", **thing}


def data_feed(
    reviews: list[dict[str, Any]],
    *,
    url: str,
    publisher: Publisher,
    modified: datetime | None,
) -> dict[str, Any]:
    """A schema.org ``DataFeed`` of ClaimReviews, each wrapped as a ``DataFeedItem`` (with
    ``item: [ClaimReview]``, ``dateCreated`` and ``dateModified``) as the shared fact-check
    feeds are shaped."""
    feed: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "url": url,
        "name": f"{publisher.name}: fact-check verdicts",
        "publisher": organisation(publisher),
        "dataFeedElement": [feed_item(review) for review in reviews],
    }
    if modified is not None:
        feed["dateModified"] = modified.isoformat()
    return feed


def feed_item(review: dict[str, Any]) -> dict[str, Any]:
    """One review as a ``DataFeedItem``: created when first published, modified at its newest
    correction (or at publication when never corrected)."""
    item: dict[str, Any] = {"@type": "DataFeedItem", "item": [review]}
    created = review.get("datePublished")
    if created:
        item["dateCreated"] = created
        item["dateModified"] = review.get("dateModified") or created
    return item
