"""Issuing, checking and revoking personal access tokens for the JSON API.

A token is shown once, when it is made; the desk keeps only its SHA-256. Its owner may revoke
it on their account page, an admin may revoke anyone's. Both are recorded in the desk's audit
trail, in the caller's transaction, like every admin action.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from factcheck.models import ApiToken, TokenScope, User, utcnow
from factcheck.models.users import token_digest
from factcheck.operations.audit import record_desk_event
from factcheck.operations.errors import InvalidInput
from factcheck.operations.session import DbSession
from factcheck.workflow import PermissionDenied, is_admin
from factcheck.workflow.terms import N_

#: Every token starts with this, so a leaked one is recognisable (secret scanners, logs).
TOKEN_PREFIX = "fcd_"  # noqa: S105 (a public marker, not a secret)
#: Longest a token may live, and what it gets when nobody says.
MAX_TOKEN_DAYS = 366
DEFAULT_TOKEN_DAYS = 90
#: How often "last used" is written: not on every request, which would make every read a write.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """A new token: the row, and the secret itself (shown once, never stored)."""

    token: ApiToken
    secret: str


def issue_token(
    session: DbSession,
    owner: User,
    *,
    name: str,
    scope: TokenScope | str = TokenScope.READ,
    days: int = DEFAULT_TOKEN_DAYS,
    actor: User | None = None,
) -> IssuedToken:
    """Make a token for ``owner`` (``actor`` is ``None`` from the command line)."""
    if actor is not None and actor.id != owner.id:
        raise PermissionDenied(N_("You can only create API tokens for yourself."))
    if not owner.active:
        raise InvalidInput(
            N_("%(email)s is deactivated; a token would not work."),
            field="email",
            email=owner.email,
        )
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(
            N_("Give the token a name, so you know later what uses it."),
            field="name"
        )
    if len(name) > 100:
        raise InvalidInput(N_("A token's name can be at most 100 characters."), field="name")
    try:
        scope = TokenScope(scope)
    except ValueError:
        raise InvalidInput(N_("Choose read or read-write."), field="scope") from None
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise InvalidInput(
            N_("A token lives from 1 to %(most)s days."), field="days", most=MAX_TOKEN_DAYS
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(
        user=owner,
        name=name,
        token_hash=token_digest(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        scope=scope,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(token)
    record_desk_event(
        session, actor, "token.created", subject=owner,
        payload={"name": name, "scope": str(scope), "days": days, "prefix": token.prefix},
    )
    session.flush()
    return IssuedToken(token=token, secret=secret)


def revoke_token(session: DbSession, actor: User, token: ApiToken) -> None:
    """Stop ``token`` working at once; its owner or an admin may."""
    if token.user_id != actor.id and not is_admin(actor):
        raise PermissionDenied(N_("You can only revoke your own API tokens."))
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    token.revoked_by = actor
    record_desk_event(
        session, actor, "token.revoked", subject=token.user,
        payload={"name": token.name, "prefix": token.prefix},
    )
    session.flush()


def token_for(session: DbSession, secret: str) -> ApiToken | None:
    """The live token with this secret, or ``None`` (unknown, revoked, expired, or its owner
    deactivated); marks it used."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(secret)))
    now = utcnow()
    if token is None or token.status(now) != "active" or not token.user.active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
    return token


def tokens_of(session: DbSession, user: User) -> list[ApiToken]:
    """``user``'s tokens, newest first."""
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        )
    )


def all_tokens(session: DbSession, actor: User) -> list[ApiToken]:
    """Every token on the desk, for the admin page."""
    if not is_admin(actor):
        raise PermissionDenied(N_("Only an admin can see everyone's API tokens."))
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id.desc())))
