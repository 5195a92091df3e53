"""The services against real SQLite and PostgreSQL databases: one event per change, in the
same transaction; refusals change nothing; stale forms and concurrent writes are caught."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import create_engine, delete, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from factcheck.models import (
    Claim,
    DeskEvent,
    Event,
    Evidence,
    Snapshot,
    Tag,
    User,
    VerdictRevision,
)
from factcheck.operations import InvalidInput, publishing
from factcheck.operations import claims as claim_ops
from factcheck.operations import evidence as evidence_ops
from factcheck.operations.claims import ClaimDetails
from factcheck.operations.desk import create_user, update_settings
from factcheck.operations.evidence import EvidenceDetails, Upload
from factcheck.workflow import (
    PermissionDenied,
    Priority,
    Role,
    StaleClaim,
    State,
    TransitionRefused,
)
from tests.conftest import PASSWORD, DeskFactory
from tests.conftest import TestDatabase as Database


def events_of(session: Session, claim: Claim) -> list[Event]:
    """The claim's audit trail as stored, oldest first."""
    session.flush()
    return list(session.scalars(select(Event).where(Event.claim_id == claim.id).order_by(Event.id)))


def count(session: Session, model: type) -> int:
    """How many rows of ``model`` the database holds."""
    session.flush()
    return session.scalar(select(func.count()).select_from(model)) or 0


# --- One event per service, with actor, states, note and payload ------------------------


@dataclass
class Scenario:
    """A claim made ready for one service call, and what its event must say."""

    claim: Claim
    actor: User
    run: Callable[[], Any]
    kind: str
    from_state: State | None = None
    to_state: State | None = None
    note: str | None = None
    payload: dict[str, Any] | None = None


def _take(desk: DeskFactory, s: Session) -> Scenario:
    claim, checker = desk.claim(), desk.user(Role.CHECKER, name="Olena")
    return Scenario(
        claim,
        checker,
        lambda: claim_ops.take(s, checker, claim, claim.version),
        "assigned",
        payload={"assignee": "Olena", "taken": True},
    )


def _release(desk: DeskFactory, s: Session) -> Scenario:
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker)
    return Scenario(
        claim,
        checker,
        lambda: claim_ops.release(s, checker, claim, claim.version),
        "assigned",
        payload={"assignee": None, "released": True},
    )


def _assign(desk: DeskFactory, s: Session) -> Scenario:
    editor, checker = desk.editor(), desk.user(Role.CHECKER, name="Taras")
    claim = desk.claim(editor=editor)
    return Scenario(
        claim,
        editor,
        lambda: claim_ops.assign(s, editor, claim, claim.version, checker),
        "assigned",
        payload={"assignee": "Taras", "previous": None},
    )


def _plan(desk: DeskFactory, s: Session) -> Scenario:
    editor = desk.editor()
    claim = desk.claim(editor=editor)
    return Scenario(
        claim,
        editor,
        lambda: claim_ops.plan(
            s,
            editor,
            claim,
            claim.version,
            priority=Priority.URGENT,
            due_date=None,
            tags=["Ukraine"],
        ),
        "planned",
        payload={
            "changes": {
                "priority": {"from": "Normal", "to": "Urgent"},
                "tags": {"from": [], "to": ["ukraine"]},
            }
        },
    )


def _edit(desk: DeskFactory, s: Session) -> Scenario:
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker, statement="Old wording")
    return Scenario(
        claim,
        checker,
        lambda: claim_ops.edit_claim(
            s,
            checker,
            claim,
            claim.version,
            ClaimDetails(
                "New wording", claimant="Alexander Lukashenko", claim_date=date(2022, 3, 15)
            ),
        ),
        "edited",
        payload={"changes": {"statement": {"from": "Old wording", "to": "New wording"}}},
    )


def _mark_sourced(desk: DeskFactory, s: Session) -> Scenario:
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker)
    desk.evidence(claim, checker)
    return Scenario(
        claim,
        checker,
        lambda: claim_ops.mark_sourced(s, checker, claim, claim.version, note="Two sources"),
        "mark_sourced",
        State.UNVERIFIED,
        State.SOURCED,
        "Two sources",
        {"evidence": 1},
    )


