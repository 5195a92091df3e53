"""CSV and JSON Lines, written a row at a time so an export of any size streams.

CSV is for spreadsheets, so two things matter beyond the format itself: the encoding (UTF-8,
with a byte-order mark on request, since Excel only reads UTF-8 correctly when the file starts
with one) and formula injection. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is taken for a formula by Excel, LibreOffice and Google Sheets; a claim's text
is written by whoever said it, so such cells get a leading apostrophe, as the OWASP "CSV
Injection" guidance says, and every cell is quoted.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

#: Characters that make a spreadsheet read a cell as a formula (OWASP CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
#: Rows gathered per chunk handed to the web server: few enough to keep memory flat, enough
#: that the per-chunk cost (one write, one yield) stays small.
ROWS_PER_CHUNK = 500

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
JSONL_MEDIA_TYPE = "application/jsonl; charset=utf-8"


def neutralise(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell: text that would start a formula is prefixed
    with an apostrophe (shown by no spreadsheet, and it keeps the text as typed)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def _cell(value: Any) -> Any:
    """One cell's text; the common types are tested first (this runs for every cell)."""
    kind = type(value)
    if kind is str:
        return "'" + value if value[:1] in _FORMULA_FIRST else value
    if value is None:
        return ""
    if kind is int or kind is float:
        return value
    if kind is bool:
        return "yes" if value else "no"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return neutralise("; ".join(str(item) for item in value))
    return neutralise(value)


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = False
) -> Iterator[str]:
    """The CSV text of ``header`` and ``rows``, a few hundred rows per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    if bom:
        buffer.write(BOM)
    writer.writerow([_cell(name) for name in header])
    count = 0
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        count += 1
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


def jsonl_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """One JSON object per line (keys from ``header``), a few hundred lines per chunk."""
    encode = json.JSONEncoder(ensure_ascii=False, default=_json_default).encode
    lines: list[str] = []
    for row in rows:
        lines.append(encode(dict(zip(header, row, strict=True))))
        if len(lines) == ROWS_PER_CHUNK:
            yield "\n".join(lines) + "\n"
            lines.clear()
    if lines:
        yield "\n".join(lines) + "\n"
