"""Desk members and their roles."""

import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

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
