"""Forms for the claim page: one per action, plus evidence and comments.

Every form that changes a claim carries the version the person was looking at (``VersionedForm``).
Fields a service checks itself (notes that are required, a rating and a summary) are left
optional here, so the person hears the workflow's reason — and permission is decided before
input — rather than a generic "this field is required".
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional, StopValidation

from factcheck.extensions import db
from factcheck.forms import PRIORITY_CHOICES, ClaimWordingForm, VersionedForm
from factcheck.i18n import lazy_gettext as _l
from factcheck.i18n import lazy_label, lazy_say
from factcheck.models import Claim, Evidence, EvidenceKind, Rating, Stance
from factcheck.operations.claims import DISMISS_REASONS, assignable_users
from factcheck.operations.evidence import EvidenceDetails
from factcheck.operations.snapshot_types import human_size
from factcheck.validation.forms import DeskForm, MaxLength
from factcheck.validation.limits import MARKDOWN_MAX


def optional_id(value: Any) -> int | None:
    """Coerce a select's value to a row id, with the empty choice meaning "none"."""
    if value in (None, "", "None"):
        return None
    return int(value)


class ClaimForm(VersionedForm):
    """A form acting on a claim; subclasses say how to prefill themselves and their choices."""

    @classmethod
    def initial(cls, claim: Claim) -> dict[str, Any]:
        """The values a fresh form shows for ``claim``."""
        return {}

    def load_choices(self) -> None:
        """Fill select fields whose choices live in the database."""


class ButtonForm(ClaimForm):
    """Take, release: a button and the version."""


class NoteForm(ClaimForm):
    """A transition with a note (optional, unless the service says otherwise)."""

    note = TextAreaField(_l("Note"), validators=[Optional()])


class EditClaimForm(ClaimForm, ClaimWordingForm):
    """The claim's own words: statement, claimant, date, where it appeared."""

    @classmethod
    def initial(cls, claim: Claim) -> dict[str, Any]:
        """The claim's current wording."""
        return {
            "statement": claim.statement,
            "claimant": claim.claimant,
            "claim_date": claim.claim_date,
            "appearance_url": claim.appearance_url,
            "language": claim.language or "",
        }



class PlanForm(ClaimForm):
    """Priority, due date and tags (editors)."""

    priority = SelectField(_l("Priority"), choices=PRIORITY_CHOICES, coerce=int)
    due_date = DateField(_l("Due date"), validators=[Optional()])
    tags = StringField(
        _l("Tags"), validators=[Optional()], description=_l("Separate tags with commas.")
    )

    @classmethod
    def initial(cls, claim: Claim) -> dict[str, Any]:
        """The current plan."""
        return {
            "priority": claim.priority,
            "due_date": claim.due_date,
            "tags": ", ".join(tag.name for tag in claim.tags),
        }

    def tag_names(self) -> list[str]:
        """The comma-separated tags as a list (the service cleans and de-duplicates them)."""
        return [name for name in (self.tags.data or "").split(",") if name.strip()]


class AssignForm(ClaimForm):
    """An editor gives the claim to someone, or back to the queue."""

    assignee = SelectField(_l("Assign to"), coerce=optional_id, validators=[Optional()])

    @classmethod
    def initial(cls, claim: Claim) -> dict[str, Any]:
        """Whoever has it now."""
        return {"assignee": claim.assignee_id}

    def load_choices(self) -> None:
        """Active desk members, checkers first."""
        self.assignee.choices = [SelectChoice("", _l("Nobody (back to the queue)"))] + [
            SelectChoice(str(user.id), f"{user.name} ({user.role})")
            for user in assignable_users(db.session)
        ]


def active_ratings() -> list[SelectChoice]:
    """The rating scale as select choices, in scale order, after an empty choice."""
    ratings = db.session.scalars(
        select(Rating).where(Rating.active.is_(True)).order_by(Rating.position)
    )
    return [SelectChoice("", _l("Choose a rating…"))] + [
        SelectChoice(str(rating.id), rating.label) for rating in ratings
    ]


class RateForm(ClaimForm):
    """A proposed verdict: rating, summary and a Markdown explanation."""

    rating = SelectField(_l("Rating"), coerce=optional_id, validators=[Optional()])
    summary = TextAreaField(_l("Summary"), validators=[Optional()])
    explanation = TextAreaField(
        _l("Explanation"),
        validators=[Optional(), MaxLength(MARKDOWN_MAX)],
        description=_l(
            "Markdown: **bold**, lists, links. Up to %(count)s characters.",
            count=f"{MARKDOWN_MAX:,}",
        ),
    )

    @classmethod
    def initial(cls, claim: Claim) -> dict[str, Any]:
        """The verdict as it stands."""
        return {
            "rating": claim.rating_id,
            "summary": claim.summary,
            "explanation": claim.explanation,
        }

    def load_choices(self) -> None:
        """The active ratings."""
        self.rating.choices = active_ratings()


