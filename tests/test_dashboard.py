"""The dashboard's numbers against a desk whose claims we arranged ourselves."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from factcheck.desk.dashboard import duration
from factcheck.models import utcnow
from factcheck.workflow import Role, State


def number(html: str, marker: str) -> str:
    """The big number in the stat box that carries ``marker`` (an id or data attribute)."""
    match = re.search(re.escape(marker) + r'[^>]*><div class="n">([^<]+)</div>', html)
    assert match, marker
    return match.group(1)


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


def test_time_to_verdict_over_the_last_90_days(page):
    assert number(page, 'id="median-time"') == "2 d 0 h"
    assert number(page, 'id="mean-time"') == "3 d 0 h"
    assert "over the 3 verdicts published in the last 90 days" in page


def test_published_this_week(page, arranged):
    now = arranged["now"]
    monday = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    expected = sum(1 for c in arranged["published"] if c.first_published_at >= monday)
    assert number(page, 'id="published-week"') == str(expected)


def test_workload_per_checker(page, arranged):
    ann, bob = arranged["ann"], arranged["bob"]
    ann_row = re.search(rf'<tr data-user="{ann.id}">(.*?)</tr>', page, re.S)
    bob_row = re.search(rf'<tr data-user="{bob.id}">(.*?)</tr>', page, re.S)
    assert ann_row and bob_row
    cells = dict(re.findall(r'data-state="(\w+)">(\d+)<', ann_row.group(1)))
    assert cells == {"unverified": "1", "sourced": "1", "rated": "0"}
    assert "<strong>2</strong>" in ann_row.group(1)
    assert "<strong>0</strong>" in bob_row.group(1)  # checkers with nothing are listed too
    assert page.index("Ann Checker") < page.index("Bob Checker")  # busiest first


def test_empty_desk_dashboard(client, login, desk, session):
    editor = desk.user(Role.EDITOR)
    session.commit()
    login(client, editor)

    html = client.get("/dashboard").get_data(as_text=True)

    assert number(html, 'id="median-time"') == "—"
    assert number(html, 'id="overdue"') == "0"


def test_duration_wording():
    assert duration(timedelta(minutes=12)) == "12 min"
    assert duration(timedelta(hours=5, minutes=10)) == "5 h 10 min"
    assert duration(timedelta(days=2, hours=4)) == "2 d 4 h"
    assert duration(None) == "—"
