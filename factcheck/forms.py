"""Form pieces every area shares."""

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectChoice, StringField, TextAreaField
from wtforms.validators import URL, InputRequired, Length, Optional

from factcheck.operations.claims import ClaimDetails
from factcheck.workflow import Priority

#: Priorities for select fields, most urgent first.
PRIORITY_CHOICES = [SelectChoice(str(p.value), p.label) for p in sorted(Priority, reverse=True)]


class EmptyForm(FlaskForm):
    """A form with no fields, so that button-only POSTs still carry a CSRF token."""


class VersionedForm(FlaskForm):
    """A form that changes a claim: it carries the version the person was looking at."""

    version = HiddenField(validators=[InputRequired()])

    def expected_version(self) -> int | None:
        """The version from the form, or ``None`` if it was tampered with."""
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


class ClaimWordingForm(FlaskForm):
    """The claim's own words, shared by the new-claim and edit forms.

    The statement is left optional here: the service refuses an empty one in the desk's words.
    """

    statement = TextAreaField("Claim as it will be checked", validators=[Optional()])
    claimant = StringField("Claimant", validators=[Optional(), Length(max=200)])
    claim_date = DateField("Claim date", validators=[Optional()])
    appearance_url = StringField(
        "Where it appeared (URL)", validators=[Optional(), URL(), Length(max=2000)]
    )

    def details(self) -> ClaimDetails:
        """What was typed, as the services take it."""
        return ClaimDetails(
            statement=self.statement.data or "",
            claimant=self.claimant.data,
            claim_date=self.claim_date.data,
            appearance_url=self.appearance_url.data,
        )
