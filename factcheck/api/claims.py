"""``/api/v1/claims``: the queue, a claim, and every workflow action on it.

Handlers are as thin as the claim page's: read the body with the page's form, call the same
service (:data:`factcheck.desk.claims.STEPS` holds, per action, the form and the service call
the page uses), answer with the claim as it now is and its new ETag.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import abort, request, url_for
from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.datastructures import MultiDict

from factcheck.api.auth import current_actor, token_required, write_token_required
from factcheck.api.blueprint import bp
from factcheck.api.inputs import claim_etag, form_input, require_current
from factcheck.api.paging import Keyset, page_of
from factcheck.api.problems import problem
from factcheck.api.schemas import (
    AssignIn,
    ClaimCreateIn,
    ClaimDetailOut,
    ClaimListArgs,
    ClaimPageOut,
    ClaimUpdateIn,
    CommentIn,
    CorrectIn,
    DismissIn,
    EvidenceIn,
    NoteIn,
    RateIn,
    Strict,
)
from factcheck.api.views import claim_detail, claim_summary
from factcheck.desk.article_forms import NewClaimForm
from factcheck.desk.claim_forms import EditClaimForm, EvidenceForm, PlanForm
from factcheck.desk.claims import STEPS
from factcheck.desk.queue import QueueFilters
from factcheck.extensions import db
from factcheck.models import Article, Claim, Comment, Event, Evidence, User, VerdictRevision
from factcheck.operations import claims as claim_ops
from factcheck.operations import evidence as evidence_ops
from factcheck.workflow import Priority

FAR_FUTURE = date(9999, 12, 31)

#: The queue's sort orders as keysets (priority and due dates first need a single direction,
#: so priority is negated: the most urgent has the smallest key).
SORTS = {
    "priority": Keyset("priority", (-Claim.priority, Claim.created_at, Claim.id),
                       (int, datetime, int)),
    "due": Keyset("due", (func.coalesce(Claim.due_date, literal(FAR_FUTURE)), -Claim.priority,
                          Claim.id), (date, int, int)),
    "newest": Keyset("newest", (Claim.created_at, Claim.id), (datetime, int), descending=True),
    "oldest": Keyset("oldest", (Claim.created_at, Claim.id), (datetime, int)),
}


def _key(sort: str, claim: Claim) -> list[Any]:
    if sort == "priority":
        return [-claim.priority, claim.created_at, claim.id]
    if sort == "due":
        return [claim.due_date or FAR_FUTURE, -claim.priority, claim.id]
    return [claim.created_at, claim.id]


def load_claim(claim_id: int) -> Claim:
    """The claim with everything the detail shows; 404 when there is none."""
    claim = db.session.scalar(
        select(Claim)
        .where(Claim.id == claim_id)
        .options(
            selectinload(Claim.assignee), selectinload(Claim.created_by),
            selectinload(Claim.rated_by), selectinload(Claim.rating), selectinload(Claim.tags),
            selectinload(Claim.evidence).selectinload(Evidence.snapshot),
            selectinload(Claim.evidence).selectinload(Evidence.added_by),
            selectinload(Claim.comments).selectinload(Comment.author),
            selectinload(Claim.events).selectinload(Event.actor),
            selectinload(Claim.verdicts).selectinload(VerdictRevision.published_by),
        )
        .execution_options(populate_existing=True)
    )
    if claim is None:
        abort(problem(404, "Not found", f"There is no claim number {claim_id}."))
    return claim


def claim_response(
    claim_id: int, status: int = 200
) -> tuple[dict[str, Any], int, dict[str, str]]:
    """The claim as stored now, with its ETag (and Location for a new one)."""
    claim = load_claim(claim_id)
    headers = {"ETag": f'"{claim_etag(claim)}"'}
    if status == 201:
        headers["Location"] = url_for("api.claim", claim_id=claim.id)
    return claim_detail(claim, current_actor()), status, headers


def queue_query(args: MultiDict[str, str], viewer: User) -> tuple[QueueFilters, Select[Any]]:
    """The claims the queue page would show for ``args`` (``viewer`` is "mine"), unsorted.

    Shared by every API listing of the queue (exports too): a value the queue page would drop
    with a notice is refused here with that notice (400 problem+json).
    """
    filters = QueueFilters.from_args(
        MultiDict({k: v for k, v in args.items() if k not in ("limit", "after", "page")})
    )
    if filters.notices:
        abort(problem(400, "This filter cannot be used", " ".join(filters.notices),
                      kind="invalid-input"))
    return filters, select(Claim).where(*filters.all_conditions(viewer.id))


@bp.get("/claims")
@token_required
@bp.arguments(ClaimListArgs, location="query", as_kwargs=True)
@bp.doc(tags=["claims"])
@bp.response(200, ClaimPageOut)
def claims(limit: int, after: str | None = None, **_: Any) -> dict[str, Any]:
    """The queue: every filter of the queue page, one keyset page at a time.

    Filters take the queue page's values (`state=open|all|<state>`,
    `assignee=mine|unassigned|triage|<id>` (triage: unassigned or overdue), `priority`,
    `article`, `tag`, `overdue`, `q`) and `sort=priority|due|newest|oldest`.
    A value the queue page would drop with a notice is refused here (400) with that notice.
    """
    filters, stmt = queue_query(request.args, current_actor())
    keyset = SORTS[filters.sort]
    stmt = keyset.ordered(keyset.after(stmt, after)).options(
        joinedload(Claim.assignee), joinedload(Claim.rating), selectinload(Claim.tags)
    ).limit(limit + 1)
    rows = list(db.session.scalars(stmt))
    items, cursor = page_of(keyset, rows, limit, lambda c: _key(filters.sort, c))
    return {"items": [claim_summary(c) for c in items], "next_cursor": cursor}


@bp.get("/claims/<int:claim_id>")
@token_required
@bp.doc(tags=["claims"])
@bp.response(200, ClaimDetailOut, headers={"ETag": {"schema": {"type": "string"}}})
def claim(claim_id: int) -> tuple[dict[str, Any], int, dict[str, str]]:
    """A claim with its evidence, rating, comments, events, published revisions, its ETag,
    and the actions the token's owner may take now."""
    return claim_response(claim_id)


