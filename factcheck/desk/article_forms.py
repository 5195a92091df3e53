"""Forms for ingesting an article and for opening a new claim."""

from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional

from factcheck.forms import PRIORITY_CHOICES, ClaimWordingForm
from factcheck.i18n import lazy_gettext as _l
from factcheck.models import Article
from factcheck.operations.articles import ArticleDetails
from factcheck.validation.forms import DeskForm, MaxLength
from factcheck.validation.limits import ARTICLE_TEXT_MAX
from factcheck.workflow import Priority


class ArticleForm(DeskForm):
    """An article as an editor pastes it in."""

    columns_of = Article

    outlet = StringField(_l("Outlet"), validators=[InputRequired(), Length(max=200)])
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=500)])
    url = StringField(_l("URL"), validators=[Optional(), URL(), Length(max=2000)])
    author = StringField(_l("Author"), validators=[Optional(), Length(max=200)])
    published_on = DateField(_l("Publication date"), validators=[Optional()])
    language = StringField(
        _l("Language"), default="", validators=[Optional(), Length(max=16)],
        description=_l("An ISO code (en, ru, uk, be …); left empty, it is detected from the text."),
    )
    body = TextAreaField(
        _l("Text"),
        validators=[InputRequired(), MaxLength(ARTICLE_TEXT_MAX)],
        description=_l("Up to %(count)s characters.", count=f"{ARTICLE_TEXT_MAX:,}"),
    )
    force = BooleanField(_l("Add it anyway: the desk may keep a second copy"))

    def details(self) -> ArticleDetails:
        """The article as the service takes it, its text with LF line breaks."""
        return ArticleDetails(
            outlet=self.outlet.data or "",
            title=self.title.data or "",
            body=normalise_line_breaks(self.body.data or ""),
            url=self.url.data,
            author=self.author.data,
            published_on=self.published_on.data,
            language=self.language.data or "",
            force=bool(self.force.data),
        )


def normalise_line_breaks(text: str) -> str:
    """Browsers submit a textarea's line breaks as CRLF whatever was pasted; store LF.

    Claim offsets index into the stored text and the article page shows it with LF line
    breaks, so keeping the CRs would shift every offset by one per line.
    """
    return text.replace("\r\n", "\n")


class NewClaimForm(ClaimWordingForm):
    """A new claim: what is checked, who said it, where, and how urgent it is."""

    article_id = IntegerField(_l("Article number"), validators=[Optional(), NumberRange(min=1)])
    quote_start = IntegerField(_l("Quote starts at"), validators=[Optional(), NumberRange(min=0)])
    quote_end = IntegerField(_l("Quote ends at"), validators=[Optional(), NumberRange(min=0)])
    priority = SelectField(
        _l("Priority"), choices=PRIORITY_CHOICES, coerce=int, default=Priority.NORMAL.value
    )
    due_date = DateField(_l("Due date"), validators=[Optional()])
    tags = StringField(_l("Tags"), validators=[Optional()])

    def tag_names(self) -> list[str]:
        """The comma-separated tags as a list (the service cleans and de-duplicates them)."""
        return [name for name in (self.tags.data or "").split(",") if name.strip()]
