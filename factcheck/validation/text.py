"""Characters no column of either database can store."""

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored, as the end of a sentence ("… contains a NUL byte"), or
    ``None`` when it can.

    PostgreSQL refuses NUL in text; a lone UTF-16 surrogate cannot be encoded as UTF-8 at all.
    """
    if "\x00" in value:
        return "contains a NUL byte (character 0), which cannot be stored"
    if _SURROGATE.search(value):
        return "contains an invalid character (a lone UTF-16 surrogate), which cannot be stored"
    return None
