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
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from factcheck.models import ROTTEN, Article, ClaimAppearance, Evidence, VerdictRevision
from factcheck.public.published import Appearance


def cited_urls(revision: VerdictRevision) -> set[str]:
    """The source URLs a revision cites."""
    return {s["url"] for s in revision.sources or [] if s.get("url")}


def archived_sources(session: Session, revision: VerdictRevision) -> dict[str, Evidence]:
    """The revision's cited URLs whose live page is gone or changed and which the desk
    holds a copy of, with the evidence entry that holds it."""
    urls = cited_urls(revision)
    if not urls:
        return {}
    rows = session.scalars(
        select(Evidence)
        .where(Evidence.claim_id == revision.claim_id, Evidence.is_public.is_(True),
               Evidence.url.in_(urls), Evidence.capture_id.is_not(None),
               Evidence.link_state.in_([str(s) for s in ROTTEN]))
        .order_by(Evidence.id)
    ).all()
    return {row.url: row for row in rows if row.url}


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


def recorded_appearances(session: Session, claim_ids: Iterable[int]) -> dict[int, list[Appearance]]:
    """Appearances recorded on each claim, oldest recorded first (one query)."""
    ids = list(set(claim_ids))
    found: dict[int, list[Appearance]] = defaultdict(list)
    if not ids:
        return found
    rows = session.scalars(
        select(ClaimAppearance)
        .where(ClaimAppearance.claim_id.in_(ids))
        .options(selectinload(ClaimAppearance.article))
        .order_by(ClaimAppearance.id)
    ).all()
    for row in rows:
        found[row.claim_id].append(_appearance(row))
    return found


def live_parts(session: Session, claim_id: int) -> tuple[Any, ...]:
    """What the page shows beside the revision, for its ETag: the claim's appearances and
    the link-check findings of its evidence."""
    appearances = session.execute(
        select(func.count(ClaimAppearance.id), func.max(ClaimAppearance.id))
        .where(ClaimAppearance.claim_id == claim_id)
    ).one()
    links = session.execute(
        select(Evidence.id, Evidence.link_state, Evidence.capture_id)
        .where(Evidence.claim_id == claim_id).order_by(Evidence.id)
    ).all()
    return (tuple(appearances), tuple(tuple(row) for row in links))