def _rate(desk: DeskFactory, s: Session) -> Scenario:
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(State.SOURCED, assignee=checker)
    rating = desk.rating("Mostly false")
    return Scenario(
        claim,
        checker,
        lambda: publishing.rate(
            s,
            checker,
            claim,
            claim.version,
            rating=rating,
            summary="  Overstated.  ",
            explanation="Only 15 wagons.",
        ),
        "rate",
        State.SOURCED,
        State.RATED,
        None,
        {"rating": "Mostly false", "summary": "Overstated."},
    )


def _send_back(state: State, to: State) -> Callable[[DeskFactory, Session], Scenario]:
    def scenario(desk: DeskFactory, s: Session) -> Scenario:
        editor = desk.editor()
        claim = desk.claim(state, editor=editor)
        return Scenario(
            claim,
            editor,
            lambda: publishing.send_back(s, editor, claim, claim.version, " Needs a source. "),
            "send_back",
            state,
            to,
            "Needs a source.",
            {},
        )

    return scenario


def _publish(desk: DeskFactory, s: Session) -> Scenario:
    editor = desk.editor()
    claim = desk.claim(State.RATED, editor=editor)
    return Scenario(
        claim,
        editor,
        lambda: publishing.publish(s, editor, claim, claim.version),
        "publish",
        State.RATED,
        State.PUBLISHED,
        None,
        {"revision": 1, "rating": "False"},
    )


def _correct(desk: DeskFactory, s: Session) -> Scenario:
    editor = desk.editor()
    claim = desk.claim(State.PUBLISHED, editor=editor)
    rating = desk.rating("Half true")
    return Scenario(
        claim,
        editor,
        lambda: publishing.correct(
            s,
            editor,
            claim,
            claim.version,
            correction_note="New customs data.",
            rating=rating,
            summary="Partly right.",
            explanation=None,
        ),
        "correct",
        State.PUBLISHED,
        State.PUBLISHED,
        "New customs data.",
        {"revision": 2, "rating": {"from": "False", "to": "Half true"}},
    )


def _dismiss(state: State) -> Callable[[DeskFactory, Session], Scenario]:
    def scenario(desk: DeskFactory, s: Session) -> Scenario:
        editor = desk.editor()
        claim = desk.claim(state, editor=editor)
        return Scenario(
            claim,
            editor,
            lambda: claim_ops.dismiss(
                s, editor, claim, claim.version, reason="not_checkworthy", note="opinion"
            ),
            "dismiss",
            state,
            State.DISMISSED,
            "Not check-worthy: opinion",
            {"reason": "not_checkworthy", "duplicate_of": None},
        )

    return scenario


def _reopen(desk: DeskFactory, s: Session) -> Scenario:
    editor = desk.editor()
    claim = desk.claim(State.DISMISSED, editor=editor)
    return Scenario(
        claim,
        editor,
        lambda: claim_ops.reopen(s, editor, claim, claim.version, note="News after all"),
        "reopen",
        State.DISMISSED,
        State.UNVERIFIED,
        "News after all",
        {},
    )


def _comment(desk: DeskFactory, s: Session) -> Scenario:
    claim, reader = desk.claim(), desk.user(Role.CHECKER)
    return Scenario(
        claim,
        reader,
        lambda: claim_ops.comment(s, reader, claim, "  Is this the same as last week?  "),
        "commented",
        note="Is this the same as last week?",
        payload={},
    )


def _add_evidence(desk: DeskFactory, s: Session) -> Scenario:
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker)
    details = EvidenceDetails(title="Customs register", url="https://customs.example/")
    return Scenario(
        claim,
        checker,
        lambda: evidence_ops.add_evidence(s, checker, claim, details),
        "evidence_added",
        payload={"title": "Customs register", "snapshot_sha256": None},
    )


def _edit_evidence(desk: DeskFactory, s: Session) -> Scenario:
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker)
    evidence = desk.evidence(claim, checker, title="Old title")
    details = EvidenceDetails(
        title="New title",
        url="https://example.org/source",
        publisher="Example Statistics Office",
        excerpt="The relevant passage.",
    )
    return Scenario(
        claim,
        checker,
        lambda: evidence_ops.edit_evidence(s, checker, evidence, claim.version, details),
        "evidence_edited",
        payload={
            "title": "New title",
            "changes": {"title": {"from": "Old title", "to": "New title"}},
        },
    )


