"""What a public verdict page shows beside its frozen revision: facts about the world that
change after publication without changing the verdict.

**Archived copies.** A source of the newest revision whose live page the link check found
gone or changed links to the desk's own capture, served sandboxed from
``/verdicts/<slug>/sources/<id>/archived`` — only for public evidence of a public verdict whose
revision cites that URL.

**Appearances recorded later.** A published revision freezes where the claim had appeared when
it was published (the article, the link kept on the claim). Where it turns up afterwards is not
part of the verdict text — the rating, summary and sources are unchanged — so recording an
appearance needs no correction: no new revision, no ``dateModified``. The page lists every
appearance, frozen and recorded, newest first; the ClaimReview ``itemReviewed.appearance``
lists the frozen ones first (so ``firstAppearance`` never changes) and then the recorded ones
oldest first, so an entry once in the JSON-LD never moves. The page's ETag includes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from factcheck.models import Article, ClaimAppearance, Evidence, VerdictRevision
from factcheck.public.published import Appearance


def cited_urls(revision: VerdictRevision) -> set[str]:
    """The source URLs a revision cites."""
    return {s["url"] for s in revision.sources or [] if s.get("url")}


@dataclass(frozen=True)
class Beside:
    """What the page of one verdict shows beside its revision, and the ETag parts for it."""

    recorded: tuple[Appearance, ...]
    archived: dict[str, Evidence]
    parts: tuple[Any, ...]


def beside_verdict(session: Session, revision: VerdictRevision) -> Beside:
    """Appearances recorded since publication and the archived copies of cited sources that
    rotted, in two queries whatever their number."""
    rows = session.scalars(
        select(ClaimAppearance).where(ClaimAppearance.claim_id == revision.claim_id)
        .options(joinedload(ClaimAppearance.article)).order_by(ClaimAppearance.id)
    ).all()
    evidence = session.scalars(
        select(Evidence).where(Evidence.claim_id == revision.claim_id)
        .options(joinedload(Evidence.capture)).order_by(Evidence.id)
    ).all()
    urls = cited_urls(revision)
    archived = {
        e.url: e for e in evidence
        if e.url and e.is_public and e.url in urls and e.capture is not None and e.is_rotten
    }
    parts = (tuple(r.id for r in rows),
             tuple((e.id, e.link_state, e.capture_id, e.is_public) for e in evidence))
    return Beside(tuple(_appearance(r) for r in rows), archived, parts)


def archived_copy(session: Session, revision: VerdictRevision, evidence_id: int) -> Evidence:
    """The evidence whose capture a reader may open from this verdict; ``LookupError``
    unless it is public, on this claim, cited by the revision and captured."""
    evidence = session.get(Evidence, evidence_id)
    if (evidence is None or evidence.claim_id != revision.claim_id or not evidence.is_public
            or evidence.url not in cited_urls(revision) or evidence.capture_id is None):
        raise LookupError(evidence_id)
    return evidence


def _appearance(row: ClaimAppearance) -> Appearance:
    article: Article | None = row.article
    return Appearance(
        row.url or (article.url if article else None),
        article.title if article else None,
        article.outlet if article else None,
        row.appeared_on,
    )


def recorded_appearances(
    session: Session, claim_ids: Iterable[int]
) -> dict[int, list[Appearance]]:
    """Appearances recorded on each claim, oldest recorded first (one query, for feeds)."""
    ids = list(set(claim_ids))
    found: dict[int, list[Appearance]] = defaultdict(list)
    if not ids:
        return found
    rows = session.scalars(
        select(ClaimAppearance)
        .where(ClaimAppearance.claim_id.in_(ids))
        .options(joinedload(ClaimAppearance.article))
        .order_by(ClaimAppearance.id)
    ).all()
    for row in rows:
        found[row.claim_id].append(_appearance(row))
    return found
