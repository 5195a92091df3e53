"""Desk-level changes: users, the rating scale and settings (articles: ``articles``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from factcheck.i18n import valid_language
from factcheck.models import DeskSettings, Rating, User
from factcheck.operations.accounts import check_new_password

# Articles moved to their own module; still importable from here for code written before.
from factcheck.operations.articles import ArticleDetails, add_article  # noqa: F401
from factcheck.operations.audit import record_desk_event
from factcheck.operations.errors import InvalidInput
from factcheck.operations.events import desk_settings
from factcheck.operations.session import DbSession
from factcheck.public.colours import badge_colour_problem
from factcheck.timezones import valid_zone
from factcheck.workflow import Role, require_admin
from factcheck.workflow.terms import N_


def create_user(
    session: DbSession, email: str, name: str, role: Role, password: str, actor: User | None = None
) -> User:
    """Add a desk member; ``actor`` is ``None`` from the command line."""
    if actor is not None:
        require_admin(actor, N_("add users"))
    email = email.strip().lower()
    if session.scalar(select(User).where(func.lower(User.email) == email)) is not None:
        raise InvalidInput(
            N_("There is already a user with the email %(email)s."), field="email", email=email
        )
    check_new_password(password, email=email, name=name)
    user = User(email=email, name=name.strip() or email, role=Role(role), active=True)
    user.set_password(password)
    session.add(user)
    record_desk_event(
        session, actor, "user.created", subject=user, payload={"email": email, "role": user.role}
    )
    session.flush()
    return user


def update_user(
    session: DbSession, actor: User, user: User, *, role: Role, active: bool, name: str
) -> None:
    """Change someone's role, name or whether they may log in."""
    require_admin(actor, N_("manage users"))
    if user.id == actor.id and (role != Role.ADMIN or not active):
        raise InvalidInput(N_("You cannot remove your own admin rights or deactivate yourself."))
    new_name = name.strip() or user.name
    if user.role != role:
        record_desk_event(
            session, actor, "user.role_changed", subject=user,
            payload={"from": str(user.role), "to": str(role)},
        )
    if user.active != active:
        kind = "user.reactivated" if active else "user.deactivated"
        record_desk_event(session, actor, kind, subject=user)
    if user.name != new_name:
        record_desk_event(
            session, actor, "user.renamed", subject=user,
            payload={"from": user.name, "to": new_name},
        )
    if user.role != role or (user.active and not active):
        # Whatever the old role allowed must stop now, not when their cookie expires.
        user.end_sessions()
    user.role = Role(role)
    user.active = active
    user.name = new_name
    session.flush()


def save_rating(
    session: DbSession,
    actor: User,
    rating: Rating | None,
    *,
    label: str,
    value: int | None,
    description: str,
    colour: str,
    active: bool = True,
) -> Rating:
    """Add a rating to the scale (at the end) or change one.

    The colour must be one the badge's white text can be read on (4.5:1), whoever saves it:
    the admin form says so before it gets here, but a script or the shell must be refused too.
    """
    require_admin(actor, N_("change the rating scale"))
    colour = colour.strip().lower()
    problem = badge_colour_problem(colour)
    if problem is not None:
        message, params = problem
        raise InvalidInput(message, field="colour", **params)
    label = label.strip()
    clash = session.scalar(select(Rating).where(func.lower(Rating.label) == label.lower()))
    if clash is not None and clash is not rating:
        raise InvalidInput(
            N_("The scale already has a rating called %(label)s."), field="label", label=label
        )
    fields = {
        "label": label,
        "value": value,
        "description": description.strip(),
        "colour": colour,
        "active": active,
    }
    if rating is None:
        last = session.scalar(select(func.max(Rating.position))) or 0
        rating = Rating(position=last + 1)
        session.add(rating)
        record_desk_event(session, actor, "rating.added", payload=fields)
    else:
        changes = _changes(rating, fields)
        if changes:
            record_desk_event(
                session, actor, "rating.changed", payload={"rating": rating.label, **changes}
            )
    for name, value_ in fields.items():
        setattr(rating, name, value_)
    session.flush()
    return rating


