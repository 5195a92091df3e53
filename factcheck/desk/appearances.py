"""Desk: recording that an article repeats a claim already on the desk."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms import DateField, HiddenField, IntegerField, StringField
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional

from factcheck.desk.blueprint import bp
from factcheck.extensions import db
from factcheck.forms import EmptyForm
from factcheck.i18n import lazy_gettext as _l
from factcheck.models import Article, Claim, ClaimAppearance
from factcheck.operations.appearances import Sighting, record_appearance, remove_appearance
from factcheck.validation.forms import DeskForm
from factcheck.workflow import WorkflowError


class AppearanceForm(DeskForm):
    """"Record as an appearance" beside a sentence: which claim, which passage, and where and
    when it was published (the article's own link and date unless changed)."""

    claim_id = IntegerField(widget=HiddenField.widget, validators=[InputRequired(),
                                                                    NumberRange(1)])
    start = IntegerField(widget=HiddenField.widget, validators=[InputRequired(), NumberRange(0)])
    end = IntegerField(widget=HiddenField.widget, validators=[InputRequired(), NumberRange(1)])
    url = StringField(_l("Where it appeared"), validators=[Optional(), URL(), Length(max=2000)])
    appeared_on = DateField(_l("Date"), validators=[Optional()])


@bp.post("/articles/<int:article_id>/appearances")
@login_required
def record_appearance_view(article_id: int) -> Response:
    """Record a sentence of the article as an appearance of a claim on the desk (editors)."""
    article = db.get_or_404(Article, article_id)
    form = AppearanceForm()
    if not form.validate_on_submit():
        typed = " ".join(f"{field.label.text}: {e}" for field in (form.url, form.appeared_on)
                         for e in field.errors)
        abort(form.refusal_status(), description=form.refusal_message(
            typed or _("The appearance was not recognised; reload the page and try again.")))
    claim = db.session.get(Claim, form.claim_id.data)
    if claim is None:
        abort(400, description=_("There is no claim #%(id)s; reload the page.",
                                 id=form.claim_id.data))
    sighting = Sighting(quote="", article=article, start=form.start.data, end=form.end.data,
                        url=form.url.data, appeared_on=form.appeared_on.data)
    try:
        record_appearance(db.session, current_user, claim, sighting)
    except WorkflowError as error:
        abort(error.status_code, description=str(error))
    flash(_("Recorded as an appearance of claim #%(id)s.", id=claim.id), "success")
    return redirect(url_for("desk.article", article_id=article.id, _anchor="on-the-desk"))


@bp.post("/articles/<int:article_id>/appearances/<int:appearance_id>/remove")
@login_required
def remove_appearance_view(article_id: int, appearance_id: int) -> Response:
    """An editor says a recorded passage does not repeat the claim (the desk got it wrong)."""
    appearance = db.session.get(ClaimAppearance, appearance_id)
    if appearance is None or appearance.article_id != article_id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400, description=_l("The form has expired; reload the page and try again."))
    claim_id = appearance.claim_id
    try:
        remove_appearance(db.session, current_user, appearance)
    except WorkflowError as error:
        abort(error.status_code, description=str(error))
    flash(
        _(
            "Removed: this passage is no longer listed as an appearance of claim #%(claim_id)s.",
            claim_id=claim_id,
        ),
          "success")
    return redirect(url_for("desk.article", article_id=article_id, _anchor="on-the-desk"))
