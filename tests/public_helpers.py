"""Building published verdicts for the public-site tests, through the real services."""

from __future__ import annotations

from datetime import date
from typing import Any

from factcheck.models import Claim, User, VerdictRevision
from factcheck.operations import publishing
from factcheck.workflow import Role, State

SUMMARY = "Customs records show no such detentions."
EXPLANATION = "Customs data show **no** such detentions. <script>alert('x')</script>"


def publish_verdict(
    desk: Any,
    session: Any,
    *,
    sources: int = 1,
    rating: str = "False",
    with_article: bool = True,
    private_source: bool = True,
    **claim_kwargs: Any,
) -> tuple[Claim, User]:
    """A claim published with ``sources`` public sources (and one private one); returns the
    claim and the editor who published it."""
    editor = desk.editor()
    checker = desk.user(Role.CHECKER)
    appearance_url = claim_kwargs.pop("appearance_url", None)
    article = None
    if with_article:
        article = desk.article(
            outlet="BelTA",
            title="Lukashenko speaks about the border",
            url="https://belta.example/news/border",
            published_on=date(2022, 3, 14),
        )
    claim = desk.claim(
        State.SOURCED, assignee=checker, editor=editor, article=article, **claim_kwargs
    )
    claim.appearance_url = appearance_url
    session.flush()
    for n in range(2, sources + 1):
        desk.evidence(
            claim,
            checker,
            title=f"Rail freight register {n}",
            url=f"https://stats.example/register/{n}",
            source_date=date(2022, 3, n),
        )
    if private_source:
        desk.evidence(
            claim,
            checker,
            title="Phone call with a border official",
            url=None,
            is_public=False,
            private_reason="The official spoke on condition of anonymity",
            notes="PRIVATE-NOTE call back Tuesday",
        )
    publishing.rate(
        session,
        checker,
        claim,
        claim.version,
        rating=desk.rating(rating),
        summary=SUMMARY,
        explanation=EXPLANATION,
    )
    publishing.publish(session, editor, claim, claim.version)
    session.commit()
    return claim, editor


def correct_verdict(
    desk: Any,
    session: Any,
    claim: Claim,
    editor: User,
    *,
    note: str = "We misread the customs table; the rating changed.",
    rating: str = "Mostly false",
    summary: str = "Some wagons were held, far fewer than claimed.",
) -> VerdictRevision:
    """Publish a correction of ``claim`` and commit it."""
    revision = publishing.correct(
        session,
        editor,
        claim,
        claim.version,
        correction_note=note,
        rating=desk.rating(rating),
        summary=summary,
        explanation="Customs data show 40 detentions.",
    )
    session.commit()
    return revision


def feed_reviews(feed: dict[str, Any]) -> list[dict[str, Any]]:
    """The ClaimReviews of a DataFeed page, out of their ``DataFeedItem`` wrappers."""
    return [review for element in feed["dataFeedElement"] for review in element["item"]]
