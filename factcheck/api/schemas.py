"""What the API reads and writes, declared once for validation, the OpenAPI document and
the responses.

Input schemas only give JSON its types (a string, an integer, a date); the rules — lengths,
NUL bytes, choices, numbers too large to store — are the desk's forms', applied by
:func:`factcheck.api.inputs.form_input`, so the API refuses exactly what the pages refuse, in
the same words. The limits are repeated here as documentation (``maxLength``…) taken from the
same constants.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from factcheck.models import EvidenceKind, Stance
from factcheck.operations.claims import DISMISS_REASONS
from factcheck.validation.limits import (
    ARTICLE_TEXT_MAX,
    LONG_TEXT_MAX,
    MARKDOWN_MAX,
    MAX_INT_COLUMN,
    SHORT_TEXT_MAX,
)
from factcheck.workflow import Action, Priority, State

PRIORITIES = [p.name.lower() for p in sorted(Priority)]
STATES = [s.value for s in State]


def text(maximum: int, **kwargs: object) -> fields.String:
    """A string documented with the desk's limit for it (the form enforces it)."""
    metadata = {"maxLength": maximum, **kwargs.pop("metadata", {})}  # type: ignore[dict-item]
    return fields.String(metadata=metadata, **kwargs)  # type: ignore[arg-type]


def number(minimum: int = 0, **kwargs: object) -> fields.Integer:
    """A whole number the database can store (documented bounds; the form enforces them)."""
    metadata = {"minimum": minimum, "maximum": MAX_INT_COLUMN, **kwargs.pop("metadata", {})}  # type: ignore[dict-item]
    return fields.Integer(strict=True, metadata=metadata, **kwargs)  # type: ignore[arg-type]


def choice(values: list[str], **kwargs: object) -> fields.String:
    """One of ``values`` (the form says which, in its words, when it is not)."""
    return fields.String(metadata={"enum": values}, **kwargs)  # type: ignore[arg-type]


class Strict(Schema):
    """Unknown fields are refused (a typo must not be silently ignored)."""


# --- Output ------------------------------------------------------------------------------------


