"""Form pieces every area shares."""

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import InputRequired


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
