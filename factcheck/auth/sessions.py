"""Login sessions that the server can end.

Flask keeps the session in a signed cookie, so on its own the server cannot take one back: a
copied cookie would keep working after logout. Every login's id is therefore
``user:generation:started`` (see :meth:`User.get_id`), and the user loader accepts it only
while the user is active, the generation is still the user's current one and the login is
younger than the remember-me limit. Raising the generation (logout, a password change, a
deactivation, a role change) ends every session and remember-me cookie of that user at once.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import current_app, request
from flask_login import login_user, logout_user
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import User
from factcheck.notifications.inbox import unread_of

_MAX_ID = 2**63 - 1  # beyond a 64-bit key no user exists (and PostgreSQL would refuse it)


def _longest_login() -> float:
    duration = current_app.config["REMEMBER_COOKIE_DURATION"]
    return duration.total_seconds() if isinstance(duration, timedelta) else float(duration)


def load_user(login_id: str) -> User | None:
    """The user a session or remember-me cookie names, if that login is still valid."""
    try:
        user_id, generation, started = (int(part) for part in login_id.split(":"))
    except ValueError:
        return None  # an id from before session generations: log in again
    if not 0 < user_id <= _MAX_ID or time.time() - started > _longest_login():
        return None
    found = db.session.execute(
        select(User, unread_of(User.id)).where(User.id == user_id)
    ).first()
    if found is None:
        return None
    user, unread = found
    if not user.active or user.session_generation != generation:
        return None
    user.session_started = started
    user.unread_when_loaded = unread
    return user


def start_session(user: User, *, remember: bool) -> None:
    """Log ``user`` in on this browser, as a new login."""
    user.session_started = int(time.time())
    login_user(user, remember=remember)


def restart_session(user: User) -> None:
    """Keep this browser logged in after ending every session of ``user`` (their own password
    change): a fresh id with the new generation, and a fresh remember-me cookie if it had one."""
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    start_session(user, remember=remembered)


def end_session(user: User) -> None:
    """Log out: this session, every other one of this user and their remember-me cookies
    stop working on the server, not only in this browser."""
    user.end_sessions()
    db.session.flush()
    logout_user()
