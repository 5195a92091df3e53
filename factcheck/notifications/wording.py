"""What a notification says, in the desk's words, on the list page and in e-mail."""

from __future__ import annotations

from factcheck.models import Notification, NotificationKind

#: How much of a claim's statement a subject line or a list entry quotes.
STATEMENT_CHARS = 90


def headline(notification: Notification) -> str:
    """One sentence: who did what to the person's claim (or what the calendar says)."""
    who = notification.actor.name if notification.actor else "Someone"
    due = notification.day.strftime("%-d %B %Y") if notification.day else ""
    return {
        NotificationKind.ASSIGNED: f"{who} assigned a claim to you",
        NotificationKind.SENT_BACK: f"{who} sent a claim back to you",
        NotificationKind.MENTIONED: f"{who} mentioned you in a comment",
        NotificationKind.PUBLISHED: f"{who} published the verdict on your claim",
        NotificationKind.CORRECTED: f"{who} corrected the verdict on your claim",
        NotificationKind.DUE_TOMORROW: f"Your claim is due tomorrow ({due})",
        NotificationKind.OVERDUE: f"Your claim is overdue (it was due {due})",
        NotificationKind.REAPPEARED: "A claim on the desk appeared again"
        + (f" in {notification.note}" if notification.note else ""),
    }.get(NotificationKind(notification.kind), "Something happened to your claim")


def shortened(statement: str) -> str:
    """A claim's statement cut to fit a subject line."""
    text = " ".join(statement.split())
    if len(text) <= STATEMENT_CHARS:
        return text
    return text[: STATEMENT_CHARS - 1].rstrip() + "…"


def subject(notification: Notification) -> str:
    """The e-mail subject: the headline and which claim."""
    return f"{headline(notification)}: {shortened(notification.claim.statement)}"
