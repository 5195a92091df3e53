"""Times as each person reads them: in their zone, "3 h ago", the exact time on hover.

Times are stored in UTC (see :class:`factcheck.models.types.UTCDateTime`). The desk has a zone
(UTC until an admin chooses one, on the settings page) and each person may choose their own on
the account page. On desk pages a recent time reads as a relative one ("3 h ago", "in 20 min")
inside a ``<time>`` element whose ``title`` gives the exact local time and zone and whose
``datetime`` attribute the UTC instant; older times read as the local date and time.

Pages shared between readers (the public verdict pages, cached once for everybody) never get a
relative time — it would go stale in the cache — nor a personal zone: they are written in the
desk's zone.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from markupsafe import Markup, escape

from factcheck.workflow.terms import N_, say

DESK_DEFAULT = "UTC"
#: Times further away than this read as a date and time, not "N d ago".
RELATIVE_LIMIT_DAYS = 7
_ENVIRON_KEY = "factcheck.viewer_zone"


@functools.cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name this system knows, sorted, UTC first (for the choice lists)."""
    names = sorted(n for n in available_timezones() if "/" in n and not n.startswith("Etc/"))
    return ("UTC", *names)


def valid_zone(name: str | None) -> bool:
    """Whether ``name`` is a zone the choice lists offer (so also one ZoneInfo can load)."""
    return bool(name) and name in set(zone_names())


def zone(name: str | None) -> ZoneInfo:
    """The zone called ``name``; UTC for an empty or unknown name (a zone removed from the
    system's database since it was chosen must not break every page)."""
    if not name:
        return ZoneInfo(DESK_DEFAULT)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DESK_DEFAULT)


def _viewer() -> tuple[ZoneInfo, bool]:
    """The zone of whoever the page is for, and whether it is a signed-in desk member (who
    gets relative times). Outside a request: the desk's zone, no relative times."""
    from flask import has_request_context, request
    from flask_login import current_user

    from factcheck.extensions import db
    from factcheck.operations.events import desk_settings

    if not has_request_context():
        return zone(desk_settings(db.session).time_zone), False
    kept = request.environ.get(_ENVIRON_KEY)
    if kept is None:
        signed_in = bool(current_user and current_user.is_authenticated)
        personal = getattr(current_user, "time_zone", None) if signed_in else None
        name = personal or desk_settings(db.session).time_zone
        kept = request.environ[_ENVIRON_KEY] = (zone(name), signed_in)
    return kept  # type: ignore[no-any-return]


def exact(value: datetime, where: ZoneInfo) -> str:
    """``1 Dec 2026 12:41 EET`` (``1 дек. 2026 12:41 EET``): the local date and time in the
    page's language, with the zone's abbreviation."""
    local = _aware(value).astimezone(where)
    language = _language()
    if language == "en":
        return f"{local.day} {local:%b %Y %H:%M} {local.tzname()}"
    from babel.dates import format_datetime as babel_format

    return f"{babel_format(local, 'd MMM y HH:mm', locale=language)} {local.tzname()}"


#: "5 min ago" and "in 5 min" for each unit, as the desk abbreviates them.
_AGO = {"d": N_("%(count)d d ago"), "h": N_("%(count)d h ago"), "min": N_("%(count)d min ago")}
_AHEAD = {"d": N_("in %(count)d d"), "h": N_("in %(count)d h"), "min": N_("in %(count)d min")}


def relative(value: datetime, now: datetime | None = None) -> str | None:
    """``just now``, ``5 min ago``, ``3 h ago``, ``2 d ago``, ``in 20 min`` (in the page's
    language); ``None`` when further than :data:`RELATIVE_LIMIT_DAYS` away."""
    now = now or datetime.now(UTC)
    seconds = (now - _aware(value)).total_seconds()
    ahead = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        return say(N_("in less than a minute") if ahead else N_("just now"))
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            count = int(seconds // size)
            if unit == "d" and count > RELATIVE_LIMIT_DAYS:
                return None
            return say((_AHEAD if ahead else _AGO)[unit], {"count": count})
    return None  # pragma: no cover  (every positive number of seconds met a unit)


def _language() -> str:
    """The page's language (English outside a request)."""
    from flask import has_request_context

    if not has_request_context():
        return "en"
    from factcheck.i18n import page_language

    return page_language()


def format_datetime(value: datetime | None) -> Markup:
    """The ``|datetime`` filter: a ``<time>`` element reading as the viewer would say it.
    (Built with an f-string: a long claim history prints over a hundred of these.)"""
    if value is None:
        return Markup("")
    where, signed_in = _viewer()
    aware = _aware(value)
    exact_text = escape(exact(aware, where))
    shown = relative(aware) if signed_in else None
    instant = aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Markup(  # noqa: S704  (every part is escaped or built from digits)
        f'<time datetime="{instant}" title="{exact_text}">{escape(shown) if shown else exact_text}'
        "</time>"
    )


def format_exact(value: datetime | None) -> str:
    """The ``|exact_time`` filter: the exact local time as plain text, for a ``title``
    attribute (``|datetime`` is a whole ``<time>`` element, which an attribute cannot hold)."""
    if value is None:
        return ""
    return exact(_aware(value), _viewer()[0])


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def viewer_key() -> str:
    """What of the viewer changes how times read on a page (their zone, and whether they get
    relative times): part of the key of a page kept for many readers."""
    where, signed_in = _viewer()
    return f"{where.key}/{int(signed_in)}"
