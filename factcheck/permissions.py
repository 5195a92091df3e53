"""Role checks for whole pages; per-claim decisions go through :mod:`factcheck.workflow`."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from factcheck.workflow import is_admin, is_editor

F = TypeVar("F", bound=Callable[..., Any])


def role_required(test: Callable[[Any], bool], message: str) -> Callable[[F], F]:
    """Require a logged-in user who passes ``test``; others get 403 with ``message``."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not test(current_user):
                abort(403, description=message)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


editor_required = role_required(is_editor, "This page is for editors.")
admin_required = role_required(is_admin, "This page is for admins.")