def _remove_evidence(desk: DeskFactory, s: Session) -> Scenario:
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker)
    evidence = desk.evidence(claim, checker, title="Wrong source")
    return Scenario(
        claim,
        checker,
        lambda: evidence_ops.remove_evidence(s, checker, evidence, claim.version),
        "evidence_removed",
        payload={"title": "Wrong source"},
    )


SCENARIOS = {
    "take": _take,
    "release": _release,
    "assign": _assign,
    "plan": _plan,
    "edit": _edit,
    "mark_sourced": _mark_sourced,
    "rate": _rate,
    "send_back_sourced": _send_back(State.SOURCED, State.UNVERIFIED),
    "send_back_rated": _send_back(State.RATED, State.SOURCED),
    "publish": _publish,
    "correct": _correct,
    "dismiss_unverified": _dismiss(State.UNVERIFIED),
    "dismiss_rated": _dismiss(State.RATED),
    "reopen": _reopen,
    "comment": _comment,
    "add_evidence": _add_evidence,
    "edit_evidence": _edit_evidence,
    "remove_evidence": _remove_evidence,
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_each_service_writes_exactly_one_event(name: str, desk: DeskFactory, session: Session):
    scenario = SCENARIOS[name](desk, session)
    before = events_of(session, scenario.claim)

    scenario.run()

    after = events_of(session, scenario.claim)
    assert len(after) == len(before) + 1
    event = after[-1]
    assert event.kind == scenario.kind
    assert event.actor_id == scenario.actor.id
    assert event.from_state == scenario.from_state
    assert event.to_state == scenario.to_state
    assert event.note == scenario.note
    for key, value in (scenario.payload or {}).items():
        assert event.payload[key] == value, key
    assert event.created_at is not None
    if scenario.to_state is not None:
        assert scenario.claim.state == scenario.to_state


@pytest.mark.parametrize(
    "name",
    [
        "take",
        "mark_sourced",
        "rate",
        "publish",
        "dismiss_rated",
        "reopen",
        "add_evidence",
        "comment",
    ],
)
def test_rolling_back_drops_the_change_and_its_event(
    name: str, desk: DeskFactory, session: Session
):
    scenario = SCENARIOS[name](desk, session)
    claim = scenario.claim
    session.flush()
    state, assignee_id, version = claim.state, claim.assignee_id, claim.version
    events, verdicts, evidence = (
        count(session, Event),
        count(session, VerdictRevision),
        count(session, Evidence),
    )

    savepoint = session.begin_nested()
    scenario.run()
    session.flush()
    assert count(session, Event) == events + 1  # the event is there inside the transaction
    savepoint.rollback()

    session.refresh(claim)
    assert (claim.state, claim.assignee_id, claim.version) == (state, assignee_id, version)
    assert count(session, Event) == events
    assert count(session, VerdictRevision) == verdicts
    assert count(session, Evidence) == evidence


# --- Refusals change nothing -------------------------------------------------------------


def _unchanged(session: Session, claim: Claim, run: Callable[[], Any], error: type) -> str:
    session.flush()
    snapshot = (claim.state, claim.version, claim.assignee_id, claim.rating_id, claim.summary)
    events = len(events_of(session, claim))
    with pytest.raises(error) as refused:
        run()
    session.flush()
    session.refresh(claim)
    assert (claim.state, claim.version, claim.assignee_id, claim.rating_id, claim.summary) == (
        snapshot
    )
    assert len(events_of(session, claim)) == events
    return str(refused.value)


def test_marking_sourced_without_evidence_is_refused_and_changes_nothing(desk, session):
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker)
    message = _unchanged(
        session,
        claim,
        lambda: claim_ops.mark_sourced(session, checker, claim, claim.version),
        TransitionRefused,
    )
    assert "at least one piece of evidence" in message


def test_rating_without_summary_is_refused_and_changes_nothing(desk, session):
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(State.SOURCED, assignee=checker)
    message = _unchanged(
        session,
        claim,
        lambda: publishing.rate(
            session,
            checker,
            claim,
            claim.version,
            rating=desk.rating("False"),
            summary="  ",
            explanation="x",
        ),
        TransitionRefused,
    )
    assert "summary" in message
    assert claim.rated_by_id is None and claim.explanation is None


