"""Login and logout views."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from factcheck.auth.forms import LoginForm
from factcheck.extensions import db
from factcheck.forms import EmptyForm
from factcheck.models import User

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


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int] | str:
    """Show the login form; log the person in when the email and password match."""
    if current_user.is_authenticated:
        return redirect(url_for("desk.queue"))
    form = LoginForm()
    if form.validate_on_submit():
        email = (form.email.data or "").strip().lower()
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if user is None or not user.check_password(form.password.data or ""):
            form.password.errors.append("That email and password do not match.")
        elif not user.active:
            form.email.errors.append("This account has been deactivated; ask an admin.")
        else:
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
