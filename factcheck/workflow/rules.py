"""Who may do what to a claim, and why not: one guard per action, the state each action leads
to, and the questions the pages and the services ask (:func:`check`, :func:`allowed_actions`,
:func:`why_not`).
"""

from __future__ import annotations

from collections.abc import Iterable

from factcheck.workflow.terms import (
    N_,
    OPEN_STATES,
    SEND_BACK_TO,
    Action,
    ClaimLike,
    DeskRules,
    PermissionDenied,
    Phrase,
    Role,
    State,
    TransitionRefused,
    UserLike,
    WorkflowError,
)


def is_editor(user: UserLike) -> bool:
    """Editors and admins run the desk."""
    return user.role in (Role.EDITOR, Role.ADMIN)


def is_admin(user: UserLike) -> bool:
    """Admins manage users, the rating scale and settings."""
    return user.role == Role.ADMIN


def _owns(user: UserLike, claim: ClaimLike) -> bool:
    return claim.assignee_id is not None and claim.assignee_id == user.id


def _works_on(user: UserLike, claim: ClaimLike) -> bool:
    """Editors work on every claim; a checker on the claims assigned to them."""
    return is_editor(user) or _owns(user, claim)


def _require(condition: bool, error: type[WorkflowError], message: str, **params: object) -> None:
    if not condition:
        raise error(message, **params)


def check(action: Action, user: UserLike, claim: ClaimLike, rules: DeskRules | None = None) -> None:
    """Raise a :class:`WorkflowError` saying why ``user`` may not do ``action`` now.

    Returns ``None`` when the action is allowed. Permission is checked before readiness, so a
    checker who may never publish is told that, not that the claim lacks a rating.
    """
    rules = rules or DeskRules()
    state = State(claim.state)
    _require(user.active, PermissionDenied, N_("Your account has been deactivated."))
    _CHECKS[action](user, claim, state, rules)


def _check_edit(user: UserLike, claim: ClaimLike, state: State, rules: DeskRules) -> None:
    _require(
        _works_on(user, claim),
        PermissionDenied,
        N_("Only an editor or the checker assigned to this claim can edit it."),
    )
    _require(
        state != State.DISMISSED, TransitionRefused, N_("Reopen a dismissed claim to edit it.")
    )


def _check_take(user: UserLike, claim: ClaimLike, state: State, rules: DeskRules) -> None:
    _require(
        state in OPEN_STATES,
        TransitionRefused,
        N_("A %(state)s claim cannot be taken."),
        state=state,
    )
    _require(
        claim.assignee_id is None,
        TransitionRefused,
        N_("This claim is already assigned; ask an editor to reassign it."),
    )


def _check_release(user: UserLike, claim: ClaimLike, state: State, rules: DeskRules) -> None:
    _require(
        _owns(user, claim), PermissionDenied, N_("You can only release a claim assigned to you.")
    )
    _require(
        state in OPEN_STATES,
        TransitionRefused,
        N_("A %(state)s claim cannot be released."),
        state=state,
    )


def _check_editor_only(message: str):  # type: ignore[no-untyped-def]
    def rule(user: UserLike, claim: ClaimLike, state: State, rules: DeskRules) -> None:
        _require(is_editor(user), PermissionDenied, message)

    return rule


def _check_assign(user: UserLike, claim: ClaimLike, state: State, rules: DeskRules) -> None:
    _require(is_editor(user), PermissionDenied, N_("Only an editor can assign claims."))
    _require(
        state in OPEN_STATES,
        TransitionRefused,
        N_("A %(state)s claim cannot be assigned."),
        state=state,
    )


def _check_evidence(user: UserLike, claim: ClaimLike, state: State, rules: DeskRules) -> None:
    _require(
        _works_on(user, claim),
        PermissionDenied,
        N_(
            "Only an editor or the checker assigned to this claim can change its evidence. "
            "Take the claim first."
        ),
    )
    _require(
        state != State.DISMISSED,
        TransitionRefused,
        N_("This claim is dismissed; reopen it before adding evidence."),
    )


def _check_remove_evidence(
    user: UserLike, claim: ClaimLike, state: State, rules: DeskRules
) -> None:
    """Past ``unverified`` a claim rests on its sources, so the last one cannot go."""
    _check_evidence(user, claim, state, rules)
    _require(
        state == State.UNVERIFIED or claim.evidence_count > 1,
        TransitionRefused,
        N_(
            "This is the claim's only source and it is already %(state)s. Add the "
            "replacement source first or send the claim back."
        )
        if state in SEND_BACK_TO
        else N_(
            "This is the claim's only source and it is already %(state)s. Add the "
            "replacement source first."
        ),
        state=state,
    )


