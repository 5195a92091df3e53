"""What the public site reads: published verdicts only, in a fixed handful of queries.

A claim is public when it has at least one ``VerdictRevision`` (and has not been dismissed).
Readers always see the newest revision, never the claim's draft fields, so a published claim
being reworked on the desk keeps showing its last published verdict until a correction is
published. The latest revision of many claims is fetched in one query (a ``max(number)``
subquery joined back to the revisions), so listings and feeds cost the same whatever their
size, and never one query per verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from math import ceil
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, DeskSettings, Rating, VerdictRevision
from factcheck.operations.events import desk_settings
from factcheck.workflow import State


@dataclass(frozen=True)
class Appearance:
    """Where a claim was made: an article, or a link kept on the claim itself."""

    url: str | None
    headline: str | None = None
    outlet: str | None = None
    published_on: date | None = None


@dataclass(frozen=True)
class PublicVerdict:
    """One published verdict as readers and machines see it: the newest revision plus the few
    claim facts that are not part of a revision (slug, claim date, where it appeared)."""

    slug: str
    revision: VerdictRevision
    first_published_at: datetime
    claim_date: date | None
    appearances: tuple[Appearance, ...]

    @property
    def is_corrected(self) -> bool:
        """Whether a correction has been published since the first verdict."""
        return self.revision.number > 1

    @property
    def last_corrected_at(self) -> datetime | None:
        """When the newest correction was published; ``None`` for an uncorrected verdict."""
        return self.revision.published_at if self.is_corrected else None


@dataclass(frozen=True)
class ScaleBounds:
    """The best and worst numeric ratings of the scale (ClaimReview bestRating/worstRating)."""

    best: int | None
    worst: int | None


@dataclass(frozen=True)
class Page:
    """One page of a listing."""

    items: list[PublicVerdict]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least one, even when empty)."""
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        """Whether a later page exists."""
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        """Whether an earlier page exists."""
        return self.page > 1


def _latest_numbers() -> Any:
    """``claim_id → max(number)``: which revision of each claim is the newest."""
    return (
        select(
            VerdictRevision.claim_id.label("claim_id"),
            func.max(VerdictRevision.number).label("number"),
        )
        .group_by(VerdictRevision.claim_id)
        .subquery("latest")
    )


def _public_rows() -> Select:
    """The newest revision of every public claim, with the claim and article facts shown."""
    latest = _latest_numbers()
    return (
        select(
            VerdictRevision,
            Claim.slug,
            Claim.first_published_at,
            Claim.claim_date,
            Claim.appearance_url,
            Article.outlet,
            Article.title,
            Article.url,
            Article.published_on,
        )
        .join(
            latest,
            and_(
                latest.c.claim_id == VerdictRevision.claim_id,
                latest.c.number == VerdictRevision.number,
            ),
        )
        .join(Claim, Claim.id == VerdictRevision.claim_id)
        .outerjoin(Article, Article.id == Claim.article_id)
        .where(Claim.state != State.DISMISSED)
    )


def _appearances(
    appearance_url: str | None,
    outlet: str | None,
    title: str | None,
    article_url: str | None,
    published_on: date | None,
) -> tuple[Appearance, ...]:
    found = []
    if outlet is not None or title is not None:
        found.append(Appearance(article_url, title, outlet, published_on))
    if appearance_url and appearance_url != article_url:
        found.append(Appearance(appearance_url))
    return tuple(found)


def _verdict(row: Any) -> PublicVerdict:
    revision, slug, first_published_at, claim_date, appearance_url, *article = row
    return PublicVerdict(
        slug=slug,
        revision=revision,
        first_published_at=first_published_at or revision.published_at,
        claim_date=claim_date,
        appearances=_appearances(appearance_url, *article),
    )


def _newest_first(stmt: Select) -> Select:
    return stmt.order_by(VerdictRevision.published_at.desc(), VerdictRevision.id.desc())


def _filtered(stmt: Select, rating: str | None, text: str | None) -> Select:
    if rating:
        stmt = stmt.where(VerdictRevision.rating_label == rating)
    if text and text.strip():
        pattern = f"%{text.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(VerdictRevision.statement).like(pattern),
                func.lower(func.coalesce(VerdictRevision.claimant, "")).like(pattern),
                func.lower(VerdictRevision.summary).like(pattern),
            )
        )
    return stmt


def verdict_page(
    session: Session,
    page: int,
    per_page: int,
    *,
    rating: str | None = None,
    text: str | None = None,
) -> Page:
    """Published verdicts newest first (by their latest revision), filtered and paginated."""
    stmt = _filtered(_public_rows(), rating, text)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = max(1, page)
    rows = session.execute(_newest_first(stmt).limit(per_page).offset((page - 1) * per_page))
    return Page([_verdict(row) for row in rows], page, per_page, total)


