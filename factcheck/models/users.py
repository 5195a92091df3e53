"""Desk members, their roles, their login sessions and their password reset links."""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import datetime
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime
from factcheck.workflow import Role

_hasher = PasswordHasher()
_dummy_hash: tuple[PasswordHasher, str] | None = None


def verify_password_of_nobody(password: str) -> bool:
    """Do the work of checking ``password`` against a hash no one has; always ``False``.

    A login with an unknown e-mail costs the same argon2 verification as a wrong password, so
    the time a refusal takes does not tell whether the e-mail belongs to someone. The hash is
    made once, with the same parameters as real ones.
    """
    global _dummy_hash
    if _dummy_hash is None or _dummy_hash[0] is not _hasher:
        _dummy_hash = (_hasher, _hasher.hash(secrets.token_urlsafe(32)))
    try:
        _hasher.verify(_dummy_hash[1], password)
    except (VerificationError, InvalidHashError):
        pass
    return False


class User(UserMixin, Base):
    """A person who logs in to the desk: admin, editor or checker."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(String(20), default=Role.CHECKER)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Part of every login's id: raising it ends every session and remember-me cookie at once.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    #: An IANA zone ("Europe/Kyiv") for the times this person reads; ``None``: the desk's.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    #: The language of the desk's pages for this person ("en", "ru"); ``None``: the desk's.
    language: Mapped[str | None] = mapped_column(String(8))

    # When the current login began (Unix seconds); set at login and by the user loader. Not a
    # column: declared for type checkers only, so the ORM leaves it alone.
    if TYPE_CHECKING:
        session_started: int | None
        unread_when_loaded: int | None
    session_started = None
    # The bell's number, read by the user loader in the same statement as the user (see
    # ``notifications.inbox.unread_count``); ``None`` when not read that way. Not a column.
    unread_when_loaded = None

    def get_id(self) -> str:
        """The login's id, ``user:generation:started``, kept in the signed session and
        remember-me cookies: a raised generation or an old start refuses the cookie."""
        started = self.session_started or int(time.time())
        return f"{self.id}:{self.session_generation}:{started}"

    def end_sessions(self) -> None:
        """End every login of this user, on every device, including remember-me cookies."""
        self.session_generation = (self.session_generation or 0) + 1

    def __eq__(self, other: object) -> bool:
        # Flask-Login compares by get_id, which now holds the login's start; a user is a user.
        if not isinstance(other, User):
            return NotImplemented
        return self is other or (self.id is not None and self.id == other.id)

    __hash__ = object.__hash__

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Deactivated users cannot log in or act (Flask-Login checks this)."""
        return self.active

    def set_password(self, password: str) -> None:
        """Store an argon2 hash of ``password``."""
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        """Whether ``password`` matches the stored hash.

        A match on a hash made with older (cheaper) parameters is re-hashed with today's.
        """
        try:
            _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if _hasher.check_needs_rehash(self.password_hash):
            self.password_hash = _hasher.hash(password)
        return True

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


def token_digest(token: str) -> str:
    """What is stored of a reset token: its SHA-256 (the token is random, so no salt needed)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class PasswordReset(Base):
    """A one-time password reset link an admin issued; only the token's digest is kept."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])

    def __repr__(self) -> str:
        return f"<PasswordReset {self.id} user={self.user_id}>"
