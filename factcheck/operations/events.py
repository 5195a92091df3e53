"""Writing the audit trail and the version checks every claim change shares."""

from typing import Any

from sqlalchemy import select

from factcheck.models import Claim, DeskSettings, Event, User, utcnow
from factcheck.operations.errors import MissingVersion
from factcheck.operations.session import DbSession
from factcheck.workflow import DeskRules, StaleClaim


def record(
    session: DbSession,
    claim: Claim,
    actor: User | None,
    kind: str,
    *,
    note: str | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    payload: dict[str, Any] | None = None,
    touches_claim: bool = True,
) -> Event:
    """Add an event for ``claim`` to the session, in the caller's transaction.

    Unless ``touches_claim`` is false (comments), the claim's ``updated_at`` is bumped, which
    makes SQLAlchemy increment its version: a form opened before this change is then stale.
    """
    event = Event(
        claim=claim,
        actor=actor,
        kind=kind,
        note=note or None,
        from_state=str(from_state) if from_state else None,
        to_state=str(to_state) if to_state else None,
        payload=payload or {},
        created_at=utcnow(),
    )
    session.add(event)
    if touches_claim:
        claim.updated_at = utcnow()
    return event


def ensure_current(claim: Claim, expected_version: int | None) -> None:
    """Refuse a change made from a form that showed an older version of ``claim``, or from one
    that does not say which version it showed (never a reason to skip the check)."""
    if expected_version is None:
        raise MissingVersion()
    if expected_version != claim.version:
        raise StaleClaim()


_SETTINGS = "factcheck.desk_settings"


def desk_settings(session: DbSession) -> DeskSettings:
    """The desk's settings row, created with defaults the first time it is asked for.

    The session keeps it for the rest of its work (a page asks several times, and the
    session's identity map holds objects only weakly, so each ask would be a query).
    """
    kept = session.info.get(_SETTINGS)
    if kept is not None and kept in session:
        return kept  # type: ignore[no-any-return]
    settings = session.get(DeskSettings, 1)
    if settings is None:
        settings = session.scalars(select(DeskSettings).limit(1)).first()
    if settings is None:
        settings = DeskSettings(id=1)
        session.add(settings)
        session.flush()
    session.info[_SETTINGS] = settings
    return settings


def desk_rules(session: DbSession) -> DeskRules:
    """The workflow rules the desk has chosen."""
    return DeskRules(two_person_rule=desk_settings(session).two_person_rule)
