"""Turning stored text into safe HTML, and the small filters the templates share."""

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import nh3
from babel.support import NullTranslations
from flask import Flask, url_for
from jinja2 import pass_context
from jinja2.runtime import Context
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from factcheck import workflow
from factcheck.claimreview import CLAIM_REVIEWED_SHOWN
from factcheck.i18n import render_catalogue, template_sentence
from factcheck.models.evidence import EvidenceKind, LinkState, Stance
from factcheck.public.colours import colour_class
from factcheck.timezones import format_datetime, format_exact

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def markdown_to_html(text: str | None) -> Markup:
    """Render a verdict explanation: Markdown in, sanitised HTML out (nh3 strips scripts,
    event handlers and ``javascript:`` links whatever the Markdown produced)."""
    if not text:
        return Markup("")
    return Markup(_rendered(text))  # noqa: S704  (sanitised by nh3 in _rendered)


@functools.lru_cache(maxsize=64)
def _rendered(text: str) -> str:
    """The sanitised HTML of ``text``, remembered: a long explanation takes a few hundred
    milliseconds to parse, and the same verdict is shown over and over."""
    html = _markdown.render(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    return str(clean)


def format_date(value: date | datetime | None) -> str:
    """``2026-11-23`` → ``23 Nov 2026`` (``23 нояб. 2026`` on a Russian page or in a Russian
    reader's e-mail); empty for no date."""
    if not value:
        return ""
    from flask import has_app_context

    from factcheck.i18n import page_language

    language = page_language() if has_app_context() else "en"
    if language == "en":
        return value.strftime("%-d %b %Y")
    from babel.dates import format_date as babel_format

    return babel_format(value, "d MMM y", locale=language)


# The badges are functions, not template macros: the article page prints two per claim, 400
# for 200 claims, and a Jinja macro call costs tens of microseconds. Each is the same for
# every page in one language, so it is kept per catalogue.


@pass_context
def state_badge(context: Context, state: str) -> Markup:
    """``<span class="badge state-sourced">sourced</span>``, named in the page's language."""
    return _state_badge(render_catalogue(context), state)


@functools.lru_cache(maxsize=256)
def _state_badge(translations: NullTranslations, state: str) -> Markup:
    name = template_sentence(translations, state)
    return Markup(f'<span class="badge state-{escape(state)}">{name}</span>')  # noqa: S704  (as the macro was)


@pass_context
def priority_badge(context: Context, priority: int) -> Markup:
    """``<span class="badge prio-high">High</span>``, named in the page's language."""
    return _priority_badge(render_catalogue(context), workflow.Priority(priority))


@functools.lru_cache(maxsize=64)
def _priority_badge(translations: NullTranslations, priority: workflow.Priority) -> Markup:
    # the label is read under the same language as ``translations`` (which keys the cache)
    return Markup(  # noqa: S704  (the name is a fixed word, the label escaped)
        f'<span class="badge prio-{priority.name.lower()}">{escape(priority.label)}</span>'
    )


def rating_badge(label: str, colour: str | None) -> Markup:
    """A rating's label on its colour (the stylesheet's ``colour-rrggbb`` class)."""
    return Markup(  # noqa: S704  (every part escaped)
        f'<span class="rating {escape(colour_class(colour))}">{escape(label)}</span>'
    )


def link_for(endpoint: str, key: str) -> Callable[[int], str]:
    """``url_for(endpoint, **{key: id})`` for many ids at the cost of one ``url_for``: a list
    of 200 claims links each of them, and building a URL takes some 20 µs. The URL is
    built once with a stand-in id, whose place the real ids then take (an id is digits:
    nothing to quote)."""
    stand_in = "987654321"
    values: dict[str, Any] = {key: int(stand_in)}
    head, tail = url_for(endpoint, **values).split(stand_in)
    return lambda ident: f"{head}{int(ident)}{tail}"


class _DeskName:
    """The organisation's name for the page header, read only when a template prints it."""

    def __str__(self) -> str:
        from flask import has_request_context, request

        from factcheck.extensions import db
        from factcheck.operations.events import desk_settings

        if not has_request_context():
            return desk_settings(db.session).organisation_name
        # Read once per request: the page prints it twice, and the session does not keep
        # the settings row alive between the two.
        environ = request.environ
        if "factcheck.desk_name" not in environ:
            environ["factcheck.desk_name"] = desk_settings(db.session).organisation_name
        return str(environ["factcheck.desk_name"])

    def __html__(self) -> str:
        return str(escape(str(self)))


def register(app: Flask) -> None:
    """Make the filters and enums available to every template."""
    app.jinja_env.filters["markdown"] = markdown_to_html
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["exact_time"] = format_exact
    app.jinja_env.globals.update(
        desk_name=_DeskName(),
        state_badge=state_badge,
        priority_badge=priority_badge,
        rating_badge=rating_badge,
        link_for=link_for,
        CLAIM_REVIEWED_SHOWN=CLAIM_REVIEWED_SHOWN,
        State=workflow.State,
        Action=workflow.Action,
        Priority=workflow.Priority,
        Role=workflow.Role,
        EvidenceKind=EvidenceKind,
        LinkState=LinkState,
        Stance=Stance,
    )
