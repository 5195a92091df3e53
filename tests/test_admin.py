"""Administration: only admins get in; users, ratings and settings change what the desk does."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from factcheck.models import DeskSettings, Rating, User
from factcheck.operations import publishing
from factcheck.operations.desk import DEFAULT_SCALE, save_rating
from factcheck.operations.errors import InvalidInput
from factcheck.public.colours import contrast_ratio
from factcheck.workflow import PermissionDenied, Role, State
from tests.conftest import PASSWORD

ADMIN_PAGES = ["/admin/users", "/admin/ratings", "/admin/settings"]


@pytest.fixture
def admin(desk, session):  # type: ignore[no-untyped-def]
    """An admin, committed so the login form finds them."""
    user = desk.user(Role.ADMIN, name="Ada Admin")
    session.commit()
    return user


@pytest.fixture
def as_admin(client, login, admin):  # type: ignore[no-untyped-def]
    """The client, logged in as the admin."""
    login(client, admin)
    return client


def log_out(client, submit):  # type: ignore[no-untyped-def]
    """Log out through the real form, as the admin does before handing over the keyboard."""
    assert submit(client, "/admin/users", {}, post_url="/logout").status_code == 302


def settings_form(session, **changes):  # type: ignore[no-untyped-def]
    """The settings form as currently stored, with ``changes`` applied."""
    settings = session.get(DeskSettings, 1)
    data = {
        "organisation_name": settings.organisation_name,
        "organisation_url": settings.organisation_url,
        "logo_url": settings.logo_url or "",
        "methodology": settings.methodology,
    }
    if settings.two_person_rule:
        data["two_person_rule"] = "y"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("role", [Role.EDITOR, Role.CHECKER])
def test_admin_pages_refuse_editors_and_checkers(desk, session, client, login, role):
    user = desk.user(role)
    session.commit()
    login(client, user)

    for page in ADMIN_PAGES:
        response = client.get(page)
        assert response.status_code == 403, page
        assert "This page is for admins." in response.get_data(as_text=True)
    assert client.post("/admin/users", data={"email": "x@desk.test"}).status_code in (400, 403)


def test_admin_pages_need_a_login(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_admin_pages_link_to_each_other(as_admin):
    for page in ADMIN_PAGES:
        html = as_admin.get(page).get_data(as_text=True)
        for other in ADMIN_PAGES:
            assert f'href="{other}"' in html, (page, other)
        assert 'aria-current="page"' in html


def test_create_user_and_they_can_log_in(as_admin, submit, session, login):
    response = submit(
        as_admin,
        "/admin/users",
        {"email": "New.Checker@Desk.test", "name": "Nia New", "role": "checker",
         "password": "long enough pw"},
    )
    assert response.status_code == 302
    page = as_admin.get("/admin/users").get_data(as_text=True)
    assert "Added Nia New (new.checker@desk.test) as checker." in page
    assert "Nia New" in page

    user = session.scalar(select(User).where(User.email == "new.checker@desk.test"))
    assert user is not None and user.role == Role.CHECKER
    log_out(as_admin, submit)
    login(as_admin, user, "long enough pw")
    assert "Nia New" in as_admin.get("/desk").get_data(as_text=True)


def test_duplicate_email_is_refused_with_the_input_kept(as_admin, submit, desk, session):
    existing = desk.user(Role.EDITOR)
    session.commit()

    response = submit(
        as_admin,
        "/admin/users",
        {"email": existing.email.upper(), "name": "Second Person", "role": "editor",
         "password": "long enough pw"},
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"There is already a user with the email {existing.email}." in html
    assert 'value="Second Person"' in html
    assert '<option selected value="editor">' in html


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-email", "long enough pw", "This is not a valid email address"),
        ("short@desk.test", "short", "Passwords need at least 12 characters."),
    ],
)
def test_invalid_user_input_is_refused(as_admin, submit, session, email, password, message):
    response = submit(
        as_admin, "/admin/users",
        {"email": email, "name": "Someone", "role": "checker", "password": password},
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert session.scalar(select(User).where(User.name == "Someone")) is None


def test_deactivated_user_cannot_log_in(as_admin, submit, desk, session):
    checker = desk.user(Role.CHECKER, name="Carl Checker")
    session.commit()
    page = f"/admin/users/{checker.id}"

    response = submit(as_admin, page, {"name": "Carl Checker", "role": "checker"})
    assert response.status_code == 302
    session.refresh(checker)
    assert checker.active is False
    assert "Deactivated" in as_admin.get("/admin/users").get_data(as_text=True)

    log_out(as_admin, submit)
    refused = submit(as_admin, "/login", {"email": checker.email, "password": PASSWORD})
    assert refused.status_code == 401
    assert "This account has been deactivated" in refused.get_data(as_text=True)


def test_edit_user_changes_role_and_name(as_admin, submit, desk, session):
    checker = desk.user(Role.CHECKER)
    session.commit()

    response = submit(
        as_admin, f"/admin/users/{checker.id}",
        {"name": "Promoted Person", "role": "editor", "active": "y"},
    )

    assert response.status_code == 302
    session.refresh(checker)
    assert (checker.name, checker.role, checker.active) == ("Promoted Person", "editor", True)


def test_admin_cannot_demote_themselves(as_admin, submit, admin, session):
    response = submit(as_admin, f"/admin/users/{admin.id}", {"name": "Ada", "role": "editor",
                                                             "active": "y"})
    assert response.status_code == 422
    assert "You cannot remove your own admin rights" in response.get_data(as_text=True)
    session.refresh(admin)
    assert admin.role == Role.ADMIN


def test_unknown_user_is_404(as_admin):
    assert as_admin.get("/admin/users/999999").status_code == 404


def scale(session) -> list[str]:  # type: ignore[no-untyped-def]
    """The rating labels in scale order."""
    session.expire_all()
    return list(session.scalars(select(Rating.label).order_by(Rating.position)))


def test_add_a_rating_without_a_value_at_the_end(as_admin, submit, session):
    response = submit(
        as_admin, "/admin/ratings",
        {"label": "Satire", "value": "", "description": "Meant as a joke.",
         "colour": "#0A7EA4", "active": "y"},
    )
    assert response.status_code == 302
    assert scale(session)[-1] == "Satire"
    satire = session.scalar(select(Rating).where(Rating.label == "Satire"))
    assert (satire.value, satire.colour, satire.active) == (None, "#0a7ea4", True)
    html = as_admin.get("/admin/ratings").get_data(as_text=True)
    assert 'type="color"' in html and "Satire" in html


def test_bad_colour_and_duplicate_label_are_refused(as_admin, submit, session):
    bad = submit(as_admin, "/admin/ratings",
                 {"label": "Odd", "colour": "red", "description": "Kept text"})
    assert bad.status_code == 422
    assert "Choose a colour like #1a7f37." in bad.get_data(as_text=True)
    assert "Kept text" in bad.get_data(as_text=True)

    duplicate = submit(as_admin, "/admin/ratings", {"label": "false", "colour": "#000000"})
    assert duplicate.status_code == 422
    assert "The scale already has a rating called false." in duplicate.get_data(as_text=True)
    assert "Odd" not in scale(session)


def test_a_colour_too_light_for_the_badge_text_is_refused(as_admin, submit, desk, session):
    """The badge's text is white: a colour below 4.5:1 against it is refused, form kept."""
    light = submit(as_admin, "/admin/ratings",
                   {"label": "Pale", "colour": "#4d9f2a", "description": "Kept text"})
    assert light.status_code == 422
    page = light.get_data(as_text=True)
    assert "White text on #4d9f2a is hard to read: contrast 3.3:1" in page
    assert "at least 4.5:1" in page
    assert "Kept text" in page and 'value="Pale"' in page and 'value="#4d9f2a"' in page
    assert "Pale" not in scale(session)

    rating = desk.rating("Half true")
    session.commit()
    edit = submit(as_admin, f"/admin/ratings/{rating.id}",
                  {"label": "Half true", "colour": "#FFD700", "description": "x"})
    assert edit.status_code == 422
    assert "White text on #FFD700 is hard to read" in edit.get_data(as_text=True)
    session.refresh(rating)
    assert rating.colour != "#FFD700"


