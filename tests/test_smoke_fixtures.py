"""The fixtures themselves: isolation between tests and the login helper."""

from sqlalchemy import func, select

from factcheck.models import Claim, Event
from factcheck.workflow import State


def test_claim_factory_reaches_published_with_events(desk, session):
    claim = desk.claim(State.PUBLISHED)
    session.flush()
    assert claim.state == State.PUBLISHED
    kinds = [e.kind for e in claim.events]
    assert kinds[0] == "created" and kinds[-1] == "publish"
    assert len(claim.verdicts) == 1


def test_each_test_starts_empty(session):
    assert session.scalar(select(func.count(Claim.id))) == 0
    assert session.scalar(select(func.count(Event.id))) == 0


def test_login_through_the_form(client, desk, login, session):
    user = desk.user("checker")
    session.commit()
    login(client, user)
    assert client.get("/desk").status_code == 200
