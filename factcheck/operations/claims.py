"""Creating claims and moving them through the workflow.

Rating, sending back, publishing and correcting a verdict are in
:mod:`factcheck.operations.publishing`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from anyascii import anyascii
from sqlalchemy import select

from factcheck import languages
from factcheck.models import (
    Article,
    Claim,
    Comment,
    Tag,
    User,
    utcnow,
)
from factcheck.notifications import creating as notifications
from factcheck.operations.errors import InvalidInput
from factcheck.operations.events import desk_rules, ensure_current, record
from factcheck.operations.session import DbSession
from factcheck.workflow import Action, Priority, Role, State, check, require_editor, target_state
from factcheck.workflow.terms import N_


def slugify(text: str, max_length: int = 80) -> str:
    """A URL-safe, readable slug: "Ukraine detained 1,500 cars" → "ukraine-detained-1-500-cars".

    Other scripts are transliterated ("Украина задержала" → "ukraina-zaderzhala"), so a desk
    working in Russian, Ukrainian or Belarusian gets readable addresses too."""
    ascii_text = anyascii(text)
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or "claim"


def unique_slug(session: DbSession, text: str) -> str:
    """A slug for ``text`` that no other claim has."""
    base = slugify(text)
    taken = set(session.scalars(select(Claim.slug).where(Claim.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def tags_from_names(session: DbSession, names: Iterable[str]) -> list[Tag]:
    """The tags with these names, creating the ones the desk has not used before."""
    wanted = []
    for name in names:
        cleaned = " ".join(name.split()).lower()[:60]
        if cleaned and cleaned not in wanted:
            wanted.append(cleaned)
    if not wanted:
        return []
    existing = {t.name: t for t in session.scalars(select(Tag).where(Tag.name.in_(wanted)))}
    tags = []
    for name in wanted:
        tag = existing.get(name)
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
        tags.append(tag)
    return tags


@dataclass
class ClaimDetails:
    """What a person types about a claim on the new-claim and edit forms."""

    statement: str
    claimant: str | None = None
    claim_date: date | None = None
    appearance_url: str | None = None
    #: ISO 639-1 code; ``None`` leaves the claim's as it is (a new claim's is detected).
    language: str | None = None

    def apply(self, claim: Claim) -> dict[str, Any]:
        """Copy onto ``claim``; return the fields that changed, old and new, for the event."""
        if self.language and self.language not in languages.LANGUAGES:
            raise InvalidInput(N_("Choose a language from the list."), field="language")
        changes = {}
        for field in ("statement", "claimant", "claim_date", "appearance_url", "language"):
            new = getattr(self, field)
            if isinstance(new, str):
                new = new.strip() or None
            if field == "language" and new is None:
                continue  # not given: the claim keeps (or, new, detects) its language
            old = getattr(claim, field)
            if new != old:
                changes[field] = {"from": _jsonable(old), "to": _jsonable(new)}
                setattr(claim, field, new)
        return changes


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def create_claim(
    session: DbSession,
    actor: User,
    details: ClaimDetails,
    *,
    article: Article | None = None,
    quote_start: int | None = None,
    quote_end: int | None = None,
    priority: Priority = Priority.NORMAL,
    due_date: date | None = None,
    tags: Iterable[str] = (),
    checkworthiness: float | None = None,
    checkworthiness_reasons: list[str] | None = None,
) -> Claim:
    """Open a new ticket, optionally quoting ``article`` between the given offsets."""
    require_editor(actor, N_("create claims"))
    if not details.statement or not details.statement.strip():
        raise InvalidInput(N_("Write the claim as it will be checked."), field="statement")
    # Everything that can refuse or query comes first, so a refused claim never reaches the
    # session and no autoflush sees a half-built one.
    if article is not None:
        start, end, quote = _quote(article, quote_start, quote_end)
    elif quote_start is not None or quote_end is not None:
        raise InvalidInput(N_("Offsets only make sense for a claim taken from an article."))
    else:
        start = end = quote = None
    slug = unique_slug(session, details.statement.strip())
    tag_list = tags_from_names(session, tags)
    claim = Claim(
        slug=slug,
        state=State.UNVERIFIED,
        priority=priority,
        due_date=due_date,
        created_by=actor,
        checkworthiness=checkworthiness,
        checkworthiness_reasons=checkworthiness_reasons,
        created_at=utcnow(),
        quote_start=start,
        quote_end=end,
        quote=quote,
        tags=tag_list,
    )
    details.apply(claim)
    if claim.language is None:
        claim.language = languages.detect(claim.statement) or (
            article.language if article is not None else None)
    session.add(claim)
    claim.article = article
    record(
        session,
        claim,
        actor,
        "created",
        to_state=State.UNVERIFIED,
        payload={"article_id": article.id if article else None, "quote": claim.quote},
    )
    session.flush()
    return claim


def _quote(
    article: Article, start: int | None, end: int | None
) -> tuple[int | None, int | None, str | None]:
    if start is None and end is None:
        return None, None, None
    if start is None or end is None:
        raise InvalidInput(N_("Give both the start and the end of the quote."), field="quote_start")
    if not 0 <= start < end <= len(article.body):
        raise InvalidInput(
            N_(
                "The quote must lie inside the article's text (characters 0 to %(length)s), "
                "and end after it starts."
            ),
            field="quote_start",
            length=len(article.body),
        )
    quote = article.body[start:end]
    if not quote.strip():
        raise InvalidInput(N_("The selected passage is empty."), field="quote_start")
    return start, end, quote


def edit_claim(
    session: DbSession, actor: User, claim: Claim, version: int | None, details: ClaimDetails
) -> None:
    """Change the statement, claimant, claim date or appearance link."""
    ensure_current(claim, version)
    check(Action.EDIT, actor, claim, desk_rules(session))
    if not details.statement or not details.statement.strip():
        raise InvalidInput(N_("Write the claim as it will be checked."), field="statement")
    changes = details.apply(claim)
    if changes:
        record(session, claim, actor, "edited", payload={"changes": changes})
    session.flush()


def plan(
    session: DbSession,
    actor: User,
    claim: Claim,
    version: int | None,
    *,
    priority: Priority,
    due_date: date | None,
    tags: Iterable[str],
) -> None:
    """Set priority, due date and tags (editors)."""
    ensure_current(claim, version)
    check(Action.PLAN, actor, claim, desk_rules(session))
    old = {
        "priority": Priority(claim.priority).name.capitalize(),  # stored: in English
        "due_date": _jsonable(claim.due_date),
        "tags": [t.name for t in claim.tags],
    }
    claim.priority = priority
    claim.due_date = due_date
    claim.tags = tags_from_names(session, tags)
    new = {
        "priority": Priority(priority).name.capitalize(),
        "due_date": _jsonable(due_date),
        "tags": [t.name for t in claim.tags],
    }
    changes = {k: {"from": old[k], "to": new[k]} for k in old if old[k] != new[k]}
    if changes:
        record(session, claim, actor, "planned", payload={"changes": changes})
    session.flush()


def take(session: DbSession, actor: User, claim: Claim, version: int | None) -> None:
    """Assign an unassigned claim to oneself."""
    ensure_current(claim, version)
    check(Action.TAKE, actor, claim, desk_rules(session))
    claim.assignee = actor
    record(session, claim, actor, "assigned", payload={"assignee": actor.name, "taken": True})
    session.flush()


def release(session: DbSession, actor: User, claim: Claim, version: int | None) -> None:
    """Give a claim back to the queue."""
    ensure_current(claim, version)
    check(Action.RELEASE, actor, claim, desk_rules(session))
    claim.assignee = None
    record(session, claim, actor, "assigned", payload={"assignee": None, "released": True})
    session.flush()


def assign(
    session: DbSession, actor: User, claim: Claim, version: int | None, assignee: User | None
) -> None:
    """An editor gives a claim to a desk member, or back to the queue with ``None``."""
    ensure_current(claim, version)
    check(Action.ASSIGN, actor, claim, desk_rules(session))
    if assignee is not None and not assignee.active:
        raise InvalidInput(N_("%(name)s is deactivated."), field="assignee", name=assignee.name)
    previous = claim.assignee.name if claim.assignee else None
    claim.assignee = assignee
    record(
        session,
        claim,
        actor,
        "assigned",
        payload={"assignee": assignee.name if assignee else None, "previous": previous},
    )
    session.flush()
    notifications.assigned(session, claim, actor, assignee)


def clean_text(text: str | None) -> str | None:
    """``text`` without surrounding blanks; ``None`` when nothing is left."""
    return text.strip() if text and text.strip() else None


def transition(
    session: DbSession,
    actor: User,
    claim: Claim,
    action: Action,
    *,
    note: str | None = None,
    payload: dict[str, Any] | None = None,
) -> None:
    before = State(claim.state)
    after = target_state(action, claim)
    claim.state = after
    record(
        session,
        claim,
        actor,
        action.value,
        note=note,
        from_state=before,
        to_state=after,
        payload=payload,
    )
    session.flush()


def mark_sourced(
    session: DbSession, actor: User, claim: Claim, version: int | None, note: str | None = None
) -> None:
    """Unverified → sourced, once at least one evidence entry is attached."""
    ensure_current(claim, version)
    check(Action.MARK_SOURCED, actor, claim, desk_rules(session))
    transition(
        session, actor, claim, Action.MARK_SOURCED, note=note,
        payload={"evidence": claim.evidence_count},
    )


DISMISS_REASONS = {
    "not_checkworthy": N_("Not check-worthy"),
    "duplicate": N_("Duplicate of another claim"),
    "out_of_scope": N_("Out of scope"),
}


def dismiss(
    session: DbSession,
    actor: User,
    claim: Claim,
    version: int | None,
    *,
    reason: str,
    note: str | None = None,
    duplicate_of: Claim | None = None,
) -> None:
    """Close a claim that will not be checked, saying why (and linking the original)."""
    ensure_current(claim, version)
    check(Action.DISMISS, actor, claim, desk_rules(session))
    if reason not in DISMISS_REASONS:
        raise InvalidInput(N_("Choose why the claim is dismissed."), field="reason")
    if reason == "duplicate":
        if duplicate_of is None:
            raise InvalidInput(N_("Say which claim this one duplicates."), field="duplicate_of")
        if duplicate_of.id == claim.id:
            raise InvalidInput(N_("A claim cannot be a duplicate of itself."), field="duplicate_of")
    elif duplicate_of is not None:
        raise InvalidInput(N_("Only a duplicate links to another claim."), field="duplicate_of")
    cleaned_note = clean_text(note)
    text = DISMISS_REASONS[reason] + (f": {cleaned_note}" if cleaned_note else "")
    claim.dismissal_reason = text
    claim.duplicate_of = duplicate_of
    transition(
        session, actor, claim, Action.DISMISS, note=text,
        payload={"reason": reason, "duplicate_of": duplicate_of.id if duplicate_of else None},
    )


def reopen(
    session: DbSession, actor: User, claim: Claim, version: int | None, note: str | None = None
) -> None:
    """Dismissed → unverified."""
    ensure_current(claim, version)
    check(Action.REOPEN, actor, claim, desk_rules(session))
    claim.dismissal_reason = None
    claim.duplicate_of = None
    transition(session, actor, claim, Action.REOPEN, note=clean_text(note))


def comment(session: DbSession, actor: User, claim: Claim, body: str) -> None:
    """Add to the discussion on a claim (does not change the claim's version)."""
    check(Action.COMMENT, actor, claim, desk_rules(session))
    if not clean_text(body):
        raise InvalidInput(N_("Write something before posting."), field="body")
    session.add(Comment(claim=claim, author=actor, body=body.strip(), created_at=utcnow()))
    record(session, claim, actor, "commented", note=body.strip()[:500], touches_claim=False)
    session.flush()
    notifications.mentions_in(session, claim, actor, body.strip())


def assignable_users(session: DbSession) -> list[User]:
    """Active desk members a claim can be assigned to, checkers first."""
    users = session.scalars(select(User).where(User.active.is_(True)).order_by(User.name))
    return sorted(users, key=lambda u: u.role != Role.CHECKER)


__all__ = [
    "ClaimDetails",
    "assign",
    "assignable_users",
    "clean_text",
    "comment",
    "create_claim",
    "dismiss",
    "edit_claim",
    "mark_sourced",
    "plan",
    "release",
    "reopen",
    "take",
    "transition",
]
