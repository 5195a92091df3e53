"""Webhooks end to end, on SQLite and PostgreSQL, through the real queue (SQLite file and Redis
storage) to a real HTTP receiver on this machine: the signature verifies with the Standard
Webhooks reference library, failures are retried with growing waits and logged, an endpoint that
keeps failing is disabled with a notice to admins, deliveries are redelivered by hand, and a
private address is refused unless the desk allows it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from werkzeug.test import TestResponse

from factcheck.api.schemas import ClaimOut
from factcheck.jobs.queue import DeskQueue
from factcheck.models import (
    DeliveryState,
    DeskEvent,
    Job,
    MailMessage,
    User,
    WebhookDelivery,
    WebhookEndpoint,
    utcnow,
)
from factcheck.operations import claims as claim_ops
from factcheck.operations import publishing
from factcheck.webhooks import operations, reasons
from factcheck.webhooks.delivery import ATTEMPTS
from factcheck.webhooks.signing import new_secret
from factcheck.workflow import Role, State
from tests.conftest import DeskFactory
from tests.http_server import Handler, LocalServer, serve
from tests.jobs_helpers import STORAGES, due_retries, point_queue_at, work


class Receiver(LocalServer):
    """A receiver at ``/hook`` answering with ``status`` (a list: one per request, the last
    repeated), which records what it was sent."""

    def __init__(self) -> None:
        super().__init__()
        self.statuses = [204]

        @self.route("/hook")
        def hook(h: Handler) -> None:
            status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
            h.send_bytes(status, f"answer {status}: stored".encode(), "text/plain")

    @property
    def posts(self) -> list[tuple[dict[str, str], bytes]]:
        return [(headers, body) for method, path, headers, body in self.seen
                if method == "POST" and path == "/hook"]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with serve(Receiver()) as server:
        yield server  # type: ignore[misc]


@pytest.fixture(params=STORAGES)
def jobs(request: pytest.FixtureRequest, app: Flask, tmp_path: Path) -> Iterator[DeskQueue]:
    """The real queue on SQLite file storage, then on the local Redis; the desk may post to
    this machine's loopback address only (as an intranet desk would open its own range)."""
    app.config["FETCH_ALLOWED_NETWORKS"] = "127.0.0.1/32"
    yield from point_queue_at(request.param, tmp_path, app)


def _endpoint(
    session: Session, desk: DeskFactory, receiver: Receiver, events: list[str], **kwargs: object
) -> tuple[WebhookEndpoint, User]:
    admin = desk.user(Role.ADMIN)
    endpoint = operations.register_endpoint(
        session, admin, f"{receiver.base}/hook", events, **kwargs  # type: ignore[arg-type]
    )
    session.commit()
    return endpoint, admin


@dataclass(frozen=True)
class AdminPages:
    """The webhook pages in a browser, for the tests that click through them: ``open(user)``
    logs ``user`` in (committing what the test arranged), ``submit(browser, page, data,
    post_url=None)`` fills in a page's form and posts it."""

    open: Callable[[User], FlaskClient]
    submit: Callable[..., TestResponse]


@pytest.fixture
def pages(
    as_user: Callable[[User], FlaskClient], submit: Callable[..., TestResponse]
) -> AdminPages:
    return AdminPages(as_user, submit)


def _failing_endpoint(
    app: Flask, session: Session, desk: DeskFactory, receiver: Receiver, *, status: int,
    disable_after: int,
) -> tuple[WebhookEndpoint, User]:
    """An endpoint for ``claim.created`` whose receiver answers ``status`` to everything, on a
    desk that disables an endpoint after ``disable_after`` failures in a row."""
    app.config["WEBHOOK_DISABLE_AFTER"] = disable_after
    receiver.statuses = [status]
    return _endpoint(session, desk, receiver, ["claim.created"])


def _fresh(session: Session, model: type, id_: int):  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.get(model, id_)


