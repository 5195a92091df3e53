"""The JSON API: tokens, problem+json refusals, the queue, the workflow, stale writes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import ApiToken, Claim, Event, TokenScope, utcnow
from factcheck.operations.tokens import revoke_token
from factcheck.workflow import Priority, Role, State
from tests.api_helpers import ApiClient, make_token

PROBLEM = "application/problem+json"


@pytest.fixture
def api(app: Flask, session: Session):  # type: ignore[no-untyped-def]
    """``api(user, scope="read-write")``: a client with a fresh token of ``user``."""

    def make(user, scope: str = TokenScope.READ_WRITE) -> ApiClient:  # type: ignore[no-untyped-def]
        return ApiClient(app, make_token(session, user, scope))

    return make


def events_of(session: Session, claim: Claim) -> int:
    return session.scalar(select(func.count(Event.id)).where(Event.claim_id == claim.id)) or 0


# --- Tokens -----------------------------------------------------------------------------------


def test_cli_prints_the_token_alone(app: Flask, runner, desk, session) -> None:  # type: ignore[no-untyped-def]
    editor = desk.editor()
    session.commit()
    result = runner.invoke(args=[
        "tokens", "create", editor.email.upper(), "--scope", "read-write", "--name", "CMS",
        "--days", "7",
    ])
    assert result.exit_code == 0, result.output
    token = result.stdout
    assert token.startswith("fcd_") and token.endswith("\n") and token.count("\n") == 1
    stored = session.scalar(select(ApiToken).where(ApiToken.user_id == editor.id))
    assert stored is not None and stored.name == "CMS" and stored.scope == TokenScope.READ_WRITE
    assert token.strip() not in stored.token_hash  # only the digest is kept
    assert timedelta(days=6) < stored.expires_at - utcnow() <= timedelta(days=7)
    listed = ApiClient(app, token.strip()).get("/api/v1/claims")
    assert listed.status_code == 200


def test_cli_refuses_an_unknown_email_on_stderr(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["tokens", "create", "nobody@newsroom.example"])
    assert result.exit_code != 0
    assert result.stdout == ""
    assert "no desk member" in result.stderr
    bad_scope = runner.invoke(args=["tokens", "create", "x@y.z", "--scope", "admin"])
    assert bad_scope.exit_code != 0 and bad_scope.stdout == ""


def test_requests_without_a_working_token_are_refused(app: Flask, desk, session, api) -> None:  # type: ignore[no-untyped-def]
    checker = desk.user(Role.CHECKER)
    anonymous = ApiClient(app, None).get("/api/v1/claims")
    assert anonymous.status_code == 401
    assert anonymous.mimetype == PROBLEM
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    body = anonymous.get_json()
    assert body["status"] == 401 and body["title"] and "account page" in body["detail"]
    assert ApiClient(app, "fcd_not-a-token").get("/api/v1/claims").status_code == 401

    client = api(checker)
    assert client.get("/api/v1/claims").status_code == 200
    token = session.scalar(select(ApiToken).where(ApiToken.user_id == checker.id))
    revoke_token(session, checker, token)
    session.commit()
    assert client.get("/api/v1/claims").status_code == 401

    expired = api(checker)
    session.execute(ApiToken.__table__.update().values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    assert expired.get("/api/v1/claims").status_code == 401


def test_a_read_token_cannot_write_even_for_an_admin(desk, api) -> None:  # type: ignore[no-untyped-def]
    admin = desk.user(Role.ADMIN)
    reader = api(admin, TokenScope.READ)
    response = reader.post("/api/v1/claims", json={"statement": "A new claim"})
    assert response.status_code == 403
    assert response.mimetype == PROBLEM
    assert "read" in response.get_json()["detail"]


def test_requests_are_throttled_per_token(app: Flask, desk, api) -> None:  # type: ignore[no-untyped-def]
    app.config["API_RATE_LIMIT"] = "3 per minute"
    app.config["API_EVENTS_SETTLE_SECONDS"] = 0
    editor = desk.editor()
    first, second = api(editor), api(editor)
    assert [first.get("/api/v1/events").status_code for _ in range(3)] == [200, 200, 200]
    throttled = first.get("/api/v1/events")
    assert throttled.status_code == 429
    assert throttled.mimetype == PROBLEM
    assert int(throttled.headers["Retry-After"]) >= 1
    assert second.get("/api/v1/events").status_code == 200  # another token has its own count


# --- The queue --------------------------------------------------------------------------------


def test_claims_list_filters_like_the_queue_and_pages_by_keyset(desk, api, session) -> None:  # type: ignore[no-untyped-def]
    editor = desk.editor()
    checker = desk.user(Role.CHECKER)
    article = desk.article()
    urgent = desk.claim(priority=Priority.URGENT, editor=editor)
    mine = desk.claim(State.UNVERIFIED, assignee=checker, editor=editor)
    quoted = desk.claim(article=article, editor=editor)
    others = [desk.claim(editor=editor) for _ in range(4)]
    dismissed = desk.claim(State.DISMISSED, editor=editor)
    client = api(checker)

    listed = client.get("/api/v1/claims?limit=100").get_json()
    ids = [c["id"] for c in listed["items"]]
    assert ids[0] == urgent.id and dismissed.id not in ids  # open claims, most urgent first
    assert listed["next_cursor"] is None
    assert [c["id"] for c in client.get("/api/v1/claims?assignee=mine").get_json()["items"]] == [
        mine.id
    ]
    assert [c["id"] for c in client.get(f"/api/v1/claims?article={article.id}").get_json()[
        "items"]] == [quoted.id]
    state = client.get("/api/v1/claims?state=dismissed").get_json()["items"]
    assert [c["id"] for c in state] == [dismissed.id]

    for sort in ("priority", "due", "newest", "oldest"):
        seen, cursor = [], None
        while True:
            url = f"/api/v1/claims?sort={sort}&limit=2&state=all"
            page = client.get(url + (f"&after={cursor}" if cursor else "")).get_json()
            seen += [c["id"] for c in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        everything = client.get(f"/api/v1/claims?sort={sort}&limit=100&state=all").get_json()
        assert seen == [c["id"] for c in everything["items"]], sort
        assert len(seen) == 3 + len(others) + 1

    bad = client.get("/api/v1/claims?state=finished")
    assert bad.status_code == 422 and bad.mimetype == PROBLEM
    assert "open" in " ".join(bad.get_json()["errors"]["state"])
    unknown = client.get("/api/v1/claims?assignee=nobody")  # the queue page's own notice
    assert unknown.status_code == 400 and unknown.mimetype == PROBLEM
    assert "nobody" in unknown.get_json()["detail"]
    wrong_cursor = client.get("/api/v1/claims?sort=due&after=" + str(page["items"][0]["id"]))
    assert wrong_cursor.status_code == 400
    assert client.get("/api/v1/claims?limit=1000").status_code == 422


def test_claim_detail_has_evidence_rating_events_and_an_etag(desk, api) -> None:  # type: ignore[no-untyped-def]
    claim = desk.claim(State.PUBLISHED)
    client = api(desk.user(Role.CHECKER))
    response = client.get(f"/api/v1/claims/{claim.id}")
    assert response.status_code == 200
    assert response.headers["ETag"] == f'"claim-{claim.id}-v{claim.version}"'
    body = response.get_json()
    assert body["state"] == "published" and body["rating"]["label"] == "False"
    assert body["evidence"][0]["title"].startswith("Source")
    assert [e["kind"] for e in body["events"]][:2] == ["created", "assigned"]
    assert body["verdicts"][0]["number"] == 1
    assert "comment" in body["allowed_actions"] and "publish" not in body["allowed_actions"]
    missing = client.get("/api/v1/claims/999999")
    assert missing.status_code == 404 and missing.mimetype == PROBLEM


# --- Changes ----------------------------------------------------------------------------------


def test_the_whole_workflow_through_the_api_one_event_per_change(desk, api, session) -> None:  # type: ignore[no-untyped-def]
    editor, second_editor = desk.editor(), desk.editor()
    checker = desk.user(Role.CHECKER)
    desk.rating("False")
    as_editor, as_checker, as_second = api(editor), api(checker), api(second_editor)

    created = as_editor.post("/api/v1/claims", json={
        "statement": "Ukraine detained 1,500 wagons", "claimant": "A. Lukashenko",
        "priority": "high", "tags": ["borders", "Rail"], "due_date": "2030-01-01",
    })
    assert created.status_code == 201, created.get_json()
    claim_id = created.get_json()["id"]
    assert created.headers["Location"].endswith(f"/api/v1/claims/{claim_id}")
    assert created.get_json()["priority"] == "high"
    assert created.get_json()["tags"] == ["borders", "rail"]
    claim = session.get(Claim, claim_id)

    def step(client: ApiClient, action: str, json: dict | None = None, status: int = 200):  # type: ignore[no-untyped-def,type-arg]
        before = events_of(session, claim)
        response = client.post(f"/api/v1/claims/{claim_id}/{action}", json=json,
                               headers={"If-Match": client.etag(claim_id)})
        assert response.status_code == status, (action, response.get_json())
        session.expire_all()
        assert events_of(session, claim) == before + 1, action
        return response.get_json()

    step(as_checker, "take")
    step(as_checker, "evidence", {"title": "Customs data", "url": "https://example.org/c",
                                  "stance": "contradicts", "kind": "dataset"}, status=201)
    step(as_checker, "mark-sourced", {"note": "One good source"})
    rating_id = desk.rating("False").id
    step(as_checker, "rate", {"rating": rating_id, "summary": "No record of it.",
                              "explanation": "Customs data show **no** detentions."})
    refused = as_checker.post(f"/api/v1/claims/{claim_id}/publish", json={},
                              headers={"If-Match": as_checker.etag(claim_id)})
    assert refused.status_code == 403 and refused.mimetype == PROBLEM
    assert refused.get_json()["detail"] == "Only an editor can publish a verdict."
    published = step(as_second, "publish", {})
    assert published["state"] == "published"
    step(as_checker, "comments", {"body": "Well done"}, status=201)
    corrected = step(as_editor, "correct", {"correction_note": "Clarified the source",
                                            "rating": rating_id, "summary": "Still no record."})
    assert [v["number"] for v in corrected["verdicts"]] == [1, 2]
    public = api(checker).client.get(f"/api/v1/verdicts/{corrected['slug']}")
    assert public.status_code == 200 and public.get_json()["revision"] == 2


def test_stale_and_missing_if_match_change_nothing(desk, api, session) -> None:  # type: ignore[no-untyped-def]
    editor = desk.editor()
    claim = desk.claim(editor=editor)
    client = api(editor)
    etag = client.etag(claim.id)
    events = events_of(session, claim)
    missing = client.patch(f"/api/v1/claims/{claim.id}", json={"claimant": "Someone"})
    assert missing.status_code == 428 and missing.mimetype == PROBLEM
    changed = client.patch(f"/api/v1/claims/{claim.id}", json={"claimant": "Someone"},
                           headers={"If-Match": etag})
    assert changed.status_code == 200, changed.get_json()
    assert changed.headers["ETag"] != etag and changed.get_json()["claimant"] == "Someone"
    stale = client.patch(f"/api/v1/claims/{claim.id}", json={"claimant": "Someone else"},
                         headers={"If-Match": etag})
    assert stale.status_code == 412 and stale.mimetype == PROBLEM
    assert stale.headers["ETag"] == changed.headers["ETag"]
    session.expire_all()
    assert session.get(Claim, claim.id).claimant == "Someone"
    assert events_of(session, claim) == events + 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("statement", "bad\u0000text", "NUL byte"),
        ("statement", "bad \ud800 text", "lone UTF-16 surrogate"),
        ("claimant", "x" * 201, "200"),
        ("article_id", 10**30, "far too large"),
        ("quote_start", -1, "at least 0"),
        ("priority", "sky-high", "Invalid Choice"),
        ("due_date", "2026-13-45", "date"),
        ("statement", 12, "string"),
    ],
)
def test_bad_input_is_refused_with_the_forms_words(  # type: ignore[no-untyped-def]
    desk, api, session, field, value, message
) -> None:
    client = api(desk.editor())
    before = session.scalar(select(func.count(Claim.id)))
    payload = {"statement": "A claim", field: value}
    response = client.post("/api/v1/claims", json=payload)
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == PROBLEM
    errors = response.get_json()["errors"]
    assert message in " ".join(errors[field]), errors
    assert session.scalar(select(func.count(Claim.id))) == before


def test_broken_json_is_a_400(desk, api) -> None:  # type: ignore[no-untyped-def]
    client = api(desk.editor())
    for body in (b"{", b"[" * 100_000, b"\xff\xfe"):
        response = client.client.post(
            "/api/v1/claims", data=body, content_type="application/json",
            headers={"Authorization": f"Bearer {client.token}"},
        )
        assert 400 <= response.status_code < 500
        assert response.mimetype == PROBLEM


# --- Articles, verdicts, events -----------------------------------------------------------


def test_articles_create_list_and_detail_with_suggestions(desk, api) -> None:  # type: ignore[no-untyped-def]
    client = api(desk.editor())
    created = client.post("/api/v1/articles", json={
        "outlet": "BelTA", "title": "Wagons",
        "body": "Lukashenko spoke on Friday.\r\nHe stated that Ukrainian authorities detained "
                "1,500 wagons and cars.",
    })
    assert created.status_code == 201, created.get_json()
    article = created.get_json()
    assert "\r" not in article["body"]
    assert any("1,500" in s["text"] for s in article["suggestions"])
    listed = client.get("/api/v1/articles").get_json()
    assert listed["items"][0]["id"] == article["id"] and "body" not in listed["items"][0]
    quoted = client.post("/api/v1/claims", json={
        "statement": "Ukraine detained 1,500 wagons", "article_id": article["id"],
        "quote_start": article["body"].index("Ukrainian"), "quote_end": len(article["body"]),
    })
    assert quoted.status_code == 201, quoted.get_json()
    detail = client.get(f"/api/v1/articles/{article['id']}").get_json()
    assert [c["id"] for c in detail["claims"]] == [quoted.get_json()["id"]]
    checker = api(desk.user(Role.CHECKER))
    assert checker.post("/api/v1/articles", json={"outlet": "x", "title": "y",
                                                  "body": "z"}).status_code == 403


def test_verdicts_are_public_and_unpublished_claims_do_not_exist(app: Flask, desk, session) -> None:  # type: ignore[no-untyped-def]
    published = desk.claim(State.PUBLISHED)
    rated = desk.claim(State.RATED)
    session.commit()
    anonymous = ApiClient(app, None)
    listed = anonymous.get("/api/v1/verdicts").get_json()
    assert [v["slug"] for v in listed["items"]] == [published.slug]
    assert anonymous.get(f"/api/v1/verdicts/{rated.slug}").status_code == 404
    assert anonymous.get("/api/v1/verdicts?after=nonsense").status_code == 400


def test_events_since_a_cursor(app: Flask, desk, api, session) -> None:  # type: ignore[no-untyped-def]
    app.config["API_EVENTS_SETTLE_SECONDS"] = 0
    editor = desk.editor()
    client = api(editor)
    start = client.get("/api/v1/events?limit=500").get_json()
    cursor = start["next_cursor"]
    claim = desk.claim(State.SOURCED, editor=editor)
    session.commit()
    fresh = client.get(f"/api/v1/events?after={cursor}").get_json()
    kinds = [e["kind"] for e in fresh["items"]]
    assert kinds == ["created", "evidence_added", "mark_sourced"]
    assert all(e["claim_id"] == claim.id for e in fresh["items"])
    again = client.get(f"/api/v1/events?after={fresh['next_cursor']}").get_json()
    assert again == {"items": [], "next_cursor": fresh["next_cursor"]}

    app.config["API_EVENTS_SETTLE_SECONDS"] = 60  # a change too young to be sure of its place
    desk.claim(editor=editor)
    session.commit()
    held = client.get(f"/api/v1/events?after={fresh['next_cursor']}").get_json()
    assert held == {"items": [], "next_cursor": fresh["next_cursor"]}


# --- Pages ------------------------------------------------------------------------------------


def test_tokens_are_made_on_the_account_page_shown_once_and_revocable(
    app: Flask, desk, as_user, submit, session
) -> None:  # type: ignore[no-untyped-def]
    checker = desk.user(Role.CHECKER)
    browser = as_user(checker)
    made = submit(browser, "/account", {"name": "My script", "scope": "read", "days": "30"},
                  post_url="/account/tokens")
    assert made.status_code == 303 and made.location.endswith("/account#tokens")
    page = browser.get("/account").get_data(as_text=True)
    secret = page.split('id="new-token">')[1].split("<")[0]
    assert secret.startswith("fcd_")
    assert ApiClient(app, secret).get("/api/v1/claims").status_code == 200
    reloaded = browser.get("/account").get_data(as_text=True)  # the browser's reload
    assert secret not in reloaded and 'id="new-token"' not in reloaded  # shown once
    assert "My script" in reloaded
    mine = select(func.count()).select_from(ApiToken).where(ApiToken.user_id == checker.id)
    assert session.scalar(mine) == 1  # the reload made no second token

    refused = submit(browser, "/account", {"name": "", "scope": "read", "days": "9999"},
                     post_url="/account/tokens")
    assert refused.status_code == 422
    assert "Give the token a name." in refused.get_data(as_text=True)

    token = session.scalar(select(ApiToken).where(ApiToken.user_id == checker.id))
    revoked = submit(browser, "/account", {}, post_url=f"/account/tokens/{token.id}/revoke")
    assert revoked.status_code == 302
    assert ApiClient(app, secret).get("/api/v1/claims").status_code == 401


def test_admins_see_and_revoke_every_token(app: Flask, desk, as_user, submit, session) -> None:  # type: ignore[no-untyped-def]
    checker = desk.user(Role.CHECKER)
    secret = make_token(session, checker)
    admin_browser = as_user(desk.user(Role.ADMIN))
    page = admin_browser.get("/admin/tokens").get_data(as_text=True)
    assert checker.email in page and secret[:10] in page and secret not in page
    token = session.scalar(select(ApiToken).where(ApiToken.user_id == checker.id))
    submit(admin_browser, "/admin/tokens", {}, post_url=f"/admin/tokens/{token.id}/revoke")
    assert ApiClient(app, secret).get("/api/v1/claims").status_code == 401
    other = as_user(desk.user(Role.CHECKER))
    assert other.get("/admin/tokens").status_code == 403
    assert submit(other, "/account", {}, post_url=f"/account/tokens/{token.id}/revoke"
                  ).status_code == 403


def test_openapi_document_and_docs_page_are_served_by_the_app(app: Flask) -> None:
    client = app.test_client()
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    document = spec.get_json()
    assert document["openapi"] == "3.1.0"
    assert "/api/v1/claims/{claim_id}/publish" in document["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.get_data(as_text=True)
    assert "<script>" not in html and "style=" not in html and "http" not in html.split(
        "<noscript>")[0].replace("http-equiv", "")
    assert "script-src 'self'" in docs.headers["Content-Security-Policy"]
    for asset in ("vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css",
                  "api-docs.js"):
        with client.get(f"/static/{asset}") as response:
            assert response.status_code == 200, asset
