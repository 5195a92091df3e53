"""Whole numbers from the query string, read one way everywhere.

The rule the desk follows: a query parameter narrows or pages a listing, so a value that makes
no sense (words, a negative number, 10^30, ``١٢``) is treated as not given — page 1, no
filter — and pages that show notices say so. Nothing malformed reaches the database.
"""

import re

from flask import request

from factcheck.validation.limits import MAX_INT_COLUMN

_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_int(value: str | None, *, minimum: int = 0, maximum: int = MAX_INT_COLUMN) -> int | None:
    """``value`` as an int when it is ASCII digits within ``minimum``–``maximum``, else ``None``.

    ASCII only: ``str.isdigit`` also accepts "²", which ``int`` then refuses.
    """
    text = (value or "").strip()
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def query_int(name: str, *, minimum: int = 0, maximum: int = MAX_INT_COLUMN) -> int | None:
    """The query parameter ``name`` as an int within bounds, or ``None`` (missing or senseless)."""
    return parse_int(request.args.get(name), minimum=minimum, maximum=maximum)


#: Deep enough for any listing; small enough that (page - 1) * page size fits every database.
MAX_PAGE = 10_000_000


def page_number(name: str = "page") -> int:
    """The page asked for, or 1 for anything that is not a page number."""
    return query_int(name, minimum=1, maximum=MAX_PAGE) or 1
