"""The JSON API (``/api/v1``): the desk's third door, beside the pages and the CLI.

Built on flask-smorest: the app is a plain Flask app made of blueprints, and flask-smorest
adds documented blueprints to such an app (marshmallow schemas declared once, used to read
requests, write responses and generate the OpenAPI 3.1 document at ``/api/v1/openapi.json``).
The docs page (``/api/v1/docs``) is Swagger UI, vendored in ``static/vendor/swagger-ui``.

How to add an endpoint (another area, e.g. webhooks)::

    # factcheck/webhooks/api.py
    from factcheck.api.auth import current_actor, token_required, write_token_required
    from factcheck.api.blueprint import bp
    from factcheck.api.inputs import form_input          # the page's DeskForm checks the body

    @bp.get("/webhooks")
    @token_required                                      # right under the route: auth first
    @bp.doc(tags=["webhooks"])                           # its group on the docs page
    @bp.arguments(PageArgs, location="query", as_kwargs=True)
    @bp.response(200, WebhookPageOut)
    def webhooks(limit, after=None): ...

then add ``"factcheck.webhooks.api"`` to :data:`API_MODULES`, the endpoint (``api.webhooks``)
to ``COVERAGE`` in ``tests/test_fuzz_routes.py`` (with its query names and ``json=`` schema),
and it is in the OpenAPI document, the docs page and the schemathesis run automatically.
Refusals: raise the operations' ``WorkflowError``/``InvalidInput`` (the app's handler turns them
into problem+json), or ``abort(problem(...))`` from :mod:`factcheck.api.problems`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from flask import Flask
from flask_smorest import Api

from factcheck.api.schemas import Problem

#: Modules that add endpoints to :data:`factcheck.api.blueprint.bp` (imported before it is
#: registered, so every endpoint is in the OpenAPI document).
API_MODULES = [
    "factcheck.api.claims",
    "factcheck.api.articles",
    "factcheck.api.verdicts",
    "factcheck.api.events",
    "factcheck.exports.api",
    "factcheck.webhooks.api",
    "factcheck.intake.api",
]

PROBLEM_JSON = "application/problem+json"

#: The groups of operations on the docs page (``@bp.doc(tags=[...])`` on each endpoint).
TAGS = {
    "claims": "The queue, a claim, and every workflow action on it.",
    "articles": "Ingested articles, their claims and suggested sentences.",
    "intake": "Articles fetched from a URL, monitored outlets and their inbox.",
    "events": "Every change to every claim, after a cursor.",
    "verdicts": "Published verdicts (no token needed).",
}

CONFIG = {
    "API_TITLE": "Fact-check desk API",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
}


class DeskApi(Api):  # type: ignore[misc]
    """flask-smorest's ``Api`` with the desk's error format.

    Its own error handler would answer every ``HTTPException`` of the whole app — the desk's
    pages included — with its JSON; the desk's handlers (``factcheck.errors``) already answer
    API requests with problem+json, so it is not installed, and the document describes errors
    as problem+json.
    """

    ERROR_SCHEMA = Problem
    DEFAULT_RESPONSE_CONTENT_TYPE = "application/json"

    def _register_error_handlers(self) -> None:
        """The desk's own handlers answer API errors (see :mod:`factcheck.errors`)."""

    def _register_responses(self) -> None:
        """Every error response is problem+json."""
        self.spec.components.response(
            "DEFAULT_ERROR",
            {
                "description": "A refusal (RFC 9457 problem details).",
                "content": {PROBLEM_JSON: {"schema": self.ERROR_SCHEMA}},
            },
            lazy=True,
        )
        self.spec.components.response(
            "UNPROCESSABLE_ENTITY",
            {
                "description": "Input refused, with the messages by field.",
                "content": {PROBLEM_JSON: {"schema": self.ERROR_SCHEMA}},
            },
            lazy=True,
        )


def init_app(app: Flask) -> None:
    """Create this app's API object, add every endpoint and the docs page."""
    from factcheck.api.blueprint import bp
    from factcheck.api.docs import bp as docs_bp
    from factcheck.extensions import csrf

    for name, value in CONFIG.items():
        app.config.setdefault(name, value)
    api = DeskApi(app, spec_kwargs=_spec_kwargs())
    for module in API_MODULES:
        import_module(module)
    csrf.exempt(bp)  # tokens, not cookies: no cross-site request can carry one
    api.register_blueprint(bp)
    for name, description in TAGS.items():
        api.spec.tag({"name": name, "description": description})
    app.register_blueprint(docs_bp)
    app.extensions["desk_api"] = api


def _spec_kwargs() -> dict[str, Any]:
    return {
        "info": {
            "description": (
                "The fact-check desk's JSON API. Authenticate with a personal access token "
                "(made on your account page) as `Authorization: Bearer <token>`. Changes to a "
                "claim need `If-Match` with the claim's ETag. Errors are "
                "`application/problem+json` (RFC 9457)."
            ),
        },
        "components": {
            "securitySchemes": {
                "token": {"type": "http", "scheme": "bearer",
                          "description": "A personal access token (fcd_…)."},
            },
        },
    }
