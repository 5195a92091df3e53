"""Errors as ``application/problem+json`` (RFC 9457), for every response under ``/api/``.

Every refusal — a workflow rule, a form field, a missing token, a stale ``If-Match``, an
unknown address — has the same shape: ``type``, ``title``, ``status``, ``detail`` and, for
input that was refused field by field, ``errors`` (``{field: [messages]}``, the sentences the
desk's forms show beside the same fields).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, current_app, json, request

PROBLEM_TYPE = "application/problem+json"

#: ``type`` of each kind of problem (``about:blank`` when the status says it all).
TYPES = {
    "invalid-input": "/api/v1/problems/invalid-input",
    "workflow": "/api/v1/problems/workflow",
    "stale": "/api/v1/problems/stale",
}


def is_api_request() -> bool:
    """Whether the current request is for the JSON API (its errors are problem+json)."""
    return request.path.startswith("/api/")


def problem(
    status: int,
    title: str,
    detail: str | None = None,
    *,
    errors: Mapping[str, list[str]] | None = None,
    kind: str | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Response:
    """A problem+json response; ``extra`` adds extension members (RFC 9457 §3.2), e.g. the
    ``existing`` row a duplicate was refused for."""
    body: dict[str, Any] = {
        "type": TYPES.get(kind or "", "about:blank"),
        "title": title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = {name: list(messages) for name, messages in errors.items()}
    body.update(extra or {})
    response = current_app.response_class(
        json.dumps(body), status=status, mimetype=PROBLEM_TYPE
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def field_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Flatten webargs/marshmallow messages (``{"json": {"field": ["…"]}}``) to
    ``{"field": ["…"]}``; nested fields are joined with dots."""
    if isinstance(messages, list):
        return {prefix or "body": [str(m) for m in messages]}
    if not isinstance(messages, Mapping):
        return {prefix or "body": [str(messages)]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        if not prefix and key in ("json", "query", "querystring", "headers", "view_args"):
            name = ""
        elif key == "_schema":
            name = prefix or "body"
        else:
            name = f"{prefix}.{key}" if prefix else str(key)
        for field, items in field_errors(value, name).items():
            flat.setdefault(field, []).extend(items)
    return flat
