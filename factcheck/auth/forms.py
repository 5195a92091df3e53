"""The login form and the forms that set a new password."""

from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import EqualTo, InputRequired, Length, NumberRange

from factcheck.i18n import LANGUAGES, lazy_label
from factcheck.i18n import lazy_gettext as _l
from factcheck.models import TokenScope, User
from factcheck.operations.tokens import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS
from factcheck.passwords import MAX_LENGTH, RULE
from factcheck.timezones import zone_names
from factcheck.validation.forms import DeskForm


class LoginForm(DeskForm):
    """Email and password."""

    columns_of = User

    # No format check here: the lookup decides, and desks use internal domains too.
    email = EmailField(_l("Email"), validators=[InputRequired()])
    password = PasswordField(_l("Password"), validators=[InputRequired()])
    remember = BooleanField(_l("Keep me logged in"))
    submit = SubmitField(_l("Log in"))


class NewPasswordForm(DeskForm):
    """A new password typed twice (the reset-link page); the rule itself is checked by the
    operation, so every way of setting a password refuses the same ones."""

    password = PasswordField(
        _l("New password"), validators=[InputRequired(), Length(max=MAX_LENGTH)], description=RULE
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            InputRequired(),
            Length(max=MAX_LENGTH),
            EqualTo(_l("password"), message=_l("The two passwords differ.")),
        ],
    )
    submit = SubmitField(_l("Set the new password"))


class ChangePasswordForm(NewPasswordForm):
    """The account page: the current password, then the new one twice."""

    current_password = PasswordField(
        _l("Current password"), validators=[InputRequired(), Length(max=MAX_LENGTH)]
    )


class TokenForm(DeskForm):
    """A new personal access token: what it is for, what it may do, how long it lives."""

    name = StringField(
        _l("Name"), validators=[InputRequired(_l("Give the token a name.")), Length(max=100)],
        description=_l("What will use it, e.g. “CMS import”."),
    )
    scope = SelectField(
        _l("Scope"),
        choices=[SelectChoice(s.value, lazy_label(s)) for s in TokenScope],
        default=TokenScope.READ.value,
    )
    days = IntegerField(
        _l("Expires after (days)"),
        default=DEFAULT_TOKEN_DAYS,
        validators=[InputRequired(_l("Say how many days the token works.")),
                    NumberRange(1, MAX_TOKEN_DAYS)],
    )


class TimeZoneForm(DeskForm):
    """The zone this person reads the desk's times in; empty: the desk's own."""

    time_zone = SelectField(_l("Time zone"), default="", validate_choice=True)

    def __init__(self, *args: object, desk_zone: str = "UTC", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.time_zone.choices = [
            SelectChoice("", f"The desk's ({desk_zone})"),
            *(SelectChoice(name, name.replace("_", " ")) for name in zone_names()),
        ]


class LanguageForm(DeskForm):
    """The language of the desk's pages for this person; empty: the desk's own."""

    language = SelectField(_l("Language"), default="", validate_choice=True)

    def __init__(self, *args: object, desk_language: str = "en", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.language.choices = [
            SelectChoice("", _l("The desk's (%(language)s)", language=LANGUAGES[desk_language])),
            *(SelectChoice(code, name) for code, name in LANGUAGES.items()),
        ]
