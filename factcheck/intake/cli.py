"""``flask articles fetch URL`` and ``flask outlets add|poll``: intake for scripts.

Scripts depend on the output: ``articles fetch`` prints the article's desk URL and nothing
else; ``outlets poll`` prints exactly ``new N, unchanged M, failed K``. Each change commits
once, like a request; a refusal rolls back and is the error message.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from factcheck.commands import refusals_as_errors
from factcheck.extensions import db
from factcheck.fetching import FetchError
from factcheck.intake.extraction import fetch_article
from factcheck.intake.polling import poll_due_now
from factcheck.models.intake import DEFAULT_POLL_MINUTES
from factcheck.operations.articles import (
    ArticleDetails,
    DuplicateArticle,
    add_article,
    page_snapshot,
)
from factcheck.operations.outlets import add_outlet
from factcheck.site import absolute_url

articles_cli = AppGroup("articles", help="Articles fetched from the web.")
outlets_cli = AppGroup("outlets", help="Outlets the desk monitors through their feeds.")


@articles_cli.command("fetch")
@click.argument("url")
@click.option("--force", is_flag=True, help="Save it even if the desk already has it.")
def fetch_command(url: str, force: bool) -> None:
    """Fetch URL, save it as an article with its suggestions and print its desk URL."""
    try:
        page = fetch_article(url)
    except FetchError as error:
        raise click.ClickException(str(error)) from error
    extracted = page.article
    details = ArticleDetails(
        outlet=extracted.outlet, title=extracted.title, body=extracted.text,
        url=page.result.final_url[:2000], canonical_url=extracted.canonical_url,
        author=extracted.author, published_on=extracted.published_on,
        language=extracted.language, force=force,
    )
    try:
        with refusals_as_errors():
            article = add_article(
                db.session, None, details, snapshot=page_snapshot(page.result),
                fetched_at=page.result.fetched_at,
            )
    except click.ClickException as error:
        cause = error.__cause__
        if isinstance(cause, DuplicateArticle):
            existing = absolute_url("desk.article", article_id=cause.existing.id)
            raise click.ClickException(f"{error.message} {existing}") from cause
        raise
    click.echo(absolute_url("desk.article", article_id=article.id))


@outlets_cli.command("add")
@click.argument("feed_url")
@click.option("--name", default="", help="The outlet's name (defaults to the feed address).")
@click.option("--every", "interval", default=DEFAULT_POLL_MINUTES, show_default=True,
              type=int, help="Minutes between polls.")
def add_command(feed_url: str, name: str, interval: int) -> None:
    """Monitor the RSS or Atom feed at FEED_URL."""
    with refusals_as_errors():
        outlet = add_outlet(db.session, None, feed_url, name or None, interval)
    click.echo(f"Added outlet {outlet.id}: {outlet.name} ({outlet.feed_url}), "
               f"polled every {outlet.interval_minutes} minutes.")


@outlets_cli.command("poll")
def poll_command() -> None:
    """Poll every due outlet now, fetching new items into the inbox.

    Prints ``new N, unchanged M, failed K``: N articles added to the inbox, M outlets with
    nothing new and nothing failed, K outlets whose feed failed plus feed items that could not
    be fetched.
    """
    counts = poll_due_now(db.session, db.session.commit)
    click.echo(f"new {counts.new}, unchanged {counts.unchanged}, failed {counts.failed}")
