"""`/` is the readers' front page; the desk lives at `/desk`, and its old address leads there;
each role's queue opens on its own default filter."""

from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from factcheck.models import utcnow
from factcheck.workflow import Role, State


def test_the_front_page_is_the_verdicts_index_for_everyone(desk, session, client, as_user):
    desk.claim(State.PUBLISHED, statement="A published claim")
    editor = desk.user(Role.EDITOR)
    reader_page = client.get("/")
    signed_in_page = as_user(editor).get("/")

    assert reader_page.status_code == 200
    assert "Fact-check verdicts" in reader_page.get_data(as_text=True)
    assert "A published claim" in reader_page.get_data(as_text=True)
    # Cached per revision and shared: a desk user gets the very same bytes.
    assert signed_in_page.get_data() == reader_page.get_data()
    assert reader_page.headers["Cache-Control"].startswith("public")
    html = reader_page.get_data(as_text=True)
    assert 'id="desk-link" data-url="/desk/for-readers" hidden' in html
    assert "verdict-desk-link.js" in html


def test_the_desk_is_offered_to_a_signed_in_user_only(desk, session, client, as_user):
    user = desk.user(Role.CHECKER, name="Chris Checker")
    offered = as_user(user).get("/desk/for-readers")
    refused = client.get("/desk/for-readers")

    assert refused.status_code == 401
    assert refused.json == {"error": "Log in to the desk to open it."}
    assert offered.status_code == 200
    assert offered.json == {"url": "/desk",
                            "label": "You are signed in as Chris Checker: open the desk"}
    for response in (refused, offered):
        assert response.headers["Cache-Control"] == "private, no-store"


def test_the_queue_lives_at_desk_and_login_leads_there(desk, session, client, login):
    user = desk.user(Role.CHECKER)
    session.commit()
    assert client.get("/desk").headers["Location"].startswith("/login")
    assert login(client, user).headers["Location"] == "/desk"
    page = client.get("/desk").get_data(as_text=True)
    assert "<h1>Queue</h1>" in page
    assert '<a href="/desk">Queue</a>' in page


def test_an_old_queue_bookmark_is_sent_to_the_desk(client):
    response = client.get("/?state=all&assignee=mine&sort=due")
    assert response.status_code == 301
    target = urlsplit(response.headers["Location"])
    assert target.path == "/desk"
    assert parse_qs(target.query) == {"state": ["all"], "assignee": ["mine"], "sort": ["due"]}
    # The index's own parameters stay on the front page.
    assert client.get("/?page=1&rating=False").status_code == 200


def test_robots_let_crawlers_read_the_front_page(client):
    lines = client.get("/robots.txt").get_data(as_text=True).splitlines()
    assert "Allow: /$" in lines
    assert "Disallow: /" in lines


def _listed(response) -> list[str]:  # type: ignore[no-untyped-def]
    """The statements the queue table lists."""
    html = response.get_data(as_text=True).split('<table class="list queue">', 1)
    if len(html) == 1:
        return []
    return sorted(html_lib.unescape(s) for s in re.findall(r'<a href="/claims/\d+">([^<]+)</a>',
                                                           html[1]))


def _queue_claims(desk, session):  # type: ignore[no-untyped-def]
    checker = desk.user(Role.CHECKER, name="Chris Checker")
    other = desk.user(Role.CHECKER, name="Olga Other")
    yesterday = utcnow().date() - timedelta(days=1)
    desk.claim(statement="Mine", assignee=checker)
    desk.claim(statement="Olga's on time", assignee=other)
    desk.claim(statement="Olga's late", assignee=other, due_date=yesterday)
    desk.claim(statement="Nobody's")
    desk.claim(State.PUBLISHED, statement="Published, nobody's")
    return checker


def test_a_checkers_queue_opens_on_their_own_claims(desk, session, as_user):
    checker = _queue_claims(desk, session)
    browser = as_user(checker)
    opened = browser.get("/desk")
    assert _listed(opened) == ["Mine"]
    html = opened.get_data(as_text=True)
    assert "Showing the claims assigned to you — a checker's queue opens on them." in html
    everything = re.search(r'<a href="([^"]+)">Show every open claim</a>', html)
    assert everything is not None
    assert _listed(browser.get(html_lib.unescape(everything.group(1)))) == [
        "Mine", "Nobody's", "Olga's late", "Olga's on time"]
    # Sorting keeps the filter in view; any filter given replaces the default.
    assert _listed(browser.get("/desk?sort=newest")) == ["Mine"]
    assert _listed(browser.get("/desk?state=all")) == [
        "Mine", "Nobody's", "Olga's late", "Olga's on time", "Published, nobody's"]


def test_an_editors_queue_opens_on_unassigned_and_overdue_claims(desk, session, as_user):
    _queue_claims(desk, session)
    browser = as_user(desk.user(Role.EDITOR))
    opened = browser.get("/desk")
    assert _listed(opened) == ["Nobody's", "Olga's late"]
    html = opened.get_data(as_text=True)
    assert "Showing the claims that need an editor: unassigned or overdue" in html
    assert '<option value="triage" selected>Unassigned or overdue</option>' in html
    assert _listed(browser.get("/desk?assignee=any")) == [
        "Mine", "Nobody's", "Olga's late", "Olga's on time"]
    # Links from the everything view keep saying so (the next page, a sort, a state count).
    everything = browser.get("/desk?assignee=any").get_data(as_text=True)
    assert "Showing the claims that need an editor" not in everything
    assert 'href="/desk?state=published&amp;assignee=any"' in everything
