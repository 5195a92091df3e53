"""``/account/tokens``: a desk member makes and revokes their own API tokens.

Making a token answers with a redirect to the account page (so reloading that page makes no
second token), which shows the new token once: it waits in the session, the signed cookie of
the browser that asked for it, and the account page takes it out as it shows it. It is never put
in a URL, a flash message or a log; only its SHA-256 is stored.
"""

from __future__ import annotations

from flask import flash, redirect, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from factcheck.auth.forms import TokenForm
from factcheck.auth.views import NEW_TOKEN, bp, render_account
from factcheck.extensions import db
from factcheck.forms import EmptyForm
from factcheck.models import ApiToken, User
from factcheck.operations.tokens import issue_token, revoke_token
from factcheck.workflow import WorkflowError


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


@bp.post("/account/tokens")
@login_required
def create_token() -> Response | tuple[str, int]:
    """Make a token for myself; the account page shows it, once."""
    form = TokenForm()
    if not form.validate_on_submit():
        return render_account(token_form=form, status=form.refusal_status())
    try:
        issued = issue_token(
            db.session, _me(), name=form.name.data or "", scope=form.scope.data,
            days=form.days.data or 0, actor=_me(),
        )
    except WorkflowError as error:
        field = getattr(error, "field", None)
        target = form[field] if field and field in form else form.name
        target.errors = [*target.errors, str(error)]
        return render_account(token_form=form, status=error.status_code)
    session[NEW_TOKEN] = issued.secret
    return redirect(url_for("auth.account", _anchor="tokens"), 303)


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_own_token(token_id: int) -> Response | tuple[str, int]:
    """Revoke one of my tokens; it stops working at once."""
    token = db.get_or_404(ApiToken, token_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        return render_account(status=form.refusal_status())
    revoke_token(db.session, _me(), token)
    flash(_("The token “%(name)s” has been revoked.", name=token.name), "success")
    return redirect(url_for("auth.account", _anchor="tokens"))
