"""The audit trail: admin actions are recorded with the change, and /admin/audit shows every
event of the desk, filtered, paged and exported as CSV that a spreadsheet cannot execute."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from factcheck.models import DeskEvent, Event
from factcheck.workflow import Role, State

STRONG_PASSWORD = "Tangerine-Voltage-42-Kayak"


@pytest.fixture
def admin(desk, session):  # type: ignore[no-untyped-def]
    user = desk.user(Role.ADMIN, name="Ada Admin")
    session.commit()
    return user


@pytest.fixture
def as_admin(as_user, admin):  # type: ignore[no-untyped-def]
    return as_user(admin)


def desk_events(session, kind: str | None = None) -> list[DeskEvent]:  # type: ignore[no-untyped-def]
    session.expire_all()
    stmt = select(DeskEvent).order_by(DeskEvent.id)
    if kind:
        stmt = stmt.where(DeskEvent.kind == kind)
    return list(session.scalars(stmt))


def rows_of(page: str) -> str:
    """The table body of the audit page (the filter form lists every kind and member too)."""
    start = page.find("<tbody>")
    return page[start : page.find("</tbody>", start)] if start >= 0 else ""


def test_creating_a_user_is_recorded_and_listed(as_admin, admin, submit, session):
    response = submit(
        as_admin, "/admin/users",
        {"email": "nia@desk.test", "name": "Nia New", "role": "checker",
         "password": STRONG_PASSWORD},
    )
    assert response.status_code == 302

    [event] = [e for e in desk_events(session, "user.created") if e.actor_id == admin.id]
    assert event.subject_user.email == "nia@desk.test"
    assert event.payload == {"email": "nia@desk.test", "role": "checker"}
    rows = rows_of(as_admin.get("/admin/audit").get_data(as_text=True))
    assert "Ada Admin" in rows and "added a desk member" in rows
    assert "Nia New (nia@desk.test)" in rows


def test_refused_user_creation_records_nothing(as_admin, submit, session, desk):
    existing = desk.user(Role.EDITOR)
    session.commit()
    before = len(desk_events(session))
    response = submit(
        as_admin, "/admin/users",
        {"email": existing.email, "name": "Twin", "role": "editor", "password": STRONG_PASSWORD},
    )
    assert response.status_code == 422
    assert len(desk_events(session)) == before


def test_role_change_deactivation_and_reactivation_are_recorded(as_admin, submit, desk, session):
    checker = desk.user(Role.CHECKER, name="Carl Checker")
    session.commit()
    page = f"/admin/users/{checker.id}"

    submit(as_admin, page, {"name": "Carl Checker", "role": "editor", "active": "y"})
    submit(as_admin, page, {"name": "Carl Checker", "role": "editor"})
    submit(as_admin, page, {"name": "Carl C.", "role": "editor", "active": "y"})
    submit(as_admin, page, {"name": "Carl C.", "role": "editor", "active": "y"})  # no change

    kinds = [(e.kind, e.payload) for e in desk_events(session) if e.subject_user_id == checker.id]
    assert kinds[1:] == [
        ("user.role_changed", {"from": "checker", "to": "editor"}),
        ("user.deactivated", {}),
        ("user.reactivated", {}),
        ("user.renamed", {"from": "Carl Checker", "to": "Carl C."}),
    ]
    html = as_admin.get("/admin/audit?kind=user.role_changed").get_data(as_text=True)
    rows = rows_of(html)
    assert "changed a member&#39;s role" in rows and "checker → editor" in rows
    assert "deactivated a member" not in rows


def test_rating_scale_and_settings_changes_are_recorded(as_admin, submit, session, desk):
    submit(as_admin, "/admin/ratings",
           {"label": "Satire", "value": "", "description": "A joke.", "colour": "#0a7ea4",
            "active": "y"})
    satire = desk.rating("Satire")
    submit(as_admin, f"/admin/ratings/{satire.id}",
           {"label": "Satire", "value": "", "description": "Meant as a joke.",
            "colour": "#0a7ea4", "active": "y"})
    submit(as_admin, "/admin/ratings", {}, post_url=f"/admin/ratings/{satire.id}/move/up")
    settings = {"organisation_name": "Desk Weekly", "organisation_url": "https://desk.test/",
                "methodology": "We check."}
    submit(as_admin, "/admin/settings", settings)
    submit(as_admin, "/admin/settings", settings)  # saved again unchanged: nothing to record

    events = {e.kind: e.payload for e in desk_events(session)}
    assert events["rating.added"]["label"] == "Satire"
    assert events["rating.changed"] == {
        "rating": "Satire",
        "changes": {"description": {"from": "A joke.", "to": "Meant as a joke."}},
    }
    assert events["rating.moved"] == {"rating": "Satire", "from": 8, "to": 7}
    assert events["settings.changed"]["changes"]["organisation_name"]["to"] == "Desk Weekly"
    assert len(desk_events(session, "settings.changed")) == 1
    rows = rows_of(as_admin.get("/admin/audit").get_data(as_text=True))
    assert "changed the desk settings" in rows and "Organisation name:" in rows
    assert "Description: A joke. → Meant as a joke." in rows


def test_claim_events_and_admin_events_share_the_list_and_filter_by_user(
    as_user, admin, desk, session
):
    editor = desk.user(Role.EDITOR, name="Eve Editor")
    claim = desk.claim(State.PUBLISHED, editor=editor, statement="Wagons were detained at Orsha")
    session.commit()
    client = as_user(admin)

    everything = rows_of(client.get("/admin/audit").get_data(as_text=True))
    assert f"Claim #{claim.id}" in everything and "published the verdict" in everything
    assert "added a desk member" in everything

    mine = rows_of(client.get(f"/admin/audit?user={editor.id}").get_data(as_text=True))
    assert "Eve Editor" in mine and "Wagons were detained at Orsha" in mine
    assert "added a desk member" not in mine  # the desk factory created users without an actor
    published = rows_of(
        client.get(f"/admin/audit?user={editor.id}&kind=publish").get_data(as_text=True)
    )
    assert published.count("<tr>") == 1


def test_date_range_filters_inclusive_days(as_admin, admin, session):
    old = DeskEvent(actor=admin, kind="settings.changed", payload={},
                    created_at=datetime(2020, 5, 1, 23, 59, tzinfo=UTC))
    session.add(old)
    session.commit()

    def count(query: str) -> int:
        return rows_of(as_admin.get(f"/admin/audit?{query}").get_data(as_text=True)).count("<tr>")

    assert count("since=2020-05-01&until=2020-05-01") == 1
    assert count("since=2020-05-02&until=2020-05-31") == 0
    today = datetime.now(UTC).date()
    assert count(f"since={today}") >= 1  # the admin's own creation is not dated 2020
    assert count(f"until={today - timedelta(days=1)}&kind=settings.changed") == 1
    assert count("until=9999-12-31&since=0001-01-01") >= 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("user=abc", "Choose a desk member from the list"),
        ("user=" + "9" * 30, "Choose a desk member from the list"),
        ("kind=%3Cscript%3E", "Choose a kind of event from the list"),
        ("since=2026-13-01", "“From” must be a date like 2026-11-30"),
        ("until=yesterday", "“To” must be a date like 2026-11-30"),
        ("since=20261130", "“From” must be a date like 2026-11-30"),
        ("since=2026-11-02&until=2026-11-01", "The “From” date is after the “To” date."),
        ("page=0", "Pages are numbered from 1"),
        ("page=" + "1" * 40, "Pages are numbered from 1"),
    ],
)
def test_bad_filters_are_refused_in_words(as_admin, query, message):
    for url in (f"/admin/audit?{query}", f"/admin/audit.csv?{query}"):
        response = as_admin.get(url)
        assert response.status_code == 400, url
        html = response.get_data(as_text=True)
        assert message in html, url
        assert 'id="since"' in html  # the filter form is still there to fix the value


@pytest.mark.parametrize("query", ["kind=a%00b", "page=%00", "since=%ED%A0%80"])
def test_unreadable_filters_are_refused_before_the_page(as_admin, query):
    """NUL bytes and invalid UTF-8 never reach a view: the request guard answers 400 first."""
    for url in (f"/admin/audit?{query}", f"/admin/audit.csv?{query}"):
        response = as_admin.get(url)
        assert response.status_code == 400, url
        assert "The query string of this page" in response.get_data(as_text=True), url


def test_unknown_user_or_page_past_the_end_shows_no_rows(as_admin):
    response = as_admin.get("/admin/audit?user=987654321")
    assert response.status_code == 200
    assert "No events match these filters." in response.get_data(as_text=True)
    assert "No events match" in as_admin.get("/admin/audit?page=5000").get_data(as_text=True)


def test_pages_walk_from_newest_to_oldest(app, as_admin, admin, session):
    for n in range(5):
        session.add(DeskEvent(actor=admin, kind="settings.changed", note=f"change {n}",
                              payload={}, created_at=datetime(2021, 1, 1 + n, tzinfo=UTC)))
    session.commit()
    app.config["AUDIT_PAGE_SIZE"] = 2
    query = "/admin/audit?kind=settings.changed"

    first = as_admin.get(query).get_data(as_text=True)
    assert "change 4" in first and "change 3" in first and "change 2" not in first
    assert "Page 1 of 3" in first and "page=2" in first
    last = as_admin.get(query + "&page=3").get_data(as_text=True)
    assert "change 0" in last and "Page 3 of 3" in last


def test_csv_has_every_matching_event_and_neutralises_formulas(
    as_admin, admin, submit, session, desk
):
    for name in ["=HYPERLINK(\"http://evil.test\")", "+1 Plus", "-minus", "@at", "Plain Name"]:
        slug = "".join(ch for ch in name.lower() if ch.isalnum())
        response = submit(
            as_admin, "/admin/users",
            {"email": f"{slug}@desk.test", "name": name, "role": "checker",
             "password": STRONG_PASSWORD},
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    claim = desk.claim(State.SOURCED)
    session.commit()

    response = as_admin.get(f"/admin/audit.csv?kind=user.created&user={admin.id}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    about = [row["about member"] for row in rows]
    assert "'=HYPERLINK(\"http://evil.test\") <hyperlinkhttpeviltest@desk.test>" in about
    assert "'+1 Plus <1plus@desk.test>" in about
    assert "'-minus <minus@desk.test>" in about
    assert "'@at <at@desk.test>" in about
    assert "Plain Name <plainname@desk.test>" in about
    assert len(rows) == 5
    assert all(row["kind"] == "user.created" for row in rows)
    assert all(row["actor"] == "Ada Admin" for row in rows)

    everything = list(csv.DictReader(io.StringIO(as_admin.get("/admin/audit.csv").get_data(
        as_text=True))))
    session.expire_all()
    total = session.query(Event).count() + session.query(DeskEvent).count()
    assert len(everything) == total
    assert any(row["claim id"] == str(claim.id) and row["to state"] == "sourced"
               for row in everything)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.CHECKER])
def test_audit_is_for_admins_only(as_user, desk, role):
    client = as_user(desk.user(role))
    for url in ("/admin/audit", "/admin/audit.csv"):
        response = client.get(url)
        assert response.status_code == 403
        assert "This page is for admins." in response.get_data(as_text=True)