def _check_comment(user: UserLike, claim: ClaimLike, state: State, rules: DeskRules) -> None:
    """Everyone on the desk may discuss any claim."""


def _check_mark_sourced(user: UserLike, claim: ClaimLike, state: State, rules: DeskRules) -> None:
    _require(
        _works_on(user, claim),
        PermissionDenied,
        N_("Only an editor or the checker assigned to this claim can mark it sourced."),
    )
    _require(
        state == State.UNVERIFIED,
        TransitionRefused,
        N_("Only an unverified claim can be marked sourced; this one is %(state)s."),
        state=state,
    )
    _require(
        claim.evidence_count > 0,
        TransitionRefused,
        N_("Add at least one piece of evidence before marking the claim sourced."),
    )


def _check_rate(user: UserLike, claim: ClaimLike, state: State, rules: DeskRules) -> None:
    _require(
        _works_on(user, claim),
        PermissionDenied,
        N_("Only an editor or the checker assigned to this claim can rate it."),
    )
    _require(
        state == State.SOURCED,
        TransitionRefused,
        N_("Only a sourced claim can be rated; this one is %(state)s. Mark it sourced first."),
        state=state,
    )
    _require(claim.rating_id is not None, TransitionRefused, N_("Choose a rating."))
    _require(
        bool(claim.summary and claim.summary.strip()),
        TransitionRefused,
        N_("Write a short summary of the verdict."),
    )


def _check_send_back(user: UserLike, claim: ClaimLike, state: State, rules: DeskRules) -> None:
    _require(
        _works_on(user, claim),
        PermissionDenied,
        N_("Only an editor or the checker assigned to this claim can send it back."),
    )
    _require(
        state in SEND_BACK_TO,
        TransitionRefused,
        N_("Only a sourced or rated claim can be sent back; this one is %(state)s."),
        state=state,
    )


def _check_publish(user: UserLike, claim: ClaimLike, state: State, rules: DeskRules) -> None:
    _require(is_editor(user), PermissionDenied, N_("Only an editor can publish a verdict."))
    _require(
        state == State.RATED,
        TransitionRefused,
        N_("Only a rated claim can be published; this one is %(state)s."),
        state=state,
    )
    _require(
        claim.rating_id is not None and bool(claim.summary and claim.summary.strip()),
        TransitionRefused,
        N_("The verdict needs a rating and a summary before it can be published."),
    )
    _require(
        not (rules.two_person_rule and claim.rated_by_id == user.id),
        PermissionDenied,
        N_("You rated this claim, so another editor must publish it (the desk's two-person rule)."),
    )


def _check_correct(user: UserLike, claim: ClaimLike, state: State, rules: DeskRules) -> None:
    _require(
        is_editor(user), PermissionDenied, N_("Only an editor can correct a published verdict.")
    )
    _require(
        state == State.PUBLISHED,
        TransitionRefused,
        N_("Only a published verdict can be corrected."),
    )


def _check_dismiss(user: UserLike, claim: ClaimLike, state: State, rules: DeskRules) -> None:
    _require(is_editor(user), PermissionDenied, N_("Only an editor can dismiss a claim."))
    _require(
        state in OPEN_STATES,
        TransitionRefused,
        N_("A published verdict cannot be dismissed; publish a correction instead.")
        if state == State.PUBLISHED
        else N_("This claim is already dismissed."),
    )


def _check_reopen(user: UserLike, claim: ClaimLike, state: State, rules: DeskRules) -> None:
    _require(is_editor(user), PermissionDenied, N_("Only an editor can reopen a dismissed claim."))
    _require(
        state == State.DISMISSED, TransitionRefused, N_("Only a dismissed claim can be reopened.")
    )


_CHECKS = {
    Action.EDIT: _check_edit,
    Action.TAKE: _check_take,
    Action.RELEASE: _check_release,
    Action.ASSIGN: _check_assign,
    Action.PLAN: _check_editor_only(N_("Only an editor can set priority, due date and tags.")),
    Action.ADD_EVIDENCE: _check_evidence,
    Action.EDIT_EVIDENCE: _check_evidence,
    Action.REMOVE_EVIDENCE: _check_remove_evidence,
    Action.COMMENT: _check_comment,
    Action.MARK_SOURCED: _check_mark_sourced,
    Action.RATE: _check_rate,
    Action.SEND_BACK: _check_send_back,
    Action.PUBLISH: _check_publish,
    Action.CORRECT: _check_correct,
    Action.DISMISS: _check_dismiss,
    Action.REOPEN: _check_reopen,
}

