"""``flask tokens create EMAIL``: a personal access token for scripts, printed alone on stdout.

Scripts depend on the contract: the token and a newline on stdout, nothing else; every message
(an unknown e-mail, a bad option) on stderr with a non-zero exit.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import TokenScope, User
from factcheck.operations.tokens import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, issue_token
from factcheck.workflow import WorkflowError

tokens_cli = AppGroup("tokens", help="Personal access tokens for the JSON API.")


@tokens_cli.command("create")
@click.argument("email")
@click.option(
    "--scope", type=click.Choice([s.value for s in TokenScope]), default=TokenScope.READ.value,
    show_default=True, help="read, or read-write (acting with the member's role).",
)
@click.option("--name", default="Command line", show_default=True, help="What uses the token.")
@click.option(
    "--days", type=click.IntRange(1, MAX_TOKEN_DAYS), default=DEFAULT_TOKEN_DAYS,
    show_default=True, help="How long the token works.",
)
def create_token_command(email: str, scope: str, name: str, days: int) -> None:
    """Make a token for the desk member with EMAIL and print it (alone) on stdout."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"There is no desk member with the email {email!r}.")
    try:
        issued = issue_token(db.session, user, name=name, scope=scope, days=days)
    except WorkflowError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(issued.secret)
