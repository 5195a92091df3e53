"""The login form."""

from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import InputRequired

from factcheck.models import User
from factcheck.validation.forms import DeskForm


class LoginForm(DeskForm):
    """Email and password."""

    columns_of = User

    # No format check here: the lookup decides, and desks use internal domains too.
    email = EmailField("Email", validators=[InputRequired()])
    password = PasswordField("Password", validators=[InputRequired()])
    remember = BooleanField("Keep me logged in")
    submit = SubmitField("Log in")