#: The state each transition leads to (send back depends on where the claim is).
TARGET_STATE = {
    Action.MARK_SOURCED: State.SOURCED,
    Action.RATE: State.RATED,
    Action.PUBLISH: State.PUBLISHED,
    Action.CORRECT: State.PUBLISHED,
    Action.DISMISS: State.DISMISSED,
    Action.REOPEN: State.UNVERIFIED,
}


def target_state(action: Action, claim: ClaimLike) -> State:
    """The state ``claim`` will be in after ``action``."""
    if action == Action.SEND_BACK:
        return SEND_BACK_TO[State(claim.state)]
    return TARGET_STATE.get(action, State(claim.state))


def may(action: Action, user: UserLike, claim: ClaimLike, rules: DeskRules | None = None) -> bool:
    """Whether ``user`` may do ``action`` to ``claim`` now."""
    try:
        check(action, user, claim, rules)
    except WorkflowError:
        return False
    return True


def permitted(
    action: Action, user: UserLike, claim: ClaimLike, rules: DeskRules | None = None
) -> bool:
    """Whether ``user`` has the right to ``action`` in this state, readiness aside.

    The claim page uses it to show the rating form to the person who may rate even while the
    rating and summary are still empty (the guard then speaks when they submit).
    """
    try:
        check(action, user, claim, rules)
    except PermissionDenied:
        return False
    except TransitionRefused:
        return _state_allows(action, State(claim.state))
    return True


def _state_allows(action: Action, state: State) -> bool:
    allowed_from = {
        Action.MARK_SOURCED: {State.UNVERIFIED},
        Action.RATE: {State.SOURCED},
        Action.PUBLISH: {State.RATED},
    }
    return state in allowed_from.get(action, set())


def why_not(
    action: Action, user: UserLike, claim: ClaimLike, rules: DeskRules | None = None
) -> str | None:
    """The sentence saying why ``user`` may not do ``action`` to ``claim`` now, or ``None``
    when they may: the same guard the services run, so a page that says it cannot disagree
    with what a submit would do."""
    try:
        check(action, user, claim, rules)
    except WorkflowError as error:
        return str(error)
    return None


#: The step each state waits for: the page says why it is not offered when it is not.
NEXT_STEP = {
    State.UNVERIFIED: Action.MARK_SOURCED,
    State.SOURCED: Action.RATE,
    State.RATED: Action.PUBLISH,
    State.PUBLISHED: Action.CORRECT,
    State.DISMISSED: Action.REOPEN,
}


def next_step_refusal(
    user: UserLike, claim: ClaimLike, rules: DeskRules | None = None
) -> tuple[Action, str] | None:
    """The claim's next step (:data:`NEXT_STEP`) and why ``user`` cannot take it now, or
    ``None`` when they can.

    Rating is judged by :func:`permitted`, as its button is: the rating form supplies the
    rating and summary its guard asks for, so only a missing right is worth saying there.
    """
    action = NEXT_STEP[State(claim.state)]
    if action == Action.RATE and permitted(action, user, claim, rules):
        return None
    reason = why_not(action, user, claim, rules)
    return None if reason is None else (action, reason)


def allowed_actions(
    user: UserLike, claim: ClaimLike, rules: DeskRules | None = None, actions: Iterable[Action] = ()
) -> list[Action]:
    """The actions ``user`` may take on ``claim`` now, in button order."""
    return [action for action in (actions or Action) if may(action, user, claim, rules)]


def require_editor(user: UserLike, what: str) -> None:
    """Refuse desk-level work (ingesting articles, creating claims) to anyone but editors."""
    _require(user.active, PermissionDenied, N_("Your account has been deactivated."))
    _require(
        is_editor(user), PermissionDenied, N_("Only an editor can %(what)s."), what=Phrase(what)
    )


def require_admin(user: UserLike, what: str) -> None:
    """Refuse administration to anyone but admins."""
    _require(user.active, PermissionDenied, N_("Your account has been deactivated."))
    _require(is_admin(user), PermissionDenied, N_("Only an admin can %(what)s."), what=Phrase(what))
