"""Scale-out, for real: two gunicorn app servers and one ``flask worker`` on one PostgreSQL,
the local Redis (job queue and login-throttle counts, under this test's own key prefixes) and
one SMTP server, and one webhook receiver; traffic goes to both app servers.

It shows that a session made on one server is valid on the other (and a logout on one ends it
on both), that failed logins are counted across both, that each webhook event is delivered
exactly once (signed as Standard Webhooks says), and that each notification e-mail is sent
exactly once — including those of the daily round run by two processes at the same moment.
"""

from __future__ import annotations

import re
import secrets
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from huey.storage import MemoryStorage
from sqlalchemy import func, select, update
from standardwebhooks.webhooks import Webhook

from factcheck.extensions import db
from factcheck.jobs.queue import queue
from factcheck.models import (
    Claim,
    DeliveryState,
    DeskSettings,
    Job,
    JobState,
    MailMessage,
    Notification,
    WebhookDelivery,
    utcnow,
)
from factcheck.webhooks import operations as webhooks
from factcheck.webhooks.events import EVENT_TYPES
from factcheck.webhooks.signing import new_secret
from factcheck.workflow import Role, State
from tests import conftest
from tests.conftest import DATABASES, ORGANISATION_URL, PASSWORD, DeskFactory, make_app
from tests.http_server import Handler, LocalServer, serve
from tests.jobs_helpers import REDIS_URL
from tests.scale_helpers import Browser, Desk, wait_for
from tests.smtp_server import Mailbox, smtp_server

pytestmark = pytest.mark.slow
SITE = "http://127.0.0.1"


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[tuple[Flask, Mailbox, dict[str, str]]]:
    """A fresh PostgreSQL database, an SMTP server, and the settings every process shares."""
    database = conftest.TestDatabase("postgresql")
    previous_app = queue.app
    try:
        with smtp_server() as mailbox:
            env = {
                "DATABASE_URL": database.url,
                "FACTCHECK_SECRET_KEY": secrets.token_hex(32),  # the same on every server
                "FACTCHECK_SITE_URL": SITE,
                "JOBS_URL": REDIS_URL,
                "FACTCHECK_JOBS_NAME": f"factcheck-test-{uuid.uuid4().hex[:12]}",
                "RATELIMIT_STORAGE_URL": REDIS_URL,
                "FACTCHECK_RATELIMIT_KEY_PREFIX": f"factcheck-test-{uuid.uuid4().hex[:12]}",
                "MAIL_URL": mailbox.url,
                "FACTCHECK_NOTIFICATIONS_DIGEST_HOUR": "0",  # digests are due whenever it runs
                "FACTCHECK_ENCODER": "none",  # quicker starts; matching is not tested here
                "FETCH_ALLOW_PRIVATE": "1",  # the webhook receiver is on this machine
            }
            app = make_app(
                database.url, SITE_URL=SITE, SERVER_NAME=None, JOBS_URL=REDIS_URL,
                JOBS_NAME=env["FACTCHECK_JOBS_NAME"], MAIL_URL=mailbox.url,
                FETCH_ALLOW_PRIVATE=True,
            )
            with app.app_context():
                upgrade()
                db.session.execute(update(DeskSettings).values(organisation_url=ORGANISATION_URL))
                db.session.commit()
            yield app, mailbox, env
            queue.flush()
    finally:
        queue.configure(MemoryStorage, "factcheck")
        queue.app = previous_app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        database.drop()


def _subjects(mailbox: Mailbox) -> Counter[tuple[str, str]]:
    return Counter((str(m["To"]), str(m["Subject"])) for m in list(mailbox.messages))


@pytest.fixture
def receiver() -> Iterator[LocalServer]:
    """A webhook receiver on this machine that takes every message (204)."""
    local = LocalServer()

    @local.route("/hook")
    def hook(h: Handler) -> None:
        h.send_bytes(204, b"", "text/plain")

    with serve(local) as server:
        yield server


def _webhooks(receiver: LocalServer) -> list[tuple[dict[str, str], bytes]]:
    return [(headers, body) for method, path, headers, body in list(receiver.seen)
            if method == "POST" and path == "/hook"]


