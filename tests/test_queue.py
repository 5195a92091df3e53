"""The queue: filters narrow the list, sorts order it, pages split it, bad input is shrugged off."""

from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta

import pytest

from factcheck.models import utcnow
from factcheck.workflow import Priority, Role, State


def statements(response) -> list[str]:  # type: ignore[no-untyped-def]
    """The claim statements listed in the queue table, in order."""
    html = response.get_data(as_text=True)
    body = html.split('<table class="list queue">', 1)
    if len(body) == 1:
        return []
    found = re.findall(r'<td><a href="[^"]*/claims/\d+">([^<]+)</a>', body[1])
    return [html_lib.unescape(text) for text in found]


@pytest.fixture
def checker(desk, session):  # type: ignore[no-untyped-def]
    """A checker who is logged in to the queue."""
    return desk.user(Role.CHECKER, name="Chris Checker")


@pytest.fixture
def logged_in(client, login, checker, session):  # type: ignore[no-untyped-def]
    """The client, logged in as the checker."""
    session.commit()
    login(client, checker)
    return client


def test_default_view_shows_open_claims_and_says_so(desk, session, logged_in):
    desk.claim(statement="Open one")
    desk.claim(State.SOURCED, statement="Sourced one")
    desk.claim(State.PUBLISHED, statement="Published one")
    desk.claim(State.DISMISSED, statement="Dismissed one")
    session.commit()

    response = logged_in.get("/desk?assignee=any")

    assert response.status_code == 200
    assert sorted(statements(response)) == ["Open one", "Sourced one"]
    html = response.get_data(as_text=True)
    assert "Showing open claims" in html
    assert "state=published" in html and "state=dismissed" in html


def test_state_filter(desk, session, logged_in):
    desk.claim(statement="Open one")
    desk.claim(State.PUBLISHED, statement="Published one")
    session.commit()

    assert statements(logged_in.get("/desk?state=published")) == ["Published one"]
    assert sorted(statements(logged_in.get("/desk?state=all"))) == ["Open one", "Published one"]


def test_mine_and_unassigned_and_a_person(desk, session, logged_in, checker):
    other = desk.user(Role.CHECKER, name="Olga Other")
    desk.claim(assignee=checker, statement="Mine")
    desk.claim(assignee=other, statement="Olga's")
    desk.claim(statement="Nobody's")
    session.commit()

    assert statements(logged_in.get("/desk?assignee=mine")) == ["Mine"]
    assert statements(logged_in.get("/desk?assignee=unassigned")) == ["Nobody's"]
    assert statements(logged_in.get(f"/desk?assignee={other.id}")) == ["Olga's"]
    assert len(statements(logged_in.get("/desk?assignee=any"))) == 3


def test_priority_filter(desk, session, logged_in):
    desk.claim(statement="Urgent one", priority=Priority.URGENT)
    desk.claim(statement="Normal one")
    session.commit()

    assert statements(logged_in.get("/desk?priority=urgent")) == ["Urgent one"]
    assert statements(logged_in.get("/desk?priority=normal")) == ["Normal one"]


def test_tag_article_and_search_filters(desk, session, logged_in):
    article = desk.article(title="Customs story")
    desk.claim(statement="Tagged", tags=["Elections"], claimant="Ann Speaker")
    desk.claim(statement="From the article", article=article)
    desk.claim(statement="Plain 100% claim")
    session.commit()

    assert statements(logged_in.get("/desk?tag=elections")) == ["Tagged"]
    assert statements(logged_in.get(f"/desk?article={article.id}")) == ["From the article"]
    # q searches the statement, the quote and the claimant, case-insensitively
    assert statements(logged_in.get("/desk?q=ann+speak")) == ["Tagged"]
    assert statements(logged_in.get("/desk?q=UKRAINIAN+authorities")) == ["From the article"]
    assert statements(logged_in.get("/desk?q=100%25")) == ["Plain 100% claim"]
    assert statements(logged_in.get("/desk?q=nothing+like+this")) == []


def test_overdue_filter_and_highlight(desk, session, logged_in):
    today = utcnow().date()
    desk.claim(statement="Late", due_date=today - timedelta(days=2))
    desk.claim(statement="On time", due_date=today + timedelta(days=2))
    desk.claim(State.PUBLISHED, statement="Late but done", due_date=today - timedelta(days=2))
    session.commit()

    response = logged_in.get("/desk?overdue=1&state=all")

    assert statements(response) == ["Late"]
    assert 'class="overdue"' in response.get_data(as_text=True)


