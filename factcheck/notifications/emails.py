"""The e-mail notifications become: one per notification, a daily digest, the editors' list.

Each is written whole into the mail outbox (``queue_mail``) in the caller's transaction, plain
text and HTML from templates in ``templates/notifications/mail/``, with absolute links built
from ``SITE_URL`` (never a request's Host), so a worker can send it later exactly as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import render_template

from factcheck.mail.sending import queue_mail
from factcheck.models import Claim, Notification, User
from factcheck.notifications.wording import headline, shortened, subject
from factcheck.operations.session import DbSession
from factcheck.site import absolute_url


def claim_link(claim: Claim) -> str:
    """The claim's desk page, absolute."""
    return absolute_url("desk.claim", claim_id=claim.id)


def _send(session: DbSession, to: User, title: str, template: str, **context: object) -> None:
    context = {
        "user": to,
        "claim_link": claim_link,
        "headline": headline,
        "shortened": shortened,
        "choices_link": absolute_url("notifications.preferences"),
        "inbox_link": absolute_url("notifications.index"),
        **context,
    }
    text = render_template(f"notifications/mail/{template}.txt", **context)
    html = render_template(f"notifications/mail/{template}.html", **context)
    queue_mail(session, to.email, title, text, html)


def queue_notification_mail(session: DbSession, notification: Notification) -> None:
    """The e-mail of one notification, sent as soon as a worker takes it."""
    _send(
        session, notification.user, subject(notification), "notification",
        notification=notification,
    )


def queue_digest(session: DbSession, user: User, notifications: Sequence[Notification]) -> None:
    """One e-mail with every notification ``user`` chose to get once a day."""
    count = len(notifications)
    title = f"Your desk today: {count} notification{'s' if count != 1 else ''}"
    _send(session, user, title, "digest", notifications=notifications)


def queue_desk_overdue(session: DbSession, user: User, claims: Sequence[Claim]) -> None:
    """The editors' daily list of every overdue claim on the desk."""
    count = len(claims)
    title = f"{count} overdue claim{'s' if count != 1 else ''} on the desk"
    _send(session, user, title, "desk_overdue", claims=claims)
