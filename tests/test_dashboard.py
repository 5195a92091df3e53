"""The dashboard's numbers against a desk whose claims we arranged ourselves."""

from __future__ import annotations

from datetime import timedelta

import pytest

from factcheck.desk.dashboard import duration
from factcheck.models import utcnow
from factcheck.workflow import Role, State
from tests.dashboard_helpers import data_columns, data_rows, description, number, svg


@pytest.fixture
def arranged(desk, session):  # type: ignore[no-untyped-def]
    """Open claims of known ages and owners, and verdicts of known durations."""
    now = utcnow()
    ann = desk.user(Role.CHECKER, name="Ann Checker")
    bob = desk.user(Role.CHECKER, name="Bob Checker")
    ages = {
        "fresh": timedelta(hours=2),
        "two days": timedelta(days=2),
        "five days": timedelta(days=5),
        "ten days": timedelta(days=10),
    }
    for statement, age in ages.items():
        claim = desk.claim(statement=statement)
        claim.created_at = now - age
    late = desk.claim(State.SOURCED, assignee=ann, due_date=now.date() - timedelta(days=1))
    late.created_at = now - timedelta(hours=5)
    mine = desk.claim(assignee=ann)
    mine.created_at = now - timedelta(hours=1)
    desk.claim(State.DISMISSED, due_date=now.date() - timedelta(days=3))
    # verdicts: 1, 2 and 6 days to publish within 90 days; one of 30 days long ago
    published = []
    for taken, published_ago in [(1, 1), (2, 12), (6, 40), (30, 120)]:
        claim = desk.claim(State.PUBLISHED)
        claim.first_published_at = now - timedelta(days=published_ago, hours=1)
        claim.created_at = claim.first_published_at - timedelta(days=taken)
        published.append(claim)
    session.commit()
    return {"now": now, "ann": ann, "bob": bob, "published": published}


@pytest.fixture
def page(client, login, desk, session, arranged):  # type: ignore[no-untyped-def]
    """The dashboard as an editor sees it."""
    editor = desk.user(Role.EDITOR)
    session.commit()
    login(client, editor)
    response = client.get("/dashboard")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_counts_per_state(page):
    assert number(page, 'data-state="unverified"') == "5"
    assert number(page, 'data-state="sourced"') == "1"
    assert number(page, 'data-state="rated"') == "0"
    assert number(page, 'data-state="published"') == "4"
    assert number(page, 'data-state="dismissed"') == "1"


def test_open_claims_by_age_and_overdue(page):
    # under a day: fresh, late (5 h), mine (1 h); then 2 days, 5 days, 10 days
    assert [number(page, f'data-bucket="{n}"') for n in range(1, 5)] == ["3", "1", "1", "1"]
    assert number(page, 'id="overdue"') == "1"  # the dismissed overdue claim does not count


def test_time_to_verdict_over_the_last_twelve_weeks(page):
    # 1, 2 and 6 days within the twelve weeks; the 30-day one 120 days ago is outside
    assert number(page, 'id="median-time"') == "2 d 0 h"
    assert number(page, 'id="p90-time"') == "5 d 4 h"  # 2 d + 0.8 × (6 d − 2 d)
    assert "over the 3 verdicts published in the last 12 weeks" in page


def test_published_this_week(page, arranged):
    now = arranged["now"]
    monday = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    expected = sum(1 for c in arranged["published"] if c.first_published_at >= monday)
    assert number(page, 'id="published-week"') == str(expected)


def test_ageing_chart_by_state(page):
    # unverified: fresh (2 h) and mine (1 h), 2 days, 5 days, 10 days; sourced: late (5 h)
    assert data_columns(page, "ageing") == [
        "State", "Under 1 day", "1–3 days", "3–7 days", "Over 7 days", "Open in all"]
    assert data_rows(page, "ageing") == {
        "Unverified": ["2", "1", "1", "1", "5"],
        "Sourced": ["1", "0", "0", "0", "1"],
        "Rated": ["0", "0", "0", "0", "0"],
    }
    drawing = svg(page, "ageing")
    assert 'role="img"' in drawing
    assert "<title>Unverified, Over 7 days: 1</title>" in drawing
    assert description(page, "ageing") == (
        "Open claims by state and age: Open claims per state: Unverified 5 (2 under 1 day, "
        "1 1–3 days, 1 3–7 days, 1 over 7 days); Sourced 1 (1 under 1 day); Rated 0.")


def test_workload_chart_per_checker(page, arranged):
    ann, bob = arranged["ann"], arranged["bob"]
    rows = data_rows(page, "workload")
    assert rows["Ann Checker"] == ["1", "1", "0", "2"]
    assert rows["Bob Checker"] == ["0", "0", "0", "0"]  # checkers with nothing are listed too
    assert list(rows)[0] == "Ann Checker"  # busiest first
    assert f'href="/desk?assignee={ann.id}">Ann Checker</a>' in page
    assert f'href="/desk?assignee={bob.id}">Bob Checker</a>' in page
    assert "<title>Ann Checker, Sourced: 1</title>" in svg(page, "workload")
    assert "Ann Checker 2 (1 unverified, 1 sourced)" in description(page, "workload")


def test_rating_distribution_of_published_verdicts(page, desk):
    rows = data_rows(page, "ratings")
    assert rows["False"] == ["4"]
    assert rows["True"] == ["0"]  # every rating of the scale is listed
    drawing = svg(page, "ratings")
    assert "<title>False: 4</title>" in drawing
    assert f'fill="{desk.rating("False").colour}"' in drawing  # the scale's own colour
    assert "False: 4" in description(page, "ratings")


def test_time_to_verdict_chart_per_week(page):
    rows = data_rows(page, "time-to-verdict")
    assert len(rows) == 12
    weekly = [cells for cells in rows.values() if cells[0] != "0"]
    # published 1, 12 and 40 days ago: three different weeks, one verdict each
    assert sorted(weekly, key=lambda cells: cells[1]) == [
        ["1", "1 d 0 h", "1 d 0 h"], ["1", "2 d 0 h", "2 d 0 h"], ["1", "6 d 0 h", "6 d 0 h"]]
    drawing = svg(page, "time-to-verdict")
    assert "stroke-dasharray" in drawing  # the 90th percentile is dashed, not only coloured
    assert "3 verdicts over 3 of the last 12 weeks" in description(page, "time-to-verdict")


def test_duration_wording():
    assert duration(timedelta(minutes=12)) == "12 min"
    assert duration(timedelta(hours=5, minutes=10)) == "5 h 10 min"
    assert duration(timedelta(days=2, hours=4)) == "2 d 4 h"
    assert duration(None) == "—"
