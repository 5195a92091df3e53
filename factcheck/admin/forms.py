"""Forms for the admin pages: desk members, the rating scale and the desk settings."""

import re
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from wtforms import (
    BooleanField,
    ColorField,
    EmailField,
    Field,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from factcheck.i18n import LANGUAGES, lazy_label
from factcheck.i18n import lazy_gettext as _l
from factcheck.models import DeskSettings, Rating, User
from factcheck.passwords import MAX_LENGTH, RULE
from factcheck.public.colours import (
    LOW_CONTRAST,
    MIN_CONTRAST,
    contrast_ratio,
    low_contrast_params,
)
from factcheck.timezones import zone_names
from factcheck.validation.forms import DeskForm, MaxLength
from factcheck.validation.limits import MARKDOWN_MAX
from factcheck.workflow import Role

ROLE_CHOICES = [SelectChoice(role.value, lazy_label(role)) for role in Role]


def web_address(form: DeskForm, field: Field) -> None:
    """Accept only absolute http(s) addresses, the kind a reader's browser can open."""
    if not field.data:
        return
    parts = urlsplit(field.data.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError(_("Give a full web address starting with http:// or https://."))


def email_address(form: DeskForm, field: Field) -> None:
    """Check the address's form only: desks use internal and test domains too, so neither
    deliverability nor special-use names (``.test``) are refused."""
    try:
        validate_email(field.data or "", check_deliverability=False, test_environment=True)
    except EmailNotValidError as error:
        raise ValidationError(f"This is not a valid email address: {error}") from error


class UserCreateForm(DeskForm):
    """A new desk member."""

    columns_of = User

    email = EmailField(_l("Email"), validators=[InputRequired(), email_address, Length(max=254)])
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=120)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=Role.CHECKER.value)
    # The password rule (length, not easy to guess) is the operation's, shared by every door.
    password = PasswordField(
        _l("Password"), validators=[InputRequired(), Length(max=MAX_LENGTH)], description=RULE
    )


class UserEditForm(DeskForm):
    """What an admin may change about a desk member."""

    columns_of = User

    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=120)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    active = BooleanField(_l("Active (may log in)"))


def badge_contrast(form: DeskForm, field: Field) -> None:
    """Refuse a colour the white text of a rating badge cannot be read on (WCAG AA, 4.5:1):
    the badge is how readers and the desk see a verdict."""
    colour = (field.data or "").strip()
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        return  # the format check says what is wrong
    ratio = contrast_ratio(colour.lower())
    if ratio < MIN_CONTRAST:
        raise ValidationError(_(LOW_CONTRAST, **low_contrast_params(colour, ratio)))


class RatingForm(DeskForm):
    """One step of the rating scale."""

    columns_of = Rating

    label = StringField(_l("Label"), validators=[InputRequired(), Length(max=60)])
    value = IntegerField(
        _l("Value"),
        validators=[Optional(), NumberRange(min=0, max=100)],
        description=_l(
            "What search engines read as the rating (ClaimReview's ratingValue). Leave "
            "blank for ratings outside the true–false line (Unproven, Misleading)."
        ),
    )
    description = TextAreaField(_l("Description"), validators=[Length(max=2000)])
    colour = ColorField(
        _l("Colour"),
        default="#57606a",
        validators=[
            InputRequired(),
            Regexp(r"#[0-9a-fA-F]{6}\Z", message=_l("Choose a colour like #1a7f37.")),
            badge_contrast,
        ],
        description=_l(
            "The badge's background; its text is white, so choose a dark enough "
            "colour (contrast at least 4.5:1)."
        ),
    )
    active = BooleanField(_l("Active (offered when rating)"), default=True)


class SettingsForm(DeskForm):
    """The desk's name, links, methodology note and the two-person rule."""

    columns_of = DeskSettings

    organisation_name = StringField(
        _l("Organisation name"), validators=[InputRequired(), Length(max=200)]
    )
    organisation_url = URLField(
        _l("Organisation URL"), validators=[InputRequired(), Length(max=2000), web_address]
    )
    logo_url = URLField(_l("Logo URL"), validators=[Optional(), Length(max=2000), web_address])
    two_person_rule = BooleanField(_l("Two-person rule: whoever rated a claim may not publish it"))
    time_zone = SelectField(
        _l("Desk time zone"),
        choices=[SelectChoice(name, name.replace("_", " ")) for name in zone_names()],
        default="UTC",
        description=_l(
            "Times on the desk are shown in this zone for anyone who has not chosen "
            "their own on their account page."
        ),
    )
    language = SelectField(
        _l("Desk language"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
        default="en",
        description=_l(
            "The desk's pages speak this language to anyone who has not chosen their own on "
            "their account page, and to visitors whose browser asks for no language it speaks."
        ),
    )
    methodology = TextAreaField(
        _l("Methodology note"),
        validators=[MaxLength(MARKDOWN_MAX)],
        description=_l(
            "Markdown; shown on every public verdict page. Up to %(count)s characters.",
            count=f"{MARKDOWN_MAX:,}",
        ),
    )
