"""Standard Webhooks signatures, made with the specification's reference library.

``webhook-id`` names the message (the same on every retry, so receivers can drop repeats),
``webhook-timestamp`` is when this attempt was signed (receivers refuse old ones, which stops
replays), and ``webhook-signature`` is ``v1,<base64 HMAC-SHA256 of id.timestamp.body>`` keyed
with the endpoint's ``whsec_`` secret.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from datetime import datetime

from standardwebhooks.webhooks import Webhook

PREFIX = "whsec_"
#: Key sizes a secret may have (the specification asks for 24 to 64 random bytes).
MIN_KEY_BYTES, MAX_KEY_BYTES = 24, 64


def new_secret() -> str:
    """A fresh ``whsec_`` secret: 32 random bytes, base64."""
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def secret_problem(secret: str) -> str | None:
    """Why ``secret`` cannot sign messages (None when it can), in words for the form."""
    if not secret.startswith(PREFIX):
        return f"A secret starts with {PREFIX} followed by base64, or leave it empty."
    try:
        key = base64.b64decode(secret[len(PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        return f"After {PREFIX} the secret must be base64."
    if not MIN_KEY_BYTES <= len(key) <= MAX_KEY_BYTES:
        return (
            f"The secret's key is {len(key)} bytes; it must be {MIN_KEY_BYTES} to "
            f"{MAX_KEY_BYTES} random bytes."
        )
    return None


def signed_headers(secret: str, message_id: str, body: str, now: datetime) -> dict[str, str]:
    """The three Standard Webhooks headers for ``body`` sent at ``now``."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, now, body),
    }
