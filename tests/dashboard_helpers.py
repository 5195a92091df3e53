"""Reading the dashboard as a person does: the big numbers, each chart's drawing and the
figures in its "data" table."""

from __future__ import annotations

import html
import re


def number(page: str, marker: str) -> str:
    """The big number in the stat box that carries ``marker`` (an id or data attribute)."""
    match = re.search(re.escape(marker) + r'[^>]*><div class="n">([^<]+)</div>', page)
    assert match, marker
    return match.group(1)


def section(page: str, chart: str) -> str:
    """The chart's section: heading, drawing (or empty state), data table and CSV link."""
    match = re.search(rf'<section class="chart" id="{re.escape(chart)}".*?</section>', page, re.S)
    assert match, chart
    return match.group(0)


def _text(cell: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def data_rows(page: str, chart: str) -> dict[str, list[str]]:
    """The chart's data table: each row's label → the texts of its other cells."""
    table = re.search(r'<table class="list figures">.*?</table>', section(page, chart), re.S)
    assert table, chart
    body = table.group(0).split("<tbody>", 1)[1]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows[cells[0]] = cells[1:]
    return rows


def data_columns(page: str, chart: str) -> list[str]:
    """The headings of the chart's data table."""
    head = re.search(r"<thead>(.*?)</thead>", section(page, chart), re.S)
    assert head, chart
    return [_text(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", head.group(1), re.S)]


def svg(page: str, chart: str) -> str:
    """The chart's drawing (fails when the section shows its empty state instead)."""
    match = re.search(r"<svg .*?</svg>", section(page, chart), re.S)
    assert match, f"no drawing for {chart}"
    return match.group(0)


def description(page: str, chart: str) -> str:
    """What the drawing says to a screen reader: its title and description."""
    drawing = svg(page, chart)
    title = re.search(r"<title id=[^>]*>(.*?)</title>", drawing, re.S)
    desc = re.search(r"<desc id=[^>]*>(.*?)</desc>", drawing, re.S)
    assert title and desc
    return f"{html.unescape(title.group(1))}: {html.unescape(desc.group(1))}"
