"""``/api/v1/claims.csv|jsonl`` and ``/api/v1/webhooks`` on SQLite and PostgreSQL: the queue
export with a token, and webhook endpoints managed by admin tokens only, the deliveries they
got through the real queue and a real receiver."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.jobs.queue import DeskQueue
from factcheck.models import DeskEvent, TokenScope, WebhookEndpoint
from factcheck.workflow import Priority, Role
from tests.api_helpers import ApiClient, make_token
from tests.conftest import DeskFactory
from tests.http_server import LocalServer, serve
from tests.jobs_helpers import point_queue_at, work


def test_the_queue_exports_through_the_api_with_its_filters(
    app: Flask, session: Session, desk: DeskFactory
) -> None:
    editor = desk.editor()
    urgent = desk.claim(editor=editor, priority=Priority.URGENT, statement="=SUM(A1) wagons")
    desk.claim(editor=editor, priority=Priority.LOW)
    api = ApiClient(app, make_token(session, desk.user(Role.CHECKER), TokenScope.READ))

    response = api.get("/api/v1/claims.csv?priority=urgent&bom=1")
    assert response.status_code == 200 and response.is_streamed
    assert response.content_type == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert [(int(r["id"]), r["statement"]) for r in rows] == [(urgent.id, "'=SUM(A1) wagons")]

    lines = api.get("/api/v1/claims.jsonl?sort=newest").get_data(as_text=True).splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["id"] == urgent.id

    refused = api.get("/api/v1/claims.csv?state=nonsense")
    assert refused.status_code == 422  # not a state the document lists
    assert refused.content_type == "application/problem+json"
    assert ApiClient(app, None).get("/api/v1/claims.csv").status_code == 401


@pytest.fixture
def receiver() -> Iterator[LocalServer]:
    server = LocalServer()

    @server.route("/hook")
    def hook(h):  # type: ignore[no-untyped-def]
        h.send_bytes(200, b"ok", "text/plain")

    with serve(server) as running:
        yield running


@pytest.fixture
def jobs(app: Flask, tmp_path: Path) -> Iterator[DeskQueue]:
    app.config["FETCH_ALLOWED_NETWORKS"] = "127.0.0.1/32"
    yield from point_queue_at("sqlite", tmp_path, app)


def test_admin_tokens_manage_webhooks_and_read_their_deliveries(
    app: Flask, session: Session, desk: DeskFactory, receiver: LocalServer, jobs: DeskQueue
) -> None:
    admin = desk.user(Role.ADMIN)
    api = ApiClient(app, make_token(session, admin))
    url = f"{receiver.base}/hook"

    created = api.post("/api/v1/webhooks", json={"url": url, "events": ["claim.created"],
                                                 "description": "CMS"})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["events"] == ["claim.created"] and body["secret"].startswith("whsec_")
    assert body["active"] is True and body["description"] == "CMS"
    listed = api.get("/api/v1/webhooks").get_json()["items"]
    assert [item["id"] for item in listed] == [body["id"]]

    refused = api.post("/api/v1/webhooks", json={"url": url, "events": ["claim.deleted"]})
    assert refused.status_code == 422 and "claim.deleted" in refused.get_json()["detail"]
    refused = api.post("/api/v1/webhooks", json={"url": url, "events": ["claim.created"],
                                                 "description": "x\x00"})
    assert refused.status_code == 422 and "description" in refused.get_json()["errors"]
    assert session.scalar(select(func.count()).select_from(WebhookEndpoint)) == 1

    for n in range(3):
        desk.claim(statement=f"Claim {n} about wagons")
    session.commit()
    work(jobs)
    first = api.get(f"/api/v1/webhooks/{body['id']}/deliveries?limit=2").get_json()
    assert [d["state"] for d in first["items"]] == ["delivered", "delivered"]
    assert first["items"][0]["attempts"][0]["status_code"] == 200
    assert json.loads(first["items"][0]["body"])["type"] == "claim.created"
    rest = api.get(
        f"/api/v1/webhooks/{body['id']}/deliveries?after={first['next_cursor']}"
    ).get_json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert api.get(f"/api/v1/webhooks/{body['id']}/deliveries?after=x").status_code == 400

    deleted = api.client.delete(f"/api/v1/webhooks/{body['id']}",
                                headers={"Authorization": f"Bearer {api.token}"})
    assert deleted.status_code == 204
    assert api.get(f"/api/v1/webhooks/{body['id']}/deliveries").status_code == 404
    kinds = session.scalars(select(DeskEvent.kind).where(DeskEvent.kind.like("webhook.%")))
    assert sorted(kinds) == ["webhook.created", "webhook.deleted"]


def test_only_admin_tokens_see_or_change_webhooks(
    app: Flask, session: Session, desk: DeskFactory, receiver: LocalServer
) -> None:
    app.config["FETCH_ALLOWED_NETWORKS"] = "127.0.0.1/32"
    editor = ApiClient(app, make_token(session, desk.editor()))
    assert editor.get("/api/v1/webhooks").status_code == 403
    refused = editor.post("/api/v1/webhooks", json={"url": f"{receiver.base}/hook",
                                                    "events": ["claim.created"]})
    assert refused.status_code == 403
    reader = ApiClient(app, make_token(session, desk.user(Role.ADMIN), TokenScope.READ))
    assert reader.get("/api/v1/webhooks").status_code == 200
    refused = reader.post("/api/v1/webhooks", json={"url": f"{receiver.base}/hook",
                                                    "events": ["claim.created"]})
    assert refused.status_code == 403
    assert session.scalar(select(func.count()).select_from(WebhookEndpoint)) == 0
