"""``flask factchecks import SOURCE``: import other fact-checkers' ClaimReviews.

The output is a contract that scripts read: first ``imported N, updated M, skipped K``, then one
line per skipped item with its reason. The exit status is 0 whenever anything in the source
could be read (even if every item was skipped), and 1 when the source itself could not be read
(missing file, refused URL, neither JSON nor HTML). The command commits once at the end.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from factcheck.extensions import db
from factcheck.factchecks.parsing import UnreadableSource
from factcheck.factchecks.sources import import_pages, read_source

factchecks_cli = AppGroup("factchecks", help="Fact-checks published by other organisations.")


@factchecks_cli.command("import")
@click.argument("source")
def import_command(source: str) -> None:
    """Import the ClaimReviews in SOURCE: a file, - for standard input, or an http(s) URL."""
    try:
        pages = list(read_source(source))
    except (OSError, UnreadableSource) as error:
        raise click.ClickException(f"could not read {source}: {error}") from error
    result = import_pages(db.session, pages, _origin(source))
    db.session.commit()
    click.echo(result.summary())
    for skipped in result.skipped:
        click.echo(str(skipped))


def _origin(source: str) -> str:
    return "standard input" if source == "-" else source
