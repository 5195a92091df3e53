"""Logging in and out, the account page (changing one's password) and reset links."""

from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from factcheck.auth.forms import (
    ChangePasswordForm,
    LanguageForm,
    LoginForm,
    NewPasswordForm,
    TimeZoneForm,
    TokenForm,
)
from factcheck.auth.sessions import end_session, restart_session, start_session
from factcheck.auth.throttle import login_throttle
from factcheck.extensions import db
from factcheck.forms import EmptyForm
from factcheck.i18n import LANGUAGES, refresh_language
from factcheck.models import User
from factcheck.models.users import verify_password_of_nobody
from factcheck.operations.accounts import (
    ResetLinkRefused,
    change_own_password,
    reset_password,
    set_language,
    set_time_zone,
    valid_reset,
)
from factcheck.operations.events import desk_settings
from factcheck.operations.tokens import tokens_of
from factcheck.workflow import WorkflowError

bp = Blueprint("auth", __name__)
#: Where a token just made waits for the account page to show it, once (see ``tokens``).
NEW_TOKEN = "new_api_token"  # noqa: S105  (a session key, not a secret)


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


def _throttled(
    form: FlaskForm, seconds: int, template: str = "auth/login.html", **context: Any
) -> Response:
    """The form again, refusing for now: 429 with Retry-After."""
    minutes = max(1, round(seconds / 60))
    form.form_errors.append(
        "Too many failed logins for this account or from your network. "
        f"Try again in {minutes} minute{'s' if minutes != 1 else ''}, "
        "or ask an admin for a password reset link."
    )
    response = make_response(render_template(template, form=form, **context), 429)
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
            start_session(user, remember=bool(form.remember.data))
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            return redirect(_safe_next(request.args.get("next")))
        return render_template("auth/login.html", form=form), 401
    status = form.refusal_status() if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Log out (a POST with a CSRF token, so no other site can log people out).

    The login ends on the server too: a copy of this browser's cookies, or a remember-me cookie
    on another device, stops working.
    """
    if EmptyForm().validate_on_submit():
        end_session(current_user._get_current_object())
        flash(_("You have logged out (on every device)."), "info")
    return redirect(url_for("auth.login"))


def _put_refusal(form: NewPasswordForm, error: WorkflowError) -> None:
    """Show an operation's refusal beside the field it names."""
    name = getattr(error, "field", None)
    field = form[name] if name and name in form else form.password
    field.errors = [*field.errors, str(error)]


def render_account(
    form: ChangePasswordForm | None = None,
    token_form: TokenForm | None = None,
    new_token: str | None = None,
    status: int = 200,
    zone_form: TimeZoneForm | None = None,
    language_form: LanguageForm | None = None,
) -> tuple[str, int]:
    """The account page: who I am, my password form, my time zone, my API tokens (a new one
    shown once)."""
    page = render_template(
        "auth/account.html",
        form=form or ChangePasswordForm(formdata=None),
        **_account_context(token_form, new_token, zone_form, language_form),
    )
    return page, status


def _zone_form(**kwargs: Any) -> TimeZoneForm:
    return TimeZoneForm(desk_zone=desk_settings(db.session).time_zone, **kwargs)


def _save_choice(form: Any, field: Any, setter: Any, form_name: str) -> tuple[str, int] | None:
    """Validate ``form`` and store ``field``'s value for me with ``setter``; the account page
    with the refused form (as typed) and its status, or ``None`` when it was saved."""
    if not form.validate_on_submit():
        return render_account(**{form_name: form}, status=form.refusal_status())
    try:
        setter(db.session, current_user._get_current_object(), field.data)
    except WorkflowError as error:
        db.session.rollback()
        field.errors = [*field.errors, str(error)]
        return render_account(**{form_name: form}, status=error.status_code)
    return None


@bp.post("/account/time-zone")
@login_required
def time_zone() -> Response | tuple[str, int]:
    """Choose the zone the desk's times are shown in for me."""
    user: User = current_user._get_current_object()
    form = _zone_form()
    refused = _save_choice(form, form.time_zone, set_time_zone, "zone_form")
    if refused is not None:
        return refused
    if user.time_zone:
        flash(_("Times are now shown in %(zone)s.", zone=user.time_zone), "success")
    else:
        flash(_("Times are now shown in the desk’s time zone."), "success")
    return redirect(url_for("auth.account", _anchor="time-zone"))


def _language_form(**kwargs: Any) -> LanguageForm:
    return LanguageForm(desk_language=desk_settings(db.session).language, **kwargs)


@bp.post("/account/language")
@login_required
def language() -> Response | tuple[str, int]:
    """Choose the language the desk's pages speak to me."""
    user: User = current_user._get_current_object()
    form = _language_form()
    refused = _save_choice(form, form.language, set_language, "language_form")
    if refused is not None:
        return refused
    refresh_language()
    if user.language:
        flash(_("The desk now speaks %(language)s to you.", language=LANGUAGES[user.language]),
              "success")
    else:
        flash(_("The desk now speaks its own language to you."), "success")
    return redirect(url_for("auth.account", _anchor="language"))


def _account_context(
    token_form: TokenForm | None = None,
    new_token: str | None = None,
    zone_form: TimeZoneForm | None = None,
    language_form: LanguageForm | None = None,
) -> dict:
    """What the account page shows besides the password form."""
    user: User = current_user._get_current_object()
    return {
        "user": user,
        "zone_form": zone_form
        or _zone_form(formdata=None, data={"time_zone": user.time_zone or ""}),
        "language_form": language_form
        or _language_form(formdata=None, data={"language": user.language or ""}),
        "token_form": token_form or TokenForm(formdata=None),
        "tokens": tokens_of(db.session, user),
        "new_token": new_token,
        "revoke_form": EmptyForm(formdata=None),
    }


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> Response | tuple[str, int]:
    """Who I am on the desk, and changing my password (which logs out my other devices)."""
    user: User = current_user._get_current_object()
    form = ChangePasswordForm()
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        throttle = login_throttle()
        # The current password is guessed here as on the login form, so it counts the same.
        wait = throttle.retry_after(user.email, request.remote_addr)
        if wait:
            return _throttled(form, wait, "auth/account.html", **_account_context())
        try:
            change_own_password(
                db.session, user, form.current_password.data or "", form.password.data or ""
            )
        except WorkflowError as error:
            if getattr(error, "field", None) == "current_password":
                throttle.failed(user.email, request.remote_addr)
            _put_refusal(form, error)
        else:
            restart_session(user)
            flash(_("Password changed. Your other devices have been logged out."), "success")
            return redirect(url_for("auth.account"))
    new_token = session.pop(NEW_TOKEN, None) if request.method == "GET" else None
    return render_account(form=form, new_token=new_token, status=status)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str) -> Response | tuple[str, int]:
    """Choose a new password through a one-time link an admin issued."""
    try:
        valid_reset(db.session, token)
    except ResetLinkRefused as error:
        return render_template("auth/reset_refused.html", message=str(error)), 410
    form = NewPasswordForm()
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        try:
            user = reset_password(db.session, token, form.password.data or "")
        except WorkflowError as error:
            _put_refusal(form, error)
        else:
            if current_user.is_authenticated:
                end_session(current_user._get_current_object())
            flash(
                _("New password set for %(email)s. Log in with it now.", email=user.email),
                "success",
            )
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), status
