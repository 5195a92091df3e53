"""A claim's verdict: proposing a rating, sending it back, publishing and correcting it.

Each function checks the workflow rules, applies one change, writes its event (through
:func:`factcheck.operations.claims.transition`) and flushes; a published revision is frozen
from the desk by :func:`factcheck.operations.verdicts.snapshot`.
"""

from __future__ import annotations

from typing import Any

from factcheck.models import Claim, NotificationKind, Rating, User, VerdictRevision, utcnow
from factcheck.notifications import creating as notifications
from factcheck.operations import verdicts
from factcheck.operations.claims import clean_text, transition
from factcheck.operations.errors import InvalidInput
from factcheck.operations.events import desk_rules, desk_settings, ensure_current
from factcheck.operations.session import DbSession
from factcheck.workflow import Action, check
from factcheck.workflow.terms import N_


class _Proposed:
    """A claim as it would be with some fields changed, for checking a guard before changing
    anything."""

    def __init__(self, claim: Claim, **overrides: Any) -> None:
        self._claim = claim
        self._overrides = overrides

    def __getattr__(self, name: str) -> Any:
        if name in self._overrides:
            return self._overrides[name]
        return getattr(self._claim, name)


def rate(
    session: DbSession,
    actor: User,
    claim: Claim,
    version: int | None,
    *,
    rating: Rating | None,
    summary: str | None,
    explanation: str | None,
    note: str | None = None,
) -> None:
    """Sourced → rated: propose a rating with a summary and an explanation."""
    ensure_current(claim, version)
    summary, explanation = clean_text(summary), clean_text(explanation)
    proposed = _Proposed(claim, rating_id=rating.id if rating else None, summary=summary)
    check(Action.RATE, actor, proposed, desk_rules(session))  # type: ignore[arg-type]
    claim.rating = rating
    claim.summary = summary
    claim.explanation = explanation
    claim.rated_by = actor
    transition(
        session, actor, claim, Action.RATE, note=note,
        payload={"rating": rating.label if rating else None, "summary": summary},
    )


def send_back(
    session: DbSession, actor: User, claim: Claim, version: int | None, note: str | None
) -> None:
    """Rated → sourced or sourced → unverified, always with a note saying what is missing."""
    ensure_current(claim, version)
    check(Action.SEND_BACK, actor, claim, desk_rules(session))
    if not clean_text(note):
        raise InvalidInput(N_("Say why the claim is sent back, so the checker knows what to do."),
                           field="note")
    transition(session, actor, claim, Action.SEND_BACK, note=clean_text(note))
    notifications.sent_back(session, claim, actor, clean_text(note))


def _new_revision(
    session: DbSession, claim: Claim, actor: User, correction_note: str | None
) -> VerdictRevision:
    """A new public revision: everything readers will see, frozen from the desk as it is now."""
    if claim.rating is None or not claim.summary:  # the workflow guards this; never publish blank
        raise InvalidInput(
            N_("The verdict needs a rating and a summary before it can be published.")
        )
    frozen = verdicts.snapshot(session, claim)
    return VerdictRevision(
        claim=claim,
        number=len(claim.verdicts) + 1,
        rating=claim.rating,
        **frozen,
        correction_note=correction_note,
        published_by=actor,
        published_at=utcnow(),
    )


def publish(
    session: DbSession, actor: User, claim: Claim, version: int | None, note: str | None = None
) -> VerdictRevision:
    """Rated → published: freeze the verdict in its first public revision."""
    ensure_current(claim, version)
    check(Action.PUBLISH, actor, claim, desk_rules(session))
    verdicts.require_real_organisation(desk_settings(session))
    revision = _new_revision(session, claim, actor, None)
    session.add(revision)
    claim.first_published_at = claim.last_published_at = revision.published_at
    transition(
        session, actor, claim, Action.PUBLISH, note=note,
        payload={"revision": revision.number, "rating": revision.rating_label},
    )
    notifications.verdict_out(session, claim, actor, NotificationKind.PUBLISHED)
    return revision


def correct(
    session: DbSession,
    actor: User,
    claim: Claim,
    version: int | None,
    *,
    correction_note: str | None,
    rating: Rating | None,
    summary: str | None,
    explanation: str | None,
) -> VerdictRevision:
    """Publish a new revision of a published verdict; corrections are never silent."""
    ensure_current(claim, version)
    check(Action.CORRECT, actor, claim, desk_rules(session))
    verdicts.require_real_organisation(desk_settings(session))
    if not clean_text(correction_note):
        raise InvalidInput(N_("A correction needs a note that tells readers what changed."),
                           field="correction_note")
    if rating is None or not clean_text(summary):
        raise InvalidInput(N_("A corrected verdict still needs a rating and a summary."),
                           field="summary")
    previous = claim.latest_verdict
    claim.rating = rating
    claim.summary = clean_text(summary)
    claim.explanation = clean_text(explanation)
    revision = _new_revision(session, claim, actor, clean_text(correction_note))
    session.add(revision)
    claim.last_published_at = revision.published_at
    transition(
        session, actor, claim, Action.CORRECT, note=clean_text(correction_note),
        payload={
            "revision": revision.number,
            "rating": {"from": previous.rating_label if previous else None,
                       "to": revision.rating_label},
        },
    )
    notifications.verdict_out(
        session, claim, actor, NotificationKind.CORRECTED, note=revision.correction_note
    )
    return revision


__all__ = ["correct", "publish", "rate", "send_back"]
