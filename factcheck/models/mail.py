"""E-mail the desk sends, kept until it is sent (and after, as a record).

The message is written in full with the change that causes it, so the job that sends it needs
only its id, and a retry sends the same message (the same Message-ID) — or nothing, once sent.
"""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime


class MailMessage(Base):
    """One e-mail to one recipient: plain text, optionally an HTML alternative."""

    __tablename__ = "mail_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
