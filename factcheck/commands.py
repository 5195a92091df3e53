"""``flask`` commands for desk chores: users and the demo desk.

Like a web request, each command commits once at the end and rolls back when the operation
refuses, so a failed command leaves nothing half-written.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import User
from factcheck.operations import InvalidInput
from factcheck.operations.accounts import set_password
from factcheck.operations.desk import create_user
from factcheck.workflow import Role

users_cli = AppGroup("users", help="Manage desk members.")
demo_cli = AppGroup("demo", help="The demo desk.")


@contextmanager
def refusals_as_errors() -> Iterator[None]:
    """Commit once at the end; an operation's refusal rolls back and becomes the message."""
    try:
        yield
    except InvalidInput as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()


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
    with refusals_as_errors():
        user = create_user(db.session, email, name or email, Role(role), password)
    click.echo(f"Created {user.role} {user.email}.")


@users_cli.command("list")
def list_users_command() -> None:
    """Show every desk member with their role and whether they may log in."""
    users = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    if not users:
        click.echo("No desk members yet. Add one with: flask users create EMAIL --role admin")
    for user in users:
        status = "" if user.active else "  (deactivated)"
        click.echo(f"{user.role:<8} {user.email:<32} {user.name}{status}")


def _user_by_email(email: str) -> User:
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"There is no user with the email {email}.")
    return user


@users_cli.command("set-password")
@click.argument("email")
@click.password_option(help="Prompted for when not given.")
def set_password_command(email: str, password: str) -> None:
    """Give EMAIL a new password (for someone locked out); ends all their sessions."""
    user = _user_by_email(email)
    with refusals_as_errors():
        set_password(db.session, None, user, password)
    click.echo(f"New password set for {user.email}; their sessions everywhere have ended.")


@users_cli.command("reset-link")
@click.argument("email")
def reset_link_command(email: str) -> None:
    """Print a one-time link with which EMAIL chooses a new password (no e-mail is sent)."""
    from factcheck.auth.reset_links import issue_link

    user = _user_by_email(email)
    with refusals_as_errors():
        issued = issue_link(None, user)
    click.echo(f"Password reset link for {user.name} <{user.email}>:")
    click.echo(f"  {issued.url}")
    click.echo(
        f"It works once, until {issued.expires_at:%Y-%m-%d %H:%M} UTC; "
        "a newer link replaces it. Hand it over yourself."
    )


@demo_cli.command("load")
def load_demo_command() -> None:
    """Load the demo desk (idempotent: a second run keeps everything users did)."""
    from factcheck.demo.loader import load_demo, load_demo_factchecks

    logins = load_demo(db.session)
    factchecks = load_demo_factchecks(db.session)
    db.session.commit()
    click.echo("Demo desk ready. Log in with:")
    for role, email, password in logins:
        click.echo(f"  {role:<8} {email:<28} password: {password}")
    click.echo("Passwords changed on the demo desk since the first load are kept, not reset.")
    click.echo(f"Demo fact-checks by invented organisations (marked demo): {factchecks}")
