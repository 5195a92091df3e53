"""``/admin/tokens``: every API token on the desk, for admins to see and revoke."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck.admin.views import bp
from factcheck.extensions import db
from factcheck.forms import EmptyForm
from factcheck.models import ApiToken, utcnow
from factcheck.operations.tokens import all_tokens, revoke_token
from factcheck.permissions import admin_required


@bp.get("/tokens")
@admin_required
def tokens() -> str:
    """Every token: owner, name, scope, created, expires, last used, revoked."""
    return render_template(
        "admin/tokens.html",
        tokens=all_tokens(db.session, current_user),
        now=utcnow(),
        revoke_form=EmptyForm(formdata=None),
    )


@bp.post("/tokens/<int:token_id>/revoke")
@admin_required
def revoke_any_token(token_id: int) -> Response:
    """Revoke anyone's token (a leaked one, a departed member's script)."""
    token = db.get_or_404(ApiToken, token_id)
    if EmptyForm().validate_on_submit():
        revoke_token(db.session, current_user._get_current_object(), token)
        flash(
            _(
                "The token “%(name)s” of %(name2)s has been revoked.",
                name=token.name, name2=token.user.name,
            ),
            "success",
        )
    return redirect(url_for("admin.tokens"))