def test_events_are_delivered_signed_and_the_reference_library_verifies_them(
    jobs: DeskQueue, session: Session, desk: DeskFactory, receiver: Receiver
) -> None:
    secret = new_secret()
    endpoint, _ = _endpoint(
        session, desk, receiver, ["claim.created", "claim.state_changed", "verdict.published"],
        secret=secret,
    )
    editor = desk.editor()
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(editor=editor, statement="Ukraine detained 1,500 «wagons»")
    claim_ops.assign(session, editor, claim, claim.version, checker)  # not asked for
    session.commit()
    assert receiver.posts == []  # only the worker sends
    work(jobs)

    (headers, body), = receiver.posts
    message = Webhook(secret).verify(body, headers)
    assert message["type"] == "claim.created"
    assert message["data"]["claim"]["statement"] == "Ukraine detained 1,500 «wagons»"
    assert message["data"]["claim"]["desk_url"] == f"https://desk.test/claims/{claim.id}"
    # The claim as the API lists it (one shape for both), with its links.
    assert set(message["data"]["claim"]) == {*ClaimOut().fields, "desk_url", "public_url"}
    assert message["data"]["claim"]["priority"] == "normal"
    assert message["data"]["event"]["actor"]["name"] == editor.name
    assert headers["content-type"] == "application/json"
    assert headers["webhook-id"].startswith("msg_")
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body.replace(b"1,500", b"9,999"), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(body, headers)

    # The claim goes all the way: one state change per step, and the published verdict.
    desk.evidence(claim, checker)
    claim_ops.mark_sourced(session, checker, claim, claim.version)
    publishing.rate(session, checker, claim, claim.version, rating=desk.rating("False"),
                   summary="No record of it.", explanation=None)
    publishing.publish(session, editor, claim, claim.version)
    session.commit()
    work(jobs)
    sent = [Webhook(secret).verify(body, headers) for headers, body in receiver.posts[1:]]
    assert [m["type"] for m in sent] == [
        "claim.state_changed", "claim.state_changed", "claim.state_changed", "verdict.published"
    ]
    assert [m["data"]["event"]["to_state"] for m in sent[:3]] == ["sourced", "rated", "published"]
    assert sent[3]["data"]["verdict"]["rating"] == "False"
    assert sent[3]["data"]["claim"]["public_url"] == f"https://desk.test/verdicts/{claim.slug}"
    states = session.scalars(
        select(WebhookDelivery.state).where(WebhookDelivery.endpoint_id == endpoint.id)
    ).all()
    assert states == [DeliveryState.DELIVERED] * 5


def test_a_rolled_back_change_sends_nothing(
    jobs: DeskQueue, session: Session, desk: DeskFactory, receiver: Receiver
) -> None:
    _endpoint(session, desk, receiver, ["claim.created"])
    editor = desk.editor()
    session.commit()
    desk.claim(editor=editor)
    session.flush()
    session.rollback()
    assert session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0
    assert session.scalar(select(func.count()).select_from(Job)) == 0
    assert work(jobs) == 0
    assert receiver.posts == []


def test_failures_are_retried_with_growing_waits_and_every_attempt_is_logged(
    jobs: DeskQueue, session: Session, desk: DeskFactory, receiver: Receiver
) -> None:
    endpoint, _ = _endpoint(session, desk, receiver, ["claim.commented"])
    claim = desk.claim()
    receiver.statuses = [503, 500, 200]
    claim_ops.comment(session, desk.editor(), claim, "Who counted the wagons?")
    session.commit()
    work(jobs)
    (delivery,) = session.scalars(select(WebhookDelivery)).all()
    assert delivery.state == DeliveryState.PENDING and delivery.attempts == 1

    waits = []
    for _ in range(2):
        assert jobs.scheduled_count() == 1
        now = utcnow().replace(tzinfo=None)
        (eta,) = due_retries(jobs, timedelta(hours=1))
        waits.append((eta - now).total_seconds())
        work(jobs)
    assert [round(wait / 30) for wait in waits] == [1, 2]  # 30 s, then twice as long

    delivery = _fresh(session, WebhookDelivery, delivery.id)
    assert delivery.state == DeliveryState.DELIVERED and delivery.delivered_at is not None
    log = delivery.attempt_log
    assert [a.status_code for a in log] == [503, 500, 200]
    assert log[0].response_excerpt == "answer 503: stored"
    assert all(a.duration_ms >= 0 and a.attempted_at for a in log)
    assert _fresh(session, WebhookEndpoint, endpoint.id).failures_in_a_row == 0
    ids = {headers["webhook-id"] for headers, _ in receiver.posts}
    assert ids == {delivery.message_id}  # one message, tried three times
    for headers, body in receiver.posts:
        Webhook(endpoint.secret).verify(body, headers)  # each attempt signed afresh


def test_a_delivery_gives_up_after_its_retries(
    jobs: DeskQueue, session: Session, desk: DeskFactory, receiver: Receiver
) -> None:
    _endpoint(session, desk, receiver, ["claim.created"])
    receiver.statuses = [500]
    desk.claim()
    session.commit()
    work(jobs)
    while due_retries(jobs, timedelta(hours=1)):
        work(jobs)
    (delivery,) = session.scalars(select(WebhookDelivery)).all()
    session.refresh(delivery)
    assert delivery.state == DeliveryState.FAILED
    assert len(delivery.attempt_log) == ATTEMPTS == len(receiver.posts)


