"""What the public site reads: published verdicts only, in a fixed handful of queries.

A claim is public when it has at least one ``VerdictRevision`` (and has not been dismissed).
Readers see only revisions: the newest one carries the statement, where the claim appeared, the
rating as the scale defined it, the sources and the organisation, so nothing edited on the desk
afterwards — the claim, its evidence, the scale, the settings — reaches a public page until a
correction is published. From the claim itself only what publishing writes is read: its slug,
the publication times and whether it is still public. The site's masthead (organisation name,
logo) is the newest revision's.

Listings are driven by ``claims.last_published_at`` (kept by the publish and correct
operations) and its index on ``(last_published_at, id)``: a page newest first is a short walk
down that index, and each claim's newest revision is one lookup in the unique
``(claim_id, number)`` index. The ClaimReview feed pages by keyset (``after`` the last
``(last_published_at, id)`` shown), so a page deep in the feed costs the same as the first, and
never one query per verdict.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from math import ceil
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, tuple_
from sqlalchemy.orm import Session, aliased

from factcheck.models import Claim, ClaimAppearance, DeskSettings, VerdictRevision
from factcheck.operations.events import desk_settings
from factcheck.public.published import Masthead, PublicVerdict
from factcheck.validation.limits import MAX_PATH_ID
from factcheck.workflow import State

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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


def _is_public() -> Any:
    """The claims readers can see: published at least once and not dismissed since."""
    return and_(Claim.last_published_at.is_not(None), Claim.state != State.DISMISSED)


def _latest_number() -> Any:
    """The number of the claim's newest revision (correlated: one index lookup per claim)."""
    return (
        select(func.max(VerdictRevision.number))
        .where(VerdictRevision.claim_id == Claim.id)
        .correlate(Claim)
        .scalar_subquery()
    )


_SHOWN = (Claim.slug, Claim.first_published_at)


def _claims_page(limit: int, offset: int = 0, after: Cursor | None = None) -> Any:
    """The ids of one page of public claims, newest verdict first: a walk down the
    ``(last_published_at, id)`` index that stops after ``limit`` rows."""
    stmt = select(Claim.id, Claim.last_published_at).where(_is_public())
    if after is not None:
        stmt = stmt.where(
            tuple_(Claim.last_published_at, Claim.id) < (after.published_at, after.claim_id)
        )
    return (
        stmt.order_by(Claim.last_published_at.desc(), Claim.id.desc())
        .limit(limit)
        .offset(offset)
        .subquery("page")
    )


def _page_rows(page: Any) -> Select:
    """The newest revision and shown facts of the claims in ``page``, in its order.

    Limiting the claims first (rather than joining every revision, then limiting) keeps the
    plan a nested loop over at most a page of rows on both SQLite and PostgreSQL.
    """
    return (
        select(VerdictRevision, *_SHOWN, page.c.last_published_at, page.c.id)
        .select_from(page)
        .join(Claim, Claim.id == page.c.id)
        .join(
            VerdictRevision,
            and_(VerdictRevision.claim_id == Claim.id, VerdictRevision.number == _latest_number()),
        )
        .order_by(page.c.last_published_at.desc(), page.c.id.desc())
    )


def _public_rows() -> Select:
    """The newest revision of every public claim, with its slug and first publication
    (for filtered listings, whose filters are on the revision)."""
    return (
        select(VerdictRevision, *_SHOWN)
        .select_from(Claim)
        .join(
            VerdictRevision,
            and_(VerdictRevision.claim_id == Claim.id, VerdictRevision.number == _latest_number()),
        )
        .where(_is_public())
    )


def _verdict(row: Any) -> PublicVerdict:
    revision, slug, first_published_at = row
    return PublicVerdict(slug, revision, first_published_at or revision.published_at)


def _newest_first(stmt: Select) -> Select:
    return stmt.order_by(Claim.last_published_at.desc(), Claim.id.desc())


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
    """Published verdicts newest first (by their latest revision), filtered and paginated.

    For the index, which shows page numbers; unfiltered, the count reads only the claims index.
    """
    page = max(1, page)
    offset = (page - 1) * per_page
    rows: Sequence[Any]
    if rating or (text and text.strip()):
        stmt = _filtered(_public_rows(), rating, text)
        total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = session.execute(_newest_first(stmt).limit(per_page).offset(offset)).all()
    else:
        total = public_count(session)
        rows = [row[:-2] for row in session.execute(_page_rows(_claims_page(per_page, offset)))]
    return Page([_verdict(row) for row in rows], page, per_page, total)


