"""The workflow rules on their own: tiny stand-in claims and people, no database, no Flask."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from factcheck.operations.errors import InvalidInput
from factcheck.workflow import (
    TRANSITIONS,
    Action,
    DeskRules,
    PermissionDenied,
    Role,
    StaleClaim,
    State,
    TransitionRefused,
    WorkflowError,
    allowed_actions,
    check,
    may,
    next_step_refusal,
    permitted,
    require_admin,
    require_editor,
    target_state,
    why_not,
)


@dataclass(frozen=True)
class Person:
    """What the rules know of a desk member."""

    id: int
    role: str
    active: bool = True


@dataclass(frozen=True)
class Ticket:
    """What the rules know of a claim."""

    state: str = State.UNVERIFIED
    assignee_id: int | None = None
    rated_by_id: int | None = None
    rating_id: int | None = None
    summary: str | None = None
    evidence_count: int = 0


ASSIGNEE = Person(1, Role.CHECKER)
PEOPLE = {
    "assignee": ASSIGNEE,
    "other checker": Person(2, Role.CHECKER),
    "editor": Person(3, Role.EDITOR),
    "admin": Person(4, Role.ADMIN),
    "deactivated": Person(5, Role.EDITOR, active=False),
    "deactivated assignee": Person(1, Role.CHECKER, active=False),
}

OK = None
DENIED = PermissionDenied
REFUSED = TransitionRefused


def ready(state: State, **changes: object) -> Ticket:
    """A claim assigned to ``ASSIGNEE`` that satisfies every guard of the actions leaving
    ``state``; rated and published claims were rated by the assignee."""
    rated = state in (State.RATED, State.PUBLISHED)
    ticket = Ticket(
        state=state,
        assignee_id=ASSIGNEE.id,
        rated_by_id=ASSIGNEE.id if rated else None,
        rating_id=7 if state != State.UNVERIFIED else None,
        summary="No record of such detentions." if state != State.UNVERIFIED else None,
        evidence_count=1,
    )
    return replace(ticket, **changes)


def outcome(action: Action, person: Person, claim: Ticket, rules: DeskRules | None = None):
    """The error class ``check`` raises (with its message), or ``None`` when allowed."""
    try:
        check(action, person, claim, rules)
    except WorkflowError as error:
        return type(error), str(error)
    return None, ""


def assert_readable(message: str) -> None:
    """A sentence a checker can read: no code names or empty values leak into it."""
    assert message.endswith("."), message
    for leak in ("State.", "Action.", "None", "_id", "Role."):
        assert leak not in message, message


# --- Who may do what, from the state each action starts in -------------------------------

# action, starting state, who may do it; every action is tried by every person.
ROLE_TABLE = [
    (Action.MARK_SOURCED, State.UNVERIFIED, "assignee,editor,admin"),
    (Action.RATE, State.SOURCED, "assignee,editor,admin"),
    (Action.SEND_BACK, State.SOURCED, "assignee,editor,admin"),
    (Action.SEND_BACK, State.RATED, "assignee,editor,admin"),
    (Action.PUBLISH, State.RATED, "editor,admin"),
    (Action.CORRECT, State.PUBLISHED, "editor,admin"),
    (Action.DISMISS, State.UNVERIFIED, "editor,admin"),
    (Action.DISMISS, State.SOURCED, "editor,admin"),
    (Action.DISMISS, State.RATED, "editor,admin"),
    (Action.REOPEN, State.DISMISSED, "editor,admin"),
    (Action.RELEASE, State.UNVERIFIED, "assignee"),
    (Action.ASSIGN, State.UNVERIFIED, "editor,admin"),
    (Action.ASSIGN, State.RATED, "editor,admin"),
    (Action.PLAN, State.UNVERIFIED, "editor,admin"),
    (Action.EDIT, State.UNVERIFIED, "assignee,editor,admin"),
    (Action.EDIT, State.SOURCED, "assignee,editor,admin"),
    (Action.ADD_EVIDENCE, State.UNVERIFIED, "assignee,editor,admin"),
    (Action.ADD_EVIDENCE, State.SOURCED, "assignee,editor,admin"),
    (Action.EDIT_EVIDENCE, State.UNVERIFIED, "assignee,editor,admin"),
    (Action.REMOVE_EVIDENCE, State.UNVERIFIED, "assignee,editor,admin"),
    (Action.COMMENT, State.UNVERIFIED, "assignee,editor,admin,other checker"),
    (Action.COMMENT, State.PUBLISHED, "assignee,editor,admin,other checker"),
]

ROLE_CASES = [
    pytest.param(action, state, who, who in allowed.split(","), id=f"{action}-{state}-{who}")
    for action, state, allowed in ROLE_TABLE
    for who in PEOPLE
]


@pytest.mark.parametrize(("action", "state", "who", "allowed"), ROLE_CASES)
def test_who_may_do_each_action(action: Action, state: State, who: str, allowed: bool) -> None:
    error, message = outcome(action, PEOPLE[who], ready(state))
    if allowed:
        assert error is None, message
        assert may(action, PEOPLE[who], ready(state))
    else:
        # A person without the right is told so (403), never that the claim is "not ready".
        assert error is PermissionDenied, (error, message)
        assert error.status_code == 403
        assert_readable(message)
        assert not may(action, PEOPLE[who], ready(state))


@pytest.mark.parametrize(
    ("action", "state", "who", "words"),
    [
        (Action.MARK_SOURCED, State.UNVERIFIED, "other checker", ["assigned", "sourced"]),
        (Action.RATE, State.SOURCED, "other checker", ["assigned", "rate"]),
        (Action.SEND_BACK, State.RATED, "other checker", ["assigned", "send it back"]),
        (Action.PUBLISH, State.RATED, "assignee", ["Only an editor", "publish"]),
        (Action.CORRECT, State.PUBLISHED, "assignee", ["Only an editor", "correct"]),
        (Action.DISMISS, State.SOURCED, "assignee", ["Only an editor", "dismiss"]),
        (Action.REOPEN, State.DISMISSED, "other checker", ["Only an editor", "reopen"]),
        (Action.ASSIGN, State.UNVERIFIED, "assignee", ["Only an editor", "assign"]),
        (Action.PLAN, State.UNVERIFIED, "assignee", ["Only an editor", "priority", "due date"]),
        (Action.RELEASE, State.UNVERIFIED, "editor", ["assigned to you"]),
        (Action.ADD_EVIDENCE, State.UNVERIFIED, "other checker", ["Take the claim first"]),
        (Action.EDIT, State.UNVERIFIED, "other checker", ["assigned", "edit"]),
        (Action.COMMENT, State.UNVERIFIED, "deactivated", ["deactivated"]),
        (Action.MARK_SOURCED, State.UNVERIFIED, "deactivated assignee", ["deactivated"]),
        (Action.PUBLISH, State.RATED, "deactivated", ["deactivated"]),
    ],
)
def test_refusals_say_why_in_words(action: Action, state: State, who: str, words: list[str]):
    error, message = outcome(action, PEOPLE[who], ready(state))
    assert error is PermissionDenied
    for word in words:
        assert word in message, message


# --- Taking claims ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other checker", "editor", "admin"])
@pytest.mark.parametrize("state", [State.UNVERIFIED, State.SOURCED, State.RATED])
def test_anyone_active_may_take_an_unassigned_open_claim(who: str, state: State) -> None:
    assert outcome(Action.TAKE, PEOPLE[who], ready(state, assignee_id=None)) == (None, "")


def test_a_deactivated_user_may_not_take() -> None:
    error, message = outcome(Action.TAKE, PEOPLE["deactivated"], Ticket())
    assert error is PermissionDenied and "deactivated" in message


@pytest.mark.parametrize("who", ["assignee", "other checker", "editor"])
def test_an_assigned_claim_cannot_be_taken(who: str) -> None:
    error, message = outcome(Action.TAKE, PEOPLE[who], ready(State.UNVERIFIED))
    assert error is TransitionRefused
    assert "already assigned" in message and "editor" in message


@pytest.mark.parametrize("state", [State.PUBLISHED, State.DISMISSED])
def test_closed_claims_cannot_be_taken_or_released(state: State) -> None:
    error, message = outcome(Action.TAKE, PEOPLE["other checker"], Ticket(state=state))
    assert error is TransitionRefused and f"A {state} claim cannot be taken." == message
    error, message = outcome(Action.RELEASE, ASSIGNEE, ready(state))
    assert error is TransitionRefused and "cannot be released" in message


# --- Transitions from the wrong state ----------------------------------------------------

WRONG_STATES = [
    (Action.MARK_SOURCED, State.SOURCED, "Only an unverified claim"),
    (Action.MARK_SOURCED, State.RATED, "this one is rated"),
    (Action.MARK_SOURCED, State.PUBLISHED, "this one is published"),
    (Action.MARK_SOURCED, State.DISMISSED, "this one is dismissed"),
    (Action.RATE, State.UNVERIFIED, "Mark it sourced first"),
    (Action.RATE, State.RATED, "Only a sourced claim can be rated"),
    (Action.RATE, State.PUBLISHED, "this one is published"),
    (Action.SEND_BACK, State.UNVERIFIED, "Only a sourced or rated claim"),
    (Action.SEND_BACK, State.PUBLISHED, "this one is published"),
    (Action.SEND_BACK, State.DISMISSED, "this one is dismissed"),
    (Action.PUBLISH, State.UNVERIFIED, "Only a rated claim can be published"),
    (Action.PUBLISH, State.SOURCED, "this one is sourced"),
    (Action.PUBLISH, State.PUBLISHED, "this one is published"),
    (Action.CORRECT, State.RATED, "Only a published verdict can be corrected"),
    (Action.CORRECT, State.UNVERIFIED, "Only a published verdict"),
    (Action.DISMISS, State.PUBLISHED, "publish a correction instead"),
    (Action.DISMISS, State.DISMISSED, "already dismissed"),
    (Action.REOPEN, State.UNVERIFIED, "Only a dismissed claim can be reopened"),
    (Action.REOPEN, State.PUBLISHED, "Only a dismissed claim"),
    (Action.ASSIGN, State.PUBLISHED, "cannot be assigned"),
    (Action.ASSIGN, State.DISMISSED, "cannot be assigned"),
    (Action.ADD_EVIDENCE, State.DISMISSED, "reopen it"),
    (Action.EDIT_EVIDENCE, State.DISMISSED, "reopen it"),
    (Action.EDIT, State.DISMISSED, "Reopen"),
]


@pytest.mark.parametrize(("action", "state", "words"), WRONG_STATES)
def test_transitions_from_the_wrong_state_are_refused(action: Action, state: State, words: str):
    error, message = outcome(action, PEOPLE["editor"], ready(state))
    assert error is TransitionRefused, (error, message)
    assert error.status_code == 409
    assert words in message
    assert_readable(message)


def test_permission_is_checked_before_readiness() -> None:
    # A checker who may never publish hears that, not that the claim is unrated.
    error, message = outcome(Action.PUBLISH, ASSIGNEE, Ticket())
    assert error is PermissionDenied and "editor" in message


# --- Guards --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["assignee", "editor"])
def test_sourced_needs_at_least_one_evidence_entry(who: str) -> None:
    error, message = outcome(
        Action.MARK_SOURCED, PEOPLE[who], ready(State.UNVERIFIED, evidence_count=0)
    )
    assert error is TransitionRefused
    assert message == "Add at least one piece of evidence before marking the claim sourced."
    assert may(Action.MARK_SOURCED, PEOPLE[who], ready(State.UNVERIFIED, evidence_count=1))


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"rating_id": None}, "Choose a rating"),
        ({"summary": None}, "summary"),
        ({"summary": "   \n"}, "summary"),
        ({"rating_id": None, "summary": None}, "Choose a rating"),
    ],
)
def test_rated_needs_a_rating_and_a_summary(changes: dict, words: str) -> None:
    error, message = outcome(Action.RATE, ASSIGNEE, ready(State.SOURCED, **changes))
    assert error is TransitionRefused and words in message
    assert_readable(message)


@pytest.mark.parametrize(
    ("changes", "words"),
    [({"rating_id": None}, "rating and a summary"), ({"summary": " "}, "rating and a summary")],
)
def test_publish_needs_the_rating_and_summary_still_there(changes: dict, words: str) -> None:
    error, message = outcome(Action.PUBLISH, PEOPLE["editor"], ready(State.RATED, **changes))
    assert error is TransitionRefused and words in message


def test_the_person_who_rated_may_not_publish_under_the_two_person_rule() -> None:
    editor = PEOPLE["editor"]
    claim = ready(State.RATED, rated_by_id=editor.id)
    error, message = outcome(Action.PUBLISH, editor, claim)
    assert error is PermissionDenied
    assert "another editor" in message and "two-person rule" in message
    # Any other editor may publish it.
    assert may(Action.PUBLISH, PEOPLE["admin"], claim)


def test_the_desk_can_turn_the_two_person_rule_off() -> None:
    editor = PEOPLE["editor"]
    claim = ready(State.RATED, rated_by_id=editor.id)
    assert may(Action.PUBLISH, editor, claim, DeskRules(two_person_rule=False))
    assert not may(Action.PUBLISH, editor, claim, DeskRules(two_person_rule=True))
    assert not may(Action.PUBLISH, editor, claim)  # the default keeps the rule on
    # Turning the rule off does not let a checker publish.
    assert not may(Action.PUBLISH, ASSIGNEE, ready(State.RATED), DeskRules(False))


# --- Target states ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "state", "target"),
    [
        (Action.MARK_SOURCED, State.UNVERIFIED, State.SOURCED),
        (Action.RATE, State.SOURCED, State.RATED),
        (Action.SEND_BACK, State.SOURCED, State.UNVERIFIED),
        (Action.SEND_BACK, State.RATED, State.SOURCED),
        (Action.PUBLISH, State.RATED, State.PUBLISHED),
        (Action.CORRECT, State.PUBLISHED, State.PUBLISHED),
        (Action.DISMISS, State.UNVERIFIED, State.DISMISSED),
        (Action.DISMISS, State.SOURCED, State.DISMISSED),
        (Action.DISMISS, State.RATED, State.DISMISSED),
        (Action.REOPEN, State.DISMISSED, State.UNVERIFIED),
        (Action.TAKE, State.SOURCED, State.SOURCED),
        (Action.ADD_EVIDENCE, State.RATED, State.RATED),
        (Action.COMMENT, State.PUBLISHED, State.PUBLISHED),
    ],
)
def test_target_state(action: Action, state: State, target: State) -> None:
    assert target_state(action, ready(state)) == target


def test_every_transition_has_a_checked_rule_and_a_button_label() -> None:
    for action in Action:
        assert action.label and action.label[0].isupper()
    # Every transition leads somewhere from at least one state.
    for action in TRANSITIONS:
        assert any(may(action, PEOPLE["admin"], ready(state)) for state in State), action


# --- allowed_actions and permitted -------------------------------------------------------

@pytest.mark.parametrize("state", [State.SOURCED, State.RATED, State.PUBLISHED])
def test_the_last_source_stays_once_a_claim_is_sourced(state: State):
    with pytest.raises(TransitionRefused, match="only source"):
        check(Action.REMOVE_EVIDENCE, PEOPLE["editor"], ready(state, evidence_count=1))
    check(Action.REMOVE_EVIDENCE, PEOPLE["editor"], ready(state, evidence_count=2))


A = Action


@pytest.mark.parametrize(
    ("who", "claim", "expected"),
    [
        ("other checker", Ticket(), [A.TAKE, A.COMMENT]),
        (
            "assignee",
            ready(State.UNVERIFIED, evidence_count=0),
            [A.EDIT, A.RELEASE, A.ADD_EVIDENCE, A.EDIT_EVIDENCE, A.REMOVE_EVIDENCE, A.COMMENT],
        ),
        (
            "assignee",
            ready(State.UNVERIFIED),
            [
                A.EDIT,
                A.RELEASE,
                A.ADD_EVIDENCE,
                A.EDIT_EVIDENCE,
                A.REMOVE_EVIDENCE,
                A.COMMENT,
                A.MARK_SOURCED,
            ],
        ),
        (
            "assignee",
            ready(State.SOURCED),
            [A.EDIT, A.RELEASE, A.ADD_EVIDENCE, A.EDIT_EVIDENCE, A.COMMENT, A.RATE, A.SEND_BACK],
        ),
        (
            "assignee",
            ready(State.RATED),
            [A.EDIT, A.RELEASE, A.ADD_EVIDENCE, A.EDIT_EVIDENCE, A.COMMENT, A.SEND_BACK],
        ),
        ("other checker", ready(State.RATED), [A.COMMENT]),
        ("assignee", ready(State.PUBLISHED), [A.EDIT, A.ADD_EVIDENCE, A.EDIT_EVIDENCE, A.COMMENT]),
        ("assignee", ready(State.DISMISSED), [A.COMMENT]),
        (
            "editor",
            ready(State.UNVERIFIED),
            [
                A.EDIT,
                A.ASSIGN,
                A.PLAN,
                A.ADD_EVIDENCE,
                A.EDIT_EVIDENCE,
                A.REMOVE_EVIDENCE,
                A.COMMENT,
                A.MARK_SOURCED,
                A.DISMISS,
            ],
        ),
        (
            "editor",
            ready(State.RATED),
            [
                A.EDIT,
                A.ASSIGN,
                A.PLAN,
                A.ADD_EVIDENCE,
                A.EDIT_EVIDENCE,
                A.COMMENT,
                A.SEND_BACK,
                A.PUBLISH,
                A.DISMISS,
            ],
        ),
        (
            "admin",
            ready(State.PUBLISHED),
            [A.EDIT, A.PLAN, A.ADD_EVIDENCE, A.EDIT_EVIDENCE, A.COMMENT, A.CORRECT],
        ),
        ("admin", ready(State.DISMISSED), [A.PLAN, A.COMMENT, A.REOPEN]),
        ("deactivated", ready(State.RATED), []),
        ("deactivated assignee", ready(State.SOURCED), []),
    ],
)
def test_allowed_actions_per_role_and_state(who: str, claim: Ticket, expected: list[Action]):
    assert allowed_actions(PEOPLE[who], claim) == expected


def test_allowed_actions_keeps_the_order_it_is_given() -> None:
    assert allowed_actions(PEOPLE["editor"], ready(State.RATED), actions=TRANSITIONS) == [
        A.PUBLISH,
        A.SEND_BACK,
        A.DISMISS,
    ]


def test_allowed_actions_follow_the_two_person_rule() -> None:
    editor = PEOPLE["editor"]
    claim = ready(State.RATED, rated_by_id=editor.id)
    assert A.PUBLISH not in allowed_actions(editor, claim)
    assert A.PUBLISH in allowed_actions(editor, claim, DeskRules(two_person_rule=False))


@pytest.mark.parametrize(
    ("action", "who", "claim", "expected"),
    [
        # The form is shown to whoever has the right, before the guard is met …
        (A.RATE, "assignee", ready(State.SOURCED, rating_id=None, summary=None), True),
        (A.MARK_SOURCED, "assignee", ready(State.UNVERIFIED, evidence_count=0), True),
        (A.PUBLISH, "editor", ready(State.RATED, summary=None), True),
        (A.RATE, "editor", ready(State.SOURCED), True),
        # … but not to people without it, nor in a state the action cannot start from.
        (A.RATE, "other checker", ready(State.SOURCED, rating_id=None), False),
        (A.RATE, "assignee", ready(State.UNVERIFIED), False),
        (A.RATE, "deactivated assignee", ready(State.SOURCED), False),
        (A.PUBLISH, "assignee", ready(State.RATED), False),
        (A.PUBLISH, "editor", ready(State.SOURCED), False),
        (A.PUBLISH, "editor", ready(State.RATED, rated_by_id=3), False),
        (A.TAKE, "other checker", ready(State.UNVERIFIED), False),
        (A.DISMISS, "editor", ready(State.PUBLISHED), False),
        (A.COMMENT, "other checker", ready(State.DISMISSED), True),
    ],
)
def test_permitted(action: Action, who: str, claim: Ticket, expected: bool) -> None:
    assert permitted(action, PEOPLE[who], claim) is expected


# --- Errors and desk-level checks --------------------------------------------------------


def test_error_status_codes() -> None:
    assert PermissionDenied("x").status_code == 403
    assert TransitionRefused("x").status_code == 409
    assert StaleClaim().status_code == 409
    assert InvalidInput("x", field="title").status_code == 422
    assert "Their change has been kept" in str(StaleClaim())
    for error in (PermissionDenied, TransitionRefused, StaleClaim, InvalidInput):
        assert issubclass(error, WorkflowError)


@pytest.mark.parametrize(
    ("who", "editor_ok", "admin_ok"),
    [
        ("assignee", False, False),
        ("editor", True, False),
        ("admin", True, True),
        ("deactivated", False, False),
    ],
)
def test_desk_level_work(who: str, editor_ok: bool, admin_ok: bool) -> None:
    person = PEOPLE[who]
    for requirement, ok, word in (
        (require_editor, editor_ok, "editor"),
        (require_admin, admin_ok, "admin"),
    ):
        if ok:
            requirement(person, "add articles")
        else:
            with pytest.raises(PermissionDenied) as refused:
                requirement(person, "add articles")
            expected = "deactivated" if not person.active else f"Only an {word} can add articles."
            assert expected in str(refused.value)


# --- Why a step is not offered ---------------------------------------------------------------


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("who", list(PEOPLE))
@pytest.mark.parametrize("state", list(State))
def test_why_not_is_the_guard_itself(action: Action, who: str, state: State) -> None:
    # The page's reason and the refusal a submit would get can never disagree.
    error, message = outcome(action, PEOPLE[who], ready(state))
    assert why_not(action, PEOPLE[who], ready(state)) == (message if error else None)


@pytest.mark.parametrize(
    ("who", "claim", "expected"),
    [
        # Unverified with no evidence: the assignee and an editor are told to add some.
        ("assignee", ready(State.UNVERIFIED, evidence_count=0),
         (Action.MARK_SOURCED, "Add at least one piece of evidence before marking the claim "
                               "sourced.")),
        ("editor", ready(State.UNVERIFIED, evidence_count=0),
         (Action.MARK_SOURCED, "Add at least one piece of evidence before marking the claim "
                               "sourced.")),
        ("assignee", ready(State.UNVERIFIED), None),
        ("other checker", ready(State.UNVERIFIED),
         (Action.MARK_SOURCED, "Only an editor or the checker assigned to this claim can mark "
                               "it sourced.")),
        # The rating form supplies what rating needs, so only a missing right is said.
        ("assignee", ready(State.SOURCED, rating_id=None, summary=None), None),
        ("other checker", ready(State.SOURCED),
         (Action.RATE, "Only an editor or the checker assigned to this claim can rate it.")),
        # Rated: a checker waits for an editor; the editor who rated, for another one.
        ("assignee", ready(State.RATED), (Action.PUBLISH, "Only an editor can publish a verdict.")),
        ("editor", ready(State.RATED, rated_by_id=PEOPLE["editor"].id),
         (Action.PUBLISH, "You rated this claim, so another editor must publish it (the desk's "
                          "two-person rule).")),
        ("editor", ready(State.RATED), None),
        ("assignee", ready(State.PUBLISHED),
         (Action.CORRECT, "Only an editor can correct a published verdict.")),
        ("assignee", ready(State.DISMISSED),
         (Action.REOPEN, "Only an editor can reopen a dismissed claim.")),
        ("admin", ready(State.DISMISSED), None),
    ],
)
def test_the_next_step_says_why_it_is_not_offered(
    who: str, claim: Ticket, expected: tuple[Action, str] | None
) -> None:
    assert next_step_refusal(PEOPLE[who], claim) == expected
    if expected:
        assert_readable(expected[1])


def test_without_the_two_person_rule_the_rater_is_not_told_to_wait() -> None:
    editor = PEOPLE["editor"]
    claim = ready(State.RATED, rated_by_id=editor.id)
    assert next_step_refusal(editor, claim, DeskRules(two_person_rule=False)) is None