def _changes(row: object, fields: dict[str, Any]) -> dict[str, Any]:
    """``{"changes": {field: {"from": …, "to": …}}}`` for the fields that differ, or ``{}``
    (the shape claim events use, so both read the same on the audit page).

    Long texts (methodology, descriptions) are cut to 200 characters: the audit trail says
    what changed, it is not a second copy of the settings.
    """

    def short(value: Any) -> Any:
        return value[:200] if isinstance(value, str) else value

    changed = {
        name: {"from": short(getattr(row, name)), "to": short(value)}
        for name, value in fields.items()
        if getattr(row, name) != value
    }
    return {"changes": changed} if changed else {}


def move_rating(session: DbSession, actor: User, rating: Rating, direction: int) -> None:
    """Move a rating one step up (-1) or down (+1) the scale."""
    require_admin(actor, N_("change the rating scale"))
    scale = list(session.scalars(select(Rating).order_by(Rating.position)))
    index = scale.index(rating)
    other = index + direction
    if 0 <= other < len(scale):
        record_desk_event(
            session, actor, "rating.moved",
            payload={"rating": rating.label, "from": index + 1, "to": other + 1},
        )
        scale[index], scale[other] = scale[other], scale[index]
        for position, item in enumerate(scale, start=1):
            item.position = position
    session.flush()


def update_settings(
    session: DbSession,
    actor: User,
    *,
    organisation_name: str,
    organisation_url: str,
    logo_url: str | None,
    two_person_rule: bool,
    methodology: str,
    time_zone: str | None = None,
    language: str | None = None,
) -> DeskSettings:
    """Change the desk's name, links, methodology note, the two-person rule and (when given)
    the time zone its times are shown in and the language its pages speak."""
    require_admin(actor, N_("change the desk settings"))
    settings = desk_settings(session)
    fields = {
        "organisation_name": organisation_name.strip(),
        "organisation_url": organisation_url.strip(),
        "logo_url": (logo_url or "").strip() or None,
        "two_person_rule": two_person_rule,
        "methodology": methodology.strip(),
    }
    if time_zone is not None:
        if not valid_zone(time_zone):
            raise InvalidInput(N_("Choose a time zone from the list."), field="time_zone")
        fields["time_zone"] = time_zone
    if language is not None:
        if not valid_language(language):
            raise InvalidInput(N_("Choose a language from the list."), field="language")
        fields["language"] = language
    changes = _changes(settings, fields)
    if changes:
        record_desk_event(session, actor, "settings.changed", payload=changes)
    for name, value in fields.items():
        setattr(settings, name, value)
    session.flush()
    return settings


DEFAULT_SCALE = [
    ("True", 5, "The statement is accurate and nothing significant is missing.", "#1a7f37"),
    ("Mostly true", 4, "Accurate but needs clarification or additional information.", "#467a1b"),
    ("Half true", 3, "Partially accurate; leaves out important details or takes things out of "
     "context.", "#9a6700"),
    ("Mostly false", 2, "Contains an element of truth but ignores facts that would give a "
     "different impression.", "#bc4c00"),
    ("False", 1, "The statement is not accurate.", "#cf222e"),
    ("Misleading", None, "Built on facts but presented so as to give a false impression.",
     "#8250df"),
    ("Unproven", None, "The evidence available does not allow a verdict either way.", "#57606a"),
]


def ensure_default_scale(session: DbSession) -> None:
    """Give a new desk the default rating scale (does nothing once a scale exists)."""
    if session.scalar(select(func.count(Rating.id))):
        return
    for position, (label, value, description, colour) in enumerate(DEFAULT_SCALE, start=1):
        session.add(
            Rating(position=position, label=label, value=value, description=description,
                   colour=colour, active=True)
        )
    session.flush()
