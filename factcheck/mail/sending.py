"""Write e-mail into the outbox, and hand it to an SMTP server from a job.

``MAIL_URL`` says where: ``smtp://[user:password@]host[:port]`` (``?starttls=1`` to upgrade the
connection) or ``smtps://…`` for TLS from the start. Without it, a development desk prints each
message to the log instead, so nothing needs installing. The standard library's ``smtplib`` and
``email`` do the work: they are the well-kept way to speak SMTP from Python.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from factcheck.jobs.runner import enqueue_job
from factcheck.models import MailMessage
from factcheck.operations.session import DbSession

log = logging.getLogger(__name__)
DEFAULT_SENDER = "Fact-check desk <desk@localhost>"
TIMEOUT = 20


def queue_mail(
    session: DbSession, recipient: str, subject: str, text: str, html: str | None = None
) -> MailMessage:
    """Write an e-mail and its sending job in the caller's transaction (flushes only)."""
    row = MailMessage(
        recipient=recipient,
        subject=subject,
        text_body=text,
        html_body=html,
        message_id=make_msgid(domain="factcheck.desk"),
    )
    session.add(row)
    session.flush()
    enqueue_job(session, "mail.send", mail_id=row.id)
    return row


def build_message(row: MailMessage, sender: str) -> EmailMessage:
    """The e-mail as it goes out: plain text, with the HTML as an alternative when given."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Date"] = format_datetime(row.created_at)
    message["Message-ID"] = row.message_id  # the same on a retry, so a duplicate is recognised
    message.set_content(row.text_body)
    if row.html_body:
        message.add_alternative(row.html_body, subtype="html")
    return message


@dataclass(frozen=True)
class SmtpServer:
    """Where ``MAIL_URL`` points."""

    host: str
    port: int
    tls: bool
    starttls: bool
    username: str | None
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        """Read ``smtp://`` or ``smtps://`` URLs; anything else is a configuration error."""
        parts = urlsplit(url)
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise ValueError(
                f"MAIL_URL must look like smtp://host:port or smtps://host, not {url!r}"
            )
        tls = parts.scheme == "smtps"
        options = parse_qs(parts.query)
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if tls else 25),
            tls=tls,
            starttls=options.get("starttls", ["0"])[0].lower() in {"1", "true", "yes"},
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )

    def send(self, message: EmailMessage) -> None:
        """Deliver ``message``; SMTP errors propagate, so the job is retried."""
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.tls:
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
        with smtp:
            if self.starttls:
                smtp.starttls(context=context)
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)


def deliver(message: EmailMessage, mail_url: str | None) -> None:
    """Send through ``mail_url``, or print to the log when there is none (development)."""
    if not mail_url:
        log.warning("MAIL_URL is not set; this e-mail is printed instead of sent:\n%s", message)
        return
    SmtpServer.from_url(mail_url).send(message)