def test_a_checker_cannot_publish_and_nothing_changes(desk, session):
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(State.RATED, assignee=checker)
    _unchanged(
        session,
        claim,
        lambda: publishing.publish(session, checker, claim, claim.version),
        PermissionDenied,
    )
    assert claim.verdicts == []


def test_the_rater_cannot_publish_unless_the_desk_allows_it(desk, session):
    admin = desk.user(Role.ADMIN)
    claim = desk.claim(State.SOURCED, assignee=admin)
    publishing.rate(
        session,
        admin,
        claim,
        claim.version,
        rating=desk.rating("True"),
        summary="Right.",
        explanation=None,
    )
    message = _unchanged(
        session,
        claim,
        lambda: publishing.publish(session, admin, claim, claim.version),
        PermissionDenied,
    )
    assert "two-person rule" in message
    update_settings(
        session,
        admin,
        organisation_name="Desk",
        organisation_url="https://x.org/",
        logo_url=None,
        two_person_rule=False,
        methodology="",
    )
    publishing.publish(session, admin, claim, claim.version)
    assert claim.state == State.PUBLISHED


def test_send_back_needs_a_note(desk, session):
    editor = desk.editor()
    claim = desk.claim(State.RATED, editor=editor)
    with pytest.raises(InvalidInput) as refused:
        publishing.send_back(session, editor, claim, claim.version, "   ")
    assert refused.value.field == "note"
    session.refresh(claim)
    assert claim.state == State.RATED


def test_assigning_a_deactivated_user_is_refused(desk, session):
    editor, checker = desk.editor(), desk.user(Role.CHECKER)
    checker.active = False
    claim = desk.claim(editor=editor)
    with pytest.raises(InvalidInput, match="deactivated"):
        claim_ops.assign(session, editor, claim, claim.version, checker)


# --- Stale forms and concurrent writes ---------------------------------------------------


@pytest.mark.parametrize(
    "late",
    [
        lambda s, user, claim, v: claim_ops.edit_claim(s, user, claim, v, ClaimDetails("Mine")),
        lambda s, user, claim, v: claim_ops.mark_sourced(s, user, claim, v),
        lambda s, user, claim, v: claim_ops.release(s, user, claim, v),
        lambda s, user, claim, v: evidence_ops.edit_evidence(
            s, user, claim.evidence[0], v, EvidenceDetails(title="Mine")
        ),
    ],
    ids=["edit", "mark_sourced", "release", "edit_evidence"],
)
def test_a_stale_form_is_refused_and_the_other_change_kept(late, desk, session):
    editor, checker = desk.editor(), desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker, editor=editor, statement="First wording")
    desk.evidence(claim, checker)
    session.flush()
    seen_by_checker = claim.version

    claim_ops.edit_claim(session, editor, claim, claim.version, ClaimDetails("Editor's wording"))
    assert claim.version > seen_by_checker
    events = len(events_of(session, claim))

    with pytest.raises(StaleClaim) as refused:
        late(session, checker, claim, seen_by_checker)
    assert "Their change has been kept" in str(refused.value)
    session.refresh(claim)
    assert claim.statement == "Editor's wording"
    assert claim.state == State.UNVERIFIED and claim.assignee_id == checker.id
    assert len(events_of(session, claim)) == events


def test_a_comment_does_not_make_open_forms_stale(desk, session):
    claim = desk.claim()
    session.flush()
    version = claim.version
    claim_ops.comment(session, desk.user(Role.CHECKER), claim, "Looks familiar")
    session.refresh(claim)
    assert claim.version == version


@pytest.fixture
def committed_desk(database: Database) -> Iterator[tuple[Any, int]]:
    """A claim committed to the shared database on an engine of its own (the rolled-back test
    transaction cannot show two sessions racing); removed again afterwards."""
    engine = create_engine(database.url)
    with Session(engine) as s:
        editor = create_user(
            s, "race-editor@newsroom.example", "Race editor", Role.EDITOR, PASSWORD
        )
        claim = claim_ops.create_claim(s, editor, ClaimDetails("Two people edit this"))
        s.commit()
        ids = (claim.id, editor.id)
    try:
        yield engine, ids[0]
    finally:
        with Session(engine) as s:
            s.delete(s.get(Claim, ids[0]))
            s.execute(delete(DeskEvent).where(DeskEvent.subject_user_id == ids[1]))
            s.flush()
            s.delete(s.get(User, ids[1]))
            s.commit()
        engine.dispose()


