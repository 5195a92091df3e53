"""Turning desk rows into the dictionaries the response schemas describe."""

from __future__ import annotations

from typing import Any

from factcheck.extensions import db
from factcheck.models import Article, Claim, Event, Evidence, User
from factcheck.operations.events import desk_rules
from factcheck.public.published import PublicVerdict
from factcheck.site import absolute_url
from factcheck.workflow import Action, Priority, permitted


def user_ref(user: User | None) -> dict[str, Any] | None:
    """A desk member as others see them: id and name (never the e-mail)."""
    return {"id": user.id, "name": user.name} if user is not None else None


def claim_summary(claim: Claim) -> dict[str, Any]:
    """A claim as the queue lists it."""
    rating = claim.rating
    return {
        "id": claim.id,
        "slug": claim.slug,
        "statement": claim.statement,
        "claimant": claim.claimant,
        "state": str(claim.state),
        "priority": Priority(claim.priority).name.lower(),
        "due_date": claim.due_date,
        "overdue": bool(claim.is_overdue),
        "assignee": user_ref(claim.assignee),
        "article_id": claim.article_id,
        "tags": [tag.name for tag in claim.tags],
        "rating": None if rating is None else {
            "id": rating.id, "label": rating.label, "value": rating.value,
            "colour": rating.colour,
        },
        "created_at": claim.created_at,
        "updated_at": claim.updated_at,
        "version": claim.version,
    }


def evidence_view(evidence: Evidence) -> dict[str, Any]:
    """A source attached to a claim."""
    snapshot = evidence.snapshot
    return {
        **{name: getattr(evidence, name) for name in (
            "id", "title", "url", "publisher", "author", "source_date", "accessed_on",
            "excerpt", "notes", "is_public", "private_reason", "created_at",
        )},
        "kind": str(evidence.kind),
        "stance": str(evidence.stance),
        "added_by": user_ref(evidence.added_by),
        "snapshot": None if snapshot is None else {
            "filename": snapshot.filename, "content_type": snapshot.content_type,
            "size": snapshot.size, "sha256": snapshot.sha256,
        },
    }


def event_view(event: Event) -> dict[str, Any]:
    """One row of the audit trail."""
    return {
        "id": event.id,
        "claim_id": event.claim_id,
        "kind": event.kind,
        "actor": user_ref(event.actor),
        "from_state": event.from_state,
        "to_state": event.to_state,
        "note": event.note,
        "payload": event.payload or {},
        "created_at": event.created_at,
    }


def claim_detail(claim: Claim, viewer: User) -> dict[str, Any]:
    """A claim with everything its page shows, and what ``viewer`` may do to it now."""
    rules = desk_rules(db.session)
    return {
        **claim_summary(claim),
        **{name: getattr(claim, name) for name in (
            "quote", "quote_start", "quote_end", "claim_date", "appearance_url",
            "checkworthiness", "checkworthiness_reasons", "summary", "explanation",
            "dismissal_reason", "duplicate_of_id",
        )},
        "rated_by": user_ref(claim.rated_by),
        "created_by": user_ref(claim.created_by),
        "evidence": [evidence_view(e) for e in claim.evidence],
        "comments": [
            {"id": c.id, "author": user_ref(c.author), "body": c.body, "created_at": c.created_at}
            for c in claim.comments
        ],
        "events": [event_view(e) for e in claim.events],
        "verdicts": [
            {"number": v.number, "rating_label": v.rating_label, "summary": v.summary,
             "correction_note": v.correction_note, "published_at": v.published_at}
            for v in claim.verdicts
        ],
        "allowed_actions": [
            str(a) for a in Action if permitted(a, viewer, claim, rules)
        ],
    }


def article_summary(article: Article) -> dict[str, Any]:
    """An article without its text."""
    return {
        **{name: getattr(article, name) for name in (
            "id", "outlet", "title", "url", "author", "published_on", "language", "created_at",
        )},
        "added_by": user_ref(article.added_by),
    }


def verdict_view(verdict: PublicVerdict) -> dict[str, Any]:
    """A published verdict as readers see it (the newest revision)."""
    revision = verdict.revision
    return {
        "slug": verdict.slug,
        "url": absolute_url("public.verdict", slug=verdict.slug),
        "statement": revision.statement,
        "claimant": revision.claimant,
        "claim_date": revision.claim_date,
        "rating": revision.rating_label,
        "rating_value": revision.rating_value,
        "summary": revision.summary,
        "explanation": revision.explanation,
        "revision": revision.number,
        "first_published_at": verdict.first_published_at,
        "published_at": revision.published_at,
        "correction_note": revision.correction_note,
        "sources": [
            {"title": s.get("title") or "", "url": s.get("url"), "publisher": s.get("publisher")}
            for s in revision.sources or []
        ],
    }
