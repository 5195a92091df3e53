"""Failed logins are throttled per account and per client address, through the real form.

The throttle's counts live in memory by default and in Redis when configured; both are tested
(Redis at 127.0.0.1:6379 under this run's own key prefix).
"""

from __future__ import annotations

import time
import uuid

import redis

from tests.conftest import PASSWORD, make_app

REDIS_URL = "redis://127.0.0.1:6379/0"
WRONG = "not the password at all"


def _attempt(client, submit, email, password, **kwargs):
    return submit(client, "/login", {"email": email, "password": password}, **kwargs)


def test_unknown_email_and_wrong_password_get_the_same_answer(client, submit, desk, session):
    user = desk.user()
    session.commit()
    unknown = _attempt(client, submit, "nobody@newsroom.example", WRONG)
    wrong = _attempt(client, submit, user.email, WRONG)
    assert unknown.status_code == wrong.status_code == 401
    for response in (unknown, wrong):
        assert "That email and password do not match." in response.get_data(as_text=True)
    assert "deactivated" not in unknown.get_data(as_text=True)


def test_an_account_is_throttled_after_five_failures_even_with_the_right_password(
    client, submit, desk, session
):
    user = desk.user()
    other = desk.user()
    session.commit()
    for _ in range(5):
        assert _attempt(client, submit, user.email, WRONG).status_code == 401
    refused = _attempt(client, submit, user.email, PASSWORD)
    assert refused.status_code == 429
    retry_after = int(refused.headers["Retry-After"])
    assert 0 < retry_after <= 15 * 60
    page = refused.get_data(as_text=True)
    assert "Too many failed logins" in page
    assert "Try again in 15 minutes" in page
    assert f'value="{user.email}"' in page  # what was typed comes back
    # Someone else on the same network is not locked out by one account's failures.
    assert _attempt(client, submit, other.email, PASSWORD).status_code == 302


def test_unknown_emails_count_like_wrong_passwords(client, submit):
    for _ in range(5):
        assert _attempt(client, submit, "ghost@newsroom.example", WRONG).status_code == 401
    assert _attempt(client, submit, "ghost@newsroom.example", WRONG).status_code == 429


def test_one_address_trying_many_accounts_is_throttled(app, client, submit, desk, session):
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = "3 per 15 minutes"
    user = desk.user()
    session.commit()
    for n in range(3):
        assert _attempt(client, submit, f"guess{n}@newsroom.example", WRONG).status_code == 401
    assert _attempt(client, submit, user.email, PASSWORD).status_code == 429
    # The same account from another address still gets in.
    elsewhere = app.test_client()
    response = _attempt(elsewhere, submit, user.email, PASSWORD,
                        environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert response.status_code == 302


def test_the_owner_gets_back_in_once_the_window_has_passed(app, client, submit, desk, session):
    app.config["LOGIN_FAILURES_PER_ACCOUNT"] = "2 per 2 seconds"
    user = desk.user()
    session.commit()
    for _ in range(2):
        _attempt(client, submit, user.email, WRONG)
    refused = _attempt(client, submit, user.email, PASSWORD)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) <= 2
    time.sleep(2.2)
    assert _attempt(client, submit, user.email, PASSWORD).status_code == 302


def test_a_successful_login_forgets_the_accounts_failures(client, submit, desk, session, app):
    user = desk.user()
    session.commit()
    for _ in range(4):
        _attempt(client, submit, user.email, WRONG)
    assert _attempt(client, submit, user.email, PASSWORD).status_code == 302
    fresh = app.test_client()
    for _ in range(4):
        assert _attempt(fresh, submit, user.email, WRONG).status_code == 401


def test_behind_a_trusted_proxy_the_client_address_counts(
    app, database, submit, desk, session
):
    """With one trusted proxy, X-Forwarded-For names the client; without, it is ignored, so a
    forged header cannot dodge the per-address count."""
    user = desk.user()
    session.commit()
    behind_proxy = make_app(database.url, TRUSTED_PROXY_COUNT=1,
                            LOGIN_FAILURES_PER_ADDRESS="2 per 15 minutes")
    facing_internet = make_app(database.url, LOGIN_FAILURES_PER_ADDRESS="2 per 15 minutes")
    try:
        for proxied in (behind_proxy, facing_internet):
            proxied.extensions["login_throttle"].reset()
            client = proxied.test_client()
            for n in range(2):
                _attempt(client, submit, f"guess{n}@newsroom.example", WRONG,
                         headers={"X-Forwarded-For": f"203.0.113.{n + 1}"})
            response = _attempt(client, submit, user.email, PASSWORD,
                                headers={"X-Forwarded-For": "203.0.113.99"})
            # Behind the proxy each client has its own count; facing the internet the
            # forged header changes nothing and the one real address is throttled.
            expected = 302 if proxied is behind_proxy else 429
            assert response.status_code == expected
    finally:
        for extra in (behind_proxy, facing_internet):
            extra.extensions["login_throttle"].reset()


def test_app_servers_share_the_counts_through_redis(database, submit, desk, session):
    """Two app servers with one Redis: failures on one throttle the login on the other."""
    user = desk.user()
    session.commit()
    prefix = f"factcheck-test-{uuid.uuid4().hex[:12]}"
    settings = {"RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": prefix}
    first, second = make_app(database.url, **settings), make_app(database.url, **settings)
    store = redis.Redis.from_url(REDIS_URL)
    try:
        for _ in range(5):
            assert _attempt(first.test_client(), submit, user.email, WRONG).status_code == 401
        assert store.keys(f"{prefix}:*"), "the counts are in Redis under this run's prefix"
        refused = _attempt(second.test_client(), submit, user.email, PASSWORD)
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 0
    finally:
        first.extensions["login_throttle"].reset()
    assert not store.keys(f"{prefix}:*")
    assert _attempt(second.test_client(), submit, user.email, PASSWORD).status_code == 302
