"""The job that posts one delivery, and what happens when a receiver keeps failing.

Each attempt signs the stored body afresh (a new ``webhook-timestamp``) under the delivery's
message id, posts it through :mod:`factcheck.fetching` (no private addresses unless allowed,
bounded time and size, each redirect checked) and logs what came back. A failed attempt is
committed before the job raises, so the log survives the rollback, and the outbox's retries
(exponential back-off, :mod:`factcheck.jobs.runner`) try again later. Too many failures in a
row disable the endpoint and tell every admin by e-mail.
"""

from __future__ import annotations

import dataclasses
import logging
import time

from flask import current_app
from flask_babel import force_locale, gettext, ngettext
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.fetching import FetchError, FetchPolicy, fetch
from factcheck.i18n import reader_language
from factcheck.jobs.runner import RETRIES, job
from factcheck.mail.sending import queue_mail
from factcheck.models import (
    DeliveryState,
    User,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    utcnow,
)
from factcheck.operations.session import DbSession
from factcheck.site import absolute_url
from factcheck.webhooks import outbox, reasons
from factcheck.webhooks.signing import signed_headers
from factcheck.workflow import Role

log = logging.getLogger(__name__)

#: Attempts per delivery: the first and the outbox's retries.
ATTEMPTS = RETRIES + 1
#: Failed attempts in a row after which an endpoint is disabled (``WEBHOOK_DISABLE_AFTER``).
DISABLE_AFTER = 15
#: Seconds a receiver has to answer (``WEBHOOK_TIMEOUT``), and what is kept of its answer.
TIMEOUT = 10.0
MAX_RESPONSE_BYTES = 256 * 1024
EXCERPT_CHARS = 500


class DeliveryFailed(Exception):
    """The receiver did not take the message; the outbox retries the job later."""


@job(outbox.DELIVER_JOB)
def deliver(delivery_id: int) -> None:
    """Post delivery ``delivery_id`` once; raise (after logging) so a failure is retried."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.state != DeliveryState.PENDING:
        return  # delivered already, or given up on: a duplicate hand-over sends nothing
    endpoint = delivery.endpoint
    if not endpoint.active:
        delivery.state = DeliveryState.FAILED
        _log_attempt(delivery, None, 0, error="Not sent: the endpoint is disabled.")
        return
    attempt = post(endpoint, delivery)
    delivery.attempts += 1
    if attempt.ok:
        delivery.state = DeliveryState.DELIVERED
        delivery.delivered_at = attempt.attempted_at
        endpoint.failures_in_a_row = 0
        return
    endpoint.failures_in_a_row += 1
    limit = int(current_app.config.get("WEBHOOK_DISABLE_AFTER", DISABLE_AFTER))
    if endpoint.failures_in_a_row >= limit:
        disable(db.session, endpoint, endpoint.failures_in_a_row)
    if not endpoint.active or delivery.attempts >= ATTEMPTS:
        delivery.state = DeliveryState.FAILED
    db.session.commit()  # the attempt log must outlive the retry's rollback
    if delivery.state == DeliveryState.PENDING:
        raise DeliveryFailed(
            f"{endpoint.url} did not take webhook {delivery.message_id}: "
            f"{attempt.error or f'HTTP {attempt.status_code}'}"
        )


def post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> WebhookAttempt:
    """Sign and post ``delivery`` to ``endpoint`` now; the attempt, logged on the delivery."""
    config = current_app.config
    policy = dataclasses.replace(
        FetchPolicy.from_config(),
        timeout=float(config.get("WEBHOOK_TIMEOUT", TIMEOUT)),
        max_bytes=MAX_RESPONSE_BYTES,
    )
    headers = {
        "Content-Type": "application/json",
        **signed_headers(endpoint.secret, delivery.message_id, delivery.body, utcnow()),
    }
    began = time.monotonic()
    try:
        result = fetch(
            endpoint.url,
            method="POST",
            body=delivery.body.encode("utf-8"),
            headers=headers,
            policy=policy,
        )
    except FetchError as error:
        return _log_attempt(delivery, None, time.monotonic() - began, error=str(error))
    excerpt = result.body[:EXCERPT_CHARS * 4].decode("utf-8", "replace")[:EXCERPT_CHARS]
    return _log_attempt(delivery, result.status, result.elapsed, excerpt=excerpt)


def _log_attempt(
    delivery: WebhookDelivery,
    status: int | None,
    seconds: float,
    *,
    excerpt: str | None = None,
    error: str | None = None,
) -> WebhookAttempt:
    attempt = WebhookAttempt(
        status_code=status,
        duration_ms=round(seconds * 1000),
        response_excerpt=excerpt or None,
        error=error,
        attempted_at=utcnow(),
    )
    delivery.attempt_log.append(attempt)
    return attempt


def disable(session: DbSession, endpoint: WebhookEndpoint, failures: int) -> None:
    """Stop sending to ``endpoint`` after ``failures`` failed attempts in a row and tell every
    active admin by e-mail, each in their language (flushes only). The reason is kept in
    English: the API shows it as data."""
    reason = reasons.failed_in_a_row(failures)
    endpoint.active = False
    endpoint.disabled_at = utcnow()
    endpoint.disabled_reason = reason
    log.warning("webhook endpoint %s (%s) disabled: %s", endpoint.id, endpoint.url, reason)
    page = absolute_url("webhooks.endpoint", endpoint_id=endpoint.id)
    admins = session.scalars(
        select(User).where(User.role == Role.ADMIN, User.active.is_(True))
    ).all()
    for admin in admins:
        with force_locale(reader_language(session, admin)):
            subject = gettext("Webhook endpoint disabled: %(url)s", url=endpoint.url)
            body = "\n\n".join([
                ngettext("The desk stopped sending webhooks to %(url)s after %(num)d failed "
                         "attempt in a row.",
                         "The desk stopped sending webhooks to %(url)s after %(num)d failed "
                         "attempts in a row.", failures, url=endpoint.url),
                gettext("Its attempts, and the buttons to enable it again and redeliver what "
                        "it missed, are on %(page)s", page=page),
            ])
        queue_mail(session, admin.email, subject[:300], body + "\n")
    session.flush()
