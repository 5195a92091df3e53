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

bp = Blueprint("rating_styles", __name__)

_COLOUR = re.compile(r"#[0-9a-f]{6}")


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
            f".{colour_class(c)} {{ --rating-colour: {c}; }}\n" for c in colours
        )

    return cached(render, parts=colours, last_modified=None, mimetype="text/css")


def register(app: Flask) -> None:
    """Serve the stylesheet and give templates the ``colour_class`` filter."""
    app.register_blueprint(bp)
    app.add_template_filter(colour_class)