def test_sort_orders(desk, session, logged_in):
    now = utcnow()
    today = now.date()
    old = desk.claim(statement="Old normal", due_date=today + timedelta(days=9))
    old.created_at = now - timedelta(days=5)
    urgent = desk.claim(statement="New urgent", priority=Priority.URGENT)
    urgent.created_at = now - timedelta(hours=1)
    mid = desk.claim(statement="Mid high", priority=Priority.HIGH, due_date=today)
    mid.created_at = now - timedelta(days=2)
    session.commit()

    every = "/desk?assignee=any"
    assert statements(logged_in.get(every)) == ["New urgent", "Mid high", "Old normal"]
    assert statements(logged_in.get(f"{every}&sort=due")) == ["Mid high", "Old normal",
                                                              "New urgent"]
    assert statements(logged_in.get(f"{every}&sort=newest")) == ["New urgent", "Mid high",
                                                                 "Old normal"]
    assert statements(logged_in.get(f"{every}&sort=oldest")) == ["Old normal", "Mid high",
                                                                 "New urgent"]


def test_pagination_keeps_filters(app, desk, session, logged_in):
    app.config["QUEUE_PAGE_SIZE"] = 2
    for n in range(5):
        desk.claim(statement=f"Tagged {n}", tags=["t"])
    desk.claim(statement="Untagged")
    session.commit()

    first = logged_in.get("/desk?tag=t&sort=oldest")
    last = logged_in.get("/desk?tag=t&sort=oldest&page=3")

    assert statements(first) == ["Tagged 0", "Tagged 1"]
    assert statements(last) == ["Tagged 4"]
    html = first.get_data(as_text=True)
    next_link = re.search(r'href="([^"]+)" rel="next"', html)
    assert next_link is not None
    assert "tag=t" in next_link.group(1) and "sort=oldest" in next_link.group(1)
    assert "page=2" in next_link.group(1)


def test_state_counts_respect_other_filters(desk, session, logged_in):
    desk.claim(statement="A", priority=Priority.URGENT)
    desk.claim(statement="B", priority=Priority.URGENT)
    desk.claim(State.PUBLISHED, statement="C", priority=Priority.URGENT)
    desk.claim(statement="D")
    session.commit()

    html = logged_in.get("/desk?priority=urgent").get_data(as_text=True)

    assert "Unverified 2" in html
    assert "Published 1" in html
    assert "Open 2" in html
    # the count links filter by state and keep the priority filter
    assert re.search(r'href="[^"]*state=published[^"]*"', html)
    link = re.search(r'href="([^"]*)" class="count-published"', html)
    assert link is not None and "priority=urgent" in link.group(1)


@pytest.mark.parametrize(
    "query",
    [
        "priority=xyz",
        "page=-1",
        "page=abc",
        "page=999",
        "state=bogus",
        "assignee=someone",
        "article=x1",
        "sort=sideways",
        "q=%25_%5C",
    ],
)
def test_bad_parameters_are_ignored_not_errors(desk, session, logged_in, query):
    desk.claim(statement="Still listed")
    session.commit()

    everyone = "" if query.startswith("assignee=") else "&assignee=any"
    response = logged_in.get(f"/desk?{query}{everyone}")

    assert response.status_code == 200
    if not query.startswith("q="):
        assert statements(response) == ["Still listed"]


def test_bad_priority_says_it_was_ignored(logged_in):
    html = logged_in.get("/desk?priority=xyz").get_data(as_text=True)
    assert "There is no priority called “xyz”" in html


def test_queue_needs_login(client):
    response = client.get("/desk")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_next_page_starts_after_the_last_row_in_every_sort(app, desk, session, logged_in):
    app.config["QUEUE_PAGE_SIZE"] = 2
    today = utcnow().date()
    for n in range(5):
        claim = desk.claim(statement=f"Claim {n}", priority=Priority(n % 4),
                           due_date=today + timedelta(days=n % 3) if n % 2 else None)
        claim.created_at = utcnow() - timedelta(hours=n)
    session.commit()
    for sort in ("priority", "due", "newest", "oldest"):
        everything = [name for number in (1, 2, 3) for name in statements(
            logged_in.get(f"/desk?assignee=any&sort={sort}&page={number}"))]
        walked, url = [], f"/desk?assignee=any&sort={sort}"
        while url:
            response = logged_in.get(url)
            walked += statements(response)
            found = re.search(r'href="([^"]+)" rel="next"', response.get_data(as_text=True))
            url = html_lib.unescape(found.group(1)) if found else ""
            assert not url or "after=" in url
        assert walked == everything, sort
        assert sorted(walked) == [f"Claim {n}" for n in range(5)]


def test_a_stale_or_foreign_next_link_falls_back_to_the_page_number(desk, session, logged_in):
    desk.claim(statement="Still listed")
    session.commit()
    first = logged_in.get("/desk?assignee=any&sort=oldest")
    # not base64 JSON; []; wrong arity; a number where a date belongs; not ASCII
    for token in ("garbage", "W10", "WyJvbGRlc3QiLDEsMl0", "WyJkdWUiLDEsMiwzXQ", "é"):
        response = logged_in.get(f"/desk?assignee=any&sort=due&after={token}")
        assert response.status_code == 200
        assert statements(response) == ["Still listed"]
        assert "That page link is out of date" in response.get_data(as_text=True)
    assert statements(first) == ["Still listed"]


