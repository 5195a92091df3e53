"""``@name`` in comments: who a handle names, and the names the comment box offers.

A person's handle is the part of their e-mail before the ``@`` (``@ana`` for
ana@newsroom.org), which everyone on a desk already knows and which has no spaces. When two
members share it (ana@newsroom.org and ana@agency.org) neither has the short form and both
are reached by their whole address (``@ana@agency.org``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import select

from factcheck.models import User
from factcheck.operations.session import DbSession

#: An ``@`` not inside a word or an e-mail address, then a handle, optionally a whole address.
MENTION = re.compile(
    r"(?<![\w@.+-])@([A-Za-z0-9][A-Za-z0-9._%+-]*(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)"
)
#: How many people the comment box offers at once.
SUGGESTIONS = 8


def _local(user: User) -> str:
    return user.email.rsplit("@", 1)[0].lower()


def handles(users: Iterable[User]) -> dict[User, str]:
    """Each person's handle: the e-mail's local part, or the whole address when shared."""
    people = list(users)
    taken = Counter(_local(u) for u in people)
    return {u: _local(u) if taken[_local(u)] == 1 else u.email.lower() for u in people}


def active_members(session: DbSession) -> list[User]:
    """Everyone who can be mentioned, by name."""
    return list(session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))


def mentioned(session: DbSession, text: str) -> list[User]:
    """The active members ``text`` mentions, each once, in the order first mentioned."""
    wanted = [m.group(1).rstrip(".").lower() for m in MENTION.finditer(text)]
    if not wanted:
        return []
    by_handle: dict[str, User] = {}
    for user, handle in handles(active_members(session)).items():
        by_handle[handle] = user
        by_handle.setdefault(user.email.lower(), user)
    found: list[User] = []
    for handle in wanted:
        person = by_handle.get(handle)
        if person is not None and person not in found:
            found.append(person)
    return found


def suggestions(session: DbSession, typed: str) -> list[dict[str, str]]:
    """People whose handle or a word of whose name starts with ``typed`` (all when empty),
    as the comment box lists them: ``{"handle", "name"}``."""
    prefix = typed.strip().lstrip("@").lower()
    found = []
    for user, handle in handles(active_members(session)).items():
        words = [handle, *user.name.lower().split()]
        if any(word.startswith(prefix) for word in words):
            found.append({"handle": handle, "name": user.name})
        if len(found) == SUGGESTIONS:
            break
    return found
