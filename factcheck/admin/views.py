"""Administration: desk members, the rating scale and the desk settings.

The pages are for admins (``admin_required``); the operations in
:mod:`factcheck.operations.desk` check the same rule again and do the work, so these views only
parse the form, call the operation and redirect.
"""

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from factcheck.admin.forms import RatingForm, SettingsForm, UserCreateForm, UserEditForm
from factcheck.auth.reset_links import IssuedLink, issue_link
from factcheck.extensions import db
from factcheck.forms import EmptyForm
from factcheck.models import Rating, User
from factcheck.operations.desk import (
    create_user,
    move_rating,
    save_rating,
    update_settings,
    update_user,
)
from factcheck.operations.events import desk_settings
from factcheck.operations.verdicts import is_placeholder_url
from factcheck.permissions import admin_required
from factcheck.validation.forms import DeskForm
from factcheck.workflow import Role, WorkflowError

bp = Blueprint("admin", __name__, url_prefix="/admin")

Page = Response | str | tuple[str, int]


def _refused(form: DeskForm, error: WorkflowError) -> int:
    """Put the operation's refusal beside its field (or above the form); return the status."""
    return form.show_refusal(error)


def _status(form: DeskForm) -> int:
    """422 for a submitted form that failed validation (400 for a broken page), 200 for a
    fresh page."""
    return form.refusal_status() if form.is_submitted() else 200


def _actor() -> User:
    """The logged-in admin as a model instance (not Flask-Login's proxy)."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


# --- desk members ----------------------------------------------------------------------------


def _render_users(
    form: UserCreateForm, status: int = 200, reset_link: IssuedLink | None = None
) -> tuple[str, int]:
    users = db.session.scalars(select(User).order_by(User.active.desc(), User.name)).all()
    return render_template(
        "admin/users.html", users=users, form=form, reset_link=reset_link
    ), status


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users() -> Page:
    """List desk members and add a new one."""
    form = UserCreateForm()
    if not form.validate_on_submit():
        return _render_users(form, _status(form))
    try:
        user = create_user(
            db.session,
            form.email.data or "",
            form.name.data or "",
            Role(form.role.data),
            form.password.data or "",
            actor=_actor(),
        )
    except WorkflowError as error:
        return _render_users(form, _refused(form, error))
    flash(
        _(
            "Added %(name)s (%(email)s) as %(role)s.",
            name=user.name, email=user.email, role=Role(user.role).label.lower(),
        ),
        "success",
    )
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/reset-link")
@admin_required
def reset_link(user_id: int) -> Page:
    """Issue a one-time password reset link and show it to the admin, this once.

    The page is the answer to the POST itself, not a redirect: the link must not travel in
    the session cookie as a flashed message.
    """
    user = db.get_or_404(User, user_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("admin.users"))
    try:
        issued = issue_link(_actor(), user)
    except WorkflowError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.users"))
    return _render_users(UserCreateForm(formdata=None), reset_link=issued)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int) -> Page:
    """Change a member's name, role, or whether they may log in."""
    user = db.get_or_404(User, user_id)
    form = UserEditForm(obj=user)
    status = _status(form)
    if form.validate_on_submit():
        try:
            update_user(
                db.session,
                _actor(),
                user,
                role=Role(form.role.data),
                active=bool(form.active.data),
                name=form.name.data or "",
            )
        except WorkflowError as error:
            status = _refused(form, error)
        else:
            flash(_("Saved %(name)s.", name=user.name), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_edit.html", user=user, form=form), status


# --- rating scale ----------------------------------------------------------------------------


def _render_ratings(form: RatingForm, status: int = 200) -> tuple[str, int]:
    scale = db.session.scalars(select(Rating).order_by(Rating.position)).all()
    return (
        render_template("admin/ratings.html", scale=scale, form=form, move_form=EmptyForm()),
        status,
    )


def _rating_fields(form: RatingForm) -> dict[str, Any]:
    return {
        "label": form.label.data or "",
        "value": form.value.data,
        "description": form.description.data or "",
        "colour": (form.colour.data or "").lower(),
        "active": bool(form.active.data),
    }


@bp.route("/ratings", methods=["GET", "POST"])
@admin_required
def ratings() -> Page:
    """Show the rating scale in order and add a rating at the end."""
    form = RatingForm()
    if not form.validate_on_submit():
        return _render_ratings(form, _status(form))
    try:
        rating = save_rating(db.session, _actor(), None, **_rating_fields(form))
    except WorkflowError as error:
        return _render_ratings(form, _refused(form, error))
    flash(_("Added %(name)s to the scale.", name=rating.label), "success")
    return redirect(url_for("admin.ratings"))


@bp.route("/ratings/<int:rating_id>", methods=["GET", "POST"])
@admin_required
def edit_rating(rating_id: int) -> Page:
    """Change a rating's label, value, description, colour or whether it is offered."""
    rating = db.get_or_404(Rating, rating_id)
    form = RatingForm(obj=rating)
    status = _status(form)
    if form.validate_on_submit():
        try:
            save_rating(db.session, _actor(), rating, **_rating_fields(form))
        except WorkflowError as error:
            status = _refused(form, error)
        else:
            flash(_("Saved %(name)s.", name=rating.label), "success")
            return redirect(url_for("admin.ratings"))
    return render_template("admin/rating_edit.html", rating=rating, form=form), status


@bp.post("/ratings/<int:rating_id>/move/<any(up, down):direction>")
@admin_required
def move(rating_id: int, direction: str) -> Response:
    """Move a rating one step up or down the scale."""
    rating = db.get_or_404(Rating, rating_id)
    if EmptyForm().validate_on_submit():
        move_rating(db.session, _actor(), rating, -1 if direction == "up" else 1)
    return redirect(url_for("admin.ratings", _anchor=f"rating-{rating.id}"))


# --- settings --------------------------------------------------------------------------------


@bp.route("/settings", methods=["GET", "POST"])
@admin_required
def settings() -> Page:
    """The desk's name and links (the ClaimReview author), methodology and two-person rule."""
    form = SettingsForm(obj=desk_settings(db.session))
    status = _status(form)
    if form.validate_on_submit():
        try:
            update_settings(
                db.session,
                _actor(),
                organisation_name=form.organisation_name.data or "",
                organisation_url=form.organisation_url.data or "",
                logo_url=form.logo_url.data,
                two_person_rule=bool(form.two_person_rule.data),
                methodology=form.methodology.data or "",
                time_zone=form.time_zone.data,
                language=form.language.data,
            )
        except WorkflowError as error:
            status = _refused(form, error)
        else:
            flash(_("Settings saved."), "success")
            return redirect(url_for("admin.settings"))
    placeholder = is_placeholder_url(desk_settings(db.session).organisation_url)
    return render_template("admin/settings.html", form=form, placeholder=placeholder), status