class CorrectForm(RateForm):
    """A correction: what changed, and the verdict as it now stands."""

    correction_note = TextAreaField(
        _l("Correction note (shown to readers)"), validators=[Optional()]
    )


class DismissForm(ClaimForm):
    """Why the claim will not be checked."""

    reason = SelectField(
        _l("Reason"),
        choices=[SelectChoice(key, lazy_say(label)) for key, label in DISMISS_REASONS.items()],
    )
    note = TextAreaField(_l("Note"), validators=[Optional()])
    duplicate_of = IntegerField(
        _l("Original claim number (for a duplicate)"), validators=[Optional(), NumberRange(min=1)]
    )


class CommentForm(DeskForm):
    """A comment in the claim's discussion (comments do not change the claim's version)."""

    body = TextAreaField(_l("Comment"), validators=[Optional()])

    @classmethod
    def initial(cls, claim: Claim) -> dict[str, Any]:
        """An empty comment box."""
        return {}

    def load_choices(self) -> None:
        """No choices."""


def upload_size(upload: Any) -> int:
    """The size of an uploaded file, measured without reading it into memory."""
    stream = upload.stream
    stream.seek(0, 2)
    size = int(stream.tell())
    stream.seek(0)
    return size


def snapshot_within_limit(form: EvidenceForm, field: FileField) -> None:
    """Refuse a snapshot over ``MAX_SNAPSHOT_BYTES`` in words, beside the file field.

    The request limit is set well above this one, so an over-limit file reaches the form and
    the page comes back with every other field as typed (a bare 413 would lose them).
    """
    upload = field.data
    if upload is None or not getattr(upload, "filename", None):
        return
    size = upload_size(upload)
    limit = int(current_app.config["MAX_SNAPSHOT_BYTES"])
    if size > limit:
        form.snapshot_too_large = True
        raise StopValidation(
            gettext(
                "The snapshot is %(size)s; the limit is %(limit)s. Everything else you typed is "
                "kept: choose a smaller file, or save without one.",
                size=human_size(size),
                limit=human_size(limit),
            )
        )


KIND_CHOICES = [SelectChoice(kind.value, lazy_label(kind)) for kind in EvidenceKind]
STANCE_CHOICES = [SelectChoice(stance.value, lazy_label(stance)) for stance in Stance]


class EvidenceForm(VersionedForm):
    """A source: everything in :class:`EvidenceDetails`, plus an optional snapshot upload."""

    columns_of = Evidence

    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=500)])
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES, default=EvidenceKind.OTHER.value)
    url = StringField(_l("URL"), validators=[Optional(), URL(), Length(max=2000)])
    publisher = StringField(_l("Publisher"), validators=[Optional(), Length(max=200)])
    author = StringField(_l("Author"), validators=[Optional(), Length(max=200)])
    source_date = DateField(_l("Date of the source"), validators=[Optional()])
    accessed_on = DateField(_l("Accessed on"), validators=[Optional()])
    excerpt = TextAreaField(_l("Excerpt relied on"), validators=[Optional()])
    stance = SelectField(_l("Stance"), choices=STANCE_CHOICES, default=Stance.CONTEXT.value)
    notes = TextAreaField(_l("Notes (desk only)"), validators=[Optional()])
    is_public = BooleanField(_l("Show on the public page"), default=True)
    private_reason = StringField(_l("Why it is kept private"), validators=[Optional()])
    snapshot = FileField(_l("Snapshot (PDF, image, HTML …)"), validators=[snapshot_within_limit])

    #: Set by :func:`snapshot_within_limit`: the refusal is "too large" (HTTP 413).
    snapshot_too_large = False

    def refusal_status(self) -> int:
        """413 for a snapshot over the limit, else as for any desk form."""
        return 413 if self.snapshot_too_large else super().refusal_status()

    @classmethod
    def for_evidence(cls, evidence: Evidence) -> EvidenceForm:
        """A form showing ``evidence`` as stored, for the edit page."""
        data = {
            name: getattr(evidence, name)
            for name in EvidenceDetails.__dataclass_fields__
        }
        return cls(formdata=None, data=data | {"version": evidence.claim.version})

    def details(self) -> EvidenceDetails:
        """The typed-in fields as the service takes them."""
        return EvidenceDetails(
            title=self.title.data or "",
            kind=EvidenceKind(self.kind.data),
            url=self.url.data,
            publisher=self.publisher.data,
            author=self.author.data,
            source_date=self.source_date.data,
            accessed_on=self.accessed_on.data,
            excerpt=self.excerpt.data,
            stance=Stance(self.stance.data),
            notes=self.notes.data,
            is_public=bool(self.is_public.data),
            private_reason=self.private_reason.data,
        )
