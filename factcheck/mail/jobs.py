"""The mail area's job: send one written e-mail."""

from flask import current_app

from factcheck.extensions import db
from factcheck.jobs.runner import PERSON_WAITING, job
from factcheck.mail.sending import DEFAULT_SENDER, build_message, deliver
from factcheck.models import MailMessage, utcnow


@job("mail.send", priority=PERSON_WAITING)
def send_mail(mail_id: int) -> None:
    """Send e-mail ``mail_id`` unless it has gone already (a retry or a duplicate hand-over)."""
    row = db.session.get(MailMessage, mail_id)
    if row is None or row.sent_at is not None:
        return
    config = current_app.config
    deliver(build_message(row, config.get("MAIL_SENDER", DEFAULT_SENDER)), config.get("MAIL_URL"))
    row.sent_at = utcnow()
