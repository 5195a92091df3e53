"""Passwords and login sessions: changing a password, one-time reset links, ending sessions.

Like every operation these only flush; the request or command commits once. A new password is
checked against :mod:`factcheck.passwords` here, so the admin form, the account page, the
reset page and the command line all refuse the same passwords with the same words.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from factcheck.i18n import valid_language
from factcheck.models import PasswordReset, User, utcnow
from factcheck.models.users import token_digest
from factcheck.operations.audit import record_desk_event
from factcheck.operations.errors import InvalidInput
from factcheck.operations.session import DbSession
from factcheck.passwords import password_problem
from factcheck.timezones import valid_zone
from factcheck.workflow import require_admin
from factcheck.workflow.terms import N_

#: Longest token a reset URL may carry; anything longer is not one of ours.
_TOKEN_MAX = 100


class ResetLinkRefused(InvalidInput):
    """A reset link that is unknown, used, expired or for a deactivated account."""


def check_new_password(password: str, *, email: str, name: str) -> None:
    """Refuse a password the desk's rule does not accept, beside the password field."""
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise InvalidInput(problem, field="password")


def set_password(session: DbSession, actor: User | None, user: User, password: str) -> None:
    """Give ``user`` a new password and end every session they have (another device, a
    stolen cookie). ``actor`` is who did it: the user, an admin, or ``None`` (command line,
    reset link)."""
    check_new_password(password, email=user.email, name=user.name)
    user.set_password(password)
    user.end_sessions()
    record_desk_event(session, actor, "user.password_changed", subject=user)
    session.flush()


def change_own_password(session: DbSession, user: User, current: str, new: str) -> None:
    """The account page: the current password proves it is the owner at the keyboard."""
    if not user.check_password(current):
        raise InvalidInput(N_("Your current password is not right."), field="current_password")
    if current == new:
        raise InvalidInput(
            N_("Choose a password different from the current one."),
            field="password"
        )
    set_password(session, user, user, new)


def issue_reset_link(
    session: DbSession, actor: User | None, user: User, lifetime: timedelta
) -> tuple[str, PasswordReset]:
    """Make a one-time reset token for ``user``; return it (shown once) and its record.

    Only the token's digest is stored, so a copy of the database cannot be used to reset
    anyone's password. Links issued earlier and not used stop working.
    """
    if actor is not None:
        require_admin(actor, N_("issue password reset links"))
    if not user.active:
        raise InvalidInput(
            N_("%(name)s is deactivated; reactivate the account first."), name=user.name
        )
    session.execute(
        delete(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)
        )
    )
    token = secrets.token_urlsafe(32)
    now = utcnow()
    reset = PasswordReset(
        user=user,
        token_hash=token_digest(token),
        issued_by=actor,
        created_at=now,
        expires_at=now + lifetime,
    )
    session.add(reset)
    record_desk_event(
        session, actor, "user.password_reset_issued", subject=user,
        payload={"expires_at": reset.expires_at.isoformat(timespec="minutes")},
    )
    session.flush()
    return token, reset


def valid_reset(session: DbSession, token: str, now: datetime | None = None) -> PasswordReset:
    """The unused, unexpired reset for ``token``, or :class:`ResetLinkRefused` saying why."""
    reset = None
    if 0 < len(token) <= _TOKEN_MAX:
        reset = session.scalar(
            select(PasswordReset).where(PasswordReset.token_hash == token_digest(token))
        )
    if reset is None:
        raise ResetLinkRefused(
            N_(
                "This reset link is not valid. Check that the whole link was copied, or ask an "
                "admin for a new one."
            )
        )
    if reset.used_at is not None:
        raise ResetLinkRefused(
            N_("This reset link has already been used. Ask an admin for a new one if you need it.")
        )
    if (now or utcnow()) >= reset.expires_at:
        raise ResetLinkRefused(N_("This reset link has expired. Ask an admin for a new one."))
    if not reset.user.active:
        raise ResetLinkRefused(N_("This account has been deactivated; ask an admin."))
    return reset


def reset_password(session: DbSession, token: str, password: str) -> User:
    """Use a reset link: set the new password, spend the link, end every old session."""
    reset = valid_reset(session, token)
    set_password(session, reset.user, reset.user, password)
    reset.used_at = utcnow()
    session.flush()
    return reset.user


def set_time_zone(session: DbSession, user: User, name: str | None) -> None:
    """The zone ``user`` reads times in (an IANA name); empty or ``None``: the desk's."""
    name = (name or "").strip() or None
    if name is not None and not valid_zone(name):
        raise InvalidInput(N_("Choose a time zone from the list."), field="time_zone")
    user.time_zone = name
    session.flush()


def set_language(session: DbSession, user: User, code: str | None) -> None:
    """The language ``user`` reads the desk in ("en", "ru"); empty or ``None``: the desk's."""
    code = (code or "").strip() or None
    if code is not None and not valid_language(code):
        raise InvalidInput(N_("Choose a language from the list."), field="language")
    user.language = code
    session.flush()