def public_count(session: Session) -> int:
    """How many verdicts are public."""
    return session.scalar(select(func.count(Claim.id)).where(_is_public())) or 0


@dataclass(frozen=True)
class Cursor:
    """Where a keyset page starts: just after this ``(last_published_at, claim id)``."""

    published_at: datetime
    claim_id: int

    def token(self) -> str:
        """The opaque ``?after=`` value: URL-safe, no padding, nothing a client should parse."""
        micros = (self.published_at - EPOCH) // timedelta(microseconds=1)
        raw = f"{micros}.{self.claim_id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def from_token(cls, token: str) -> Cursor:
        """Read a token made by :meth:`token`; ``ValueError`` for anything else."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            micros, claim_id = (int(part) for part in raw.split("."))
            if not 0 <= claim_id <= MAX_PATH_ID:
                raise ValueError("claim id out of range")
            return cls(EPOCH + timedelta(microseconds=micros), claim_id)
        except (ValueError, UnicodeDecodeError, OverflowError) as error:
            raise ValueError(f"not a feed cursor: {token!r}") from error


@dataclass(frozen=True)
class Slice:
    """One keyset page of verdicts, and where the next one starts (``None`` on the last)."""

    items: list[PublicVerdict]
    next: Cursor | None


def verdicts_after(session: Session, after: Cursor | None, limit: int) -> Slice:
    """Up to ``limit`` verdicts newest first, starting after ``after`` (from the top if None).

    One query whatever the depth: the row comparison is a range on the claims index.
    """
    rows = session.execute(_page_rows(_claims_page(limit + 1, after=after))).all()
    items = [_verdict(row[:-2]) for row in rows[:limit]]
    if len(rows) <= limit:
        return Slice(items, None)
    *_, published_at, claim_id = rows[limit - 1]
    return Slice(items, Cursor(published_at, claim_id))


def cursor_before_position(session: Session, position: int) -> Cursor | None:
    """The cursor that starts a keyset walk at ``position`` (0-based) in the newest-first order;
    ``None`` when there is no verdict there. Used once to translate an old ``?page=`` link."""
    if position == 0:
        return None
    row = session.execute(
        select(Claim.last_published_at, Claim.id)
        .where(_is_public())
        .order_by(Claim.last_published_at.desc(), Claim.id.desc())
        .offset(position - 1)
        .limit(1)
    ).first()
    return Cursor(row[0], row[1]) if row and row[0] is not None else None


def newest_verdicts(session: Session, limit: int) -> list[PublicVerdict]:
    """The ``limit`` most recently published or corrected verdicts (for the Atom feed)."""
    rows = session.execute(_page_rows(_claims_page(limit)))
    return [_verdict(row[:-2]) for row in rows]


def published_verdict(session: Session, slug: str) -> tuple[PublicVerdict, list[VerdictRevision]]:
    """The public verdict at ``slug`` and every revision of it, oldest first.

    One query whatever the number of sources or corrections (everything shown is on the
    revisions; sources are JSON). Raises ``LookupError`` when no public verdict has this slug.
    """
    rows = session.execute(
        select(VerdictRevision, *_SHOWN)
        .join(Claim, Claim.id == VerdictRevision.claim_id)
        .where(Claim.slug == slug, _is_public())
        .order_by(VerdictRevision.number)
    ).all()
    if not rows:
        raise LookupError(slug)
    revisions = [row[0] for row in rows]
    return _verdict(rows[-1]), revisions


def _published_labels() -> Any:
    """Every rating label on a revision, found by skipping along the ``(rating_label, id)``
    index one label at a time (a recursive "loose index scan"): a handful of index probes
    whatever the number of revisions, on SQLite and PostgreSQL alike."""
    labels = select(func.min(VerdictRevision.rating_label).label("label")).cte(
        "labels", recursive=True
    )
    following = aliased(VerdictRevision)
    step = select(
        select(following.rating_label)
        .where(following.rating_label > labels.c.label)
        .order_by(following.rating_label)
        .limit(1)
        .scalar_subquery()
    ).where(labels.c.label.is_not(None))
    return labels.union_all(step)


def rating_choices(session: Session) -> list[tuple[str, str]]:
    """The ratings public verdicts carry now (label and colour as published), truest first,
    for the index filter: a rating relabelled on the desk is offered under its new name only
    once a verdict is published with it, and a label no current verdict carries is not
    offered. Each label's colour and value are those of its newest revision."""
    labels = _published_labels()
    newest = aliased(VerdictRevision)
    current = aliased(VerdictRevision)
    later = aliased(VerdictRevision)

    def newest_with_label(column: Any) -> Any:
        return (
            select(column)
            .where(newest.rating_label == labels.c.label)
            .order_by(newest.id.desc())
            .limit(1)
            .scalar_subquery()
        )

    # A LIMIT, not EXISTS, and "no later revision" rather than "the highest number": either
    # of those would let PostgreSQL hash every claim; this stays a short walk per label down
    # its index that stops at the first verdict still showing it.
    superseded = select(later.id).where(
        later.claim_id == current.claim_id, later.number > current.number
    ).exists()
    carried_now = (
        select(current.id)
        .join(Claim, Claim.id == current.claim_id)
        .where(current.rating_label == labels.c.label, _is_public(), ~superseded)
        .limit(1)
        .scalar_subquery()
        .is_not(None)
    )
    rows = sorted(
        session.execute(
            select(labels.c.label, newest_with_label(newest.rating_colour),
                   newest_with_label(newest.rating_value))
            .where(labels.c.label.is_not(None), carried_now)
        ),
        key=lambda r: (r[2] is None, -(r[2] or 0), r[0]),
    )
    return [(label, colour) for label, colour, _value in rows]


