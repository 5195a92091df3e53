"""Sessions the server can end: logout, password change, role change and deactivation end the
user's sessions everywhere, including copied cookies and remember-me cookies."""

from __future__ import annotations

import time

from flask import Flask
from flask.testing import FlaskClient

from factcheck.auth.sessions import load_user
from factcheck.workflow import Role
from tests.conftest import PASSWORD

DOMAIN = "desk.test"


def _remembered(app: Flask, submit, user) -> FlaskClient:  # type: ignore[no-untyped-def]
    client = app.test_client()
    response = submit(client, "/login", {"email": user.email, "password": PASSWORD,
                                         "remember": "y"})
    assert response.status_code == 302
    return client


def _copy(app: Flask, client: FlaskClient, names=("session", "remember_token")) -> FlaskClient:
    """Another browser holding a copy of ``client``'s cookies (a stolen cookie)."""
    thief = app.test_client()
    for name in names:
        cookie = client.get_cookie(name, domain=DOMAIN)
        assert cookie is not None, name
        thief.set_cookie(name, cookie.value, domain=DOMAIN, secure=cookie.secure)
    return thief


def _logged_in(client: FlaskClient) -> bool:
    response = client.get("/desk")
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def test_logout_ends_the_session_on_the_server(app, submit, desk, session):
    user = desk.user()
    session.commit()
    browser = _remembered(app, submit, user)
    copy_of_session = _copy(app, browser, names=("session",))
    copy_of_remember = _copy(app, browser, names=("remember_token",))
    assert _logged_in(copy_of_session) and _logged_in(copy_of_remember)
    assert submit(browser, "/desk", {}, post_url="/logout").status_code == 302
    assert not _logged_in(browser)
    assert not _logged_in(copy_of_session)
    assert not _logged_in(copy_of_remember)
    # Logging in again works as usual.
    assert _logged_in(_remembered(app, submit, user))


def test_remember_me_alone_restores_the_login(app, submit, desk, session):
    user = desk.user()
    session.commit()
    browser = _remembered(app, submit, user)
    assert _logged_in(_copy(app, browser, names=("remember_token",)))


def test_a_password_change_ends_every_other_session(app, submit, desk, session):
    user = desk.user()
    session.commit()
    laptop, phone = _remembered(app, submit, user), _remembered(app, submit, user)
    stolen = _copy(app, phone, names=("remember_token",))
    changed = submit(laptop, "/account", {"current_password": PASSWORD,
                                          "password": "lantern harbour quietly",
                                          "confirm": "lantern harbour quietly"})
    assert changed.status_code == 302
    assert _logged_in(laptop), "the browser that changed it stays logged in"
    assert _logged_in(_copy(app, laptop, names=("remember_token",))), "with a fresh cookie"
    assert not _logged_in(phone)
    assert not _logged_in(stolen)


def test_a_role_change_or_deactivation_ends_the_users_sessions(app, submit, desk, session):
    admin = desk.user(Role.ADMIN)
    editor, checker = desk.user(Role.EDITOR), desk.user()
    session.commit()
    admin_browser = _remembered(app, submit, admin)
    editor_browser = _remembered(app, submit, editor)
    checker_browser = _remembered(app, submit, checker)
    demoted = submit(admin_browser, f"/admin/users/{editor.id}",
                     {"name": editor.name, "role": "checker", "active": "y"})
    assert demoted.status_code == 302
    assert not _logged_in(editor_browser)
    deactivated = submit(admin_browser, f"/admin/users/{checker.id}",
                         {"name": checker.name, "role": "checker"})
    assert deactivated.status_code == 302
    assert not _logged_in(checker_browser)
    # A rename alone ends nothing.
    renamed = submit(admin_browser, f"/admin/users/{editor.id}",
                     {"name": "Edith Renamed", "role": "checker", "active": "y"})
    assert renamed.status_code == 302
    again = _remembered(app, submit, editor)
    submit(admin_browser, f"/admin/users/{editor.id}",
           {"name": "Edith Again", "role": "checker", "active": "y"})
    assert _logged_in(again)
    assert _logged_in(admin_browser)


def test_a_login_older_than_thirty_days_is_refused(app, desk, session):
    user = desk.user()
    session.commit()
    now = int(time.time())
    with app.test_request_context():
        assert load_user(f"{user.id}:0:{now - 3600}") is user
        assert load_user(f"{user.id}:0:{now - 31 * 86400}") is None
        assert load_user(f"{user.id}:1:{now}") is None  # an ended generation
        assert load_user(str(user.id)) is None  # an id from before generations
        assert load_user(f"{10**30}:0:{now}") is None