def newest_verdicts(session: Session, limit: int) -> list[PublicVerdict]:
    """The ``limit`` most recently published or corrected verdicts (for the Atom feed)."""
    rows = session.execute(_newest_first(_public_rows()).limit(limit))
    return [_verdict(row) for row in rows]


def published_verdict(session: Session, slug: str) -> tuple[PublicVerdict, list[VerdictRevision]]:
    """The public verdict at ``slug`` and every revision of it, oldest first.

    Two queries whatever the number of sources or corrections (sources are JSON on the
    revision). Raises ``LookupError`` when no public verdict has this slug.
    """
    row = session.execute(
        select(
            Claim.id,
            Claim.slug,
            Claim.first_published_at,
            Claim.claim_date,
            Claim.appearance_url,
            Article.outlet,
            Article.title,
            Article.url,
            Article.published_on,
        )
        .outerjoin(Article, Article.id == Claim.article_id)
        .where(Claim.slug == slug, Claim.state != State.DISMISSED)
    ).first()
    if row is None:
        raise LookupError(slug)
    claim_id, slug, first_published_at, claim_date, appearance_url = row[:5]
    outlet, title, article_url, published_on = row[5:]
    revisions = list(
        session.scalars(
            select(VerdictRevision)
            .where(VerdictRevision.claim_id == claim_id)
            .order_by(VerdictRevision.number)
        )
    )
    if not revisions:
        raise LookupError(slug)
    verdict = PublicVerdict(
        slug=slug,
        revision=revisions[-1],
        first_published_at=first_published_at or revisions[0].published_at,
        claim_date=claim_date,
        appearances=_appearances(appearance_url, outlet, title, article_url, published_on),
    )
    return verdict, revisions


def scale_bounds(session: Session) -> ScaleBounds:
    """The highest and lowest numeric rating values of the scale."""
    best, worst = session.execute(select(func.max(Rating.value), func.min(Rating.value))).one()
    return ScaleBounds(best=best, worst=worst)


def rating_choices(session: Session) -> list[tuple[str, str]]:
    """Labels and colours of the rating scale in order, for the index filter."""
    rows = session.execute(select(Rating.label, Rating.colour).order_by(Rating.position))
    return [(label, colour) for label, colour in rows]


@dataclass(frozen=True)
class Freshness:
    """What changes whenever any public page could change: the validator for caches."""

    count: int
    newest_revision_id: int | None
    newest_published_at: datetime | None
    newest_claim_change: datetime | None

    def parts(self) -> tuple[Any, ...]:
        """The values an ETag is hashed from."""
        return (
            self.count,
            self.newest_revision_id,
            self.newest_published_at.isoformat() if self.newest_published_at else None,
            self.newest_claim_change.isoformat() if self.newest_claim_change else None,
        )


def freshness(session: Session) -> Freshness:
    """One aggregate query over the public revisions.

    Revisions are immutable and their ids only grow, so the count and the newest id change
    with every publish and correction; the newest claim change covers the few facts shown
    from the claim itself (claim date, where it appeared).
    """
    count, newest_id, newest_at, claim_change = session.execute(
        select(
            func.count(VerdictRevision.id),
            func.max(VerdictRevision.id),
            func.max(VerdictRevision.published_at),
            func.max(Claim.updated_at),
        )
        .join(Claim, Claim.id == VerdictRevision.claim_id)
        .where(Claim.state != State.DISMISSED)
    ).one()
    return Freshness(count, newest_id, _aware(newest_at), _aware(claim_change))


def _aware(value: datetime | str | None) -> datetime | None:
    """Aggregates bypass the column type on SQLite, so ``max()`` of a timestamp comes back as
    text or a naive datetime; bring it back to an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def sitemap_entries(session: Session) -> list[tuple[str, datetime]]:
    """Every public slug with the date of its newest revision."""
    rows = session.execute(
        select(Claim.slug, func.max(VerdictRevision.published_at))
        .join(VerdictRevision, VerdictRevision.claim_id == Claim.id)
        .where(Claim.state != State.DISMISSED)
        .group_by(Claim.id, Claim.slug)
        .order_by(Claim.slug)
    )
    return [(slug, _aware(when)) for slug, when in rows]  # type: ignore[misc]


def settings(session: Session) -> DeskSettings:
    """The desk settings (organisation, logo, methodology) the public pages show."""
    return desk_settings(session)


def settings_parts(desk: DeskSettings) -> tuple[Any, ...]:
    """The settings values that appear on public pages, for the ETag."""
    return (desk.organisation_name, desk.organisation_url, desk.logo_url, desk.methodology)
