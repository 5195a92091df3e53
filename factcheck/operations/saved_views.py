"""Saved views of the queue: save the current filters under a name, delete one's own.

A view is personal unless an editor shares it with the desk (a shared view is something the
whole desk sees beside its queue, so it is desk-level work, like creating claims). Only the
person who saved a view deletes it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from factcheck.models import SavedView, User, utcnow
from factcheck.operations.errors import InvalidInput
from factcheck.operations.session import DbSession
from factcheck.workflow import PermissionDenied, require_editor
from factcheck.workflow.terms import N_

#: Views one person may keep (the list beside the queue stays a list, not a page).
MAX_VIEWS = 50


def visible_views(session: DbSession, user: User) -> list[SavedView]:
    """The views listed to ``user``: their own, then the desk's shared ones, by name."""
    views = session.scalars(
        select(SavedView).where(or_(SavedView.owner_id == user.id, SavedView.shared.is_(True)))
        .order_by(SavedView.name, SavedView.id)
    )
    return sorted(views, key=lambda v: v.owner_id != user.id)


def save_view(session: DbSession, actor: User, name: str, query: dict[str, Any],
              *, shared: bool = False) -> SavedView:
    """Keep ``query`` (the queue's filters) as ``actor``'s view called ``name``."""
    if shared:
        require_editor(actor, N_("share a view with the desk"))
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidInput(N_("Give the view a name."), field="name")
    own = list(session.scalars(select(SavedView.name).where(SavedView.owner_id == actor.id)))
    if cleaned.casefold() in {n.casefold() for n in own}:
        raise InvalidInput(
            N_("You already have a view called “%(name)s”."), field="name", name=cleaned
        )
    if len(own) >= MAX_VIEWS:
        raise InvalidInput(
            N_("You have %(count)s views already; delete one first."), field="name", count=MAX_VIEWS
        )
    view = SavedView(owner=actor, name=cleaned, query=query, shared=shared,
                     created_at=utcnow())
    session.add(view)
    session.flush()
    return view


def delete_view(session: DbSession, actor: User, view: SavedView) -> None:
    """Forget ``view``; only the person who saved it may."""
    if not actor.active:
        raise PermissionDenied(N_("Your account has been deactivated."))
    if view.owner_id != actor.id:
        raise PermissionDenied(N_("Only the person who saved a view can delete it."))
    session.delete(view)
    session.flush()
