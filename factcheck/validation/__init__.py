"""Hostile input stops here, before the database sees it.

PostgreSQL refuses NUL bytes and integers beyond its column types; SQLite refuses integers
beyond 64 bits. Rather than guard every view and field, input is checked in a few shared
places: the ``int`` route converter (path ids), :func:`~factcheck.validation.query.query_int`
(query-string numbers), :class:`~factcheck.validation.forms.DeskForm` (every form field), and
the request guard below (NUL bytes or broken UTF-8 anywhere in the path or query string).
"""

from flask import Flask

from factcheck.validation.converters import BoundedIntConverter
from factcheck.validation.request_guard import refuse_unreadable_urls


def register_converters(app: Flask) -> None:
    """Make ``<int:…>`` route parts refuse (404) ids no database row can have.

    Must run before any blueprint is registered: rules pick their converter when added.
    """
    app.url_map.converters["int"] = BoundedIntConverter


def register_request_guard(app: Flask) -> None:
    """Answer 400 to a path or query string the desk cannot read, before any view runs."""
    app.before_request(refuse_unreadable_urls)
