"""The login form."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import Email, InputRequired


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField("Email", validators=[InputRequired(), Email()])
    password = PasswordField("Password", validators=[InputRequired()])
    remember = BooleanField("Keep me logged in")
    submit = SubmitField("Log in")