class UserRef(Schema):
    """A desk member as the API shows them to others."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)


class RatingOut(Schema):
    """A rating of the scale."""

    id = fields.Integer(required=True)
    label = fields.String(required=True)
    value = fields.Integer(allow_none=True, required=True)
    colour = fields.String(required=True)


class SnapshotOut(Schema):
    """A stored copy of a source."""

    filename = fields.String(required=True)
    content_type = fields.String(required=True)
    size = fields.Integer(required=True)
    sha256 = fields.String(required=True)


class EvidenceOut(Schema):
    """A source attached to a claim."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": [k.value for k in EvidenceKind]})
    title = fields.String(required=True)
    url = fields.String(allow_none=True, required=True)
    publisher = fields.String(allow_none=True, required=True)
    author = fields.String(allow_none=True, required=True)
    source_date = fields.Date(allow_none=True, required=True)
    accessed_on = fields.Date(allow_none=True, required=True)
    excerpt = fields.String(allow_none=True, required=True)
    stance = fields.String(required=True, metadata={"enum": [s.value for s in Stance]})
    notes = fields.String(allow_none=True, required=True)
    is_public = fields.Boolean(required=True)
    private_reason = fields.String(allow_none=True, required=True)
    added_by = fields.Nested(UserRef, allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    snapshot = fields.Nested(SnapshotOut, allow_none=True, required=True)


class EventOut(Schema):
    """One row of a claim's audit trail."""

    id = fields.Integer(required=True)
    claim_id = fields.Integer(required=True)
    kind = fields.String(required=True)
    actor = fields.Nested(UserRef, allow_none=True, required=True)
    from_state = fields.String(allow_none=True, required=True)
    to_state = fields.String(allow_none=True, required=True)
    note = fields.String(allow_none=True, required=True)
    payload = fields.Dict(required=True)
    created_at = fields.DateTime(required=True)


class CommentOut(Schema):
    """A comment in a claim's discussion."""

    id = fields.Integer(required=True)
    author = fields.Nested(UserRef, allow_none=True, required=True)
    body = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class RevisionOut(Schema):
    """A published revision of the claim's verdict."""

    number = fields.Integer(required=True)
    rating_label = fields.String(required=True)
    summary = fields.String(required=True)
    correction_note = fields.String(allow_none=True, required=True)
    published_at = fields.DateTime(required=True)


class ClaimOut(Schema):
    """A claim as the queue lists it."""

    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    statement = fields.String(required=True)
    claimant = fields.String(allow_none=True, required=True)
    state = fields.String(required=True, metadata={"enum": STATES})
    priority = fields.String(required=True, metadata={"enum": PRIORITIES})
    due_date = fields.Date(allow_none=True, required=True)
    overdue = fields.Boolean(required=True)
    assignee = fields.Nested(UserRef, allow_none=True, required=True)
    article_id = fields.Integer(allow_none=True, required=True)
    tags = fields.List(fields.String(), required=True)
    rating = fields.Nested(RatingOut, allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    version = fields.Integer(required=True)


class ClaimDetailOut(ClaimOut):
    """A claim with everything its page shows."""

    quote = fields.String(allow_none=True, required=True)
    quote_start = fields.Integer(allow_none=True, required=True)
    quote_end = fields.Integer(allow_none=True, required=True)
    claim_date = fields.Date(allow_none=True, required=True)
    appearance_url = fields.String(allow_none=True, required=True)
    checkworthiness = fields.Float(allow_none=True, required=True)
    checkworthiness_reasons = fields.List(fields.String(), allow_none=True, required=True)
    summary = fields.String(allow_none=True, required=True)
    explanation = fields.String(allow_none=True, required=True)
    rated_by = fields.Nested(UserRef, allow_none=True, required=True)
    dismissal_reason = fields.String(allow_none=True, required=True)
    duplicate_of_id = fields.Integer(allow_none=True, required=True)
    created_by = fields.Nested(UserRef, allow_none=True, required=True)
    evidence = fields.List(fields.Nested(EvidenceOut), required=True)
    comments = fields.List(fields.Nested(CommentOut), required=True)
    events = fields.List(fields.Nested(EventOut), required=True)
    verdicts = fields.List(fields.Nested(RevisionOut), required=True)
    allowed_actions = fields.List(
        fields.String(metadata={"enum": [a.value for a in Action]}),
        required=True,
        metadata={"description": "What the token's owner may do to the claim now."},
    )


class ClaimPageOut(Schema):
    """One keyset page of claims."""

    items = fields.List(fields.Nested(ClaimOut), required=True)
    next_cursor = fields.String(
        allow_none=True, required=True,
        metadata={"description": "Pass as `after` for the next page; null on the last page."},
    )


class SuggestionOut(Schema):
    """A sentence of an article proposed as worth checking."""

    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    text = fields.String(required=True)
    score = fields.Float(required=True)
    suggested = fields.Boolean(required=True)
    reasons = fields.List(fields.String(), required=True)


class ArticleOut(Schema):
    """An ingested article, without its text."""

    id = fields.Integer(required=True)
    outlet = fields.String(required=True)
    title = fields.String(required=True)
    url = fields.String(allow_none=True, required=True)
    author = fields.String(allow_none=True, required=True)
    published_on = fields.Date(allow_none=True, required=True)
    language = fields.String(required=True)
    added_by = fields.Nested(UserRef, allow_none=True, required=True)
    created_at = fields.DateTime(required=True)


class ArticleDetailOut(ArticleOut):
    """An article with its text, its claims and the suggested sentences."""

    body = fields.String(required=True)
    claims = fields.List(fields.Nested(ClaimOut), required=True)
    suggestions = fields.List(fields.Nested(SuggestionOut), required=True)
    suggestions_pending = fields.Boolean(
        required=True,
        metadata={"description": "True while a long text's suggestions are still being "
                  "computed by the worker (`suggestions` is then empty)."},
    )


class ArticlePageOut(Schema):
    """One keyset page of articles, newest first."""

    items = fields.List(fields.Nested(ArticleOut), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class EventPageOut(Schema):
    """Claim events after a cursor, oldest first."""

    items = fields.List(fields.Nested(EventOut), required=True)
    next_cursor = fields.Integer(
        required=True,
        metadata={"description": "The last event's id: pass as `after` to get what follows."},
    )


class SourceOut(Schema):
    """A public source as it was published."""

    title = fields.String(required=True)
    url = fields.String(allow_none=True, required=True)
    publisher = fields.String(allow_none=True, required=True)


class VerdictOut(Schema):
    """A published verdict, as readers see it."""

    slug = fields.String(required=True)
    url = fields.String(required=True)
    statement = fields.String(required=True)
    claimant = fields.String(allow_none=True, required=True)
    claim_date = fields.Date(allow_none=True, required=True)
    rating = fields.String(required=True)
    rating_value = fields.Integer(allow_none=True, required=True)
    summary = fields.String(required=True)
    explanation = fields.String(allow_none=True, required=True)
    revision = fields.Integer(required=True)
    first_published_at = fields.DateTime(required=True)
    published_at = fields.DateTime(required=True)
    correction_note = fields.String(allow_none=True, required=True)
    sources = fields.List(fields.Nested(SourceOut), required=True)


class VerdictPageOut(Schema):
    """One keyset page of verdicts, newest first."""

    items = fields.List(fields.Nested(VerdictOut), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


# --- Input -------------------------------------------------------------------------------------


class ClaimWordingIn(Strict):
    """The claim's own words."""

    statement = text(LONG_TEXT_MAX)
    claimant = text(200, allow_none=True)
    claim_date = fields.Date(allow_none=True)
    appearance_url = text(2000, allow_none=True, metadata={"format": "uri"})


class ClaimPlanIn(Strict):
    """Priority, due date and tags (editors)."""

    priority = choice(PRIORITIES)
    due_date = fields.Date(allow_none=True)
    tags = fields.List(text(60))


class ClaimCreateIn(ClaimWordingIn, ClaimPlanIn):
    """A new claim, on its own or quoting an article between two offsets."""

    statement = text(LONG_TEXT_MAX, required=True)
    article_id = number(1, allow_none=True)
    quote_start = number(0, allow_none=True)
    quote_end = number(0, allow_none=True)


class ClaimUpdateIn(ClaimWordingIn, ClaimPlanIn):
    """Any of the wording and the plan; fields left out keep their value."""


class NoteIn(Strict):
    """A transition with an optional note (required to send back)."""

    note = text(LONG_TEXT_MAX, allow_none=True)


class AssignIn(Strict):
    """Whom to give the claim to; null gives it back to the queue."""

    assignee = number(1, required=True, allow_none=True)


class RateIn(Strict):
    """A proposed verdict."""

    rating = number(1, allow_none=True, metadata={"description": "A rating id of the scale."})
    summary = text(LONG_TEXT_MAX, allow_none=True)
    explanation = text(MARKDOWN_MAX, allow_none=True)


class CorrectIn(RateIn):
    """A published correction: what changed, and the verdict as it now stands."""

    correction_note = text(LONG_TEXT_MAX, allow_none=True)


class DismissIn(Strict):
    """Why the claim will not be checked."""

    reason = choice(list(DISMISS_REASONS), required=True)
    note = text(LONG_TEXT_MAX, allow_none=True)
    duplicate_of = number(1, allow_none=True)


class CommentIn(Strict):
    """A comment in the claim's discussion."""

    body = text(LONG_TEXT_MAX, required=True)


class EvidenceIn(Strict):
    """A source for a claim (snapshots are uploaded on the claim page)."""

    title = text(500, required=True)
    kind = choice([k.value for k in EvidenceKind])
    url = text(2000, allow_none=True, metadata={"format": "uri"})
    publisher = text(200, allow_none=True)
    author = text(200, allow_none=True)
    source_date = fields.Date(allow_none=True)
    accessed_on = fields.Date(allow_none=True)
    excerpt = text(LONG_TEXT_MAX, allow_none=True)
    stance = choice([s.value for s in Stance])
    notes = text(LONG_TEXT_MAX, allow_none=True)
    is_public = fields.Boolean(load_default=True)
    private_reason = text(SHORT_TEXT_MAX, allow_none=True)


class ArticleIn(Strict):
    """An article as pasted in: its text is stored exactly (bar CRLF line breaks)."""

    outlet = text(200, required=True)
    title = text(500, required=True)
    body = text(ARTICLE_TEXT_MAX, required=True)
    url = text(2000, allow_none=True, metadata={"format": "uri"})
    author = text(200, allow_none=True)
    published_on = fields.Date(allow_none=True)
    language = text(16, allow_none=True)


# --- Query strings -----------------------------------------------------------------------------


class PageArgs(Schema):
    """Keyset paging: how many, and where to start."""

    limit = fields.Integer(load_default=25, validate=validate.Range(1, 100))
    after = fields.String(metadata={"description": "The `next_cursor` of the previous page."})


class ClaimListArgs(PageArgs):
    """The queue's filters, as on the queue page (the values the document lists are checked
    exactly; the queue page is more forgiving of case and blanks)."""

    state = fields.String(
        validate=validate.OneOf([*STATES, "open", "all"]),
        metadata={"description": "Default: open."},
    )
    assignee = fields.String(
        metadata={"description": "mine, unassigned, triage (unassigned or overdue), any, "
                              "or a user id."}
    )
    priority = fields.String(validate=validate.OneOf([*PRIORITIES, "any"]))
    article = fields.String(metadata={"description": "An article id."})
    tag = fields.String()
    overdue = fields.Boolean()
    rotten = fields.Boolean(
        metadata={"description": "Only claims with a source gone or changed since its capture."}
    )
    q = fields.String(metadata={"description": "Words in the statement, quote or claimant."})
    sort = fields.String(validate=validate.OneOf(["priority", "due", "newest", "oldest"]))


class EventArgs(Schema):
    """Events after a cursor (an event id)."""

    after = fields.Integer(load_default=0, validate=validate.Range(0, MAX_INT_COLUMN))
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 500))


class ExistingOut(Schema):
    """The row a duplicate was refused for."""

    kind = fields.String(required=True, metadata={"enum": ["article", "outlet"]})
    id = fields.Integer(required=True)
    url = fields.String(required=True, metadata={"description": "Its API address."})
    desk_url = fields.String(required=True, metadata={"description": "Its desk page."})


class Problem(Schema):
    """RFC 9457 problem details, with the refused fields' messages."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(
        keys=fields.String(), values=fields.List(fields.String()),
        metadata={"description": "Messages by field, as the desk's forms show them."},
    )
    existing = fields.Nested(
        ExistingOut,
        metadata={"description": "The article or outlet the desk already has (a duplicate)."},
    )
