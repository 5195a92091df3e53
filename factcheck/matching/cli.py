"""``flask match FILE``: which desk claims and imported fact-checks answer each line of FILE.

The output is a contract scripts depend on: for each line of FILE (``-`` for standard input), in
order, one JSON object on its own line, ``{"query": …, "matches": [{"kind", "url", "text",
"score", "reasons", "numbers_differ"}, …]}``, best first, at most ``--limit``, with no display
threshold. ``url`` is the public verdict for a published claim, the desk's claim page otherwise,
and the fact-check's own page for an imported one. Links are absolute, against ``SITE_URL``.
"""

from __future__ import annotations

import json

import click

from factcheck.extensions import db
from factcheck.matching.checked import find_checked
from factcheck.models import Claim
from factcheck.site import absolute_url


def claim_url(claim: Claim) -> str:
    """The public verdict of a published claim, the desk's claim page otherwise."""
    if claim.first_published_at is not None:
        return absolute_url("public.verdict", slug=claim.slug)
    return absolute_url("desk.claim", claim_id=claim.id)


@click.command("match")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 100),
              help="Matches per query.")
@click.option("--format", "output", type=click.Choice(["json"]), default="json",
              show_default=True, help="One JSON object per line.")
def match_command(file: click.File, limit: int, output: str) -> None:
    """Find the desk claims and fact-checks that answer each line of FILE (- for stdin)."""
    for line in file:  # type: ignore[attr-defined]
        query = line.rstrip("\r\n")
        matches = find_checked(db.session, query, limit, claim_url=claim_url)
        record = {"query": query, "matches": [m.as_json() for m in matches]}
        click.echo(json.dumps(record, ensure_ascii=False))
    db.session.rollback()
