"""``flask match FILE``: which desk claims and imported fact-checks answer each line of FILE.

The output is a contract scripts depend on: for each line of FILE (``-`` for standard input), in
order, one JSON object on its own line, ``{"query": …, "matches": [{"kind", "url", "text",
"score", "reasons", "numbers_differ"}, …]}``, best first, at most ``--limit``, with no display
threshold. ``url`` is the public verdict for a published claim, the desk's claim page otherwise,
and the fact-check's own page for an imported one. Links are absolute: the base is the
``PUBLIC_URL`` setting, else ``SERVER_NAME``, else http://localhost:5000.
"""

from __future__ import annotations

import json

import click
from flask import current_app, url_for

from factcheck.extensions import db
from factcheck.matching.checked import find_checked
from factcheck.models import Claim


def claim_url(claim: Claim) -> str:
    """The public verdict of a published claim, the desk's claim page otherwise."""
    if claim.first_published_at is not None:
        return url_for("public.verdict", slug=claim.slug, _external=True)
    return url_for("desk.claim", claim_id=claim.id, _external=True)


def _base_url() -> str:
    config = current_app.config
    if config.get("PUBLIC_URL"):
        return str(config["PUBLIC_URL"])
    scheme = config.get("PREFERRED_URL_SCHEME", "http")
    return f"{scheme}://{config.get('SERVER_NAME') or 'localhost:5000'}"


@click.command("match")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 100),
              help="Matches per query.")
@click.option("--format", "output", type=click.Choice(["json"]), default="json",
              show_default=True, help="One JSON object per line.")
def match_command(file: click.File, limit: int, output: str) -> None:
    """Find the desk claims and fact-checks that answer each line of FILE (- for stdin)."""
    with current_app.test_request_context(base_url=_base_url()):
        for line in file:  # type: ignore[attr-defined]
            query = line.rstrip("\r\n")
            matches = find_checked(db.session, query, limit, claim_url=claim_url)
            record = {"query": query, "matches": [m.as_json() for m in matches]}
            click.echo(json.dumps(record, ensure_ascii=False))
    db.session.rollback()