def _priority_value(payload: dict[str, Any], current: int | None = None) -> dict[str, Any]:
    """The API's priority names as the form's values."""
    name = payload.get("priority")
    if name is None:
        return payload if current is None else {**payload, "priority": current}
    member = Priority.__members__.get(str(name).upper())
    return {**payload, "priority": member.value if member is not None else name}


@bp.post("/claims")
@write_token_required
@bp.arguments(ClaimCreateIn)
@bp.doc(tags=["claims"])
@bp.response(201, ClaimDetailOut)
def create_claim(payload: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Open a claim (editors), on its own or quoting an article between two offsets."""
    form = form_input(NewClaimForm, _priority_value(payload))
    article = None
    if form.article_id.data is not None:
        article = db.session.get(Article, form.article_id.data)
        if article is None:
            abort(problem(422, "Please check your input", "There is no article with this number.",
                          errors={"article_id": ["There is no article with this number."]},
                          kind="invalid-input"))
    claim = claim_ops.create_claim(
        db.session, current_actor(), form.details(), article=article,
        quote_start=form.quote_start.data, quote_end=form.quote_end.data,
        priority=Priority(form.priority.data), due_date=form.due_date.data,
        tags=form.tag_names(),
    )
    return claim_response(claim.id, 201)


WORDING = ("statement", "claimant", "claim_date", "appearance_url")
PLAN = ("priority", "due_date", "tags")


@bp.patch("/claims/<int:claim_id>")
@write_token_required
@bp.arguments(ClaimUpdateIn)
@bp.doc(tags=["claims"])
@bp.response(200, ClaimDetailOut)
@bp.doc(parameters=[{"in": "header", "name": "If-Match", "required": True,
                     "schema": {"type": "string"}}])
def update_claim(
    payload: dict[str, Any], claim_id: int
) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Change the wording (checker assigned, or editors) and the plan (editors); fields left
    out keep their value. Each part is one change with its own event."""
    claim = load_claim(claim_id)
    require_current(claim)
    actor = current_actor()
    if any(name in payload for name in WORDING):
        current = EditClaimForm.initial(claim)
        form = form_input(EditClaimForm, {**current, **{k: payload[k] for k in WORDING
                                                       if k in payload}}, version=claim.version)
        claim_ops.edit_claim(db.session, actor, claim, claim.version, form.details())
    if any(name in payload for name in PLAN):
        current = PlanForm.initial(claim)
        current["tags"] = [tag.name for tag in claim.tags]
        wanted = {**current, **{k: payload[k] for k in PLAN if k in payload}}
        plan = form_input(PlanForm, _priority_value(wanted), version=claim.version)
        claim_ops.plan(
            db.session, actor, claim, claim.version, priority=Priority(plan.priority.data),
            due_date=plan.due_date.data, tags=plan.tag_names(),
        )
    return claim_response(claim_id)


IF_MATCH = {"in": "header", "name": "If-Match", "required": True, "schema": {"type": "string"},
            "description": "The claim's ETag, from the response that showed it."}


def _action(step: str, schema: type[Strict], summary: str, *, versioned: bool = True,
            status: int = 200) -> None:
    """Add ``POST /claims/<id>/<step>``: the claim page's action of that name."""

    def run(payload: dict[str, Any] | None = None, claim_id: int = 0) -> Any:
        claim = load_claim(claim_id)
        version = require_current(claim) if versioned else None
        spec = STEPS[step]
        form = form_input(spec.form, payload or {}, version=version)
        spec.run(db.session, current_actor(), claim, form)
        return claim_response(claim_id, status)

    run.__name__ = step.replace("-", "_")
    run.__doc__ = summary
    view: Any = bp.doc(tags=["claims"])(bp.response(status, ClaimDetailOut)(run))
    if versioned:
        view = bp.doc(parameters=[IF_MATCH])(view)
    view = bp.arguments(schema, required=schema is not Strict)(view)
    view = write_token_required(view)
    bp.post(f"/claims/<int:claim_id>/{step}", endpoint=run.__name__)(view)


_action("take", Strict, "Take an unassigned claim (it becomes yours).")
_action("release", Strict, "Give your claim back to the queue.")
_action("assign", AssignIn, "Give the claim to a desk member, or to nobody (editors).")
_action("mark-sourced", NoteIn, "Unverified → sourced (needs at least one evidence entry).")
_action("rate", RateIn, "Sourced → rated: propose a rating, a summary and an explanation.")
_action("send-back", NoteIn, "Rated → sourced or sourced → unverified, with a note.")
_action("publish", NoteIn, "Rated → published (editors; not the person who rated).")
_action("correct", CorrectIn, "Publish a correction of a published verdict (editors).")
_action("dismiss", DismissIn, "Close a claim that will not be checked (editors).")
_action("reopen", NoteIn, "Dismissed → unverified (editors).")
_action("comments", CommentIn, "Comment on the claim (does not change its version).",
        versioned=False, status=201)


@bp.post("/claims/<int:claim_id>/evidence")
@write_token_required
@bp.arguments(EvidenceIn)
@bp.doc(tags=["claims"])
@bp.response(201, ClaimDetailOut)
@bp.doc(parameters=[IF_MATCH])
def add_evidence(
    payload: dict[str, Any], claim_id: int
) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Attach a source to the claim (the checker assigned, or editors)."""
    claim = load_claim(claim_id)
    form = form_input(EvidenceForm, payload, version=require_current(claim))
    evidence_ops.add_evidence(db.session, current_actor(), claim, form.details())
    return claim_response(claim_id, 201)
