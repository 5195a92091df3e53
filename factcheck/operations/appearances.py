"""Recording that a claim on the desk appeared again (an article, a quote, a date).

An appearance is a fact about the world, not part of the verdict: recording one on a published
claim needs no correction and makes no new revision (see :mod:`factcheck.public.beside` for how
the public page and ClaimReview show it). Editors record them; each writes an event on the
claim in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from factcheck.models import Article, Claim, ClaimAppearance, User, utcnow
from factcheck.operations.errors import InvalidInput
from factcheck.operations.events import record
from factcheck.operations.session import DbSession
from factcheck.workflow import require_editor


@dataclass
class Sighting:
    """Where the claim turned up: a passage of an article on the desk, or a link."""

    quote: str
    article: Article | None = None
    start: int | None = None
    end: int | None = None
    url: str | None = None
    appeared_on: date | None = None

    def validate(self) -> None:
        """The quote must be the article's text at the offsets, or be given with a link."""
        if self.article is not None:
            body = self.article.body
            if (self.start is None or self.end is None
                    or not 0 <= self.start < self.end <= len(body)):
                raise InvalidInput("The passage is not in the article; reload the page.")
            self.quote = body[self.start:self.end]
        elif not (self.url or "").strip():
            raise InvalidInput("Give the link where the claim appeared.", field="url")
        if not self.quote.strip():
            raise InvalidInput("Quote what was said.", field="quote")


def record_appearance(
    session: DbSession, actor: User, claim: Claim, sighting: Sighting
) -> ClaimAppearance:
    """Record that ``claim`` appeared again; refused when that passage is recorded already."""
    require_editor(actor, "record where a claim appeared")
    sighting.validate()
    article = sighting.article
    if article is not None and session.scalar(
        select(ClaimAppearance.id).where(
            ClaimAppearance.claim_id == claim.id,
            ClaimAppearance.article_id == article.id,
            ClaimAppearance.quote_start == sighting.start,
        )
    ):
        raise InvalidInput(f"This passage is already recorded as an appearance of claim "
                           f"#{claim.id}.")
    appearance = ClaimAppearance(
        claim=claim,
        article=article,
        url=(sighting.url or "").strip() or (article.url if article else None),
        appeared_on=sighting.appeared_on or (article.published_on if article else None),
        quote=sighting.quote.strip(),
        quote_start=sighting.start if article else None,
        quote_end=sighting.end if article else None,
        recorded_by=actor,
        created_at=utcnow(),
    )
    session.add(appearance)
    session.flush()
    record(session, claim, actor, "appearance_recorded", touches_claim=False, payload={
        "appearance_id": appearance.id, "article_id": article.id if article else None,
        "url": appearance.url, "quote": appearance.quote[:300],
        "appeared_on": appearance.appeared_on.isoformat() if appearance.appeared_on else None,
    })
    session.flush()
    return appearance
