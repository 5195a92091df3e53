"""What a published verdict freezes, and how far the desk copy has moved on since.

A :class:`~factcheck.models.VerdictRevision` is the whole public face of a verdict: the claim
and where it appeared, the rating as the scale defined it that day, the public sources, the
organisation that signed it. :func:`snapshot` is the one place that reads those facts from the
desk (claim, article, evidence, scale, settings); publish and correct store what it returns, and
the claim page compares it with the newest revision to show what a correction would change.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select

from factcheck.models import Claim, DeskSettings, Rating, VerdictRevision
from factcheck.operations.errors import SettingsIncomplete
from factcheck.operations.events import desk_settings
from factcheck.operations.session import DbSession
from factcheck.workflow.terms import N_, Phrase

#: Where an admin fixes the organisation; named in the refusal so every door (page, API, CLI)
#: tells the person where to go.
SETTINGS_PATH = "/admin/settings"

#: Documentation domains (RFC 2606) and local names a real newsroom is never reached at.
_PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net", "localhost")
_PLACEHOLDER_SUFFIXES = (".example", ".invalid", ".localhost", ".local")


def is_placeholder_url(url: str | None) -> bool:
    """Whether ``url`` cannot be the organisation's public address: empty, not http(s), a
    documentation domain (example.org/.com/.net), localhost, or an address that is not on the
    public internet (127.x, 10.x, ::1 …)."""
    text = (url or "").strip()
    if not text:
        return True
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return True
    if parts.scheme not in ("http", "https") or not host:
        return True
    if any(host == d or host.endswith("." + d) for d in _PLACEHOLDER_DOMAINS):
        return True
    if host.endswith(_PLACEHOLDER_SUFFIXES):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def require_real_organisation(settings: DeskSettings) -> None:
    """Refuse to publish under a placeholder organisation: every revision carries it to readers
    and search engines for good, so it must be right before the first one goes out."""
    if is_placeholder_url(settings.organisation_url):
        shown = settings.organisation_url.strip() or Phrase(N_("empty"))
        raise SettingsIncomplete(
            N_(
                "The organisation's web address is a placeholder (%(shown)s). An admin must set "
                "the newsroom's real address in Settings (%(path)s) before verdicts can be "
                "published: readers and search engines see it on every verdict."
            ),
            shown=shown,
            path=SETTINGS_PATH,
        )


def public_sources(claim: Claim) -> list[dict[str, Any]]:
    """The claim's public evidence as readers see it (dates as ISO text, for JSON)."""
    return [
        {
            "title": e.title,
            "url": e.url,
            "publisher": e.publisher,
            "author": e.author,
            "date": _iso(e.source_date),
            "accessed": _iso(e.accessed_on),
            "excerpt": e.excerpt,
            "kind": str(e.kind),
            "stance": str(e.stance),
        }
        for e in claim.evidence
        if e.is_public
    ]


def appearances(claim: Claim) -> list[dict[str, Any]]:
    """Where the claim appeared: its article, then the link kept on the claim when it points
    somewhere else."""
    found = []
    article = claim.article
    article_url = article.url if article else None
    if article is not None:
        found.append({
            "url": article.url,
            "headline": article.title,
            "outlet": article.outlet,
            "published_on": _iso(article.published_on),
        })
    if claim.appearance_url and claim.appearance_url != article_url:
        found.append({"url": claim.appearance_url, "headline": None, "outlet": None,
                      "published_on": None})
    return found


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _scale_ends(session: DbSession) -> tuple[int | None, int | None]:
    best, worst = session.execute(select(func.max(Rating.value), func.min(Rating.value))).one()
    return best, worst


def snapshot(session: DbSession, claim: Claim) -> dict[str, Any]:
    """Everything the public shows of ``claim`` as the desk holds it now, keyed by the
    revision's column names."""
    rating = claim.rating
    settings = desk_settings(session)
    best, worst = _scale_ends(session)
    return {
        "statement": claim.statement,
        "claimant": claim.claimant,
        "language": claim.language,
        "quote": claim.quote,
        "claim_date": claim.claim_date,
        "appearances": appearances(claim),
        "rating_label": rating.label if rating else None,
        "rating_value": rating.value if rating else None,
        "rating_colour": rating.colour if rating else None,
        "rating_best": best,
        "rating_worst": worst,
        "summary": claim.summary,
        "explanation": claim.explanation,
        "sources": public_sources(claim),
        "organisation_name": settings.organisation_name,
        "organisation_url": settings.organisation_url,
        "organisation_logo_url": settings.logo_url,
        "methodology": settings.methodology,
    }


FROZEN_FIELDS = {
    "statement": "Statement",
    "claimant": "Claimant",
    "language": "Language",
    "quote": "Quote",
    "claim_date": "Claim date",
    "appearances": "Where it appeared",
    "rating_label": "Rating",
    "rating_value": "Rating value",
    "rating_colour": "Rating colour",
    "rating_best": "Best rating on the scale",
    "rating_worst": "Worst rating on the scale",
    "summary": "Summary",
    "explanation": "Explanation",
    "sources": "Public sources",
    "organisation_name": "Organisation",
    "organisation_url": "Organisation web address",
    "organisation_logo_url": "Organisation logo",
    "methodology": "Methodology",
}


@dataclass(frozen=True)
class Change:
    """One public field whose desk copy differs from the published revision, in words."""

    field: str
    label: str
    published: str
    desk: str


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _appearance_text(item: dict[str, Any]) -> str:
    words = [item.get("outlet"), item.get("headline"), item.get("url"), item.get("published_on")]
    return " · ".join(str(w) for w in words if w)


def _source_text(item: dict[str, Any]) -> str:
    shown = ("title", "url", "publisher", "author", "date", "excerpt")
    return " · ".join(str(item[k]) for k in shown if item.get(k))


def _list_change(published: list[dict[str, Any]], desk: list[dict[str, Any]],
                 describe: Any) -> tuple[str, str]:
    """Only the entries that differ, so a long source list stays readable."""
    gone = [describe(item) for item in published if item not in desk]
    new = [describe(item) for item in desk if item not in published]
    return "; ".join(gone) or "(nothing removed)", "; ".join(new) or "(nothing added)"


def changes_since_published(session: DbSession, claim: Claim) -> list[Change]:
    """What a correction would change on the public page: each field whose desk copy differs
    from the newest revision, old → new. Empty for a claim never published."""
    revision: VerdictRevision | None = claim.latest_verdict
    if revision is None:
        return []
    desk = snapshot(session, claim)
    changes = []
    for field, label in FROZEN_FIELDS.items():
        old, new = getattr(revision, field), desk[field]
        if field in ("sources", "appearances"):
            old = old or []
        if old == new or (not old and not new):
            continue
        if field == "sources":
            shown = _list_change(old, new, _source_text)
        elif field == "appearances":
            shown = _list_change(old, new, _appearance_text)
        else:
            shown = (_text(old), _text(new))
        changes.append(Change(field, label, *shown))
    return changes
