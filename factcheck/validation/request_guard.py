"""Refuse paths and query strings that no page of the desk can mean."""

from urllib.parse import unquote_to_bytes

from flask import abort, request

from factcheck.validation.text import text_problem


def _raw_path() -> bytes:
    # WSGI hands the path over as bytes decoded as Latin-1; undo that to see what was sent.
    return request.environ.get("PATH_INFO", "").encode("latin-1", "replace")


def _raw_query() -> bytes:
    # The query string is still percent-encoded; "+" means a space and cannot hide bytes.
    return unquote_to_bytes(request.environ.get("QUERY_STRING", ""))


def refuse_unreadable_urls() -> None:
    """400 for a NUL byte or invalid UTF-8 in the path or the query string.

    Werkzeug replaces undecodable bytes with U+FFFD and passes NUL through; PostgreSQL then
    refuses the NUL with an error (a 500) and the replacement characters would silently look
    up something other than what was asked. Neither can come from a link the desk made.
    """
    for part, raw in (("address", _raw_path()), ("query string", _raw_query())):
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError:
            abort(400, description=f"The {part} of this page is not valid UTF-8 text.")
        problem = text_problem(decoded)
        if problem:
            abort(400, description=f"The {part} of this page {problem}.")
