"""One change to many claims at once (the queue's bulk actions): assign, priority, tag, due
date, dismiss.

Each claim goes through the same service as its own page — the workflow decides, one event
per claim — and every claim is tried, so the person hears about every refusal at once. The
change is all or nothing: when any claim is refused, the caller rolls the whole request back
(a refused web request always is), so a bulk change is one decision in the audit trail,
never half of one to untangle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from factcheck.models import Claim, User
from factcheck.operations import claims as claim_ops
from factcheck.operations.errors import InvalidInput
from factcheck.operations.session import DbSession
from factcheck.workflow import Priority, WorkflowError, is_editor
from factcheck.workflow.terms import N_, say

T = TypeVar("T")

#: Claims one bulk change may touch (a queue page is 25; this leaves room for bigger pages).
MAX_CLAIMS = 200


class BulkAction(StrEnum):
    """What a bulk change does."""

    ASSIGN = "assign"
    PRIORITY = "priority"
    TAG = "tag"
    DUE = "due"
    DISMISS = "dismiss"

    @property
    def label(self) -> str:
        """The choice as the queue's toolbar says it."""
        return say(_LABELS[self])


_LABELS = {
    BulkAction.ASSIGN: N_("Assign to"),
    BulkAction.PRIORITY: N_("Set priority"),
    BulkAction.TAG: N_("Add tag"),
    BulkAction.DUE: N_("Set due date"),
    BulkAction.DISMISS: N_("Dismiss"),
}

#: Dismissal reasons a bulk dismiss offers (a duplicate names its original, one by one).
BULK_DISMISS_REASONS = ("not_checkworthy", "out_of_scope")


@dataclass(frozen=True)
class BulkChange:
    """The change, as chosen on the toolbar. ``to_me`` assigns to the person acting (a
    checker then takes the claim); otherwise ``assignee`` (``None``: back to the queue)."""

    action: BulkAction
    to_me: bool = False
    assignee: User | None = None
    priority: Priority | None = None
    tag: str | None = None
    due_date: date | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Refusal:
    """A claim the change could not be made to, and why, in the workflow's words."""

    claim_id: int
    statement: str
    reason: str


def selected_claims(session: DbSession, ids: Iterable[int]) -> list[Claim]:
    """The claims with these ids that exist, in the order given (tags loaded)."""
    wanted = list(dict.fromkeys(ids))
    if len(wanted) > MAX_CLAIMS:
        raise InvalidInput(
            N_("Select at most %(count)s claims at a time."), field="claims", count=MAX_CLAIMS
        )
    found = {c.id: c for c in session.scalars(
        select(Claim).where(Claim.id.in_(wanted)).options(selectinload(Claim.tags)))}
    return [found[i] for i in wanted if i in found]


def _apply_one(session: DbSession, actor: User, claim: Claim, version: int | None,
               change: BulkChange) -> None:
    tags = [t.name for t in claim.tags]
    match change.action:
        case BulkAction.ASSIGN if change.to_me and not is_editor(actor):
            claim_ops.take(session, actor, claim, version)
        case BulkAction.ASSIGN:
            assignee = actor if change.to_me else change.assignee
            claim_ops.assign(session, actor, claim, version, assignee)
        case BulkAction.PRIORITY:
            claim_ops.plan(session, actor, claim, version, priority=_given(change.priority),
                           due_date=claim.due_date, tags=tags)
        case BulkAction.TAG:
            claim_ops.plan(session, actor, claim, version, priority=Priority(claim.priority),
                           due_date=claim.due_date, tags=[*tags, _given(change.tag)])
        case BulkAction.DUE:
            claim_ops.plan(session, actor, claim, version, priority=Priority(claim.priority),
                           due_date=_given(change.due_date), tags=tags)
        case BulkAction.DISMISS:
            claim_ops.dismiss(session, actor, claim, version, reason=_given(change.reason))


def _given(value: T | None) -> T:
    if value is None:  # the form requires it; a caller that forgot is a bug, not input
        raise ValueError("the bulk change is missing its value")
    return value


def apply(
    session: DbSession,
    actor: User,
    claims: list[tuple[Claim, int | None]],
    change: BulkChange,
) -> list[Refusal]:
    """Make ``change`` to each claim (with the version the person saw); return the claims it
    was refused for. When the list is not empty nothing must be kept: the caller rolls back."""
    if not claims:
        raise InvalidInput(N_("Select the claims to change first."), field="claims")
    refusals = []
    for claim, version in claims:
        try:
            _apply_one(session, actor, claim, version, change)
        except WorkflowError as error:
            refusals.append(Refusal(claim.id, claim.statement, str(error)))
    return refusals
