"""Reading a request the way the desk's forms read a page: same fields, same rules, same words.

The JSON body (already typed by the endpoint's schema) is handed to the page's own
:class:`~factcheck.validation.forms.DeskForm` as if it had been typed into it, so a NUL byte, an
over-long title, an unknown rating or a number too large to store is refused by the same
check, with the same message, as on the page; the refusal comes back as problem+json with the
messages by field.

Claims are guarded by their version: every response carries ``ETag: "claim-<id>-v<version>"``
and every change needs ``If-Match`` with it (428 without, 412 when someone else changed the
claim since).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from flask import abort, request
from werkzeug.datastructures import MultiDict
from wtforms import Form

from factcheck.api.problems import problem
from factcheck.models import Claim

FormT = TypeVar("FormT", bound=Form)


def _as_typed(value: Any) -> list[str]:
    """A JSON value as the strings a browser would have posted for it."""
    if value is None:
        return []
    if isinstance(value, bool):
        return ["y"] if value else []
    if isinstance(value, date):
        return [value.isoformat()]
    if isinstance(value, list):
        return [", ".join(str(item) for item in value)]
    return [str(value)]


def form_input(
    form_class: type[FormT], payload: Mapping[str, Any], *, version: int | None = None
) -> FormT:
    """``payload`` validated by ``form_class``; a refusal aborts with 422 (400 when a field no
    person types came back wrong) and the form's messages by field."""
    formdata: MultiDict[str, str] = MultiDict()
    for name, value in payload.items():
        for item in _as_typed(value):
            formdata.add(name, item)
    if version is not None:
        formdata["version"] = str(version)
    form = form_class(formdata=formdata, meta={"csrf": False})
    load_choices = getattr(form, "load_choices", None)
    if load_choices is not None:
        load_choices()
    if not form.validate():
        errors = {name or "body": list(messages) for name, messages in form.errors.items()}
        refusal_status = getattr(form, "refusal_status", lambda: 422)
        abort(problem(
            refusal_status(), "Please check your input",
            "Some fields were refused; see errors.", errors=errors, kind="invalid-input",
        ))
    return form


def claim_etag(claim: Claim) -> str:
    """The claim's entity tag (its id and version), unquoted."""
    return f"claim-{claim.id}-v{claim.version}"


def require_current(claim: Claim) -> int:
    """The claim's version when ``If-Match`` names it; 428 without ``If-Match``, 412 when it
    names an older version (someone changed the claim since it was read)."""
    header = request.headers.get("If-Match")
    if not header or request.if_match.star_tag:
        abort(problem(
            428, "If-Match is required",
            "Send the claim's ETag (from the response that showed it) as If-Match, so a "
            "change made meanwhile by someone else is never overwritten.",
        ))
    if not request.if_match.contains(claim_etag(claim)):
        abort(problem(
            412, "This claim has changed since you read it",
            "Someone else changed this claim; their change has been kept. Read the claim "
            "again (its ETag is in this response) and retry.",
            kind="stale", headers={"ETag": f'"{claim_etag(claim)}"'},
        ))
    return claim.version