def test_concurrent_writes_are_detected_by_the_version_column(committed_desk):
    engine, claim_id = committed_desk
    with Session(engine) as first, Session(engine) as second:
        claim_a, claim_b = first.get(Claim, claim_id), second.get(Claim, claim_id)
        editor_a = first.scalar(select(User).where(User.email.like("race-editor%")))
        editor_b = second.scalar(select(User).where(User.email.like("race-editor%")))
        # Both requests saw version 1, so both pass the form's version check …
        assert claim_a.version == claim_b.version == 1
        claim_ops.edit_claim(first, editor_a, claim_a, 1, ClaimDetails("First person's text"))
        first.commit()
        # … but the second write finds the row already changed and is refused.
        with pytest.raises(StaleDataError):
            claim_ops.edit_claim(second, editor_b, claim_b, 1, ClaimDetails("Second text"))
        second.rollback()
    with Session(engine) as check:
        stored = check.get(Claim, claim_id)
        assert stored.statement == "First person's text"
        assert stored.version == 2
        assert [e.kind for e in stored.events] == ["created", "edited"]


# --- Publishing and correcting ----------------------------------------------------------


def test_publish_freezes_revision_one_with_public_sources_only(desk, session):
    editor, checker = desk.editor(), desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker, editor=editor)
    desk.evidence(claim, checker, title="Public register", url="https://customs.example/r")
    desk.evidence(
        claim,
        checker,
        title="Confidential tip",
        is_public=False,
        private_reason="Protects the source",
    )
    claim_ops.mark_sourced(session, checker, claim, claim.version)
    publishing.rate(
        session,
        checker,
        claim,
        claim.version,
        rating=desk.rating("False"),
        summary="No such detentions.",
        explanation="Customs say **no**.",
    )

    revision = publishing.publish(session, editor, claim, claim.version)

    assert revision.number == 1
    assert (revision.rating_label, revision.summary) == ("False", "No such detentions.")
    assert revision.explanation == "Customs say **no**."
    assert [s["title"] for s in revision.sources] == ["Public register"]
    assert revision.sources[0]["url"] == "https://customs.example/r"
    assert revision.correction_note is None
    assert revision.published_by_id == editor.id
    assert claim.first_published_at is not None
    assert claim.latest_verdict is revision


def test_correct_needs_a_note_and_keeps_revision_one(desk, session):
    editor = desk.editor()
    claim = desk.claim(State.PUBLISHED, editor=editor)
    first = claim.latest_verdict
    first_copy = (first.rating_label, first.summary, first.explanation, list(first.sources))

    with pytest.raises(InvalidInput) as refused:
        publishing.correct(
            session,
            editor,
            claim,
            claim.version,
            correction_note=" ",
            rating=desk.rating("True"),
            summary="Right after all.",
            explanation=None,
        )
    assert refused.value.field == "correction_note"
    assert len(claim.verdicts) == 1

    second = publishing.correct(
        session,
        editor,
        claim,
        claim.version,
        correction_note="Customs published new figures.",
        rating=desk.rating("True"),
        summary="Right after all.",
        explanation="New figures.",
    )
    session.flush()
    session.expire_all()
    revisions = list(
        session.scalars(
            select(VerdictRevision)
            .where(VerdictRevision.claim_id == claim.id)
            .order_by(VerdictRevision.number)
        )
    )
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[1].id == second.id
    assert (revisions[1].rating_label, revisions[1].correction_note) == (
        "True",
        "Customs published new figures.",
    )
    assert (
        revisions[0].rating_label,
        revisions[0].summary,
        revisions[0].explanation,
        revisions[0].sources,
    ) == first_copy
    assert revisions[0].correction_note is None
    assert claim.state == State.PUBLISHED


def test_correct_still_needs_a_rating_and_summary(desk, session):
    editor = desk.editor()
    claim = desk.claim(State.PUBLISHED, editor=editor)
    with pytest.raises(InvalidInput, match="rating and a summary"):
        publishing.correct(
            session,
            editor,
            claim,
            claim.version,
            correction_note="Fix",
            rating=None,
            summary="x",
            explanation=None,
        )


