"""Form pieces every area shares."""

from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import URL, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from factcheck import languages
from factcheck.i18n import lazy_gettext as _l
from factcheck.i18n import lazy_label
from factcheck.models import Claim
from factcheck.operations.claims import ClaimDetails
from factcheck.validation.forms import DeskForm
from factcheck.workflow import Priority

#: Priorities for select fields, most urgent first.
PRIORITY_CHOICES = [
    SelectChoice(str(p.value), lazy_label(p)) for p in sorted(Priority, reverse=True)
]


class EmptyForm(DeskForm):
    """A form with no fields, so that button-only POSTs still carry a CSRF token."""


class VersionedForm(DeskForm):
    """A form that changes a claim: it carries the version the person was looking at.

    The version is required and must be a number: a form without one is refused (400), never
    a reason to skip the stale-edit check.
    """

    version = IntegerField(
        widget=HiddenInput(),
        validators=[
            InputRequired(_l("This form did not say which version of the claim it showed."))
        ],
    )

    def expected_version(self) -> int | None:
        """The version the form showed (``None`` only if the form was not validated)."""
        return self.version.data


class ClaimWordingForm(DeskForm):
    """The claim's own words, shared by the new-claim and edit forms.

    The statement is left optional here: the service refuses an empty one in the desk's words.
    """

    columns_of = Claim

    statement = TextAreaField(_l("Claim as it will be checked"), validators=[Optional()])
    claimant = StringField(_l("Claimant"), validators=[Optional(), Length(max=200)])
    claim_date = DateField(_l("Claim date"), validators=[Optional()])
    appearance_url = StringField(
        _l("Where it appeared (URL)"), validators=[Optional(), URL(), Length(max=2000)]
    )
    language = SelectField(
        _l("Language"),
        choices=[SelectChoice("", _l("Detect from the statement")),
                 *(SelectChoice(code, name) for code, name in languages.choices())],
        default="",
    )

    def details(self) -> ClaimDetails:
        """What was typed, as the services take it."""
        return ClaimDetails(
            statement=self.statement.data or "",
            claimant=self.claimant.data,
            claim_date=self.claim_date.data,
            appearance_url=self.appearance_url.data,
            language=self.language.data or None,
        )
