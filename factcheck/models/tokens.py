"""Personal access tokens: how scripts and other newsroom systems reach the JSON API."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime
from factcheck.workflow.terms import N_, say

if TYPE_CHECKING:
    from factcheck.models.users import User


class TokenScope(StrEnum):
    """What a token may do: read the desk, or read and change it (as its owner may)."""

    READ = "read"
    READ_WRITE = "read-write"

    @property
    def label(self) -> str:
        """The scope as the profile page says it."""
        return say(N_("Read only") if self is TokenScope.READ else N_("Read and write"))


class ApiToken(Base):
    """A named, expiring, revocable token acting for one desk member.

    Only the SHA-256 of the token is stored (the token is 256 random bits, so no salt or slow
    hash is needed); the first characters are kept in clear so a person can tell their tokens
    apart on the profile page. The token acts with its owner's role, never more: a read token
    cannot write even for an admin.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    scope: Mapped[TokenScope] = mapped_column(String(20), default=TokenScope.READ)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    @property
    def can_write(self) -> bool:
        """Whether the token may change the desk (its owner's role still decides what)."""
        return self.scope == TokenScope.READ_WRITE

    def status(self, now: datetime | None = None) -> str:
        """"active", "expired" or "revoked", for the token lists."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= (now or utcnow()):
            return "expired"
        return "active"

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}… user={self.user_id} {self.scope}>"
