"""The workflow's vocabulary: claim states, roles, priorities and actions, the shapes of a
claim and a user the rules read, the desk's chosen rules, and the refusals.

Plain Python, like the rest of :mod:`factcheck.workflow`.
"""


from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Protocol


class State(StrEnum):
    """Where a claim is in its life."""

    UNVERIFIED = "unverified"
    SOURCED = "sourced"
    RATED = "rated"
    PUBLISHED = "published"
    DISMISSED = "dismissed"

    @property
    def label(self) -> str:
        """The state as the desk says it."""
        return self.value.capitalize()


class Role(StrEnum):
    """What a desk member is allowed to do, from least to most."""

    CHECKER = "checker"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """The role as the desk says it."""
        return self.value.capitalize()


class Priority(IntEnum):
    """How urgent a claim is; stored as a number so the queue can sort by it."""

    LOW = 0
    NORMAL = 1
    HIGH = 2
    URGENT = 3

    @property
    def label(self) -> str:
        """The priority as the desk says it."""
        return self.name.capitalize()


class Action(StrEnum):
    """Everything a person can do to a claim."""

    EDIT = "edit"
    TAKE = "take"
    RELEASE = "release"
    ASSIGN = "assign"
    PLAN = "plan"  # priority, due date, tags
    ADD_EVIDENCE = "add_evidence"
    EDIT_EVIDENCE = "edit_evidence"
    REMOVE_EVIDENCE = "remove_evidence"
    COMMENT = "comment"
    MARK_SOURCED = "mark_sourced"
    RATE = "rate"
    SEND_BACK = "send_back"
    PUBLISH = "publish"
    CORRECT = "correct"
    DISMISS = "dismiss"
    REOPEN = "reopen"

    @property
    def label(self) -> str:
        """The button text for this action."""
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.EDIT: "Edit claim",
    Action.TAKE: "Take this claim",
    Action.RELEASE: "Release",
    Action.ASSIGN: "Assign",
    Action.PLAN: "Set priority and due date",
    Action.ADD_EVIDENCE: "Add evidence",
    Action.EDIT_EVIDENCE: "Edit evidence",
    Action.REMOVE_EVIDENCE: "Remove evidence",
    Action.COMMENT: "Comment",
    Action.MARK_SOURCED: "Mark sourced",
    Action.RATE: "Rate",
    Action.SEND_BACK: "Send back",
    Action.PUBLISH: "Publish verdict",
    Action.CORRECT: "Publish correction",
    Action.DISMISS: "Dismiss",
    Action.REOPEN: "Reopen",
}

#: Actions that move a claim from one state to another, in the order buttons are shown.
TRANSITIONS: tuple[Action, ...] = (
    Action.MARK_SOURCED,
    Action.RATE,
    Action.PUBLISH,
    Action.CORRECT,
    Action.SEND_BACK,
    Action.DISMISS,
    Action.REOPEN,
)

OPEN_STATES = frozenset({State.UNVERIFIED, State.SOURCED, State.RATED})
SEND_BACK_TO = {State.SOURCED: State.UNVERIFIED, State.RATED: State.SOURCED}


class ClaimLike(Protocol):
    """What the rules need to know about a claim (read-only, so models and stand-ins fit)."""

    @property
    def state(self) -> str: ...
    @property
    def assignee_id(self) -> int | None: ...
    @property
    def rated_by_id(self) -> int | None: ...
    @property
    def rating_id(self) -> int | None: ...
    @property
    def summary(self) -> str | None: ...
    @property
    def evidence_count(self) -> int: ...


class UserLike(Protocol):
    """What the rules need to know about a person."""

    @property
    def id(self) -> int: ...
    @property
    def role(self) -> str: ...
    @property
    def active(self) -> bool: ...


@dataclass(frozen=True)
class DeskRules:
    """Desk-wide settings that change the rules."""

    two_person_rule: bool = True


class WorkflowError(Exception):
    """Base of every refusal; ``str(error)`` is a sentence for the person who asked."""

    status_code = 409


class PermissionDenied(WorkflowError):
    """This person may not do this at all (HTTP 403)."""

    status_code = 403


class TransitionRefused(WorkflowError):
    """The action is allowed in principle but the claim is not ready (HTTP 409)."""


class StaleClaim(WorkflowError):
    """The form was made from an older version of the claim than the one stored (HTTP 409)."""

    def __init__(self) -> None:
        super().__init__(
            "Someone else changed this claim while you were working on it. Their change has "
            "been kept; the page now shows the current version — check it and try again."
        )