def test_an_endpoint_that_keeps_failing_is_disabled_and_admins_are_told(
    jobs: DeskQueue, session: Session, desk: DeskFactory, receiver: Receiver, app: Flask,
    pages: AdminPages,
) -> None:
    endpoint, admin = _failing_endpoint(app, session, desk, receiver, status=502, disable_after=3)
    editor = desk.editor()
    desk.claim(editor=editor)
    desk.claim(editor=editor)
    session.commit()
    work(jobs)  # two failures
    due_retries(jobs, timedelta(hours=1))
    work(jobs)  # the third disables the endpoint; the fourth attempt is not made

    endpoint = _fresh(session, WebhookEndpoint, endpoint.id)
    assert not endpoint.active and endpoint.disabled_reason == "3 failed attempts in a row"
    assert len(receiver.posts) == 3
    states = session.scalars(select(WebhookDelivery.state)).all()
    assert states == [DeliveryState.FAILED, DeliveryState.FAILED]
    assert jobs.scheduled_count() == 0
    notice = session.scalars(select(MailMessage).where(MailMessage.recipient == admin.email)).one()
    assert notice.subject == f"Webhook endpoint disabled: {endpoint.url}"
    assert f"/admin/webhooks/{endpoint.id}" in notice.text_body

    desk.claim(editor=editor)  # a disabled endpoint gets nothing new
    session.commit()
    assert session.scalar(select(func.count()).select_from(WebhookDelivery)) == 2

    page = pages.open(admin).get("/admin/webhooks").get_data(as_text=True)
    assert "is disabled (3 failed attempts in a row" in page


def test_admins_enable_an_endpoint_again_and_redeliver_by_hand(
    jobs: DeskQueue, session: Session, desk: DeskFactory, receiver: Receiver, app: Flask,
    pages: AdminPages,
) -> None:
    endpoint, admin = _failing_endpoint(app, session, desk, receiver, status=500, disable_after=1)
    desk.claim()
    session.commit()
    work(jobs)
    (delivery,) = session.scalars(select(WebhookDelivery)).all()
    assert _fresh(session, WebhookEndpoint, endpoint.id).active is False
    browser = pages.open(admin)
    page_url = f"/admin/webhooks/{endpoint.id}"
    page = browser.get(page_url).get_data(as_text=True)
    assert "HTTP 500" in page and "answer 500: stored" in page and "Redeliver" not in page

    receiver.statuses = [200]
    response = pages.submit(browser, page_url, post_url=f"{page_url}/enable")
    assert response.status_code == 302
    response = pages.submit(browser, page_url,
                      post_url=f"/admin/webhooks/deliveries/{delivery.id}/redeliver")
    assert response.status_code == 302
    work(jobs)
    delivery = _fresh(session, WebhookDelivery, delivery.id)
    assert delivery.state == DeliveryState.DELIVERED
    assert [a.status_code for a in delivery.attempt_log] == [500, 200]
    assert len({headers["webhook-id"] for headers, _ in receiver.posts}) == 1
    kinds = session.scalars(select(DeskEvent.kind).order_by(DeskEvent.id)).all()
    assert kinds[-2:] == ["webhook.enabled", "webhook.redelivered"]

    # A delivered message can be sent again too (a receiver that lost it asks for it).
    response = pages.submit(browser, page_url,
                      post_url=f"/admin/webhooks/deliveries/{delivery.id}/redeliver")
    work(jobs)
    assert len(receiver.posts) == 3


