"""``flask notifications round``: run the daily round now (what the worker does every hour)."""

import click

from factcheck.extensions import db
from factcheck.models import utcnow
from factcheck.notifications.daily import run_round
from factcheck.transactions import unit_of_work


@click.group("notifications")
def notifications_cli() -> None:
    """The desk's notifications."""


@notifications_cli.command("round")
@click.option(
    "--digests/--no-digests",
    default=None,
    help="Send the day's digests (default: when past NOTIFICATIONS_DIGEST_HOUR, UTC).",
)
def round_command(digests: bool | None) -> None:
    """Make today's due and overdue reminders and send the digests, each at most once a day."""
    with unit_of_work():
        result = run_round(db.session, utcnow(), digests=digests)
    click.echo(
        f"reminders {result.reminders}, digests {result.digests}, "
        f"overdue lists {result.overdue_lists}"
    )
