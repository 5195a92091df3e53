"""Issuing a password reset link as the admin page and ``flask users reset-link`` show it.

No e-mail is sent: the admin hands the link over (chat, phone, in person). The link is built
from ``SITE_URL``, so it is the same from a request and from the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from factcheck.extensions import db
from factcheck.models import User
from factcheck.operations.accounts import issue_reset_link
from factcheck.site import absolute_url


@dataclass(frozen=True)
class IssuedLink:
    """A reset link just made: shown once, never stored in the clear."""

    user: User
    url: str
    expires_at: datetime


def issue_link(actor: User | None, user: User) -> IssuedLink:
    """A new one-time link for ``user``, valid for ``PASSWORD_RESET_HOURS``."""
    lifetime = timedelta(hours=float(current_app.config["PASSWORD_RESET_HOURS"]))
    token, reset = issue_reset_link(db.session, actor, user, lifetime)
    return IssuedLink(user, absolute_url("auth.reset", token=token), reset.expires_at)
