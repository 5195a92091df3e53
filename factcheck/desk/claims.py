"""Desk: the claim page and every action on it.

Each action is a POST to its own URL (``/claims/<id>/take``, ``/claims/<id>/rate`` …). They all
work the same way — parse the form, call the service, redirect — so they are listed once in
:data:`STEPS` and served by one view. A refused action re-renders the claim page with the
person's input kept and the workflow's sentence shown, with the refusal's HTTP status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy.orm import joinedload, scoped_session, selectinload
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from factcheck.desk.blueprint import bp
from factcheck.desk.claim_forms import (
    AssignForm,
    ButtonForm,
    ClaimForm,
    CommentForm,
    CorrectForm,
    DismissForm,
    EditClaimForm,
    EvidenceForm,
    NoteForm,
    PlanForm,
    RateForm,
)
from factcheck.desk.claim_matches import claim_matches
from factcheck.desk.claim_status import offered_actions, open_send_back, undoable_dismissal
from factcheck.desk.history import describe_event
from factcheck.extensions import db
from factcheck.models import (
    Claim,
    ClaimAppearance,
    Comment,
    Event,
    Evidence,
    Rating,
    User,
    VerdictRevision,
)
from factcheck.operations import claims as ops
from factcheck.operations import publishing, verdicts
from factcheck.operations.errors import InvalidInput, SettingsIncomplete
from factcheck.operations.events import desk_rules
from factcheck.workflow import Action, Priority, StaleClaim, State, WorkflowError
from factcheck.workflow.terms import N_

PageResponse = tuple[str, int]

#: How much of the article is shown either side of the quote.
CONTEXT_CHARS = 200


def me() -> User:
    """The logged-in desk member as a model object (services store it on rows)."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def load_claim(claim_id: int) -> Claim:
    """The claim with everything its page shows, loaded in a few queries; 404 if unknown.

    Its own people, rating, article and original come with the claim's row (joins); each list
    (evidence, comments, history …) in one more query, with its rows' people joined in.
    """
    return db.get_or_404(
        Claim,
        claim_id,
        options=[
            joinedload(Claim.article),
            joinedload(Claim.assignee),
            joinedload(Claim.created_by),
            joinedload(Claim.rating),
            joinedload(Claim.duplicate_of),
            joinedload(Claim.rated_by),
            selectinload(Claim.tags),
            selectinload(Claim.evidence).options(
                joinedload(Evidence.snapshot), joinedload(Evidence.capture),
                joinedload(Evidence.warc), joinedload(Evidence.added_by),
            ),
            selectinload(Claim.appearances).options(
                joinedload(ClaimAppearance.article), joinedload(ClaimAppearance.recorded_by),
            ),
            selectinload(Claim.comments).joinedload(Comment.author),
            selectinload(Claim.events).joinedload(Event.actor),
            selectinload(Claim.verdicts).joinedload(VerdictRevision.published_by),
        ],
        populate_existing=True,
    )


# --- The actions ------------------------------------------------------------------------------


def _rating(rating_id: int | None) -> Rating | None:
    return db.session.get(Rating, rating_id) if rating_id else None


