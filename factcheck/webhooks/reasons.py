"""Why a webhook endpoint is disabled: written in English (the API gives it to scripts as data)
by the code that disables it, and read back here to show it in the reader's language.

Both sides use the formats below, so a reason written one way is always read the same way.
"""

from __future__ import annotations

import re

from flask_babel import gettext, ngettext

_FAILED = "{count} failed attempts in a row"
_PAUSED = "disabled by {name}"
_FAILED_RE = re.compile(re.escape(_FAILED).replace(r"\{count\}", r"(\d+)"))
_PAUSED_RE = re.compile(re.escape(_PAUSED).replace(r"\{name\}", "(.+)"), re.S)


def failed_in_a_row(count: int) -> str:
    """The stored reason when deliveries kept failing."""
    return _FAILED.format(count=count)


def paused_by(name: str) -> str:
    """The stored reason when an admin paused the endpoint by hand."""
    return _PAUSED.format(name=name)


def shown(stored: str) -> str:
    """``stored`` in the reader's language ("5 failed attempts in a row", "paused by Ana"); a
    reason written some other way (by an older release) is shown as stored."""
    if failed := _FAILED_RE.fullmatch(stored):
        count = int(failed[1])
        return ngettext("%(num)d failed attempt in a row", "%(num)d failed attempts in a row",
                        count)
    if paused := _PAUSED_RE.fullmatch(stored):
        return gettext("paused by %(name)s", name=paused[1])
    return stored
