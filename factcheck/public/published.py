"""What a published verdict is to readers and machines: the newest revision, read as the
public pages, feeds and ClaimReview need it.

Every value comes from the revision (or the few publication facts of the claim), never from
the desk's live claim, scale or settings: see :mod:`factcheck.public.queries`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from factcheck.models import VerdictRevision


@dataclass(frozen=True)
class Appearance:
    """Where a claim was made: an article, or a link kept on the claim itself."""

    url: str | None
    headline: str | None = None
    outlet: str | None = None
    published_on: date | None = None

    @classmethod
    def from_json(cls, item: dict[str, Any]) -> Appearance:
        """An appearance as a revision stores it (ISO date text)."""
        published_on = item.get("published_on")
        return cls(
            item.get("url"),
            item.get("headline"),
            item.get("outlet"),
            date.fromisoformat(published_on) if published_on else None,
        )


@dataclass(frozen=True)
class Masthead:
    """The organisation a public page is signed by (named like the settings it was copied
    from, so the public templates read either)."""

    organisation_name: str
    organisation_url: str | None
    logo_url: str | None
    methodology: str

    @classmethod
    def of(cls, revision: VerdictRevision) -> Masthead:
        """The organisation as it was when ``revision`` was published."""
        return cls(revision.organisation_name, revision.organisation_url or None,
                   revision.organisation_logo_url, revision.methodology or "")


@dataclass(frozen=True)
class PublicVerdict:
    """One published verdict as readers and machines see it: the newest revision, the claim's
    slug and when it was first published."""

    slug: str
    revision: VerdictRevision
    first_published_at: datetime
    #: Appearances recorded after publication, oldest first (see :mod:`factcheck.public.beside`).
    recorded: tuple[Appearance, ...] = ()

    @property
    def claim_date(self) -> date | None:
        """When the claim was made, as published."""
        return self.revision.claim_date

    @property
    def appearances(self) -> tuple[Appearance, ...]:
        """Where the claim appeared, as published."""
        return tuple(Appearance.from_json(item) for item in self.revision.appearances or [])

    @property
    def every_appearance(self) -> tuple[Appearance, ...]:
        """The published appearances, then those recorded since: the ClaimReview order, in
        which an entry never moves."""
        return self.appearances + self.recorded

    @property
    def appearances_newest_first(self) -> list[Appearance]:
        """Every appearance for the page, newest first (undated ones last)."""
        dated = [a for a in self.every_appearance if a.published_on]
        undated = [a for a in self.every_appearance if not a.published_on]
        return sorted(dated, key=lambda a: a.published_on or date.min, reverse=True) + undated

    @property
    def bounds(self) -> ScaleBounds:
        """The scale's ends when the newest revision was published."""
        return ScaleBounds(self.revision.rating_best, self.revision.rating_worst)

    @property
    def masthead(self) -> Masthead:
        """The organisation that signed the newest revision."""
        return Masthead.of(self.revision)

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
