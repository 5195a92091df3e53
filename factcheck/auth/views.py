"""Login and logout views."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from factcheck.auth.forms import LoginForm
from factcheck.auth.throttle import login_throttle
from factcheck.extensions import db
from factcheck.forms import EmptyForm
from factcheck.models import User
from factcheck.models.users import verify_password_of_nobody

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Follow ``next`` only to a path on this site, never to another host."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not (
            target.startswith("//") or target.startswith("/\\")
        ):
            return target
    return url_for("desk.queue")


def _authenticate(email: str, password: str) -> User | None:
    """The user with this e-mail and password, or ``None``.

    An unknown e-mail does the same argon2 work as a wrong password, so neither the answer nor
    its timing tells an attacker which e-mails have accounts.
    """
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None:
        verify_password_of_nobody(password)
        return None
    return user if user.check_password(password) else None


def _throttled(form: LoginForm, seconds: int) -> Response:
    """The login page again, refusing for now: 429 with Retry-After."""
    minutes = max(1, round(seconds / 60))
    form.form_errors.append(
        "Too many failed logins for this account or from your network. "
        f"Try again in {minutes} minute{'s' if minutes != 1 else ''}, "
        "or ask an admin for a password reset link."
    )
    response = make_response(render_template("auth/login.html", form=form), 429)
    response.headers["Retry-After"] = str(seconds)
    return response


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int] | str:
    """Show the login form; log the person in when the email and password match.

    Failed attempts are counted per account and per client address; past the limit the form
    answers 429 without looking at the password until the window has moved on.
    """
    if current_user.is_authenticated:
        return redirect(url_for("desk.queue"))
    form = LoginForm()
    if form.validate_on_submit():
        email = (form.email.data or "").strip().lower()
        throttle = login_throttle()
        wait = throttle.retry_after(email, request.remote_addr)
        if wait:
            return _throttled(form, wait)
        user = _authenticate(email, form.password.data or "")
        if user is None:
            throttle.failed(email, request.remote_addr)
            form.password.errors.append("That email and password do not match.")
        elif not user.active:
            form.email.errors.append("This account has been deactivated; ask an admin.")
        else:
            throttle.succeeded(email, request.remote_addr)
            login_user(user, remember=form.remember.data)
            flash(f"Welcome, {user.name}.", "success")
            return redirect(_safe_next(request.args.get("next")))
        return render_template("auth/login.html", form=form), 401
    status = form.refusal_status() if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Log out (a POST with a CSRF token, so no other site can log people out)."""
    if EmptyForm().validate_on_submit():
        logout_user()
        flash("You have logged out.", "info")
    return redirect(url_for("auth.login"))