def _assignee(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    if user is None:
        raise InvalidInput(N_("Choose someone from the list."), field="assignee")
    return user


def _original(claim_id: int | None) -> Claim | None:
    if claim_id is None:
        return None
    original = db.session.get(Claim, claim_id)
    if original is None:
        raise InvalidInput(
            N_("There is no claim number %(id)s."), field="duplicate_of", id=claim_id
        )
    return original


Run = Callable[[scoped_session[Any], User, Claim, Any], object]


@dataclass(frozen=True)
class Step:
    """One action on the claim page: its form, the service call, and what to tell the person."""

    form: type[ClaimForm] | type[CommentForm]
    run: Run
    done: str  # marked with N_, translated when flashed


STEPS: dict[str, Step] = {
    "take": Step(
        ButtonForm,
        lambda s, u, c, f: ops.take(s, u, c, f.expected_version()),
        N_("You took this claim; it is in your queue."),
    ),
    "release": Step(
        ButtonForm,
        lambda s, u, c, f: ops.release(s, u, c, f.expected_version()),
        N_("You released this claim back to the queue."),
    ),
    "assign": Step(
        AssignForm,
        lambda s, u, c, f: ops.assign(s, u, c, f.expected_version(), _assignee(f.assignee.data)),
        N_("The assignment has been saved."),
    ),
    "plan": Step(
        PlanForm,
        lambda s, u, c, f: ops.plan(
            s, u, c, f.expected_version(), priority=Priority(f.priority.data),
            due_date=f.due_date.data, tags=f.tag_names(),
        ),
        N_("Priority, due date and tags have been saved."),
    ),
    "edit": Step(
        EditClaimForm,
        lambda s, u, c, f: ops.edit_claim(s, u, c, f.expected_version(), f.details()),
        N_("The claim has been updated."),
    ),
    "mark-sourced": Step(
        NoteForm,
        lambda s, u, c, f: ops.mark_sourced(s, u, c, f.expected_version(), f.note.data),
        N_("The claim is marked sourced."),
    ),
    "rate": Step(
        RateForm,
        lambda s, u, c, f: publishing.rate(
            s, u, c, f.expected_version(), rating=_rating(f.rating.data),
            summary=f.summary.data, explanation=f.explanation.data,
        ),
        N_("Your rating has been proposed; an editor will review it."),
    ),
    "send-back": Step(
        NoteForm,
        lambda s, u, c, f: publishing.send_back(s, u, c, f.expected_version(), f.note.data),
        N_("The claim has been sent back with your note."),
    ),
    "publish": Step(
        NoteForm,
        lambda s, u, c, f: publishing.publish(s, u, c, f.expected_version(), f.note.data),
        N_("The verdict is published."),
    ),
    "correct": Step(
        CorrectForm,
        lambda s, u, c, f: publishing.correct(
            s, u, c, f.expected_version(), correction_note=f.correction_note.data,
            rating=_rating(f.rating.data), summary=f.summary.data,
            explanation=f.explanation.data,
        ),
        N_("The correction is published."),
    ),
    "dismiss": Step(
        DismissForm,
        lambda s, u, c, f: ops.dismiss(
            s, u, c, f.expected_version(), reason=f.reason.data, note=f.note.data,
            duplicate_of=_original(f.duplicate_of.data),
        ),
        N_("The claim has been dismissed."),
    ),
    "reopen": Step(
        NoteForm,
        lambda s, u, c, f: ops.reopen(s, u, c, f.expected_version(), f.note.data),
        N_("The claim has been reopened."),
    ),
    "comments": Step(
        CommentForm,
        lambda s, u, c, f: ops.comment(s, u, c, f.body.data or ""),
        N_("Your comment has been posted."),
    ),
}


# --- Rendering the page -----------------------------------------------------------------------


def scope_ids(form: FlaskForm, name: str) -> FlaskForm:
    """Give the fields of ``form`` HTML ids unique on the page, keeping their names.

    Several forms on the claim page have a ``note`` or a ``version``; their names stay plain
    (that is what the server reads) while labels still point at the right input.
    """
    for field in form:
        field.id = f"{name}-{field.name}"
        field.label.field_id = field.id
    return form


def fresh_form(form_class: type[ClaimForm] | type[CommentForm], claim: Claim) -> FlaskForm:
    """A form showing ``claim`` as stored, ignoring whatever this request posted."""
    data = form_class.initial(claim)
    if issubclass(form_class, ClaimForm):
        data["version"] = claim.version
    form = form_class(formdata=None, data=data)
    form.load_choices()
    return form


class PageForms(dict[str, FlaskForm]):
    """The claim page's action forms, each built when the page first shows it: the template
    asks only for the actions the person may take, and building all thirteen costs more
    than rendering the few shown."""

    def __init__(self, claim: Claim) -> None:
        super().__init__()
        self.claim = claim

    def __missing__(self, name: str) -> FlaskForm:
        form = self[name] = scope_ids(fresh_form(STEPS[name].form, self.claim), name)
        return form


def quote_in_context(claim: Claim) -> dict[str, str] | None:
    """The quote with up to :data:`CONTEXT_CHARS` of the article either side of it."""
    if not claim.quote:
        return None
    article = claim.article
    if article is None or claim.quote_start is None or claim.quote_end is None:
        return {"before": "", "quote": claim.quote, "after": ""}
    start = max(0, claim.quote_start - CONTEXT_CHARS)
    end = min(len(article.body), claim.quote_end + CONTEXT_CHARS)
    return {
        "before": ("…" if start > 0 else "") + article.body[start : claim.quote_start],
        "quote": article.body[claim.quote_start : claim.quote_end],
        "after": article.body[claim.quote_end : end] + ("…" if end < len(article.body) else ""),
    }


def render_claim_page(
    claim: Claim,
    *,
    submitted: tuple[str, FlaskForm] | None = None,
    evidence_form: EvidenceForm | None = None,
    error: str | None = None,
    error_link: str | None = None,
    status: int = 200,
) -> PageResponse:
    """The claim page with every form; a submitted form replaces its fresh twin, input kept."""
    user = me()
    rules = desk_rules(db.session)
    allowed, next_refused = offered_actions(user, claim, rules)
    forms = PageForms(claim)
    if submitted is not None:
        name, form = submitted
        if isinstance(form, ClaimForm):
            form.version.data = claim.version  # resubmitting now acts on what is shown
        forms[name] = scope_ids(form, name)
    evidence_open = evidence_form is not None
    if evidence_form is None:
        evidence_form = EvidenceForm(formdata=None, data={"version": claim.version})
    else:
        evidence_form.version.data = claim.version
    scope_ids(evidence_form, "evidence")
    similar, checked = claim_matches(claim)
    page = render_template(
        "desk/claim.html",
        claim=claim,
        allowed=allowed,
        next_refused=next_refused,
        send_back=open_send_back(claim),
        undo_dismissal=undoable_dismissal(user, claim, rules),
        forms=forms,
        open_form=submitted[0] if submitted else None,
        evidence_form=evidence_form,
        evidence_open=evidence_open,
        error=error,
        error_link=error_link,
        context=quote_in_context(claim),
        unpublished=verdicts.changes_since_published(db.session, claim),
        history=[describe_event(event) for event in reversed(claim.events)],
        dismiss_reasons=ops.DISMISS_REASONS,
        State=State,
        similar=similar,
        checked=checked,
        can_dismiss_duplicate=Action.DISMISS in allowed,
    )
    return page, status


def refused(error: WorkflowError | StaleDataError, form: FlaskForm | None) -> tuple[str, int]:
    """The sentence and status for a refusal, with the message also put beside its field.

    A ``StaleDataError`` is a concurrent write that landed between reading the claim and
    saving it: to the person it is the same as a stale form.
    """
    if not isinstance(error, WorkflowError):
        error = StaleClaim()
    field = getattr(error, "field", None)
    if form is not None and field and field in form:
        form[field].errors = [*form[field].errors, str(error)]
    return str(error), error.status_code


# --- Views ------------------------------------------------------------------------------------


@bp.get("/claims/<int:claim_id>")
@login_required
def claim(claim_id: int) -> PageResponse:
    """The claim page: the claim, its quote in context, evidence, verdict, discussion, history,
    and the actions the logged-in person may take now."""
    return render_claim_page(load_claim(claim_id))


_STEP_NAMES = ", ".join(f"'{name}'" for name in STEPS)


@bp.post(f"/claims/<int:claim_id>/<any({_STEP_NAMES}):step>")
@login_required
def claim_action(claim_id: int, step: str) -> Response | PageResponse:
    """Carry out one action from the claim page (see :data:`STEPS`), then show the claim again."""
    # The action needs the claim row only (the rest loads if the service asks for it); the
    # whole page is loaded only when it is shown again with a refusal.
    current = db.get_or_404(Claim, claim_id)
    spec = STEPS[step]
    form = spec.form()
    form.load_choices()
    if not form.validate_on_submit():
        return render_claim_page(
            load_claim(claim_id), submitted=(step, form), error=form.refusal_message(),
            status=form.refusal_status(),
        )
    try:
        spec.run(db.session, me(), current, form)
    except (WorkflowError, StaleDataError) as error:
        message, status = refused(error, form)
        db.session.rollback()  # nothing of the refused change survives, even on this page
        link = url_for("admin.settings") if isinstance(error, SettingsIncomplete) else None
        return render_claim_page(
            load_claim(claim_id), submitted=(step, form), error=message, error_link=link,
            status=status,
        )
    flash(_(spec.done), "success")
    return redirect(url_for("desk.claim", claim_id=claim_id))
