"""The dashboard a worker keeps between views: any change to a claim shows at once, what only the
clock changes (a due date passing) within a minute, and each language and zone has its own."""

from __future__ import annotations

import time
from datetime import timedelta

from factcheck.desk import dashboard
from factcheck.models import utcnow
from factcheck.operations import claims as claim_ops
from factcheck.workflow import Role, State
from tests.dashboard_helpers import data_rows, number


def test_a_change_to_a_claim_shows_at_once(client, login, desk, session):
    editor = desk.user(Role.EDITOR)
    ann = desk.user(Role.CHECKER, name="Ann Checker")
    claim = desk.claim()
    login(client, editor)
    page = client.get("/dashboard").get_data(as_text=True)
    assert number(page, 'data-state="unverified"') == "1"
    assert data_rows(page, "workload")["Ann Checker"][-1] == "0"

    desk.claim()
    claim_ops.take(session, ann, claim, claim.version)
    session.commit()

    page = client.get("/dashboard").get_data(as_text=True)
    assert number(page, 'data-state="unverified"') == "2"
    assert data_rows(page, "workload")["Ann Checker"][-1] == "1"


def test_what_only_the_clock_changes_shows_within_a_minute(client, login, desk, session,
                                                             monkeypatch):
    editor = desk.user(Role.EDITOR)
    claim = desk.claim(State.SOURCED, due_date=utcnow().date() + timedelta(days=1))
    login(client, editor)
    assert number(client.get("/dashboard").get_data(as_text=True), 'id="overdue"') == "0"

    # No event marks a due date passing: here it passes by moving the date itself.
    claim.due_date = utcnow().date() - timedelta(days=1)
    session.commit()
    assert number(client.get("/dashboard").get_data(as_text=True), 'id="overdue"') == "0"

    later = time.monotonic() + dashboard.KEPT_FOR + 1
    monkeypatch.setattr(dashboard._kept, "clock", lambda: later)
    assert number(client.get("/dashboard").get_data(as_text=True), 'id="overdue"') == "1"


def test_each_language_has_its_own_dashboard(client, login, desk, session):
    editor = desk.user(Role.EDITOR)
    desk.claim()
    login(client, editor)
    assert "<h1>Dashboard</h1>" in client.get("/dashboard").get_data(as_text=True)

    editor.language = "ru"
    session.commit()
    page = client.get("/dashboard").get_data(as_text=True)
    assert "<h1>Dashboard</h1>" not in page
    assert "<h1>Сводка</h1>" in page
