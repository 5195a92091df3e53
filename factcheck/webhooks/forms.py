"""The admin page's form for a new webhook endpoint."""

from wtforms import SelectChoice, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from factcheck.i18n import lazy_gettext as _l
from factcheck.models import WebhookEndpoint
from factcheck.validation.forms import DeskForm
from factcheck.webhooks.events import EVENT_TYPES


class EndpointForm(DeskForm):
    """URL, events and (optionally) a secret; the operation checks the address and secret."""

    columns_of = WebhookEndpoint

    url = StringField(
        _l("Endpoint URL"), validators=[InputRequired(_l("Give the endpoint's URL."))]
    )
    description = StringField(_l("Description"), validators=[Optional()])
    events = SelectMultipleField(
        _l("Events to send"),
        choices=[SelectChoice(name, words) for name, words in EVENT_TYPES.items()],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[Optional()],  # none chosen: the operation says so, beside the field
    )
    secret = StringField(
        _l("Secret (whsec_…)"),
        validators=[Optional()],
        description=_l("Leave empty to have one made; the receiver verifies signatures with it."),
    )
