"""The login form and the forms that set a new password."""

from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length

from factcheck.models import User
from factcheck.passwords import MAX_LENGTH, RULE
from factcheck.validation.forms import DeskForm


class LoginForm(DeskForm):
    """Email and password."""

    columns_of = User

    # No format check here: the lookup decides, and desks use internal domains too.
    email = EmailField("Email", validators=[InputRequired()])
    password = PasswordField("Password", validators=[InputRequired()])
    remember = BooleanField("Keep me logged in")
    submit = SubmitField("Log in")


class NewPasswordForm(DeskForm):
    """A new password typed twice (the reset-link page); the rule itself is checked by the
    operation, so every way of setting a password refuses the same ones."""

    password = PasswordField(
        "New password", validators=[InputRequired(), Length(max=MAX_LENGTH)], description=RULE
    )
    confirm = PasswordField(
        "New password again",
        validators=[
            InputRequired(),
            Length(max=MAX_LENGTH),
            EqualTo("password", message="The two passwords differ."),
        ],
    )
    submit = SubmitField("Set the new password")


class ChangePasswordForm(NewPasswordForm):
    """The account page: the current password, then the new one twice."""

    current_password = PasswordField(
        "Current password", validators=[InputRequired(), Length(max=MAX_LENGTH)]
    )
