"""The base of every form on the desk: fields are checked against what the database can store.

Every field gets its checks from its own definition, so a new form or field is covered without
anyone remembering to: text fields refuse NUL bytes and lone surrogates and get a maximum
length (the column's, when the form names its model in ``columns_of``), integer fields drop
numbers beyond the database's ``integer`` range. A field no person types (a hidden id, the claim's
version) that comes back wrong means the page was broken or forged: 400, not 422.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from sqlalchemy import String, inspect
from wtforms import Field, IntegerField, StringField, TextAreaField
from wtforms.validators import Length, StopValidation, ValidationError
from wtforms.widgets import HiddenInput

from factcheck.validation.limits import LONG_TEXT_MAX, MAX_INT_COLUMN, SHORT_TEXT_MAX
from factcheck.validation.text import text_problem

Validator = Callable[[Any, Field], None]

HIDDEN_FIELD_PROBLEM = (
    "This form was incomplete or changed outside the page; reload the page and try again."
)


def storable_text(form: Any, field: Field) -> None:
    """Refuse text the database cannot store, before any other check looks at it."""
    if isinstance(field.data, str):
        problem = text_problem(field.data)
        if problem:
            raise StopValidation(f"This {problem}; please remove it.")


class MaxLength:
    """At most ``maximum`` characters, saying how many were typed."""

    def __init__(self, maximum: int) -> None:
        self.maximum = maximum

    def __call__(self, form: Any, field: Field) -> None:
        length = len(field.data or "")
        if length > self.maximum:
            raise ValidationError(
                f"This is {length:,} characters long; it can be at most {self.maximum:,}."
            )


def declared_max_length(field: Field) -> int | None:
    """The maximum a field's own ``Length`` validator sets, if any."""
    for validator in field.validators:
        if isinstance(validator, Length | MaxLength):
            maximum = getattr(validator, "max", getattr(validator, "maximum", -1))
            if maximum is not None and maximum >= 0:
                return int(maximum)
    return None


def column_length(model: type | None, name: str) -> int | None:
    """The declared length of ``model``'s ``String(n)`` column called ``name``, if any."""
    if model is None:
        return None
    column: Any = inspect(model).columns.get(name)
    if column is None or not isinstance(column.type, String):
        return None
    return column.type.length


def _drop_out_of_range(field: IntegerField) -> None:
    """Forget a number no ``integer`` column can hold, so no view looks it up even when it
    reads the field before validating; the typed text is still shown back (``raw_data``)."""
    if field.data is not None and not -MAX_INT_COLUMN - 1 <= field.data <= MAX_INT_COLUMN:
        field.data = None
        field.process_errors.append("This number is far too large.")


class DeskForm(FlaskForm):
    """A ``FlaskForm`` (CSRF included) whose fields check themselves against storage."""

    #: The model whose columns bound this form's same-named text fields.
    columns_of: ClassVar[type | None] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self:
            field.validators = self._checks_for(field)
            if isinstance(field, IntegerField):
                _drop_out_of_range(field)

    def _checks_for(self, field: Field) -> list[Validator]:
        own = list(field.validators)
        if isinstance(field, StringField):
            checks: list[Validator] = [storable_text, *own]
            if declared_max_length(field) is None:
                default = LONG_TEXT_MAX if isinstance(field, TextAreaField) else SHORT_TEXT_MAX
                checks.append(MaxLength(column_length(self.columns_of, field.name) or default))
            return checks
        return own

    def validate(self, extra_validators: Any = None) -> bool:
        """Validate, then say above the form what went wrong in a field the person cannot see."""
        valid = super().validate(extra_validators)
        if self.hidden_errors():
            self.form_errors.append(HIDDEN_FIELD_PROBLEM)
        return valid

    def hidden_errors(self) -> list[str]:
        """Names of hidden fields (ids, the version, the CSRF token) that came back wrong."""
        return [f.name for f in self if f.errors and isinstance(f.widget, HiddenInput)]

    def refusal_message(self, default: str = "Please check the form.") -> str:
        """The sentence above a refused form: a broken page says so, else ``default``."""
        return HIDDEN_FIELD_PROBLEM if self.hidden_errors() else default

    def show_refusal(self, error: Exception) -> int:
        """Put a service's refusal beside its field (``error.field``), or above the form;
        return its status (the refused form is shown again, filled in)."""
        name = getattr(error, "field", None)
        if name and name in self:
            self[name].errors = [*self[name].errors, str(error)]
        else:
            self.form_errors.append(str(error))
        return int(getattr(error, "status_code", 422))

    def refusal_status(self) -> int:
        """400 for a broken or forged page (a hidden field is wrong), 422 for typed input."""
        return 400 if self.hidden_errors() else 422
