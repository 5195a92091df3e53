"""The password rule, changing one's own password, and one-time reset links from an admin."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from factcheck.models import DeskEvent, PasswordReset, User
from factcheck.models.users import token_digest
from factcheck.passwords import password_problem
from factcheck.workflow import Role
from tests.conftest import PASSWORD

NEW = "lantern harbour quietly"
LINK_RE = re.compile(r"https://desk\.test/reset/([A-Za-z0-9_-]+)")


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("short one", "Passwords need at least 12 characters."),
        ("Password1234", "too easy to guess"),
        ("qwertyuiop123", "very common password"),
        ("aaaaaaaaaaaaaaaa", "too easy to guess"),
        ("ana.checker-2026", "Do not build your password from your name"),
        ("x" * 300, "at most 256 characters"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, expected):
    problem = password_problem(password, email="ana.checker@newsroom.example", name="Ana Checker")
    assert problem is not None and expected in problem


def test_the_fixture_and_demo_passwords_pass_the_rule():
    from factcheck.demo.loader import DEMO_USERS

    assert password_problem(PASSWORD, email="checker1@newsroom.example", name="Checker 1") is None
    for demo in DEMO_USERS:
        assert password_problem(demo.password, email=demo.email, name=demo.name) is None


def test_the_admin_form_refuses_a_common_password_and_keeps_what_was_typed(
    as_admin, submit, session
):
    response = submit(as_admin, "/admin/users", {
        "email": "new@newsroom.example", "name": "New Person", "role": "checker",
        "password": "Password1234",
    })
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "too easy to guess" in page
    assert 'value="new@newsroom.example"' in page and 'value="New Person"' in page
    assert session.scalar(select(User).where(User.email == "new@newsroom.example")) is None


def test_users_create_refuses_a_weak_password(runner, session):
    result = runner.invoke(
        args=["users", "create", "weak@newsroom.example"], input="password1234\npassword1234\n"
    )
    assert result.exit_code != 0
    assert "too easy to guess" in result.output
    assert session.scalar(select(User).where(User.email == "weak@newsroom.example")) is None


def _change(client, submit, current, new, confirm=None):  # type: ignore[no-untyped-def]
    return submit(client, "/account", {
        "current_password": current, "password": new, "confirm": confirm or new,
    })


def test_a_user_changes_their_password_on_the_account_page(as_user, desk, session, app, submit):
    checker = desk.user()
    browser = as_user(checker)
    page = browser.get("/account").get_data(as_text=True)
    assert checker.email in page and "Change your password" in page
    changed = _change(browser, submit, PASSWORD, NEW)
    assert changed.status_code == 302
    assert "Password changed" in browser.get("/account").get_data(as_text=True)
    session.refresh(checker)
    assert checker.check_password(NEW) and not checker.check_password(PASSWORD)
    assert session.scalar(select(DeskEvent).where(
        DeskEvent.kind == "user.password_changed", DeskEvent.subject_user_id == checker.id
    ))


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("wrong password here", NEW, None, "Your current password is not right."),
        (PASSWORD, "iloveyou12345", None, "too easy to guess"),
        (PASSWORD, NEW, "something else entirely", "The two passwords differ."),
        (PASSWORD, "short", None, "at least 12 characters"),
    ],
)
def test_a_refused_change_says_why_and_changes_nothing(
    as_user, desk, session, submit, current, new, confirm, message
):
    checker = desk.user()
    browser = as_user(checker)
    refused = _change(browser, submit, current, new, confirm)
    assert refused.status_code == 422
    assert message in refused.get_data(as_text=True)
    session.refresh(checker)
    assert checker.check_password(PASSWORD)


@pytest.fixture
def as_admin(as_user, desk):  # type: ignore[no-untyped-def]
    """A browser logged in as a new admin."""
    return as_user(desk.user(Role.ADMIN, name="Ada Admin"))


def _issue_link(as_admin, submit, user):  # type: ignore[no-untyped-def]
    response = submit(as_admin, "/admin/users", {}, post_url=f"/admin/users/{user.id}/reset-link")
    assert response.status_code == 200, response.get_data(as_text=True)
    page = response.get_data(as_text=True)
    match = LINK_RE.search(page)
    assert match, page
    return match.group(1), page


def test_an_admin_issues_a_one_time_reset_link(as_admin, submit, desk, session, app, login):
    checker = desk.user()
    session.commit()
    token, page = _issue_link(as_admin, submit, checker)
    assert f"Password reset link for {checker.name}" in page
    stored = session.scalar(select(PasswordReset).where(PasswordReset.user_id == checker.id))
    assert stored.token_hash == token_digest(token) and token not in stored.token_hash
    assert timedelta(hours=3) < stored.expires_at - stored.created_at <= timedelta(hours=4)
    assert session.scalar(select(DeskEvent).where(
        DeskEvent.kind == "user.password_reset_issued", DeskEvent.subject_user_id == checker.id
    ))

    stranger = app.test_client()
    assert "Choose a new password" in stranger.get(f"/reset/{token}").get_data(as_text=True)
    weak = submit(stranger, f"/reset/{token}", {"password": "password1234",
                                                "confirm": "password1234"})
    assert weak.status_code == 422 and "too easy to guess" in weak.get_data(as_text=True)
    done = submit(stranger, f"/reset/{token}", {"password": NEW, "confirm": NEW})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    login(app.test_client(), checker, NEW)

    again = stranger.get(f"/reset/{token}")
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)


def test_an_expired_or_unknown_reset_link_is_refused(as_admin, submit, desk, session, app):
    checker = desk.user()
    session.commit()
    token, _ = _issue_link(as_admin, submit, checker)
    reset = session.scalar(select(PasswordReset).where(PasswordReset.user_id == checker.id))
    reset.expires_at = reset.created_at - timedelta(seconds=1)
    session.commit()
    client = app.test_client()
    expired = client.get(f"/reset/{token}")
    assert expired.status_code == 410 and "has expired" in expired.get_data(as_text=True)
    for bogus in ("nonsense", "x" * 5000, token[:-1]):
        refused = client.get(f"/reset/{bogus}")
        assert refused.status_code == 410 and "not valid" in refused.get_data(as_text=True)
    assert client.get("/reset/%00abc").status_code == 400  # the shared path check refuses NUL


def test_a_new_link_replaces_the_previous_one(as_admin, submit, desk, session, app):
    checker = desk.user()
    session.commit()
    first, _ = _issue_link(as_admin, submit, checker)
    second, _ = _issue_link(as_admin, submit, checker)
    client = app.test_client()
    assert client.get(f"/reset/{first}").status_code == 410
    assert client.get(f"/reset/{second}").status_code == 200


def test_only_admins_issue_links(as_user, desk, submit, session):
    editor = desk.user(Role.EDITOR)
    checker = desk.user()
    browser = as_user(editor)
    refused = submit(browser, "/desk", {}, post_url=f"/admin/users/{checker.id}/reset-link")
    assert refused.status_code == 403
    assert session.scalar(select(PasswordReset)) is None


def test_flask_users_reset_link_prints_a_working_link(runner, desk, session, app):
    checker = desk.user()
    session.commit()
    result = runner.invoke(args=["users", "reset-link", checker.email.upper()])
    assert result.exit_code == 0, result.output
    match = LINK_RE.search(result.output)
    assert match, result.output
    assert "works once" in result.output
    assert app.test_client().get(f"/reset/{match.group(1)}").status_code == 200
    missing = runner.invoke(args=["users", "reset-link", "nobody@newsroom.example"])
    assert missing.exit_code != 0 and "no user with the email" in missing.output
