"""Which sentences of an article repeat a claim already on the desk.

Each sentence is looked up with the matcher's :func:`~factcheck.matching.find_similar` (the
same scoring and threshold as the "similar claims" panel); a match whose figures differ
("1,500 wagons" / "15,000 wagons") is another claim and is not offered. The claims opened from
this article's own passages are left out: they are highlighted already.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from factcheck.matching import find_similar
from factcheck.models import Article, Claim, ClaimAppearance
from factcheck.operations.appearances import Sighting, record_found_appearance
from factcheck.operations.session import DbSession
from factcheck.operations.suggestions import stored_suggestions
from factcheck.suggestions.sentences import split_sentences

#: Sentences shorter than this are headings and bylines, not claims.
MIN_SENTENCE = 30
#: Sentences looked up per article at most (a very long text is cut here, in order): each is
#: one matcher lookup, and the article page waits for them.
MAX_SENTENCES = 60


class Passage(Protocol):
    """A stretch of the article's text (a sentence, a suggestion)."""

    @property
    def start(self) -> int: ...  # noqa: D102

    @property
    def end(self) -> int: ...  # noqa: D102

    @property
    def text(self) -> str: ...  # noqa: D102


@dataclass(frozen=True)
class OnTheDesk:
    """A sentence of the article that says what a desk claim says."""

    start: int
    end: int
    text: str
    claim: Claim
    score: float | None
    recorded: bool
    appearance_id: int | None = None


def _own(article: Article, start: int, end: int) -> bool:
    return any(
        c.quote_start is not None and c.quote_end is not None
        and c.quote_start < end and start < c.quote_end
        for c in article.claims
    )


def claims_on_the_desk(
    session: DbSession, article: Article, candidates: Sequence[Passage] | None = None
) -> list[OnTheDesk]:
    """The article's sentences that repeat a claim on the desk, in text order, each with the
    best claim and whether that appearance is recorded already.

    ``candidates`` narrows the lookup (the article page passes its claim suggestions, the
    sentences worth checking, so the page stays quick); every sentence by default.
    """
    recorded = {(a.claim_id, a.quote_start) for a in article_appearances(session, article)}
    own_claims = {c.id for c in article.claims}
    found = []
    passages = split_sentences(article.body) if candidates is None else candidates
    sentences = sorted((s for s in passages if len(s.text) >= MIN_SENTENCE),
                       key=lambda s: s.start)
    for sentence in sentences[:MAX_SENTENCES]:
        if _own(article, sentence.start, sentence.end):
            continue
        matches = [m for m in find_similar(session, sentence.text, limit=1)
                   if not m.numbers_differ and m.claim.id not in own_claims]
        if matches:
            best = matches[0]
            found.append(OnTheDesk(sentence.start, sentence.end, sentence.text, best.claim,
                                   best.score, (best.claim.id, sentence.start) in recorded))
    return found


def article_appearances(session: DbSession, article: Article) -> list[ClaimAppearance]:
    """Appearances already recorded from this article."""
    return list(session.scalars(
        select(ClaimAppearance).where(ClaimAppearance.article_id == article.id)
    ))


def recorded_on_the_desk(session: DbSession, article: Article) -> list[OnTheDesk]:
    """The article's passages recorded as appearances of desk claims, in text order: what the
    article page marks (one query; the lookups ran in the job)."""
    rows = session.scalars(
        select(ClaimAppearance)
        .where(ClaimAppearance.article_id == article.id)
        .options(joinedload(ClaimAppearance.claim))
        .order_by(ClaimAppearance.quote_start, ClaimAppearance.id)
    )
    return [
        OnTheDesk(a.quote_start, a.quote_end, a.quote, a.claim, None, True, a.id)
        for a in rows if a.quote_start is not None and a.quote_end is not None
    ]


def record_found(session: DbSession, article: Article) -> list[ClaimAppearance]:
    """Record, as appearances, the suggested sentences of ``article`` that repeat a desk
    claim (see :func:`claims_on_the_desk`); the new ones. Flushes, never commits."""
    suggested = stored_suggestions(session, article)
    if not suggested:
        return []
    recorded = []
    for found in claims_on_the_desk(session, article, suggested):
        if found.recorded:
            continue
        sighting = Sighting("", article, found.start, found.end)
        appearance = record_found_appearance(session, found.claim, sighting, found.score or 0.0)
        if appearance is not None:
            recorded.append(appearance)
    return recorded
