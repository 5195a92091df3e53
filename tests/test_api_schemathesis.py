"""Schemathesis against the API's own OpenAPI document, on SQLite and PostgreSQL.

Every operation of ``/api/v1/openapi.json`` is called with cases schemathesis generates from
the document — valid ones and invalid ones — as an admin, an editor, a checker (each with a
read-write token) and anonymously. Half the cases have their path ids replaced by real rows
and their ``If-Match`` by the claim's real ETag, so writes get past the 404 and the 412 into
the workflow. Every response must be:

- never a server error;
- documented: its status, content type, headers and body match the document;
- a refusal (4xx) for a case the document says is invalid.

``SCHEMATHESIS_EXAMPLES`` (default 6) bounds the examples per operation, role and mode, which
keeps the whole run under a minute per database; ``SCHEMATHESIS_EXAMPLES=100`` for a deep run.
``pytest -s`` prints the operations tested and requests sent.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Article, Claim
from factcheck.workflow import Role, State
from tests.api_helpers import make_token

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
#: The test app's own address (its SITE_URL; other hosts are refused).
SITE = "https://desk.test"
#: Figures of the run, per database kind (printed with ``-s``, quoted in the README).
FIGURES: dict[str, Counter[str]] = {}


@pytest.fixture
def fuzz_api(app: Flask, desk, session) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Claims in every state, an article, and a read-write token per role."""
    app.config["API_RATE_LIMIT"] = "1000000 per minute"
    editor = desk.editor()
    checker = desk.user(Role.CHECKER)
    article = desk.article()
    claims = [desk.claim(state, article=article if state == State.SOURCED else None)
              for state in State]
    claims.append(desk.claim(State.UNVERIFIED, assignee=checker))
    tokens = {
        "admin": make_token(session, desk.user(Role.ADMIN)),
        "editor": make_token(session, editor),
        "checker": make_token(session, checker),
        "anonymous": None,
    }
    return {"tokens": tokens, "claims": [c.id for c in claims], "articles": [article.id],
            "slugs": [c.slug for c in claims], "ratings": [desk.rating("False").id]}


def _real_ids(case: Any, data: st.DataObject, fuzz: dict[str, Any]) -> None:
    """Point the case at real rows (and the claim's current ETag) half of the time."""
    params = case.path_parameters or {}
    if "claim_id" in params:
        params["claim_id"] = data.draw(st.sampled_from(fuzz["claims"]), label="claim")
    if "article_id" in params:
        params["article_id"] = fuzz["articles"][0]
    if "slug" in params:
        params["slug"] = data.draw(st.sampled_from(fuzz["slugs"]), label="slug")
    if "claim_id" in params and case.headers and "If-Match" in case.headers:
        claim = db.session.get(Claim, params["claim_id"])
        case.headers["If-Match"] = f'"claim-{claim.id}-v{claim.version}"'
    if isinstance(case.body, dict):
        for name in ("rating",):
            if name in case.body:
                case.body[name] = fuzz["ratings"][0]
        if "article_id" in case.body:
            case.body["article_id"] = db.session.scalar(select(Article.id).limit(1))


def _explore(operation: Any, mode: GenerationMode, fuzz: dict[str, Any],
             figures: Counter[str]) -> None:
    """Call ``operation`` with ``EXAMPLES`` generated cases of ``mode`` and check each answer."""

    @settings(
        max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def call(case: Any, data: st.DataObject) -> None:
        role = data.draw(st.sampled_from(sorted(fuzz["tokens"])), label="role")
        # Only valid cases are pointed at real rows: an invalid one must stay invalid.
        if mode == GenerationMode.POSITIVE and data.draw(st.booleans(), label="real rows"):
            _real_ids(case, data, fuzz)
        token = fuzz["tokens"][role]
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = case.call(base_url=SITE, headers=headers)
        figures["requests"] += 1
        figures[f"status {response.status_code // 100}xx"] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        finally:
            db.session.rollback()  # a refused write leaves nothing for the next case

    call()


def test_api_conforms_to_its_openapi_document(app: Flask, fuzz_api: dict[str, Any]) -> None:
    kind = db.engine.dialect.name
    figures = FIGURES.setdefault(kind, Counter())
    # The token is ours to send (per role), not a parameter for schemathesis to vary.
    config = schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}})
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", app, config=config, base_url=SITE
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 19
    for operation in operations:
        figures["operations"] += 1
        _explore(operation, GenerationMode.POSITIVE, fuzz_api, figures)
        try:
            _explore(operation, GenerationMode.NEGATIVE, fuzz_api, figures)
        except Unsatisfiable:  # nothing in its definition can be made invalid (no body, no ids)
            figures["operations with no invalid case"] += 1
            print(f"no invalid case for {operation.label}")
    print(f"schemathesis on {kind}: {dict(figures)}")
    assert figures["status 2xx"] > 0, "no case got through to a success"
