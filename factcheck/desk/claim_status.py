"""Desk: what the top of a claim page tells the person reading it before anything else — the
send-back note they have not acted on yet, and why the claim's next step is not theirs."""

from __future__ import annotations

from datetime import timedelta

from factcheck.models import Claim, Event, utcnow
from factcheck.workflow import Action, DeskRules, UserLike, may, next_step_refusal, permitted

#: How long after dismissing a claim its dismisser is offered "Undo" on the page.
UNDO_WINDOW = timedelta(minutes=15)


def open_send_back(claim: Claim) -> Event | None:
    """The newest send-back of ``claim`` while nobody but its sender has acted since.

    Its note says what is missing, so it stays at the top of the page until someone else —
    the checker, as a rule — writes an event (adds evidence, comments, edits, moves the
    claim on); the sender's own follow-ups, such as reassigning, leave it there.
    """
    sent = next((e for e in reversed(claim.events) if e.kind == Action.SEND_BACK), None)
    if sent is None:
        return None
    later = claim.events[claim.events.index(sent) + 1:]
    return None if any(e.actor_id != sent.actor_id for e in later) else sent


def offered_actions(
    user: UserLike, claim: Claim, rules: DeskRules
) -> tuple[list[Action], tuple[Action, str] | None]:
    """The actions the page offers ``user``, and the claim's next step with the reason it is
    not among them (said where its button would be)."""
    refusal = next_step_refusal(user, claim, rules)
    refused = refusal[0] if refusal else None
    allowed = [a for a in Action if a != refused and permitted(a, user, claim, rules)]
    return allowed, refusal


def undoable_dismissal(user: UserLike, claim: Claim, rules: DeskRules) -> Event | None:
    """The dismissal ``user`` just made (the claim's newest event, within
    :data:`UNDO_WINDOW`), which they may undo by reopening — or ``None``."""
    if not claim.events:
        return None
    last = claim.events[-1]
    if last.kind != Action.DISMISS or last.actor_id != user.id:
        return None
    if utcnow() - last.created_at > UNDO_WINDOW:
        return None
    return last if may(Action.REOPEN, user, claim, rules) else None
