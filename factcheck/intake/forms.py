"""Forms for intake: a URL to fetch, an outlet to monitor, inbox choices."""

from wtforms import BooleanField, IntegerField, SelectMultipleField, StringField
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional

from factcheck.i18n import lazy_gettext as _l
from factcheck.models import Outlet
from factcheck.models.intake import DEFAULT_POLL_MINUTES
from factcheck.operations.outlets import MAX_INTERVAL, MIN_INTERVAL
from factcheck.validation.forms import DeskForm


class FetchUrlForm(DeskForm):
    """The address of an article to fetch."""

    url = StringField(
        _l("Article URL"), validators=[InputRequired(), URL(require_tld=False), Length(max=2000)]
    )
    force = BooleanField(_l("Fetch it anyway: the desk may keep a second copy"))


def _interval() -> IntegerField:
    return IntegerField(
        _l("Poll every (minutes)"),
        default=DEFAULT_POLL_MINUTES,
        validators=[InputRequired(), NumberRange(min=MIN_INTERVAL, max=MAX_INTERVAL)],
    )


class OutletForm(DeskForm):
    """A new outlet: its feed, its name and how often to read it."""

    columns_of = Outlet

    feed_url = StringField(
        _l("Feed URL (RSS or Atom)"),
        validators=[InputRequired(), URL(require_tld=False), Length(max=2000)],
    )
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    interval_minutes = _interval()


class OutletEditForm(DeskForm):
    """An outlet's name, polling interval and whether it is polled at all."""

    columns_of = Outlet

    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200)])
    interval_minutes = _interval()
    active = BooleanField(_l("Poll this outlet"))


class InboxDismissForm(DeskForm):
    """The inbox articles ticked for dismissal."""

    article_ids = SelectMultipleField(
        _l("Articles"), coerce=int, validate_choice=False, validators=[InputRequired()]
    )