def test_saving_a_rating_refuses_an_unreadable_colour_whoever_saves_it(admin, desk, session):
    """Not only the form: the operation itself (a script, the shell) is refused too, for a new
    rating and for a change, and the scale is left as it was."""
    half_true = desk.rating("Half true")
    before = half_true.colour
    with pytest.raises(InvalidInput, match=r"White text on #ffd700 is hard to read: contrast "
                       r"1\.4:1, and a rating badge needs at least 4\.5:1") as refused:
        save_rating(session, admin, half_true, label="Half true", value=None,
                    description="", colour="#FFD700")
    assert refused.value.field == "colour"
    with pytest.raises(InvalidInput, match="Choose a colour like #1a7f37."):
        save_rating(session, admin, None, label="Odd", value=None, description="", colour="red")
    with pytest.raises(InvalidInput, match="contrast 3.3:1"):
        save_rating(session, admin, None, label="Pale", value=None, description="",
                    colour="#4d9f2a")
    session.refresh(half_true)
    assert half_true.colour == before
    assert "Odd" not in scale(session) and "Pale" not in scale(session)
    dark = save_rating(session, admin, None, label="Pants on fire", value=None,
                       description="", colour=" #7A0000 ")
    assert dark.colour == "#7a0000"


def test_the_default_scale_is_readable_on_its_badges():
    for label, _value, _description, colour in DEFAULT_SCALE:
        assert contrast_ratio(colour) >= 4.5, label


