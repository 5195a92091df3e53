"""Saved views: the queue's filters under a name, personal or shared by an editor, listed beside
the queue, opened with one click and deleted by the person who saved them."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from factcheck.models import SavedView
from factcheck.workflow import Role


def views_listed(response) -> list[str]:  # type: ignore[no-untyped-def]
    """The names in the queue's list of views, in order."""
    html = response.get_data(as_text=True)
    nav = html.split('<nav class="saved-views"', 1)[1].split("</ul>", 1)[0]
    return [html_lib.unescape(n) for n in re.findall(r'<a href="/desk/views/\d+">([^<]+)</a>', nav)]


def save(submit, browser, query: str, **data: str):  # type: ignore[no-untyped-def]
    return submit(browser, f"/desk?{query}", data, post_url=f"/desk/views?{query}")


def test_a_view_keeps_the_filters_and_opens_them(desk, session, as_user, submit):
    checker = desk.user(Role.CHECKER)
    browser = as_user(checker)

    saved = save(submit, browser, "state=all&tag=elections&sort=due&page=3", name="  Elections  ")

    assert saved.status_code == 302
    view = session.scalar(select(SavedView))
    assert (view.name, view.shared, view.owner_id) == ("Elections", False, checker.id)
    assert view.query == {"state": "all", "assignee": "any", "tag": "elections", "sort": "due"}
    page = browser.get(saved.headers["Location"])
    assert "Saved the view “Elections”." in html_lib.unescape(page.get_data(as_text=True))
    assert views_listed(page) == ["Elections"]

    opened = browser.get(f"/desk/views/{view.id}")
    assert opened.status_code == 302
    target = urlsplit(opened.headers["Location"])
    assert target.path == "/desk"
    assert parse_qs(target.query) == {"state": ["all"], "assignee": ["any"],
                                      "tag": ["elections"], "sort": ["due"]}


def test_shared_views_are_listed_to_everyone_and_only_editors_share(
        desk, session, as_user, submit):
    editor = desk.user(Role.EDITOR)
    checker = desk.user(Role.CHECKER)
    other = desk.user(Role.CHECKER)
    as_editor, as_checker = as_user(editor), as_user(checker)

    assert save(submit, as_editor, "assignee=triage", name="Triage", shared="y").status_code == 302
    assert save(submit, as_checker, "assignee=mine", name="My work").status_code == 302
    refused = save(submit, as_checker, "assignee=mine", name="For all", shared="y")

    assert refused.status_code == 403
    assert session.scalar(select(func.count(SavedView.id))) == 2
    assert views_listed(as_checker.get("/desk")) == ["My work", "Triage"]
    assert views_listed(as_user(other).get("/desk")) == ["Triage"]
    mine = session.scalar(select(SavedView).where(SavedView.name == "My work"))
    assert as_user(other).get(f"/desk/views/{mine.id}").status_code == 404


def test_a_name_is_needed_once_per_person_and_a_refused_form_keeps_it(
        desk, session, as_user, submit):
    browser = as_user(desk.user(Role.CHECKER))
    assert save(submit, browser, "priority=urgent", name="Urgent").status_code == 302

    again = save(submit, browser, "priority=high", name="urgent")
    assert again.status_code == 422
    text = html_lib.unescape(again.get_data(as_text=True))
    assert "You already have a view called “urgent”." in text
    assert 'value="urgent"' in text
    assert "<details open>" in text
    empty = save(submit, browser, "priority=high", name="   ")
    assert empty.status_code == 422
    assert "Give the view a name." in empty.get_data(as_text=True)


def test_only_the_owner_deletes_a_view(desk, session, as_user, submit):
    editor = desk.user(Role.EDITOR)
    other_editor = desk.user(Role.EDITOR)
    as_owner = as_user(editor)
    save(submit, as_owner, "overdue=1", name="Late", shared="y")
    view = session.scalar(select(SavedView))

    refused = submit(as_user(other_editor), "/desk", {}, post_url=f"/desk/views/{view.id}/delete")
    assert refused.status_code == 403
    assert "Only the person who saved a view can delete it." in refused.get_data(as_text=True)
    assert session.scalar(select(func.count(SavedView.id))) == 1

    deleted = submit(as_owner, "/desk", {}, post_url=f"/desk/views/{view.id}/delete")
    assert deleted.status_code == 302
    session.expire_all()
    assert session.scalar(select(func.count(SavedView.id))) == 0
    assert "Deleted the view “Late”." in html_lib.unescape(
        as_owner.get("/desk").get_data(as_text=True))
