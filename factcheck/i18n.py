"""The desk's languages: which one a page speaks, and the catalogues it speaks them from.

Every user-facing string is marked for translation (``_``/``gettext`` in views and templates,
``_l`` in forms, the workflow's :func:`~factcheck.workflow.terms.N_`), extracted into
``factcheck/translations/messages.pot`` and translated in
``factcheck/translations/<language>/LC_MESSAGES/messages.po``.

The ``.po`` catalogues are read at run time (Babel's ``read_po``, once per process and
language), not compiled ``.mo`` files: a checkout, a ``pip install .`` or a deployment that never
runs ``make`` or ``pybabel compile`` speaks every language that is committed, and a catalogue
can never be stale against its compiled twin.

Which language a page speaks:

- a signed-in person's own choice (account page), else the desk's (admin settings);
- an anonymous visitor of the login page: the best of ``Accept-Language`` among the desk's
  languages, else the desk's;
- public pages are cached once for every reader, so they never depend on who asks: a verdict
  page (its share card and oEmbed card too) speaks the verdict's own language when the desk
  speaks it, else English (:func:`public_language`); the index, the feeds and the not-found
  page speak the desk's language. Their views render under ``force_locale``; the request's own
  language is English;
- e-mail speaks its recipient's language (:func:`reader_language`), whoever caused it;
- the JSON API and, outside a request, CLI commands and jobs: English.
"""

from __future__ import annotations

import functools
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import Flask, g, has_request_context, request
from flask_babel import Babel, Domain, LazyString, get_locale, gettext
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from werkzeug.utils import cached_property

from factcheck.workflow.terms import install_translator

