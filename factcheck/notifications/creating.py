"""Making notifications, called by the operations layer in the transaction of the event.

Every notification goes through :func:`notify`, which writes it at most once (the daily round's
rows are unique per person, claim, kind and due date, written with ``ON CONFLICT DO NOTHING``
so a second run or a second worker adds nothing) and, in the same transaction, either writes
its e-mail (``queue_mail``), leaves it for the person's daily digest, or neither, as they chose.
Nobody is told about what they did themselves, and deactivated members are told nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy.dialects import postgresql, sqlite

from factcheck.models import (
    Claim,
    Delivery,
    MailState,
    Notification,
    NotificationKind,
    User,
    utcnow,
)
from factcheck.notifications import emails, mentions
from factcheck.notifications.preferences import delivery_for
from factcheck.operations.session import DbSession

#: How much of a comment or a note a notification keeps.
NOTE_CHARS = 300

_MAIL_STATE = {
    Delivery.IMMEDIATELY: MailState.QUEUED,
    Delivery.DAILY: MailState.DIGEST,
    Delivery.NEVER: MailState.NONE,
}


def insert_once(session: DbSession, model: type, **values: object) -> int | None:
    """Insert one row unless it would break a unique key; its id, or ``None`` when it exists.

    ``ON CONFLICT DO NOTHING`` (PostgreSQL and SQLite alike): a concurrent insert of the same
    key waits for the other transaction and then does nothing, so it is safe across workers.
    """
    postgres = session.get_bind().dialect.name == "postgresql"
    builder = postgresql.insert if postgres else sqlite.insert  # the two databases we run on
    statement = builder(model).values(**values).on_conflict_do_nothing()
    return session.execute(statement.returning(model.id)).scalar()  # type: ignore[attr-defined]


def notify(
    session: DbSession,
    user: User | None,
    claim: Claim,
    kind: NotificationKind,
    *,
    actor: User | None = None,
    note: str | None = None,
    day: date | None = None,
) -> Notification | None:
    """Tell ``user`` about ``claim``; the new notification, or ``None`` when there is none to
    make (no one, the actor themselves, a deactivated member, or already told for ``day``)."""
    if user is None or not user.active or (actor is not None and user.id == actor.id):
        return None
    session.flush()  # the claim and the people have ids
    delivery = delivery_for(session, user, kind)
    new_id = insert_once(
        session,
        Notification,
        user_id=user.id,
        claim_id=claim.id,
        kind=kind,
        actor_id=actor.id if actor else None,
        note=(note or "").strip()[:NOTE_CHARS] or None,
        day=day,
        created_at=utcnow(),
        mail_state=_MAIL_STATE[delivery],
    )
    if new_id is None:
        return None
    notification = session.get(Notification, new_id)
    assert notification is not None  # noqa: S101  (inserted just now in this transaction)
    if delivery == Delivery.IMMEDIATELY:
        emails.queue_notification_mail(session, notification)
    return notification


def people(*users: User | None) -> list[User]:
    """Distinct people, in order, without the empty places."""
    found: list[User] = []
    for user in users:
        if user is not None and user not in found:
            found.append(user)
    return found


def assigned(session: DbSession, claim: Claim, actor: User, assignee: User | None) -> None:
    """An editor gave ``claim`` to ``assignee``."""
    notify(session, assignee, claim, NotificationKind.ASSIGNED, actor=actor)


def sent_back(session: DbSession, claim: Claim, actor: User, note: str | None) -> None:
    """``claim`` came back a step; its checker (or, unassigned, whoever rated it) is told why."""
    notify(
        session, claim.assignee or claim.rated_by, claim, NotificationKind.SENT_BACK,
        actor=actor, note=note,
    )


def verdict_out(
    session: DbSession, claim: Claim, actor: User, kind: NotificationKind, note: str | None = None
) -> None:
    """The verdict on ``claim`` was published or corrected: its checker and its rater hear."""
    for person in people(claim.assignee, claim.rated_by):
        notify(session, person, claim, kind, actor=actor, note=note)


def mentions_in(session: DbSession, claim: Claim, actor: User, text: str) -> None:
    """Everyone ``text`` (a comment on ``claim``) mentions by ``@handle``."""
    for person in mentions.mentioned(session, text):
        notify(session, person, claim, NotificationKind.MENTIONED, actor=actor, note=text)


def reminders(session: DbSession, claims: Iterable[Claim], kind: NotificationKind) -> int:
    """The daily round's notices to each claim's checker, once per due date; how many made."""
    return sum(
        notify(session, claim.assignee, claim, kind, day=claim.due_date) is not None
        for claim in claims
    )