# --- Dismissing and reopening -----------------------------------------------------------


def test_dismiss_as_duplicate_links_the_original_and_reopen_clears_it(desk, session):
    editor = desk.editor()
    original, copy = desk.claim(editor=editor), desk.claim(editor=editor)
    claim_ops.dismiss(
        session, editor, copy, copy.version, reason="duplicate", duplicate_of=original
    )
    assert copy.state == State.DISMISSED
    assert copy.duplicate_of_id == original.id
    assert copy.dismissal_reason == "Duplicate of another claim"
    assert events_of(session, copy)[-1].payload["duplicate_of"] == original.id

    claim_ops.reopen(session, editor, copy, copy.version)
    session.flush()
    assert copy.state == State.UNVERIFIED
    assert copy.duplicate_of_id is None and copy.dismissal_reason is None


@pytest.mark.parametrize(
    ("reason", "link", "field", "words"),
    [
        ("duplicate", "self", "duplicate_of", "itself"),
        ("duplicate", None, "duplicate_of", "which claim"),
        ("out_of_scope", "other", "duplicate_of", "Only a duplicate"),
        ("because", None, "reason", "Choose why"),
    ],
)
def test_dismiss_refuses_bad_links(reason, link, field, words, desk, session):
    editor = desk.editor()
    claim, other = desk.claim(editor=editor), desk.claim(editor=editor)
    duplicate_of = {"self": claim, "other": other, None: None}[link]
    with pytest.raises(InvalidInput) as refused:
        claim_ops.dismiss(
            session, editor, claim, claim.version, reason=reason, duplicate_of=duplicate_of
        )
    assert refused.value.field == field and words in str(refused.value)
    assert claim.state == State.UNVERIFIED and claim.duplicate_of_id is None


# --- Creating claims: quotes, slugs, tags ------------------------------------------------


def test_create_claim_stores_the_exact_quote_at_its_offsets(desk, session):
    article = desk.article()
    start = article.body.index("Ukrainian authorities")
    end = article.body.index(" The president")
    claim = claim_ops.create_claim(
        session,
        desk.editor(),
        ClaimDetails("Ukraine detained cars"),
        article=article,
        quote_start=start,
        quote_end=end,
    )
    session.expire_all()
    stored = session.get(Claim, claim.id)
    assert stored.quote == "Ukrainian authorities detained 1,500 wagons and cars."
    assert article.body[stored.quote_start : stored.quote_end] == stored.quote
    assert stored.article_id == article.id
    assert events_of(session, stored)[0].payload["quote"] == stored.quote


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (-1, 10, "inside the article"),
        (10, 10, "end after it starts"),
        (20, 10, "end after it starts"),
        (0, 10_000, "inside the article"),
        (5, None, "both the start and the end"),
        (None, 5, "both the start and the end"),
        (27, 28, "empty"),  # the space after "Friday."
    ],
)
def test_create_claim_refuses_bad_offsets(start, end, words, desk, session):
    article = desk.article()
    assert article.body[27:28] == " "
    claims = count(session, Claim)
    with pytest.raises(InvalidInput) as refused:
        claim_ops.create_claim(
            session,
            desk.editor(),
            ClaimDetails("x"),
            article=article,
            quote_start=start,
            quote_end=end,
        )
    assert words in str(refused.value)
    assert refused.value.field == "quote_start"
    assert count(session, Claim) == claims


def test_offsets_without_an_article_are_refused(desk, session):
    with pytest.raises(InvalidInput, match="article"):
        claim_ops.create_claim(
            session, desk.editor(), ClaimDetails("x"), quote_start=0, quote_end=4
        )


def test_only_editors_create_claims(desk, session):
    with pytest.raises(PermissionDenied, match="Only an editor can create claims"):
        claim_ops.create_claim(session, desk.user(Role.CHECKER), ClaimDetails("x"))
    with pytest.raises(InvalidInput) as refused:
        claim_ops.create_claim(session, desk.editor(), ClaimDetails("   "))
    assert refused.value.field == "statement"


