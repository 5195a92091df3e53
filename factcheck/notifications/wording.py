"""What a notification says, in the desk's words, on the list page and in e-mail."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from factcheck.i18n import page_language
from factcheck.models import Notification, NotificationKind
from factcheck.workflow.terms import N_

#: How much of a claim's statement a subject line or a list entry quotes.
STATEMENT_CHARS = 90


def headline(notification: Notification) -> str:
    """One sentence: who did what to the person's claim (or what the calendar says), in the
    reader's language (on the desk, the page's; in e-mail, the recipient's)."""
    who = notification.actor.name if notification.actor else _("Someone")
    due = long_date(notification.day) if notification.day else ""
    kind = NotificationKind(notification.kind)
    if kind == NotificationKind.REAPPEARED and notification.note:
        return _("A claim on the desk appeared again in %(where)s", where=notification.note)
    sentence = {
        NotificationKind.ASSIGNED: N_("%(who)s assigned a claim to you"),
        NotificationKind.SENT_BACK: N_("%(who)s sent a claim back to you"),
        NotificationKind.MENTIONED: N_("%(who)s mentioned you in a comment"),
        NotificationKind.PUBLISHED: N_("%(who)s published the verdict on your claim"),
        NotificationKind.CORRECTED: N_("%(who)s corrected the verdict on your claim"),
        NotificationKind.DUE_TOMORROW: N_("Your claim is due tomorrow (%(due)s)"),
        NotificationKind.OVERDUE: N_("Your claim is overdue (it was due %(due)s)"),
        NotificationKind.REAPPEARED: N_("A claim on the desk appeared again"),
    }.get(kind, N_("Something happened to your claim"))
    return _(sentence, who=who, due=due)


def long_date(day: date) -> str:
    """``23 November 2026`` (``23 ноября 2026``), in the reader's language."""
    language = page_language()
    if language == "en":
        return day.strftime("%-d %B %Y")
    from babel.dates import format_date

    return format_date(day, "d MMMM y", locale=language)


def shortened(statement: str) -> str:
    """A claim's statement cut to fit a subject line."""
    text = " ".join(statement.split())
    if len(text) <= STATEMENT_CHARS:
        return text
    return text[: STATEMENT_CHARS - 1].rstrip() + "…"


def subject(notification: Notification) -> str:
    """The e-mail subject: the headline and which claim."""
    return f"{headline(notification)}: {shortened(notification.claim.statement)}"
