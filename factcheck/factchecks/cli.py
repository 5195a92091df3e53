"""``flask factchecks import SOURCE``: import other fact-checkers' ClaimReviews.

The output is a contract that scripts read: first ``imported N, updated M, skipped K``, then one
line per skipped item with its reason. The exit status is 0 whenever anything in the source
could be read (even if every item was skipped), and 1 when the source itself could not be read
(missing file, refused URL, neither JSON nor HTML). The command commits once at the end.
"""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from factcheck.extensions import db
from factcheck.factchecks.importing import ImportResult, import_reviews
from factcheck.factchecks.parsing import Parsed, UnreadableSource, parse

factchecks_cli = AppGroup("factchecks", help="Fact-checks published by other organisations.")

#: A feed that links page after page (``nextPage``) is followed this far and no further.
MAX_FEED_PAGES = 200
_FEED_TYPES = ["application/json", "application/ld+json", "text/html", "application/xhtml+xml",
               "text/plain"]


@factchecks_cli.command("import")
@click.argument("source")
def import_command(source: str) -> None:
    """Import the ClaimReviews in SOURCE: a file, - for standard input, or an http(s) URL."""
    try:
        pages = list(read_source(source))
    except (OSError, UnreadableSource) as error:
        raise click.ClickException(f"could not read {source}: {error}") from error
    result = ImportResult()
    for parsed in pages:
        result.skipped.extend(parsed.skipped)
        import_reviews(db.session, parsed.reviews, _origin(source), result)
    db.session.commit()
    click.echo(result.summary())
    for skipped in result.skipped:
        click.echo(str(skipped))


def _origin(source: str) -> str:
    return "standard input" if source == "-" else source


def read_source(source: str):  # type: ignore[no-untyped-def]
    """Yield the parsed pages of ``source``; a URL's feed is followed through ``nextPage``."""
    if source == "-":
        yield parse(sys.stdin.buffer.read())
        return
    if not source.startswith(("http://", "https://")):
        with open(source, "rb") as handle:
            yield parse(handle.read(), "html" if source.endswith((".html", ".htm")) else None)
        return
    url: str | None = source
    seen: set[str] = set()
    while url and url not in seen and len(seen) < MAX_FEED_PAGES:
        seen.add(url)
        parsed = _fetch_page(url)
        yield parsed
        url = parsed.next_page


def _fetch_page(url: str) -> Parsed:
    from factcheck.fetching import FetchError, fetch

    try:
        page = fetch(url, allowed_types=_FEED_TYPES)
    except FetchError as error:
        raise UnreadableSource(str(error)) from error
    if not page.ok:
        raise UnreadableSource(f"the server answered {page.status}")
    return parse(page.body, page.content_type)
