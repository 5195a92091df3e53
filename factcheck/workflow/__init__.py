"""The claim workflow: states, transitions, guards and who may do what.

Plain Python with no Flask or database import, so every rule can be tested in microseconds and
the web, the CLI and the services all ask the same questions here. The web shows a button only
when :func:`allowed_actions` lists it, and the services call :func:`check` before changing
anything, so hiding a button is never the only protection.

The vocabulary lives in :mod:`factcheck.workflow.terms`, the rules in
:mod:`factcheck.workflow.rules`; everything is imported from here.
"""

from factcheck.workflow.rules import (
    NEXT_STEP,
    TARGET_STATE,
    allowed_actions,
    check,
    is_admin,
    is_editor,
    may,
    next_step_refusal,
    permitted,
    require_admin,
    require_editor,
    target_state,
    why_not,
)
from factcheck.workflow.terms import (
    OPEN_STATES,
    SEND_BACK_TO,
    TRANSITIONS,
    Action,
    ClaimLike,
    DeskRules,
    PermissionDenied,
    Priority,
    Role,
    StaleClaim,
    State,
    TransitionRefused,
    UserLike,
    WorkflowError,
)

__all__ = [
    "Action",
    "allowed_actions",
    "check",
    "ClaimLike",
    "DeskRules",
    "is_admin",
    "is_editor",
    "may",
    "NEXT_STEP",
    "next_step_refusal",
    "OPEN_STATES",
    "PermissionDenied",
    "permitted",
    "Priority",
    "require_admin",
    "require_editor",
    "Role",
    "SEND_BACK_TO",
    "StaleClaim",
    "State",
    "target_state",
    "TARGET_STATE",
    "TransitionRefused",
    "TRANSITIONS",
    "UserLike",
    "why_not",
    "WorkflowError",
]