def test_edit_a_rating(as_admin, submit, desk, session):
    rating = desk.rating("Half true")
    session.commit()

    response = submit(
        as_admin, f"/admin/ratings/{rating.id}",
        {"label": "Half-true", "value": "3", "description": "Partly right.", "colour": "#123456"},
    )

    assert response.status_code == 302
    session.refresh(rating)
    assert (rating.label, rating.value, rating.colour, rating.active) == (
        "Half-true", 3, "#123456", False)


def test_move_ratings_up_and_down(as_admin, submit, desk, session):
    before = scale(session)
    mostly_true = desk.rating(before[1])
    session.commit()

    up = submit(as_admin, "/admin/ratings", {},
                post_url=f"/admin/ratings/{mostly_true.id}/move/up")
    assert up.status_code == 302
    assert scale(session)[:2] == [before[1], before[0]]

    submit(as_admin, "/admin/ratings", {}, post_url=f"/admin/ratings/{mostly_true.id}/move/down")
    submit(as_admin, "/admin/ratings", {}, post_url=f"/admin/ratings/{mostly_true.id}/move/down")
    assert scale(session)[:3] == [before[0], before[2], before[1]]


def test_settings_refuse_a_non_web_address_and_keep_the_input(as_admin, submit, session):
    response = submit(
        as_admin, "/admin/settings",
        settings_form(session, organisation_name="Kept Name", organisation_url="ftp://x.org"),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Give a full web address starting with http:// or https://." in html
    assert 'value="Kept Name"' in html
    session.expire_all()
    assert session.get(DeskSettings, 1).organisation_name != "Kept Name"


def test_two_person_rule_setting_takes_effect(as_admin, submit, desk, session):
    editor = desk.editor()
    claim = desk.claim(State.RATED, assignee=editor, editor=editor)
    session.commit()
    assert claim.rated_by_id == editor.id
    with pytest.raises(PermissionDenied, match="two-person rule"):
        publishing.publish(session, editor, claim, claim.version)
    session.rollback()

    response = submit(as_admin, "/admin/settings",
                      settings_form(session, two_person_rule=None,
                                    organisation_name="Solo Desk",
                                    methodology="We check **one** claim at a time."))
    assert response.status_code == 302
    assert 'value="Solo Desk"' in as_admin.get("/admin/settings").get_data(as_text=True)

    session.expire_all()
    assert session.get(DeskSettings, 1).two_person_rule is False
    publishing.publish(session, editor, claim, claim.version)
    assert claim.state == State.PUBLISHED


def test_the_desk_header_shows_the_organisation_name(desk, session, as_user, submit):
    admin = desk.user("admin")
    client = as_user(admin)
    response = submit(
        client,
        "/admin/settings",
        {
            "organisation_name": "Kyiv Verification Desk",
            "organisation_url": "https://verify.example.org/",
            "logo_url": "",
            "two_person_rule": "y",
            "methodology": "We check.",
        },
    )
    assert response.status_code == 302
    assert "Kyiv Verification Desk" in client.get("/desk").get_data(as_text=True)
