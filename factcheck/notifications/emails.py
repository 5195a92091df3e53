"""The e-mail notifications become: one per notification, a daily digest, the editors' list.

Each is written whole into the mail outbox (``queue_mail``) in the caller's transaction, plain
text and HTML from templates in ``templates/notifications/mail/``, with absolute links built
from ``SITE_URL`` (never a request's Host), so a worker can send it later exactly as written.
Each is written in its recipient's language (their own, else the desk's), subject included,
whoever's request or job caused it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from flask import render_template
from flask_babel import force_locale, ngettext

from factcheck.i18n import page_language, reader_language
from factcheck.mail.sending import queue_mail
from factcheck.models import Claim, Notification, User
from factcheck.notifications.wording import headline, shortened, subject
from factcheck.operations.session import DbSession
from factcheck.site import absolute_url
from factcheck.workflow import State
from factcheck.workflow.terms import state_name


def claim_link(claim: Claim) -> str:
    """The claim's desk page, absolute."""
    return absolute_url("desk.claim", claim_id=claim.id)


def day_and_time(value: datetime) -> str:
    """``23 Nov 14:05`` (``23 нояб. 14:05``): when a notification in a digest happened (UTC)."""
    language = page_language()
    if language == "en":
        return value.strftime("%-d %b %H:%M")
    from babel.dates import format_datetime

    return format_datetime(value, "d MMM HH:mm", tzinfo=None, locale=language)


def _state(value: str) -> str:
    return state_name(State(value))


def _send(session: DbSession, to: User, title: Callable[[], str], template: str,
          **context: object) -> None:
    context = {
        "user": to,
        "claim_link": claim_link,
        "headline": headline,
        "shortened": shortened,
        "day_and_time": day_and_time,
        "state_name": _state,
        "choices_link": absolute_url("notifications.preferences"),
        "inbox_link": absolute_url("notifications.index"),
        **context,
    }
    with force_locale(reader_language(session, to)):
        text = render_template(f"notifications/mail/{template}.txt", **context)
        html = render_template(f"notifications/mail/{template}.html", **context)
        queue_mail(session, to.email, title(), text, html)


def queue_notification_mail(session: DbSession, notification: Notification) -> None:
    """The e-mail of one notification, sent as soon as a worker takes it."""
    _send(
        session, notification.user, lambda: subject(notification), "notification",
        notification=notification,
    )


def queue_digest(session: DbSession, user: User, notifications: Sequence[Notification]) -> None:
    """One e-mail with every notification ``user`` chose to get once a day."""
    count = len(notifications)
    _send(session, user, lambda: ngettext("Your desk today: %(num)d notification",
                                          "Your desk today: %(num)d notifications", count),
          "digest", notifications=notifications)


def queue_desk_overdue(session: DbSession, user: User, claims: Sequence[Claim]) -> None:
    """The editors' daily list of every overdue claim on the desk."""
    count = len(claims)
    _send(session, user, lambda: ngettext("%(num)d overdue claim on the desk",
                                          "%(num)d overdue claims on the desk", count),
          "desk_overdue", claims=claims)
