"""``flask`` commands for desk chores: users and the demo desk."""

import click
from flask.cli import AppGroup

from factcheck.extensions import db
from factcheck.operations import InvalidInput
from factcheck.operations.desk import create_user
from factcheck.workflow import Role

users_cli = AppGroup("users", help="Manage desk members.")
demo_cli = AppGroup("demo", help="The demo desk.")


@users_cli.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.CHECKER.value,
    show_default=True,
)
@click.option("--name", default="", help="Display name (defaults to the email).")
@click.password_option(help="Prompted for when not given.")
def create_user_command(email: str, role: str, name: str, password: str) -> None:
    """Add a desk member with EMAIL and ROLE; asks for the password."""
    try:
        user = create_user(db.session, email, name or email, Role(role), password)
    except InvalidInput as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}.")


@demo_cli.command("load")
def load_demo_command() -> None:
    """Load the demo desk (idempotent: a second run keeps everything users did)."""
    from factcheck.demo.loader import load_demo

    logins = load_demo(db.session)
    db.session.commit()
    click.echo("Demo desk ready. Log in with:")
    for role, email, password in logins:
        click.echo(f"  {role:<8} {email:<28} password: {password}")
