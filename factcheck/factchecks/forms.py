"""Forms of the fact-check imports page: a feed to subscribe to, a URL to import once."""

from wtforms import StringField
from wtforms.validators import InputRequired, Optional

from factcheck.factchecks.feeds import MAX_URL
from factcheck.i18n import lazy_gettext as _l
from factcheck.models import FactCheckFeed
from factcheck.validation.forms import DeskForm, MaxLength


class FeedForm(DeskForm):
    """A ClaimReview feed to subscribe to, and who publishes it (``name``: at most the
    column's 200 characters, added by :class:`DeskForm`)."""

    columns_of = FactCheckFeed

    feed_url = StringField(
        _l("Feed URL"),
        validators=[InputRequired(_l("Give the feed's address.")), MaxLength(MAX_URL)],
    )
    name = StringField(_l("Publisher"), validators=[Optional()])


class ImportUrlForm(DeskForm):
    """A page or feed whose ClaimReviews are imported once."""

    source_url = StringField(
        _l("URL"),
        validators=[InputRequired(_l("Give the address to import from.")), MaxLength(MAX_URL)],
    )
