"""The ``flask users`` and ``flask demo`` commands."""

from __future__ import annotations

from sqlalchemy import func, select

from factcheck.models import Claim, User
from factcheck.workflow import Role


def user(session, email: str) -> User | None:  # type: ignore[no-untyped-def]
    """The user with ``email``, read fresh from the database."""
    session.expire_all()
    return session.scalar(select(User).where(User.email == email))


def test_users_create_asks_for_the_password(runner, session):
    result = runner.invoke(
        args=["users", "create", "Chief@Desk.example", "--role", "editor", "--name", "Chief"],
        input="a long password\na long password\n",
    )

    assert result.exit_code == 0, result.output
    assert "Created editor chief@desk.example." in result.output
    created = user(session, "chief@desk.example")
    assert created is not None and created.role == Role.EDITOR and created.name == "Chief"
    assert created.check_password("a long password")


def test_users_create_refuses_a_duplicate_and_a_short_password(runner, session, desk):
    existing = desk.user(Role.CHECKER)
    session.commit()

    duplicate = runner.invoke(args=["users", "create", existing.email], input="long enough\n" * 2)
    assert duplicate.exit_code == 1
    assert f"There is already a user with the email {existing.email}." in duplicate.output

    short = runner.invoke(args=["users", "create", "new@desk.example"], input="short\nshort\n")
    assert short.exit_code == 1
    assert "Passwords need at least 12 characters." in short.output
    assert user(session, "new@desk.example") is None


def test_users_list_and_set_password(runner, session, desk):
    checker = desk.user(Role.CHECKER, name="Listed Person")
    session.commit()

    listing = runner.invoke(args=["users", "list"])
    assert checker.email in listing.output and "Listed Person" in listing.output

    result = runner.invoke(args=["users", "set-password", checker.email.upper()],
                           input="brand new pw\nbrand new pw\n")
    assert result.exit_code == 0, result.output
    assert user(session, checker.email).check_password("brand new pw")

    missing = runner.invoke(args=["users", "set-password", "nobody@desk.example"],
                            input="brand new pw\nbrand new pw\n")
    assert missing.exit_code == 1
    assert "There is no user with the email nobody@desk.example." in missing.output


def test_demo_load_prints_the_logins_and_is_idempotent(runner, session):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    for line in ("admin@demo.desk", "amber-lantern-harbour", "editor@demo.desk",
                 "copper-kettle-meadow", "ana@demo.desk", "ben@demo.desk"):
        assert line in first.output
    claims = session.scalar(select(func.count(Claim.id)))
    assert claims and claims >= 8

    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    assert "admin@demo.desk" in second.output
    assert session.scalar(select(func.count(Claim.id))) == claims
