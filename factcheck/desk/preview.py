"""Desk: the live preview of a Markdown field (a verdict's explanation), rendered by the very
function the public verdict page uses, so what the checker sees is what readers will get."""

from __future__ import annotations

from flask import jsonify
from flask_login import login_required
from werkzeug.wrappers import Response
from wtforms import TextAreaField
from wtforms.validators import Optional

from factcheck.desk.blueprint import bp
from factcheck.i18n import lazy_gettext as _l
from factcheck.rendering import markdown_to_html
from factcheck.validation.forms import DeskForm, MaxLength
from factcheck.validation.limits import MARKDOWN_MAX


class MarkdownPreviewForm(DeskForm):
    """The text to preview (CSRF-checked like every desk POST)."""

    text = TextAreaField(_l("Text"), validators=[Optional(), MaxLength(MARKDOWN_MAX)])


@bp.post("/preview/markdown")
@login_required
def markdown_preview() -> tuple[Response, int]:
    """``{"html": …}``: the text as the public page will show it, sanitised; a 4xx with the
    reason in words when the text is refused (too long, or a page without its CSRF token)."""
    form = MarkdownPreviewForm()
    if not form.validate_on_submit():
        problems = [*form.text.errors, *form.form_errors]
        message = problems[0] if problems else form.refusal_message()
        response = jsonify(error=message)
        response.headers["Cache-Control"] = "private, no-store"
        return response, form.refusal_status()
    response = jsonify(html=str(markdown_to_html(form.text.data)))
    response.headers["Cache-Control"] = "private, no-store"
    return response, 200
