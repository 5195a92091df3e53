"""Times in each person's zone: relative on the desk, exact on hover, stored in UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from factcheck.models import DeskSettings, Event, User
from factcheck.timezones import relative
from factcheck.workflow import Role


def history_times(page: str) -> list[tuple[str, str, str]]:
    """``(datetime attribute, title, text)`` of each time in the claim's history."""
    history = page[page.index('id="history"'):]
    return re.findall(r'<time datetime="([^"]+)" title="([^"]+)">([^<]+)</time>', history)


def test_relative_wording() -> None:
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert relative(now - timedelta(seconds=20), now) == "just now"
    assert relative(now - timedelta(minutes=5), now) == "5 min ago"
    assert relative(now - timedelta(hours=3, minutes=10), now) == "3 h ago"
    assert relative(now - timedelta(days=2), now) == "2 d ago"
    assert relative(now + timedelta(minutes=20), now) == "in 20 min"
    assert relative(now - timedelta(days=30), now) is None


def test_desk_times_are_relative_with_the_exact_time_on_hover(desk, session, as_user):
    claim = desk.claim()
    three_hours_ago = datetime.now(UTC) - timedelta(hours=3, minutes=5)
    for event in session.scalars(select(Event).where(Event.claim_id == claim.id)):
        event.created_at = three_hours_ago
    client = as_user(desk.editor())
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    instant, title, text = history_times(page)[0]
    assert text == "3 h ago"
    assert instant == three_hours_ago.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert title == f"{three_hours_ago.day} {three_hours_ago:%b %Y %H:%M} UTC"


def test_a_person_chooses_their_zone_and_reads_times_in_it(desk, session, as_user, submit):
    claim = desk.claim()
    long_ago = datetime(2026, 7, 14, 9, 30, tzinfo=UTC)  # summer: Kyiv is UTC+3
    for event in session.scalars(select(Event).where(Event.claim_id == claim.id)):
        event.created_at = long_ago
    checker = desk.user(Role.CHECKER)
    client = as_user(checker)
    response = submit(client, "/account", {"time_zone": "Europe/Kyiv"},
                      post_url="/account/time-zone")
    assert response.status_code == 302
    assert session.get(User, checker.id).time_zone == "Europe/Kyiv"
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    _, title, text = history_times(page)[0]
    assert text == title == "14 Jul 2026 12:30 EEST"  # older than a week: the exact time
    account = client.get("/account").get_data(as_text=True)
    assert re.search(r'<option selected value="Europe/Kyiv">Europe/Kyiv</option>', account)


def test_an_unknown_zone_is_refused_with_words_and_changes_nothing(desk, session, as_user,
                                                                    submit):
    checker = desk.user(Role.CHECKER)
    client = as_user(checker)
    response = submit(client, "/account", {"time_zone": "Mars/Olympus_Mons"},
                      post_url="/account/time-zone")
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, checker.id).time_zone is None


def test_the_desk_zone_is_everyones_until_they_choose(desk, session, as_user, submit):
    claim = desk.claim()
    winter = datetime(2026, 1, 10, 15, 0, tzinfo=UTC)
    for event in session.scalars(select(Event).where(Event.claim_id == claim.id)):
        event.created_at = winter
    admin = desk.user(Role.ADMIN)
    admin_client = as_user(admin)
    settings = session.scalars(select(DeskSettings)).one()
    response = submit(admin_client, "/admin/settings", {
        "organisation_name": settings.organisation_name,
        "organisation_url": settings.organisation_url,
        "time_zone": "America/New_York",
    })
    assert response.status_code == 302
    session.expire_all()
    assert session.scalars(select(DeskSettings)).one().time_zone == "America/New_York"
    page = as_user(desk.editor()).get(f"/claims/{claim.id}").get_data(as_text=True)
    assert history_times(page)[0][2] == "10 Jan 2026 10:00 EST"
    refused = submit(admin_client, "/admin/settings", {
        "organisation_name": settings.organisation_name,
        "organisation_url": settings.organisation_url,
        "time_zone": "Nowhere/Atlantis",
    })
    assert refused.status_code == 422
    assert "Not a valid choice" in refused.get_data(as_text=True)


def test_the_queue_and_the_article_list_give_the_exact_time_on_hover(desk, session, as_user):
    """A tooltip is plain text: the age cell reads "5 d" with the exact time in its title (a
    whole <time> element in the attribute broke the row: it showed 'just now">0 min')."""
    article = desk.article()
    claim = desk.claim(article=article)
    five_days_ago = datetime.now(UTC) - timedelta(days=5, hours=1)
    claim.created_at = article.created_at = five_days_ago
    client = as_user(desk.editor())
    exact = f"{five_days_ago.day} {five_days_ago:%b %Y %H:%M} UTC"
    queue = client.get("/desk?assignee=any").get_data(as_text=True)
    assert f'<td title="{exact}">5 d</td>' in queue
    articles = client.get("/articles/").get_data(as_text=True)
    assert f'<td title="{exact}">' in articles
    assert '">' + "just now" not in queue + articles
