"""`/` is the readers' front page; the desk lives at `/desk`, and its old address still leads there."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

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