@dataclass(frozen=True)
class Freshness:
    """What changes whenever any public page could change: the validator for caches."""

    count: int
    newest_revision_id: int | None
    newest_published_at: datetime | None
    #: Appearances recorded since publication are in the ClaimReview feed too.
    newest_appearance_id: int | None = None

    def parts(self) -> tuple[Any, ...]:
        """The values an ETag is hashed from."""
        return (
            self.count,
            self.newest_revision_id,
            self.newest_published_at.isoformat() if self.newest_published_at else None,
            self.newest_appearance_id,
        )


def freshness(session: Session) -> Freshness:
    """One aggregate query over the public claims (no join to their revisions).

    Public pages show only revisions, which are immutable and whose ids only grow: the newest
    revision id changes with every publish and correction (one step down the primary key), and
    the count of public claims changes when one leaves. Desk edits change neither.
    """
    count, newest_id, newest_at, newest_appearance = session.execute(
        select(
            func.count(Claim.id),
            select(func.max(VerdictRevision.id)).scalar_subquery(),
            func.max(Claim.last_published_at),
            select(func.max(ClaimAppearance.id)).scalar_subquery(),
        ).where(_is_public())
    ).one()
    return Freshness(count, newest_id, _aware(newest_at), newest_appearance)


def _aware(value: datetime | str | None) -> datetime | None:
    """Aggregates bypass the column type on SQLite, so ``max()`` of a timestamp comes back as
    text or a naive datetime; bring it back to an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def sitemap_entries(session: Session, offset: int, limit: int) -> list[tuple[str, datetime]]:
    """Public slugs with the date of their newest revision, oldest claim first: one narrow
    query (two columns, no objects), a slice of it for each file of a split sitemap."""
    rows = session.execute(
        select(Claim.slug, Claim.last_published_at)
        .where(_is_public())
        .order_by(Claim.id)
        .offset(offset)
        .limit(limit)
    )
    return [(slug, when) for slug, when in rows if when is not None]


def site_masthead(session: Session) -> Masthead:
    """The organisation the listings and feeds are signed by: the newest revision's, so a
    change in the settings reaches readers with the next publication. Before anything is
    published there is no verdict to keep unchanged, and the settings are shown."""
    newest = session.execute(
        select(
            VerdictRevision.organisation_name, VerdictRevision.organisation_url,
            VerdictRevision.organisation_logo_url, VerdictRevision.methodology,
        ).order_by(VerdictRevision.id.desc()).limit(1)
    ).first()
    if newest is not None:
        name, url, logo_url, methodology = newest
        return Masthead(name, url or None, logo_url, methodology or "")
    desk: DeskSettings = desk_settings(session)
    return Masthead(desk.organisation_name, desk.organisation_url or None, desk.logo_url,
                    desk.methodology)