#: The languages the desk speaks, by code, each named in itself (as the choice lists show it).
LANGUAGES = {"en": "English", "ru": "Русский"}
DEFAULT_LANGUAGE = "en"
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
CATALOGUE_TEMPLATE = TRANSLATIONS_DIR / "messages.pot"
#: Marker functions the extractor looks for besides Babel's defaults (``_``, ``gettext``,
#: ``ngettext``, ``N_`` …); ``pybabel extract -k _l -k lazy_gettext -k lazy_ngettext:1,2``.
EXTRA_KEYWORDS = {"_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
#: Blueprints whose pages are the same for every reader (cached) or read by programs.
_PUBLIC_BLUEPRINTS = {"public"}
_ENGLISH_ONLY_PREFIXES = ("/api/",)


def valid_language(code: str | None) -> bool:
    """Whether ``code`` is a language the desk speaks."""
    return code in LANGUAGES


def catalogue_path(language: str) -> Path:
    """Where the translation of the desk into ``language`` is kept."""
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"


@functools.cache
def catalogue(language: str) -> NullTranslations:
    """The translations into ``language``, read from its ``.po`` (no translation: English).

    Fuzzy entries are left out, as ``pybabel compile`` leaves them out.
    """
    path = catalogue_path(language)
    if language == DEFAULT_LANGUAGE or not path.exists():
        return NullTranslations()
    with path.open("rb") as source:
        messages = read_po(source, locale=language)
    compiled = BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    compiled.seek(0)
    return Translations(fp=compiled, domain="messages")


class _CatalogueDomain(Domain):
    """Flask-Babel's message domain, reading :func:`catalogue` instead of ``.mo`` files."""

    def get_translations(self) -> NullTranslations:
        return page_catalogue()


def page_catalogue() -> NullTranslations:
    """The catalogue of the language this page (or this ``force_locale`` block) speaks."""
    locale = get_locale()
    return catalogue(str(locale) if locale else DEFAULT_LANGUAGE)


#: The template variable holding the catalogue a render speaks (see :func:`render_catalogue`).
_RENDER_CATALOGUE = "desk_catalogue"


def render_catalogue(context: Context) -> NullTranslations:
    """The catalogue of the template being rendered: looked up once per render, when it
    starts (a context processor), since asking Flask-Babel costs microseconds and the
    article page asks some 800 times. A macro module Jinja keeps between renders has no such
    variable and asks each time."""
    kept = context.get(_RENDER_CATALOGUE)
    return kept if isinstance(kept, NullTranslations) else page_catalogue()


@functools.lru_cache(maxsize=4096)
def template_sentence(translations: NullTranslations, message: str) -> Markup:
    """A template's ``_("…")`` that takes no values: the same on every page in one language."""
    return Markup(translations.ugettext(message)) % {}  # noqa: S704  (as Jinja's own _())


@pass_context
def template_gettext(context: Context, message: str, **variables: Any) -> str:
    """Templates' ``_()`` and ``gettext()``, doing what Jinja's newstyle wrapper around
    Flask-Babel's does (always ``%``-format, escaping the values), but keeping each
    sentence without values per language: a queue page asks for the same hundred-odd
    sentences on every request, and the two wrappers cost some 40 µs a call."""
    translations = render_catalogue(context)
    if not context.eval_ctx.autoescape:
        return translations.ugettext(message) % variables  # type: ignore[no-any-return]
    if not variables:
        return template_sentence(translations, message)
    return Markup(translations.ugettext(message)) % variables  # noqa: S704  (values escaped)


class DeskBabel(Babel):
    """Flask-Babel with the desk's catalogues (see the module's docstring)."""

    @cached_property
    def domain_instance(self) -> Domain:  # type: ignore[override]
        return _CatalogueDomain()


def desk_language(session: Any = None) -> str:
    """The desk's language (admin settings), for whoever has not chosen their own."""
    from factcheck.extensions import db
    from factcheck.operations.events import desk_settings

    language = desk_settings(session if session is not None else db.session).language
    return language if valid_language(language) else DEFAULT_LANGUAGE


def reader_language(session: Any, user: Any) -> str:
    """The language ``user`` reads the desk (and its e-mail) in: their own, else the desk's."""
    own = getattr(user, "language", None)
    return str(own) if valid_language(own) else desk_language(session)


def public_language(code: str | None) -> str:
    """The language of a public page about a text written in ``code``: that language when
    the desk speaks it ("ru", "ru-RU", "RU" → "ru"), else English."""
    base = (code or "").split("-")[0].split("_")[0].lower()
    return base if valid_language(base) else DEFAULT_LANGUAGE


def select_language() -> str:
    """The language of the page being made (see the module's docstring for the order)."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    if request.path.startswith(_ENGLISH_ONLY_PREFIXES) or request.blueprint in _PUBLIC_BLUEPRINTS:
        return DEFAULT_LANGUAGE
    from flask_login import current_user

    if current_user and current_user.is_authenticated:
        from factcheck.extensions import db

        return reader_language(db.session, current_user)
    asked = request.accept_languages.best_match(list(LANGUAGES))
    return asked or desk_language()


class _LazyText(LazyString):
    """Flask-Babel's lazy string, but escaped when a template prints it (its own
    ``__html__`` passes the text as markup: "the feed's" would reach the page unescaped)."""

    def __html__(self) -> str:
        return str(escape(str(self)))


def lazy_gettext(message: str, **params: Any) -> LazyString:
    """``gettext`` when the text is shown, not when it is made: for form labels, hints and
    validator messages, which are made once, at import (imported as ``_l``)."""
    return _LazyText(gettext, message, **params)


def lazy_label(item: Any) -> LazyString:
    """``item.label`` read when shown, in the reader's language: for choice lists built once,
    at import (``SelectChoice(role.value, lazy_label(role))``)."""
    return _LazyText(lambda: item.label)


def lazy_say(message: str) -> LazyString:
    """A message marked elsewhere with ``N_``, translated when shown (module-level choices)."""
    return _LazyText(gettext, message)


def page_language() -> str:
    """The two-letter code of the language this page speaks (for ``<html lang>``)."""
    locale = get_locale()
    return locale.language if locale else DEFAULT_LANGUAGE


def refresh_language() -> None:
    """Forget the language chosen for this request (after a person changes theirs), so the
    page that says so is already in the new one."""
    from flask_babel import refresh

    if g:
        refresh()


def register(app: Flask) -> None:
    """Bind Flask-Babel to ``app`` and have the workflow's sentences translated when shown."""
    from factcheck.extensions import babel

    babel.init_app(app, default_locale=DEFAULT_LANGUAGE, locale_selector=select_language)
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)
    app.context_processor(lambda: {_RENDER_CATALOGUE: page_catalogue()})
    install_translator(gettext)
    # `{% trans %}` blocks are extracted with their whitespace folded (babel.cfg: trimmed), so
    # the page must look them up the same way.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals.update(page_language=page_language, LANGUAGES=LANGUAGES)


def extract_messages(root: Path) -> dict[str | tuple[str, ...], list[tuple[str, int]]]:
    """Every message marked in the source under ``root``, as ``babel.cfg`` and
    :data:`EXTRA_KEYWORDS` tell ``pybabel extract`` to find them, with where each is."""
    from babel.messages import extract, frontend

    parse = getattr(frontend, "parse_mapping_cfg", None) or frontend.parse_mapping
    with (root / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse(config)
    keywords = {**extract.DEFAULT_KEYWORDS, **EXTRA_KEYWORDS}
    found: dict[str | tuple[str, ...], list[tuple[str, int]]] = {}
    for filename, line, message, _comments, _context in extract.extract_from_dir(
        str(root), method_map, options_map, keywords=keywords
    ):
        found.setdefault(message, []).append((filename, line))
    return found
