"""The demo desk: loaded through the real services, claims in every state, safe to load twice."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from factcheck.demo.loader import DEMO_USERS, load_demo
from factcheck.models import (
    ApiToken,
    Article,
    ArticleDraft,
    Claim,
    Comment,
    DeskSettings,
    Event,
    Evidence,
    FactCheckFeed,
    Outlet,
    OutletItem,
    SavedView,
    Snapshot,
    Tag,
    User,
    VerdictRevision,
    WebhookDelivery,
    WebhookEndpoint,
)
from factcheck.workflow import Role, State

COUNTED = (
    User, Article, Claim, Evidence, Comment, Event, VerdictRevision, Snapshot, Tag, Outlet,
    OutletItem, ArticleDraft, FactCheckFeed, WebhookEndpoint, WebhookDelivery, ApiToken, SavedView,
)


def counts(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """How many rows each demo table holds."""
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in COUNTED
    }


@pytest.fixture
def demo(session):  # type: ignore[no-untyped-def]
    """The demo desk, loaded once."""
    logins = load_demo(session)
    session.commit()
    return logins


def claim(session, statement: str) -> Claim:  # type: ignore[no-untyped-def]
    """A demo claim by its statement."""
    found = session.scalar(select(Claim).where(Claim.statement == statement))
    assert found is not None, statement
    return found


def test_logins_can_log_in(demo, client, login, session):
    assert [(role, email) for role, email, _ in demo] == [
        ("admin", "admin@demo.desk"),
        ("editor", "editor@demo.desk"),
        ("checker", "ana@demo.desk"),
        ("checker", "ben@demo.desk"),
    ]
    editor = session.scalar(select(User).where(User.email == "editor@demo.desk"))
    login(client, editor, "copper-kettle-meadow")
    assert session.get(DeskSettings, 1).organisation_name == "Demo Fact-check Desk"


def test_loading_twice_changes_nothing_and_keeps_what_people_did(demo, session):
    ana = session.scalar(select(User).where(User.email == "ana@demo.desk"))
    ana.set_password("ana changed it")
    session.commit()
    before = counts(session)

    assert load_demo(session) == demo
    session.commit()

    assert counts(session) == before
    session.refresh(ana)
    assert ana.check_password("ana changed it")


def test_a_missing_demo_account_is_recreated(demo, session):
    ben = session.scalar(select(User).where(User.email == "ben@demo.desk"))
    ben.email = "ben@elsewhere.example"
    session.commit()
    claims_before = counts(session)["Claim"]

    load_demo(session)

    assert session.scalar(select(User).where(User.email == "ben@demo.desk")) is not None
    assert counts(session)["Claim"] == claims_before


def test_every_state_is_present(demo, session):
    states = dict(
        session.execute(select(Claim.state, func.count()).group_by(Claim.state)).all()
    )
    assert set(states) == set(State)
    claims = session.scalars(select(Claim)).all()
    assert any(c.is_overdue for c in claims)
    assert any(c.state == State.UNVERIFIED and c.assignee is None and c.article for c in claims)
    tip = next(c for c in claims if c.article is None)
    assert tip.appearance_url and tip.appearance_url.startswith("https://")
    rated = next(c for c in claims if c.state == State.RATED)
    assert rated.rated_by.role == Role.CHECKER


def test_quotes_sit_exactly_at_their_offsets(demo, session):
    for c in session.scalars(select(Claim).where(Claim.article_id.is_not(None))):
        assert c.article.body[c.quote_start : c.quote_end] == c.quote, c.statement


def test_the_wagons_claim_was_worked_and_published(demo, session):
    wagons = claim(session, "Ukraine detained 1,500 Belarusian wagons and cars")

    assert wagons.claimant == "Alexander Lukashenko"
    assert "1,500 wagons and cars" in wagons.quote
    assert wagons.state == State.PUBLISHED
    assert wagons.rating.label == "Unproven"
    assert len(wagons.comments) >= 2
    private = [e for e in wagons.evidence if not e.is_public]
    assert len(private) == 1 and private[0].private_reason
    snapshot = next(e.snapshot for e in wagons.evidence if e.snapshot)
    assert snapshot.size > 0 and len(snapshot.sha256) == 64
    [revision] = wagons.verdicts
    assert revision.published_by.email == "editor@demo.desk"
    assert wagons.rated_by.email == "ana@demo.desk"
    assert len(revision.sources) == len(wagons.evidence) - 1  # the private one stays private
    kinds = [event.kind for event in wagons.events]
    assert kinds[0] == "created"
    for kind in ("assigned", "evidence_added", "commented", "mark_sourced", "rate", "publish"):
        assert kind in kinds


def test_the_corrected_verdict_has_two_revisions(demo, session):
    corrected = claim(session, "Belarus freed every citizen who needed help in Ukraine")

    first, second = corrected.verdicts
    assert (first.rating_label, second.rating_label) == ("Unproven", "Mostly false")
    assert first.correction_note is None
    assert "rating changed from Unproven to Mostly false" in second.correction_note
    assert corrected.events[-1].kind == "correct"


def test_dismissed_duplicate_links_to_the_original(demo, session):
    duplicate = claim(session, "Ukraine detained many Belarusian truckers")

    assert duplicate.state == State.DISMISSED
    assert duplicate.duplicate_of.statement == "Ukraine detained 1,500 Belarusian wagons and cars"


def test_demo_users_are_all_active_with_their_roles(demo, session):
    for demo_user in DEMO_USERS:
        user = session.scalar(select(User).where(User.email == demo_user.email))
        assert user.active and user.role == demo_user.role


def test_demo_shows_already_checked_by_other_fact_checkers(  # type: ignore[no-untyped-def]
    runner, session, as_user, desk
) -> None:
    from sqlalchemy import select

    from factcheck.models import Claim, FactCheck

    first = runner.invoke(args=["demo", "load"])
    assert "Demo fact-checks by invented organisations (marked demo): imported 4" in first.output
    again = runner.invoke(args=["demo", "load"])
    assert "imported 0, updated 4, skipped 0" in again.output
    publishers = set(session.scalars(select(FactCheck.publisher)))
    assert publishers and all(p.endswith("(demo)") for p in publishers)
    claim = session.scalar(select(Claim).where(Claim.statement.like("%four divisions%")))
    page = as_user(desk.editor()).get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Already checked by Verify East (demo): Unproven, 2022-03-02" in page


def test_a_verdict_published_in_russian_reads_in_russian(demo, session, client):
    from factcheck.demo.russian import STATEMENT

    russian = claim(session, STATEMENT)
    assert russian.state == State.PUBLISHED and russian.language == "ru"
    assert russian.article.language == "ru"
    assert russian.article.body[russian.quote_start : russian.quote_end] == russian.quote
    [revision] = russian.verdicts
    assert revision.published_by.email == "editor@demo.desk"
    assert russian.rated_by.email == "ana@demo.desk"

    page = client.get(f"/verdicts/{russian.slug}").get_data(as_text=True)
    assert '<html lang="ru"' in page
    assert STATEMENT in page and "Ни один открытый источник" in page
    assert '"inLanguage": "ru"' in page
