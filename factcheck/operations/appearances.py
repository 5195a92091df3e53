"""Recording that a claim on the desk appeared again (an article, a quote, a date).

An appearance is a fact about the world, not part of the verdict: recording one on a published
claim needs no correction and makes no new revision (see :mod:`factcheck.public.beside` for how
the public page and ClaimReview show it). The desk records them by itself when an article
arrives (:mod:`factcheck.appearances.detect`, in a job) and tells the claim's checker and the
editors; editors record the ones it missed and remove the ones it got wrong. Each writes an
event on the claim in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from factcheck.models import (
    Article,
    Claim,
    ClaimAppearance,
    Event,
    NotificationKind,
    User,
    utcnow,
)
from factcheck.notifications import creating as notifications
from factcheck.operations.errors import InvalidInput
from factcheck.operations.events import record
from factcheck.operations.session import DbSession
from factcheck.workflow import Role, require_editor
from factcheck.workflow.terms import N_

#: The job that looks through an article's suggested sentences for claims on the desk
#: (:mod:`factcheck.appearances.jobs`).
FIND_APPEARANCES_JOB = "appearances.find"


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
                raise InvalidInput(N_("The passage is not in the article; reload the page."))
            self.quote = body[self.start:self.end]
        elif not (self.url or "").strip():
            raise InvalidInput(N_("Give the link where the claim appeared."), field="url")
        if not self.quote.strip():
            raise InvalidInput(N_("Quote what was said."), field="quote")


def record_appearance(
    session: DbSession, actor: User, claim: Claim, sighting: Sighting
) -> ClaimAppearance:
    """Record that ``claim`` appeared again; refused when that passage is recorded already."""
    require_editor(actor, N_("record where a claim appeared"))
    sighting.validate()
    if _recorded_already(session, claim, sighting):
        raise InvalidInput(
            N_("This passage is already recorded as an appearance of claim #%(id)s."), id=claim.id
        )
    return _add(session, actor, claim, sighting, "appearance_recorded")


def record_found_appearance(
    session: DbSession, claim: Claim, sighting: Sighting, score: float
) -> ClaimAppearance | None:
    """The desk found ``claim`` repeated in an article (no one's action): record it, unless
    that passage is recorded already or was removed by an editor as not an appearance, and
    tell the claim's checker and every editor (at most once a day per claim)."""
    sighting.validate()
    if _recorded_already(session, claim, sighting) or _removed_before(session, claim, sighting):
        return None
    appearance = _add(session, None, claim, sighting, "appearance_found", score=score)
    article = sighting.article
    note = f"{article.outlet}: {article.title}" if article is not None else sighting.url
    editors = session.scalars(
        select(User).where(User.role.in_([Role.EDITOR, Role.ADMIN]), User.active.is_(True))
        .order_by(User.id)
    )
    for person in notifications.people(claim.assignee, *editors):
        notifications.notify(session, person, claim, NotificationKind.REAPPEARED, note=note,
                             day=utcnow().date())
    return appearance


def remove_appearance(session: DbSession, actor: User, appearance: ClaimAppearance) -> None:
    """An editor says a recorded passage does not repeat the claim: it leaves the claim and its
    public page (no correction needed), and the desk does not record it again."""
    require_editor(actor, N_("remove an appearance"))
    claim = appearance.claim
    record(session, claim, actor, "appearance_removed", touches_claim=False, payload={
        "appearance_id": appearance.id,
        "article_id": appearance.article_id, "quote_start": appearance.quote_start,
        "url": appearance.url, "quote": appearance.quote[:300],
    })
    session.delete(appearance)
    session.flush()


def _recorded_already(session: DbSession, claim: Claim, sighting: Sighting) -> bool:
    article = sighting.article
    return article is not None and session.scalar(
        select(ClaimAppearance.id).where(
            ClaimAppearance.claim_id == claim.id,
            ClaimAppearance.article_id == article.id,
            ClaimAppearance.quote_start == sighting.start,
        )
    ) is not None


def _removed_before(session: DbSession, claim: Claim, sighting: Sighting) -> bool:
    """Whether an editor removed this very passage from this claim's appearances."""
    article = sighting.article
    if article is None:
        return False
    removed = session.scalars(
        select(Event.payload).where(Event.claim_id == claim.id,
                                    Event.kind == "appearance_removed")
    )
    return any(p.get("article_id") == article.id and p.get("quote_start") == sighting.start
               for p in removed)


def _add(
    session: DbSession, actor: User | None, claim: Claim, sighting: Sighting, kind: str,
    score: float | None = None,
) -> ClaimAppearance:
    article = sighting.article
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
    payload: dict[str, object] = {
        "appearance_id": appearance.id, "article_id": article.id if article else None,
        "url": appearance.url, "quote": appearance.quote[:300],
        "appeared_on": appearance.appeared_on.isoformat() if appearance.appeared_on else None,
    }
    if score is not None:
        payload["similarity"] = score
    record(session, claim, actor, kind, touches_claim=False, payload=payload)
    session.flush()
    return appearance
