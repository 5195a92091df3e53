"""Each person's choice of e-mail per kind of notification, with the desk's defaults."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from factcheck.models import Delivery, NotificationKind, NotificationPreference, User
from factcheck.models.notifications import DESK_OVERDUE
from factcheck.operations.errors import InvalidInput
from factcheck.operations.session import DbSession
from factcheck.workflow import is_editor
from factcheck.workflow.terms import N_

#: What each choice is called on the account page, and what a person gets before choosing.
#: Events that need an answer go out at once; the daily round's reminders wait for the digest.
CHOICES: dict[str, tuple[str, Delivery]] = {
    NotificationKind.ASSIGNED: ("A claim is assigned to you", Delivery.IMMEDIATELY),
    NotificationKind.SENT_BACK: ("A claim is sent back to you", Delivery.IMMEDIATELY),
    NotificationKind.MENTIONED: ("Someone @mentions you in a comment", Delivery.IMMEDIATELY),
    NotificationKind.PUBLISHED: ("The verdict on your claim is published", Delivery.IMMEDIATELY),
    NotificationKind.CORRECTED: ("The verdict on your claim is corrected", Delivery.IMMEDIATELY),
    NotificationKind.DUE_TOMORROW: ("Your claim is due tomorrow", Delivery.DAILY),
    NotificationKind.OVERDUE: ("Your claim is overdue", Delivery.DAILY),
    NotificationKind.REAPPEARED: ("A claim you check, or any claim if you are an editor, "
                                  "appears again in an article", Delivery.DAILY),
    DESK_OVERDUE: ("Every overdue claim on the desk (editors)", Delivery.DAILY),
}
DELIVERY_LABELS = {
    Delivery.IMMEDIATELY: "E-mail at once",
    Delivery.DAILY: "In the daily digest",
    Delivery.NEVER: "No e-mail",
}


def kinds_for(user: User) -> list[str]:
    """The kinds ``user`` can choose for: the desk-wide overdue digest is for editors."""
    return [kind for kind in CHOICES if kind != DESK_OVERDUE or is_editor(user)]


def deliveries_for(kind: str) -> list[Delivery]:
    """The choices a kind offers: a digest of the whole desk cannot come "at once"."""
    if kind == DESK_OVERDUE:
        return [Delivery.DAILY, Delivery.NEVER]
    return list(Delivery)


def choices_of(session: DbSession, user: User) -> dict[str, Delivery]:
    """Every kind ``user`` can choose for, with their choice or the default."""
    chosen = {
        row.kind: Delivery(row.delivery)
        for row in session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    return {kind: chosen.get(kind, CHOICES[kind][1]) for kind in kinds_for(user)}


def delivery_for(session: DbSession, user: User, kind: str) -> Delivery:
    """How ``user`` wants e-mail about ``kind``."""
    row = session.get(NotificationPreference, (user.id, kind))
    return Delivery(row.delivery) if row is not None else CHOICES[kind][1]


def save_choices(session: DbSession, user: User, wanted: Mapping[str, str]) -> None:
    """Store ``user``'s choices (kind → delivery); refuse a kind or choice not offered."""
    allowed = kinds_for(user)
    for kind, delivery in wanted.items():
        if kind not in allowed:
            raise InvalidInput(N_("That kind of notification is not offered to you."), field=kind)
        if delivery not in deliveries_for(kind):
            raise InvalidInput(N_("Choose one of the options offered."), field=kind)
    for kind, delivery in wanted.items():
        row = session.get(NotificationPreference, (user.id, kind))
        if row is None:
            session.add(NotificationPreference(user_id=user.id, kind=kind, delivery=delivery))
        else:
            row.delivery = delivery
    session.flush()