def test_state_counts_follow_every_change_in_the_same_transaction(desk, session, logged_in):
    from sqlalchemy import select

    from factcheck.models import ClaimStateCount

    def counted() -> dict[str, int]:
        return dict(session.execute(select(ClaimStateCount.state, ClaimStateCount.claims)).all())

    before = counted()
    claim = desk.claim(statement="Moves along")
    desk.claim(State.PUBLISHED, statement="Published one")
    assert counted()["unverified"] == before["unverified"] + 1
    assert counted()["published"] == before["published"] + 1
    claim.state = State.DISMISSED
    session.flush()
    assert counted()["unverified"] == before["unverified"]
    assert counted()["dismissed"] == before["dismissed"] + 1
    session.delete(claim)
    session.flush()
    assert counted()["dismissed"] == before["dismissed"]
    session.commit()
    html = logged_in.get("/desk?state=all").get_data(as_text=True)
    assert f"Published {before['published'] + 1}" in html


def test_search_finds_claims_by_their_article_and_evidence_in_every_state(desk, session,
                                                                          logged_in):
    article = desk.article(title="Grain corridor report",
                           body="Exports through the corridor resumed in August.")
    desk.claim(State.PUBLISHED, statement="From the corridor article", article=article)
    sourced = desk.claim(State.SOURCED, statement="With a customs source")
    desk.evidence(sourced, title="Customs ledger for wagons", excerpt="Rolling stock tables")
    desk.claim(statement="Unrelated")
    session.commit()

    assert statements(logged_in.get("/desk?state=all&q=corridor")) == ["From the corridor article"]
    assert statements(logged_in.get("/desk?state=all&q=ledger+rolling")) == [
        "With a customs source"]
    assert statements(logged_in.get("/desk?q=corridor")) == []  # published: not an open claim
    response = logged_in.get("/desk?state=all&q=%25%25")
    assert len(statements(response)) == 3
    assert "a search of punctuation alone is left out" in response.get_data(as_text=True)


def test_counts_past_the_cap_say_more_than(app, desk, session, logged_in, monkeypatch):
    from factcheck.desk import queue

    monkeypatch.setattr(queue, "COUNT_CAP", 2)
    for n in range(3):
        desk.claim(statement=f"Urgent {n}", priority=Priority.URGENT)
    session.commit()
    html = logged_in.get("/desk?priority=urgent").get_data(as_text=True)
    assert "More than 2 claims match these filters" in html
    assert len(statements(logged_in.get("/desk?priority=urgent"))) == 3


def test_a_search_matching_too_many_claims_lists_the_first_found_and_says_so(
        desk, session, logged_in, monkeypatch):
    from factcheck.desk import search

    monkeypatch.setattr(search, "MATCH_CAP", 2)
    monkeypatch.setattr("factcheck.desk.filters.MATCH_CAP", 2)
    for n in range(3):
        desk.claim(statement=f"Wagons number {n}")
    session.commit()
    response = logged_in.get("/desk?q=wagons")
    assert len(statements(response)) == 2
    assert "More than 2 claims contain these words" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", [
    "", "state=all", "state=published", "assignee=mine", "assignee=any&sort=due",
    "state=all&sort=oldest&page=2", "tag=elections", "overdue=1", "q=wagons", "q=xylophonist",
    "state=all&q=customs",
])
def test_every_queue_page_runs_at_most_six_statements(app, desk, session, logged_in, checker,
                                                       query):
    """The person with their bell, the search, the counts with the filter choices, the page,
    its tags, the desk's name: however big the desk (issue 13's budget)."""
    from bench.statements import counting_statements
    from factcheck.extensions import db

    app.config["QUEUE_PAGE_SIZE"] = 2
    article = desk.article(title="Customs story")
    for n in range(3):
        desk.claim(statement=f"Wagons held {n}", tags=["Elections"], assignee=checker,
                   article=article, due_date=utcnow().date() - timedelta(days=1))
        desk.claim(State.PUBLISHED, statement=f"Published wagons {n}", tags=["Elections"])
    session.commit()
    logged_in.get(f"/desk?{query}")  # warm: what is read once per process
    with app.app_context():
        engine = db.engine
    with counting_statements(engine) as seen:
        response = logged_in.get(f"/desk?{query}")
    assert response.status_code == 200
    # The tests' own transaction adds savepoints around each request; a desk has none.
    sql = [s for s in seen if not s.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO"))]
    assert len(sql) <= 6, "\n".join(sql)
    if query in ("q=wagons", "tag=elections"):
        assert statements(response)  # the page did list claims (and read their tags)

