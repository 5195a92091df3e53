"""Security headers and caching rules on every response, from one ``after_request`` hook.

Why our own hook rather than flask-talisman: every header here is a constant string, the
site's scheme comes from ``SITE_URL`` (the TLS proxy, not this process, speaks https), and a
view that needs a stricter policy — a snapshot download served under ``sandbox`` — must keep
its own. Talisman would add forced redirects and per-view decorators we do not want, and it
has not had a release since 2023.

Rules:

- The Content-Security-Policy allows scripts, styles, fonts and fetches from this origin only
  (no inline script, no inline style attribute), images from this origin and https (the
  organisation's logo may live elsewhere), forms posting only here, no frames either way.
  A response that already carries a CSP (a snapshot under ``sandbox``) keeps it, with
  ``frame-ancestors 'none'`` added when it says nothing about framing.
- Desk, admin and login pages (and anything else that does not say how to cache it) are
  ``Cache-Control: private, no-store``: a shared computer's back button or a proxy must not
  keep a checker's queue. Public pages and static files keep their own public caching.
"""

from __future__ import annotations

from flask import Flask, Response, request

from factcheck.site import site_is_https

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
])

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "fullscreen", "geolocation",
        "gyroscope", "magnetometer", "microphone", "midi", "payment", "usb",
    )
)

HSTS = "max-age=31536000; includeSubDomains"

#: Blueprints whose pages belong to one logged-in person (or the login form itself).
PRIVATE_BLUEPRINTS = frozenset({"desk", "admin", "auth"})
NO_STORE = "private, no-store"


def register(app: Flask) -> None:
    """Install the hook on ``app``."""
    app.after_request(add_security_headers)


def add_security_headers(response: Response) -> Response:
    """Add the security headers and decide how the response may be cached."""
    headers = response.headers
    https = site_is_https()
    csp = CONTENT_SECURITY_POLICY + ("; upgrade-insecure-requests" if https else "")
    own = headers.get("Content-Security-Policy")
    if own is None:
        headers["Content-Security-Policy"] = csp
    elif "frame-ancestors" not in own:
        headers["Content-Security-Policy"] = f"{own}; frame-ancestors 'none'"
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if https or request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if request.blueprint in PRIVATE_BLUEPRINTS or "Cache-Control" not in headers:
        headers["Cache-Control"] = NO_STORE
        response.headers.pop("Expires", None)
    return response
