"""Who is calling: personal access tokens, their scope, and the per-token throttle.

Endpoints say what they need with one decorator, placed right under ``@bp.route`` (so the
token is checked before the body is read):

- :func:`token_required` — any live token (``read`` or ``read-write``);
- :func:`write_token_required` — a ``read-write`` token;
- :func:`public` — no token; throttled per client address.

What the token's owner may do to a claim is still decided by the workflow layer, as for the
pages: a token never grants more than its owner's role.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, g, request
from limits import parse

from factcheck.api.blueprint import bp
from factcheck.api.problems import problem
from factcheck.auth.throttle import login_throttle
from factcheck.extensions import db
from factcheck.models import ApiToken, User
from factcheck.operations.tokens import token_for

F = TypeVar("F", bound=Callable[..., Any])

#: The security scheme name in the OpenAPI document.
SCHEME = "token"
BEARER = {"WWW-Authenticate": 'Bearer realm="factcheck"'}


def bearer_secret() -> str | None:
    """The token from ``Authorization: Bearer …``, or ``None``."""
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def current_token() -> ApiToken:
    """The token of this request (only inside an endpoint that requires one)."""
    token: ApiToken = g.api_token
    return token


def current_actor() -> User:
    """The desk member the token acts for."""
    return current_token().user


def _refuse(status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> None:
    abort(problem(status, title, detail, headers=headers))


def _throttle(key: str) -> None:
    """429 with ``Retry-After`` once ``key`` has used its ``API_RATE_LIMIT``."""
    throttle = login_throttle()
    if not throttle.limiter.enabled:
        return
    item = parse(current_app.config["API_RATE_LIMIT"])
    strategy = throttle.limiter.limiter
    full_key = f"{throttle.prefix}/api/{key}"
    try:
        allowed = strategy.hit(item, full_key)
        reset_at = 0.0 if allowed else strategy.get_window_stats(item, full_key).reset_time
    except Exception:  # the store is down: serve rather than refuse everyone
        current_app.logger.exception("API throttle storage unavailable; not throttling")
        return
    if not allowed:
        wait = max(1, math.ceil(reset_at - time.time()))
        _refuse(
            429, "Too many requests",
            f"This token has made more than {current_app.config['API_RATE_LIMIT']} requests; "
            f"try again in {wait} seconds.",
            {"Retry-After": str(wait)},
        )


def _authenticate(write: bool) -> None:
    secret = bearer_secret()
    if secret is None:
        _refuse(
            401, "A token is needed",
            "Send a personal access token as 'Authorization: Bearer <token>'; make one on your "
            "account page.", BEARER,
        )
    token = token_for(db.session, secret or "")
    if token is None:
        _refuse(
            401, "This token does not work",
            "The token is unknown, revoked or expired, or its owner is deactivated.", BEARER,
        )
        return
    if write and not token.can_write:
        _refuse(
            403, "This token may only read",
            "This token's scope is read; make a read-write token to change the desk.",
        )
    g.api_token = token
    _throttle(f"token/{token.id}")


def _requiring(write: bool) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            _authenticate(write)
            return view(*args, **kwargs)

        return bp.doc(security=[{SCHEME: []}])(wrapped)  # type: ignore[no-any-return]

    return decorator


token_required = _requiring(write=False)
write_token_required = _requiring(write=True)


def public(view: F) -> F:
    """No token needed (published verdicts); throttled per client address."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        _throttle(f"address/{request.remote_addr}")
        return view(*args, **kwargs)

    return bp.doc(security=[])(wrapped)  # type: ignore[no-any-return]
