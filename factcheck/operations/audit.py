"""Recording admin actions in the desk's audit trail.

Claim changes write :class:`~factcheck.models.Event` rows through
:func:`factcheck.operations.events.record`; changes to members, the rating scale and the settings
write :class:`~factcheck.models.DeskEvent` rows here, in the caller's transaction, so an admin
action and its record are committed (or rolled back) together.
"""

from typing import Any

from factcheck.models import DeskEvent, User, utcnow
from factcheck.operations.session import DbSession

# The kinds of admin action the desk records, with the words the audit page shows for them.
DESK_EVENT_KINDS: dict[str, str] = {
    "user.created": "added a desk member",
    "user.role_changed": "changed a member's role",
    "user.renamed": "renamed a member",
    "user.deactivated": "deactivated a member",
    "user.reactivated": "reactivated a member",
    "user.password_reset_issued": "issued a password reset link",
    "user.password_changed": "changed a password",
    "rating.added": "added a rating to the scale",
    "rating.changed": "changed a rating",
    "rating.moved": "moved a rating on the scale",
    "settings.changed": "changed the desk settings",
    "token.created": "created an API token",
    "token.revoked": "revoked an API token",
    "webhook.created": "registered a webhook endpoint",
    "webhook.deleted": "deleted a webhook endpoint",
    "webhook.enabled": "enabled a webhook endpoint",
    "webhook.disabled": "disabled a webhook endpoint",
    "webhook.redelivered": "redelivered a webhook",
    "article.added": "added an article",
    "article.edited": "edited an article",
    "article.deleted": "deleted an article",
    "article.opened": "took an article from the inbox",
    "article.dismissed": "dismissed an article from the inbox",
    "outlet.added": "added an outlet to monitor",
    "outlet.changed": "changed a monitored outlet",
    "outlet.deleted": "stopped monitoring an outlet",
    "factcheck_feed.added": "subscribed to a fact-check feed",
    "factcheck_feed.removed": "unsubscribed from a fact-check feed",
    "factcheck_feed.paused": "paused a fact-check feed",
    "factcheck_feed.enabled": "resumed a fact-check feed",
    "factchecks.import_requested": "asked for an import of fact-checks",
}


def record_desk_event(
    session: DbSession,
    actor: User | None,
    kind: str,
    *,
    subject: User | None = None,
    note: str | None = None,
    payload: dict[str, Any] | None = None,
) -> DeskEvent:
    """Add a record of an admin action to the session (``actor`` is ``None`` from the CLI).

    Like :func:`factcheck.operations.events.record` it only adds: the caller's flush and the
    request's single commit write it together with the change.
    """
    event = DeskEvent(
        actor=actor,
        kind=kind,
        subject_user=subject,
        note=note or None,
        payload=payload or {},
        created_at=utcnow(),
    )
    session.add(event)
    return event
