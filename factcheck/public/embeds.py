"""A verdict outside its page: the share card image social networks show, and oEmbed, so a
CMS can embed a verdict card by pasting the verdict's address.

Both are built from the published revision only, like the verdict page: the share card is
cached per revision (the page store keeps it under the verdict's tag, so a correction replaces
it), and the oEmbed answer names the revision in its validator.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask import Response, abort, current_app, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from factcheck.i18n import public_language
from factcheck.public import queries
from factcheck.public.caching import cached
from factcheck.public.published import PublicVerdict
from factcheck.public.share_image import HEIGHT, WIDTH, share_card
from factcheck.public.views import _session, bp
from factcheck.site import absolute_url

#: The card's size when the consumer gives no maximum, and its smallest sensible width.
EMBED_WIDTH, EMBED_MIN_WIDTH, EMBED_HEIGHT = 550, 200, 320
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def _published(slug: str) -> PublicVerdict:
    try:
        found, _revisions = queries.published_verdict(_session(), slug)
    except LookupError:
        abort(404)
    return found


@bp.get("/verdicts/<slug>/share.png")
def share_image(slug: str) -> Response:
    """The verdict's share card (Open Graph / Twitter ``summary_large_image``)."""
    verdict = _published(slug)
    revision = verdict.revision

    def render() -> bytes:
        organisation = verdict.masthead.organisation_name
        with force_locale(public_language(revision.language)):
            heading = (_("Claim by %(claimant)s", claimant=revision.claimant)
                       if revision.claimant else _("Claim"))
            footer = _("Fact-check: %(organisation)s", organisation=organisation)
            statement = _("“%(text)s”", text=revision.statement)
        return share_card(
            statement=statement, heading=heading, rating=revision.rating_label,
            colour=revision.rating_colour, summary=revision.summary or "", footer=footer,
        )

    return cached(render, parts=(revision.id, WIDTH, HEIGHT), mimetype="image/png",
                  last_modified=revision.published_at)


def _embed_card(verdict: PublicVerdict, page: str, width: int) -> str:
    """The card's HTML, in the verdict's language (see :func:`factcheck.i18n.public_language`)."""
    revision = verdict.revision
    colour = revision.rating_colour if _COLOUR.fullmatch(revision.rating_colour or "") \
        else "#57606a"
    with force_locale(public_language(revision.language)):
        return render_template(
            "public/_embed_card.html", verdict=verdict, revision=revision, url=page,
            width=width, colour=colour,
        ).strip()


def _slug_of(url: str) -> str | None:
    """The slug of one of this site's verdict addresses, else ``None``."""
    site = urlsplit(current_app.config["SITE_URL"])
    given = urlsplit(url.strip())
    if given.scheme not in ("http", "https") or given.netloc.lower() != site.netloc.lower():
        return None
    prefix = site.path.rstrip("/") + "/verdicts/"
    slug = given.path.removeprefix(prefix) if given.path.startswith(prefix) else ""
    return slug if slug and "/" not in slug else None


def _size(name: str, default: int, least: int) -> int:
    """``maxwidth``/``maxheight`` as asked, within ``least`` and ``default`` (the oEmbed spec
    says providers answer what they can within the maximum); anything but a number is a 400."""
    value = request.args.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or len(value) > 5:
        abort(400, description=f"{name} must be a whole number of pixels.")
    return max(min(int(value), default), least)


@bp.get("/oembed")
def oembed() -> Response | WerkzeugResponse:
    """oEmbed (https://oembed.com) for verdict pages: a ``rich`` card with the claim, the
    rating and a link to the verdict, for ``?url=<verdict address>``."""
    url = request.args.get("url", "")
    output = request.args.get("format", "json")
    if output != "json":
        # oEmbed suggests 501 for a format not offered; this desk answers no input with a
        # 5xx (monitors and probes read any 5xx as the server failing), so it is a 400.
        abort(400, description="Only the JSON format is offered (format=json).")
    slug = _slug_of(url) if url else None
    if slug is None:
        abort(404, description="Give the address of one of this site's verdicts as url.")
    verdict = _published(slug)
    width = _size("maxwidth", EMBED_WIDTH, EMBED_MIN_WIDTH)
    height = _size("maxheight", EMBED_HEIGHT, 120)
    revision = verdict.revision

    def render() -> str:
        page = absolute_url("public.verdict", slug=slug)
        answer: dict[str, Any] = {
            "version": "1.0",
            "type": "rich",
            "provider_name": verdict.masthead.organisation_name,
            "provider_url": verdict.masthead.organisation_url or absolute_url("public.index"),
            "title": revision.statement,
            "author_name": verdict.masthead.organisation_name,
            "width": width,
            "height": height,
            "thumbnail_url": absolute_url("public.share_image", slug=slug),
            "thumbnail_width": WIDTH,
            "thumbnail_height": HEIGHT,
            "html": _embed_card(verdict, page, width),
        }
        return current_app.json.dumps(answer)

    return cached(render, parts=(revision.id, width, height), mimetype="application/json",
                  last_modified=revision.published_at)
