"""Rating colours as a stylesheet, so no page needs an inline ``style`` attribute.

The Content-Security-Policy allows styles from this origin only (``style-src 'self'``), which
refuses ``style="--rating-colour: …"``. Each colour a page can show — the scale's own and the
ones frozen into published revisions — gets a class here instead: ``colour-1a7f37``.
"""

from __future__ import annotations

import re

from flask import Blueprint, Flask, Response
from sqlalchemy import select, union

from factcheck.extensions import db
from factcheck.models import Rating, VerdictRevision
from factcheck.public.caching import cached
from factcheck.workflow.terms import N_

bp = Blueprint("rating_styles", __name__)

_COLOUR = re.compile(r"#[0-9a-f]{6}")

#: The text colour on a rating badge (``.rating`` in static/desk.css, and the share image).
BADGE_TEXT = "#ffffff"
#: WCAG 2's minimum contrast for normal-size text (level AA), which axe-core checks too.
MIN_CONTRAST = 4.5
#: Why a badge colour is refused (the admin form and ``save_rating`` say it, translated).
COLOUR_FORMAT = N_("Choose a colour like #1a7f37.")
LOW_CONTRAST = N_(
    "White text on %(colour)s is hard to read: contrast %(ratio)s:1, and a rating badge needs "
    "at least %(least)s:1. Choose a darker colour."
)


def low_contrast_params(colour: str, ratio: float) -> dict[str, str]:
    """The values :data:`LOW_CONTRAST` names."""
    return {"colour": colour, "ratio": f"{ratio:.1f}", "least": str(MIN_CONTRAST)}


def _luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a ``#rrggbb`` colour."""
    channels = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(colour: str, other: str = BADGE_TEXT) -> float:
    """WCAG 2's contrast ratio of two ``#rrggbb`` colours, from 1 (none) to 21."""
    lighter, darker = sorted((_luminance(colour), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def badge_colour_problem(colour: str) -> tuple[str, dict[str, str]] | None:
    """Why a rating may not have ``colour`` (None when it may), as a sentence marked for
    translation and the values it names: not a ``#rrggbb`` colour, or one the badge's white
    text cannot be read on (below 4.5:1, WCAG AA)."""
    if not _COLOUR.fullmatch(colour):
        return COLOUR_FORMAT, {}
    ratio = contrast_ratio(colour)
    if ratio < MIN_CONTRAST:
        return LOW_CONTRAST, low_contrast_params(colour, ratio)
    return None


def readable_on_badge(colour: str) -> str:
    """``colour``, darkened just enough for the badge's white text to reach 4.5:1.

    The rating form refuses a colour below that, but colours saved before it did (the first
    default scale's #4d9f2a among them) and those frozen into published revisions stay as they
    were stored; the stylesheet paints their badges readable instead.
    """
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    while contrast_ratio(f"#{red:02x}{green:02x}{blue:02x}") < MIN_CONTRAST:
        red, green, blue = (int(c * 0.97) for c in (red, green, blue))
    return f"#{red:02x}{green:02x}{blue:02x}"


def colour_class(colour: str | None) -> str:
    """The class that paints a rating badge ``colour``; none (the default grey) for anything
    that is not a ``#rrggbb`` colour."""
    value = (colour or "").lower()
    return f"colour-{value[1:]}" if _COLOUR.fullmatch(value) else ""


def _colours() -> list[str]:
    """Every colour the scale or a published revision uses, lower-case, sorted."""
    rows = db.session.execute(
        union(select(Rating.colour), select(VerdictRevision.rating_colour))
    ).scalars()
    return sorted({c.lower() for c in rows if c and _COLOUR.fullmatch(c.lower())})


@bp.get("/verdicts/colours.css")
def stylesheet() -> Response:
    """One rule per colour, cached like the public pages."""
    colours = _colours()

    def render() -> str:
        return "".join(
            f".{colour_class(c)} {{ --rating-colour: {readable_on_badge(c)}; }}\n"
            for c in colours
        )

    return cached(render, parts=colours, last_modified=None, mimetype="text/css")


def register(app: Flask) -> None:
    """Serve the stylesheet and give templates the ``colour_class`` filter."""
    app.register_blueprint(bp)
    app.add_template_filter(colour_class)
