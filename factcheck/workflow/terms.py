"""The workflow's vocabulary: claim states, roles, priorities and actions, the shapes of a
claim and a user the rules read, the desk's chosen rules, and the refusals.

Plain Python, like the rest of :mod:`factcheck.workflow`.
"""


from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any, Protocol


def N_(message: str) -> str:  # noqa: N802  (the name gettext's extractors look for)
    """Mark ``message`` for the translators' catalogue; it is translated when shown
    (:func:`say`), in the language of whoever reads it."""
    return message


class Phrase(str):
    """Words passed into a sentence that are themselves translated when it is shown
    ("Only an editor can %(what)s." with ``what`` = "add articles")."""

    __slots__ = ()


#: How a sentence is translated when shown: the identity here (no Flask in the workflow);
#: the web installs Flask-Babel's gettext (:func:`install_translator`), which answers in the
#: request's language and leaves a sentence as it is outside a request (CLI, jobs, API).
_translate: Callable[[str], str] = str


def install_translator(translate: Callable[[str], str]) -> None:
    """Have :func:`say` translate through ``translate`` (the web app does, at start)."""
    global _translate
    _translate = translate


def say(message: str, params: dict[str, Any] | None = None) -> str:
    """``message`` in the reader's language with ``params`` put in (a :class:`State` as its
    name in that language, a :class:`Phrase` translated too)."""
    text = _translate(message) if message else message  # gettext("") is the catalogue header
    if not params:
        return text
    shown = {
        key: _translate(_STATE_NAMES[value] if isinstance(value, State) else value)
        if isinstance(value, State | Phrase)
        else value
        for key, value in params.items()
    }
    return text % shown


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
        return say(_STATE_LABELS[self])


class Role(StrEnum):
    """What a desk member is allowed to do, from least to most."""

    CHECKER = "checker"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """The role as the desk says it."""
        return say(_ROLE_LABELS[self])


class Priority(IntEnum):
    """How urgent a claim is; stored as a number so the queue can sort by it."""

    LOW = 0
    NORMAL = 1
    HIGH = 2
    URGENT = 3

    @property
    def label(self) -> str:
        """The priority as the desk says it."""
        return say(_PRIORITY_LABELS[self])


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
        return say(_ACTION_LABELS[self])


_STATE_LABELS = {
    State.UNVERIFIED: N_("Unverified"),
    State.SOURCED: N_("Sourced"),
    State.RATED: N_("Rated"),
    State.PUBLISHED: N_("Published"),
    State.DISMISSED: N_("Dismissed"),
}
#: A state inside a sentence ("Only a sourced claim can be rated; this one is %(state)s.").
_STATE_NAMES = {
    State.UNVERIFIED: N_("unverified"),
    State.SOURCED: N_("sourced"),
    State.RATED: N_("rated"),
    State.PUBLISHED: N_("published"),
    State.DISMISSED: N_("dismissed"),
}


def state_name(state: State) -> str:
    """A state as a word inside a sentence or a table cell ("unverified"), in the reader's
    language."""
    return say(_STATE_NAMES[state])


_ROLE_LABELS = {Role.CHECKER: N_("Checker"), Role.EDITOR: N_("Editor"), Role.ADMIN: N_("Admin")}
_PRIORITY_LABELS = {
    Priority.LOW: N_("Low"),
    Priority.NORMAL: N_("Normal"),
    Priority.HIGH: N_("High"),
    Priority.URGENT: N_("Urgent"),
}


_ACTION_LABELS = {
    Action.EDIT: N_("Edit claim"),
    Action.TAKE: N_("Take this claim"),
    Action.RELEASE: N_("Release"),
    Action.ASSIGN: N_("Assign"),
    Action.PLAN: N_("Set priority and due date"),
    Action.ADD_EVIDENCE: N_("Add evidence"),
    Action.EDIT_EVIDENCE: N_("Edit evidence"),
    Action.REMOVE_EVIDENCE: N_("Remove evidence"),
    Action.COMMENT: N_("Comment"),
    Action.MARK_SOURCED: N_("Mark sourced"),
    Action.RATE: N_("Rate"),
    Action.SEND_BACK: N_("Send back"),
    Action.PUBLISH: N_("Publish verdict"),
    Action.CORRECT: N_("Publish correction"),
    Action.DISMISS: N_("Dismiss"),
    Action.REOPEN: N_("Reopen"),
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
    """Base of every refusal; ``str(error)`` is a sentence for the person who asked, in their
    language (:func:`say`). ``message`` is the English sentence (marked with :func:`N_`) with
    ``%(name)s`` placeholders that ``params`` fill."""

    status_code = 409

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return say(self.message, self.params)


class PermissionDenied(WorkflowError):
    """This person may not do this at all (HTTP 403)."""

    status_code = 403


class TransitionRefused(WorkflowError):
    """The action is allowed in principle but the claim is not ready (HTTP 409)."""


class StaleClaim(WorkflowError):
    """The form was made from an older version of the claim than the one stored (HTTP 409)."""

    def __init__(self) -> None:
        super().__init__(
            N_(
                "Someone else changed this claim while you were working on it. Their change has "
                "been kept; the page now shows the current version — check it and try again."
            )
        )
