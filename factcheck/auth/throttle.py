"""Throttling failed logins, per account and per client address.

Flask-Limiter supplies the storage (one process's memory by default, Redis when
``RATELIMIT_STORAGE_URL`` is set, so several app servers share the counts) and the moving-window
strategy. The login view asks it explicitly instead of through the route decorator, because only
*failed* attempts count and the check has to come before the password is looked at: a throttled
attempt with the right password must look exactly like one with a wrong password.

Each app gets its own ``Limiter`` (kept in ``app.extensions``), not a module global:
``Limiter.init_app`` keeps its storage on the object, and the tests run several apps in one
process.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse

log = logging.getLogger(__name__)

EXTENSION = "login_throttle"


@dataclass
class LoginThrottle:
    """Counts failed logins for an account and for a client address."""

    limiter: Limiter
    prefix: str

    def _keys(self, email: str, address: str | None) -> list[tuple[RateLimitItem, str]]:
        # The e-mail is hashed: the store never holds addresses, and a megabyte of typed
        # "e-mail" makes a key of the same small size.
        account = hashlib.sha256(email.encode("utf-8", "surrogatepass")).hexdigest()
        config = current_app.config
        return [
            (parse(config["LOGIN_FAILURES_PER_ACCOUNT"]), f"{self.prefix}/login/account/{account}"),
            (parse(config["LOGIN_FAILURES_PER_ADDRESS"]), f"{self.prefix}/login/address/{address}"),
        ]

    def retry_after(self, email: str, address: str | None) -> int:
        """Seconds until this account and address may try again (0: they may try now)."""
        if not self.limiter.enabled:
            return 0
        strategy = self.limiter.limiter
        wait = 0.0
        try:
            for item, key in self._keys(email, address):
                if not strategy.test(item, key):
                    reset_at = strategy.get_window_stats(item, key).reset_time
                    wait = max(wait, reset_at - time.time())
        except Exception:  # the store is down: let people log in rather than lock everyone out
            log.exception("Login throttle storage unavailable; not throttling")
            return 0
        return max(1, math.ceil(wait)) if wait > 0 else 0

    def failed(self, email: str, address: str | None) -> None:
        """Count one failed attempt against the account and the address."""
        if not self.limiter.enabled:
            return
        try:
            for item, key in self._keys(email, address):
                self.limiter.limiter.hit(item, key)
        except Exception:
            log.exception("Login throttle storage unavailable; failure not counted")

    def succeeded(self, email: str, address: str | None) -> None:
        """Forget the account's failures once its owner gets in (the address keeps its count)."""
        if not self.limiter.enabled:
            return
        item, key = self._keys(email, address)[0]
        try:
            self.limiter.limiter.clear(item, key)
        except Exception:
            log.exception("Login throttle storage unavailable; failures not cleared")

    def reset(self) -> None:
        """Forget every count under this app's key prefix (tests, and an admin's last resort)."""
        self.limiter.reset()


def init_app(app: Flask) -> None:
    """Create this app's limiter from its settings."""
    prefix = app.config["RATELIMIT_KEY_PREFIX"]
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        # Redis keys live under this prefix, so a reset clears this desk's counts only.
        storage_options={"key_prefix": prefix},
        strategy="moving-window",
    )
    parse(app.config["LOGIN_FAILURES_PER_ACCOUNT"])  # a typo in the settings fails at start
    parse(app.config["LOGIN_FAILURES_PER_ADDRESS"])
    app.extensions[EXTENSION] = LoginThrottle(limiter=limiter, prefix=prefix)


def login_throttle() -> LoginThrottle:
    """The current app's login throttle."""
    throttle: LoginThrottle = current_app.extensions[EXTENSION]
    return throttle