def test_slugs_are_unique_and_readable(desk, session):
    editor = desk.editor()
    slugs = [
        claim_ops.create_claim(session, editor, ClaimDetails("Ukraine détained 1,500 wagons")).slug
        for _ in range(3)
    ]
    assert slugs == [
        "ukraine-detained-1-500-wagons",
        "ukraine-detained-1-500-wagons-2",
        "ukraine-detained-1-500-wagons-3",
    ]
    assert claim_ops.create_claim(session, editor, ClaimDetails("«»")).slug == "claim"
    # Claims in Russian, Ukrainian and Belarusian get Latin, readable addresses.
    for statement, slug in (
        ("Украина задержала 1500 вагонов", "ukraina-zaderzhala-1500-vagonov"),
        ("Україна затримала 1500 вагонів", "ukraina-zatrimala-1500-vagoniv"),
        ("Беларусь вызваліла ўсіх", "belarus-vyzvalila-usikh"),
    ):
        assert claim_ops.create_claim(session, editor, ClaimDetails(statement)).slug == slug


def test_tags_are_deduplicated_and_shared(desk, session):
    editor = desk.editor()
    first = claim_ops.create_claim(
        session,
        editor,
        ClaimDetails("a"),
        tags=["Ukraine", " ukraine ", "Belarus  trade", "", "UKRAINE"],
    )
    second = claim_ops.create_claim(session, editor, ClaimDetails("b"), tags=["belarus trade"])
    session.flush()
    session.expire_all()
    assert [t.name for t in first.tags] == ["belarus trade", "ukraine"]
    assert second.tags[0].id == first.tags[0].id
    assert count(session, Tag) == 2


# --- Evidence and snapshots --------------------------------------------------------------


def test_private_evidence_needs_a_reason(desk, session):
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker)
    with pytest.raises(InvalidInput) as refused:
        evidence_ops.add_evidence(
            session, checker, claim, EvidenceDetails(title="Tip", is_public=False)
        )
    assert refused.value.field == "private_reason"
    assert claim.evidence == []
    evidence = evidence_ops.add_evidence(
        session,
        checker,
        claim,
        EvidenceDetails(title="Tip", is_public=False, private_reason=" Source at risk "),
    )
    assert (evidence.is_public, evidence.private_reason) == (False, "Source at risk")


def test_evidence_needs_a_title_and_the_right_person(desk, session):
    checker, stranger = desk.user(Role.CHECKER), desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker)
    with pytest.raises(InvalidInput) as refused:
        evidence_ops.add_evidence(session, checker, claim, EvidenceDetails(title=" "))
    assert refused.value.field == "title"
    with pytest.raises(PermissionDenied, match="Take the claim first"):
        evidence_ops.add_evidence(session, stranger, claim, EvidenceDetails(title="Mine"))
    assert events_of(session, claim)[-1].kind == "assigned"


LIMITS = {"allowed_types": ["application/pdf", "text/html"], "max_bytes": 1000}


def test_snapshot_records_its_hash_size_and_type(desk, session):
    data = b"%PDF-1.7 customs register"
    snapshot = evidence_ops.make_snapshot(
        Upload("register.pdf", "application/PDF; charset=binary", data), **LIMITS
    )
    assert snapshot.sha256 == hashlib.sha256(data).hexdigest()
    assert (snapshot.size, snapshot.content_type, snapshot.filename) == (
        len(data),
        "application/pdf",
        "register.pdf",
    )

    checker = desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker)
    evidence = evidence_ops.add_evidence(
        session, checker, claim, EvidenceDetails(title="Register"), snapshot
    )
    session.expire_all()
    stored = session.get(Snapshot, evidence.snapshot_id)
    assert stored.data == data and stored.sha256 == hashlib.sha256(data).hexdigest()
    assert events_of(session, claim)[-1].payload["snapshot_sha256"] == stored.sha256


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (Upload("big.pdf", "application/pdf", b"x" * 1001), "the limit is"),
        (Upload("tool.exe", "application/x-msdownload", b"MZ"), "cannot be stored"),
        (Upload("blank.pdf", "application/pdf", b""), "empty"),
    ],
    ids=["oversize", "refused-type", "empty"],
)
def test_snapshots_refused(upload: Upload, words: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        evidence_ops.make_snapshot(upload, **LIMITS)
    assert refused.value.field == "snapshot" and words in str(refused.value)