@pytest.mark.parametrize("kind", [d for d in DATABASES if d == "postgresql"])
def test_two_app_servers_and_a_worker_share_one_desk(
    kind: str, shared: tuple[Flask, Mailbox, dict[str, str]], receiver: LocalServer,
    tmp_path: Path,
) -> None:
    app, mailbox, env = shared
    today = utcnow().date()
    with app.app_context():
        desk = DeskFactory(db.session)
        editor = desk.editor()
        checker = desk.user(Role.CHECKER, name="Ana Lopes")
        victim = desk.user(Role.CHECKER, name="Target of guessing")
        fresh = desk.claim(State.UNVERIFIED, editor=editor, statement="Fresh claim")
        desk.claim(State.UNVERIFIED, editor=editor, assignee=checker,
                         statement="Due tomorrow", due_date=today + timedelta(days=1))
        desk.claim(State.UNVERIFIED, editor=editor, assignee=checker,
                          statement="Late claim", due_date=today - timedelta(days=3))
        desk.claim(State.UNVERIFIED, editor=editor, statement="Late, nobody's",
                   due_date=today - timedelta(days=1))
        db.session.commit()  # two assignment e-mails go to the Redis queue
        admin = desk.user(Role.ADMIN)  # an editor too: the overdue list goes to both
        secret = new_secret()  # the endpoint hears of everything from here on
        webhooks.register_endpoint(db.session, admin, f"{receiver.base}/hook",
                                   list(EVENT_TYPES), secret=secret)
        db.session.commit()
        ids = {"fresh": fresh.id, "checker": checker.id}
        emails = {"editor": editor.email, "checker": checker.email, "victim": victim.email,
                  "admin": admin.email}
        names = {"editor": editor.name}
    handle = emails["checker"].split("@")[0]

    desk_processes = Desk(env, tmp_path)
    try:
        a = desk_processes.app_server("web-a")
        b = desk_processes.app_server("web-b")
        desk_processes.worker("worker")

        # A session made on one server is valid on the other.
        editor_browser = Browser()
        assert editor_browser.log_in(a, emails["editor"], PASSWORD).status == 302
        on_b = editor_browser.get(b, "/notifications/")
        assert on_b.status == 200 and names["editor"] in on_b.text
        assert Browser().get(b, "/notifications/").status == 302  # without it: the login page

        # Failed logins count across both servers: five wrong guesses, split, then 429 on both.
        guesser = Browser()
        failed = [guesser.log_in(server, emails["victim"], f"wrong guess {n}").status
                  for n, server in enumerate([a, b, a, b, a])]
        assert failed == [401] * 5
        assert guesser.log_in(b, emails["victim"], PASSWORD).status == 429
        refused = Browser().log_in(a, emails["victim"], PASSWORD)  # another browser, same account
        assert refused.status == 429 and refused.headers["Retry-After"]

        # Notifications from traffic on both servers: an assignment on A, a mention on B.
        claim_page = f"/claims/{ids['fresh']}"
        assigned = editor_browser.submit(a, claim_page, {"assignee": str(ids["checker"])},
                                         action=f"{claim_page}/assign")
        assert assigned.status == 302, assigned.text[:500]
        commented = editor_browser.submit(b, claim_page, {"body": f"@{handle} see the dates"},
                                          action=f"{claim_page}/comments")
        assert commented.status == 302, commented.text[:500]
        for server, statement in ((a, "Opened on A"), (b, "Opened on B")):
            opened = editor_browser.submit(server, "/claims/new", {"statement": statement})
            assert opened.status == 302, opened.text[:500]

        # The daily round on two processes at the same moment (as on two workers).
        rounds = [desk_processes.flask("notifications", "round", "--digests") for _ in range(2)]
        outputs = [p.communicate(timeout=120)[0].decode() for p in rounds]
        totals: Counter[str] = Counter()
        for output in outputs:
            found = re.search(r"reminders (\d+), digests (\d+), overdue lists (\d+)", output)
            assert found, output
            totals.update(dict(zip(("reminders", "digests", "lists"),
                                   map(int, found.groups()), strict=True)))
        assert totals == Counter(reminders=2, digests=1, lists=2), outputs

        expected = Counter({
            (emails["checker"], f"{names['editor']} assigned a claim to you: Due tomorrow"): 1,
            (emails["checker"], f"{names['editor']} assigned a claim to you: Late claim"): 1,
            (emails["checker"], f"{names['editor']} assigned a claim to you: Fresh claim"): 1,
            (emails["checker"], f"{names['editor']} mentioned you in a comment: Fresh claim"): 1,
            (emails["checker"], "Your desk today: 2 notifications"): 1,
            (emails["editor"], "2 overdue claims on the desk"): 1,
            (emails["admin"], "2 overdue claims on the desk"): 1,
        })
        with app.app_context():

            def all_sent() -> bool:
                db.session.rollback()  # a fresh snapshot each time
                open_jobs = db.session.scalar(
                    select(func.count()).select_from(Job).where(Job.state != JobState.DONE)
                )
                return open_jobs == 0 and sum(_subjects(mailbox).values()) >= expected.total()

            wait_for(all_sent, 90, f"the worker did not send every e-mail: {_subjects(mailbox)}"
                     f"\n{desk_processes.log('worker')}")
            time.sleep(2)  # a duplicate sent late would arrive now
            assert _subjects(mailbox) == expected
            assert db.session.scalar(select(func.count()).select_from(MailMessage)) == 7
            kinds = db.session.scalars(
                select(Notification.kind).where(Notification.user_id == ids["checker"])
            ).all()
            assert Counter(kinds) == Counter(
                assigned=3, mentioned=1, due_tomorrow=1, overdue=1
            )
            claim = db.session.get(Claim, ids["fresh"])
            assert claim is not None and claim.assignee_id == ids["checker"]

            # Each webhook event was delivered once: one message per delivery the desk wrote,
            # none twice, every one signed with the endpoint's secret.
            deliveries = db.session.scalars(select(WebhookDelivery)).all()
            assert Counter(d.event_type for d in deliveries) == Counter({
                "claim.created": 2, "claim.assigned": 1, "claim.commented": 1,
            })
            assert {d.state for d in deliveries} == {DeliveryState.DELIVERED}
            posts = _webhooks(receiver)
            received = Counter(headers["webhook-id"] for headers, _ in posts)
            assert received == Counter({d.message_id: 1 for d in deliveries})
            messages = [Webhook(secret).verify(body, headers) for headers, body in posts]
            assert sorted(m["data"]["claim"]["statement"] for m in messages
                          if m["type"] == "claim.created") == ["Opened on A", "Opened on B"]

        # A logout on B ends the session on A too (the generation lives in the database).
        out = editor_browser.submit(b, "/notifications/", {}, action="/logout")
        assert out.status == 302
        assert editor_browser.get(a, "/notifications/").status == 302
    except AssertionError:
        for name in ("web-a", "web-b", "worker"):
            print(f"--- {name}\n{desk_processes.log(name)}")
        raise
    finally:
        desk_processes.stop()