def test_a_private_address_is_refused_unless_the_desk_allows_it(
    jobs: DeskQueue,
    session: Session,
    desk: DeskFactory,
    receiver: Receiver,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    endpoint, _ = _endpoint(session, desk, receiver, ["claim.created"])
    app.config["FETCH_ALLOWED_NETWORKS"] = ""  # the default: public addresses only
    monkeypatch.delenv("FETCH_ALLOW_PRIVATE", raising=False)
    desk.claim()
    session.commit()
    work(jobs)
    assert receiver.posts == []
    (delivery,) = session.scalars(select(WebhookDelivery)).all()
    (attempt,) = delivery.attempt_log
    assert attempt.status_code is None
    assert "127.0.0.1, a loopback address" in (attempt.error or "")
    admin = desk.user(Role.ADMIN)
    with pytest.raises(operations.InvalidInput, match="loopback"):
        operations.register_endpoint(session, admin, f"{receiver.base}/hook", ["claim.created"])

    monkeypatch.setenv("FETCH_ALLOW_PRIVATE", "1")  # tests and intranets
    due_retries(jobs, timedelta(hours=1))
    work(jobs)
    assert len(receiver.posts) == 1
    assert _fresh(session, WebhookDelivery, delivery.id).state == DeliveryState.DELIVERED


def test_the_admin_page_registers_endpoints_and_refuses_bad_ones_filled_in(
    app: Flask, session: Session, desk: DeskFactory, receiver: Receiver, pages: AdminPages
) -> None:
    app.config["FETCH_ALLOWED_NETWORKS"] = "127.0.0.1/32"
    admin = desk.user(Role.ADMIN)
    editor = desk.editor()
    assert pages.open(editor).get("/admin/webhooks").status_code == 403
    browser = pages.open(admin)
    url = f"{receiver.base}/hook"

    refused = pages.submit(browser, "/admin/webhooks", {
        "url": url, "description": "CMS", "events": ["claim.created"],
        "secret": "whsec_c2hvcnRrZXk=",  # 8 bytes
    })
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "key is 8 bytes; it must be 24 to 64 random bytes." in text
    assert f'value="{url}"' in text and 'value="CMS"' in text and "checked" in text
    refused = pages.submit(browser, "/admin/webhooks", {"url": url, "events": []})
    assert refused.status_code == 422
    assert "Choose at least one event" in refused.get_data(as_text=True)
    refused = pages.submit(browser, "/admin/webhooks", {"url": "ftp://cms.example/",
                                                   "events": ["claim.created"]})
    assert refused.status_code == 422 and 'value="ftp://cms.example/"' in refused.get_data(
        as_text=True)
    assert session.scalar(select(func.count()).select_from(WebhookEndpoint)) == 0

    done = pages.submit(browser, "/admin/webhooks", {
        "url": url, "events": ["verdict.published", "claim.created"],
    })
    assert done.status_code == 302
    endpoint = session.scalars(select(WebhookEndpoint)).one()
    assert endpoint.events == ["claim.created", "verdict.published"]
    assert endpoint.secret.startswith("whsec_")
    page = browser.get(done.headers["Location"]).get_data(as_text=True)
    assert endpoint.secret in page and "verdict.published" in page

    sent = pages.submit(browser, f"/admin/webhooks/{endpoint.id}",
                  post_url=f"/admin/webhooks/{endpoint.id}/test")
    assert sent.status_code == 302
    test_message = session.scalars(select(WebhookDelivery)).one()
    assert json.loads(test_message.body)["type"] == "webhook.test"

    gone = pages.submit(browser, f"/admin/webhooks/{endpoint.id}",
                  post_url=f"/admin/webhooks/{endpoint.id}/delete")
    assert gone.status_code == 302
    assert session.scalar(select(func.count()).select_from(WebhookEndpoint)) == 0
    assert session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0


def test_only_the_events_an_endpoint_chose_reach_it(
    jobs: DeskQueue, session: Session, desk: DeskFactory, receiver: Receiver
) -> None:
    _endpoint(session, desk, receiver, ["claim.assigned", "verdict.corrected"])
    editor = desk.editor()
    claim = desk.claim(State.PUBLISHED, editor=editor)  # created, assigned, …, published
    publishing.correct(session, editor, claim, claim.version, correction_note="Fixed a typo.",
                      rating=desk.rating("False"), summary="Still false.", explanation=None)
    session.commit()
    work(jobs)
    types = [json.loads(body)["type"] for _, body in receiver.posts]
    assert types == ["claim.assigned", "verdict.corrected"]
    corrected = json.loads(receiver.posts[1][1])["data"]
    assert corrected["verdict"]["revision"] == 2
    assert corrected["verdict"]["correction_note"] == "Fixed a typo."


def test_every_stored_reason_reads_back_in_the_readers_language(app):
    with app.test_request_context():
        assert reasons.shown(reasons.failed_in_a_row(1)) == "1 failed attempt in a row"
        assert reasons.shown(reasons.paused_by("Ann (night desk)")) == "paused by Ann (night desk)"
        assert reasons.shown("retired by the vendor") == "retired by the vendor"
        with force_locale("ru"):
            assert "Ann" in reasons.shown(reasons.paused_by("Ann"))
            assert "paused" not in reasons.shown(reasons.paused_by("Ann"))
            assert "failed" not in reasons.shown(reasons.failed_in_a_row(5))
