"""The dashboard's charts, drawn here as inline SVG: no script, no library, nothing fetched.

The site's Content-Security-Policy forbids inline ``style`` attributes, so colours come from
classes in ``static/desk.css`` (``series-1`` …) or SVG presentation attributes (``fill``, a
rating's own colour). Every chart is an image to assistive technology (``role="img"``) named
by its ``<title>`` and summed up in words by its ``<desc>``; and none relies on colour alone:
series differ by pattern (solid, hatched, dotted, cross-hatched) or line style and marker, and
every bar carries its number.

Titles, legends, axis units and summaries come in the reader's language (the callers pass
them translated; the words drawn here are translated here).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from flask import has_request_context
from flask_babel import gettext as _
from markupsafe import Markup, escape

from factcheck.i18n import page_language

WIDTH = 640
FONT = 'font-family="inherit" font-size="11"'
#: Fill of the n-th series: its colour class and, from the second on, a pattern over it.
PATTERNS = [
    "",
    '<line x1="0" y1="0" x2="0" y2="6" class="mark"/>',
    '<circle cx="3" cy="3" r="1.4" class="mark-dot"/>',
    '<line x1="0" y1="0" x2="0" y2="6" class="mark"/><line x1="0" y1="0" x2="6" y2="0" '
    'class="mark"/>',
]


def _fmt(value: float) -> str:
    """A number as an SVG attribute: short, never ``1e-05``."""
    return f"{value:.1f}".removesuffix(".0")


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 × 10ⁿ at or above ``value`` (1 for nothing): the axis's top."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _defs(name: str, series: int) -> str:
    """The patterns of ``series`` series, with ids scoped to the chart ``name``."""
    patterns = []
    for n in range(1, series):
        patterns.append(
            f'<pattern id="{name}-fill-{n + 1}" patternUnits="userSpaceOnUse" width="6" '
            f'height="6" patternTransform="rotate(45)"><rect width="6" height="6" '
            f'class="series-{n + 1}"/>{PATTERNS[n % len(PATTERNS)]}</pattern>'
        )
    return f"<defs>{''.join(patterns)}</defs>" if patterns else ""


def _fill(name: str, n: int) -> str:
    """The attributes that fill a shape as series ``n`` (0-based)."""
    if n == 0:
        return 'class="series-1"'
    return f'fill="url(#{name}-fill-{n + 1})" class="patterned"'


def _svg(name: str, title: str, desc: str, height: float, body: str, defs: str = "") -> Markup:
    """The ``<svg>`` element around ``body``, labelled for assistive technology."""
    return Markup(  # noqa: S704 (every text put in is escaped here or by the callers)
        f'<svg class="chart-svg" role="img" viewBox="0 0 {WIDTH} {_fmt(height)}" '
        f'aria-labelledby="{name}-title" aria-describedby="{name}-desc" {FONT} '
        f'id="chart-{name}">'
        f'<title id="{name}-title">{escape(title)}</title>'
        f'<desc id="{name}-desc">{escape(desc)}</desc>{defs}{body}</svg>'
    )


def _legend(name: str, labels: Sequence[str], *, lines: bool = False) -> str:
    """A row of swatches (or line samples) with the series' names, across the top."""
    parts, x = [], 8.0
    for n, label in enumerate(labels):
        if lines:
            parts.append(_line_sample(n, x))
        else:
            parts.append(f'<rect x="{_fmt(x)}" y="6" width="14" height="12" {_fill(name, n)}/>')
        parts.append(f'<text x="{_fmt(x + 20)}" y="16" class="chart-text">{escape(label)}</text>')
        x += 30 + 8.5 * len(label)  # room for the larger text of narrow screens
    return f'<g class="legend">{"".join(parts)}</g>'


def _y_axis(top: float, bottom: float, left: float, ceiling: float,
            unit: Callable[[str], str] = str) -> str:
    """Grid lines at 0, half and the top of the scale, with their values (``unit`` writes a
    value with its unit)."""
    parts = []
    for fraction in (0, 0.5, 1):
        y = bottom - (bottom - top) * fraction
        value = ceiling * fraction
        text = unit(_fmt(value))
        parts.append(f'<line x1="{_fmt(left)}" x2="{WIDTH - 8}" y1="{_fmt(y)}" y2="{_fmt(y)}" '
                     f'class="grid"/>')
        parts.append(f'<text x="{_fmt(left - 4)}" y="{_fmt(y + 4)}" text-anchor="end" '
                     f'class="chart-text">{escape(text)}</text>')
    return "".join(parts)


def week_label(week: date) -> str:
    """A week's Monday as the axis shows it: "23 Nov" ("23 нояб." on a Russian page)."""
    language = page_language() if has_request_context() else "en"
    if language == "en":
        return week.strftime("%-d %b")
    from babel.dates import format_date

    return format_date(week, "d MMM", locale=language)


def _in_week(label: str, week: date, value: str) -> str:
    """A mark's tooltip: "Opened, week of 23 Nov: 4"."""
    return _("%(series)s, week of %(week)s: %(value)s", series=label, week=week_label(week),
             value=value)


def _week_tick(x: float, y: float, week: date, i: int, count: int) -> str:
    """A week's label under the axis; every other one (counting back from this week) is
    ``alternate``, which narrow screens hide to make room for larger text."""
    alternate = " alternate" if (count - 1 - i) % 2 else ""
    return (f'<text x="{_fmt(x)}" y="{_fmt(y)}" text-anchor="middle" '
            f'class="chart-text small{alternate}">{escape(week_label(week))}</text>')


def weekly_bars(name: str, title: str, desc: str, weeks: Sequence[date],
                series: Sequence[tuple[str, Sequence[int]]]) -> Markup:
    """Side-by-side bars per week, one per series, each with its number above it."""
    top, bottom, left = 34.0, 196.0, 40.0
    # at least 2, so the half-way grid line is a whole number of claims
    ceiling = max(2, nice_ceiling(max((v for _l, values in series for v in values), default=0)))
    group = (WIDTH - 8 - left) / len(weeks)
    bar = min(18.0, (group - 8) / len(series))
    parts = [_legend(name, [label for label, _v in series]),
             _y_axis(top, bottom, left, ceiling)]
    for i, week in enumerate(weeks):
        x0 = left + i * group + (group - bar * len(series)) / 2
        for n, (label, values) in enumerate(series):
            value = values[i]
            height = (bottom - top) * value / ceiling
            x, y = x0 + n * bar, bottom - height
            parts.append(
                f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(bar - 1)}" '
                f'height="{_fmt(height)}" {_fill(name, n)}>'
                f'<title>{escape(_in_week(label, week, str(value)))}</title></rect>'
            )
            if value:
                parts.append(f'<text x="{_fmt(x + bar / 2)}" y="{_fmt(y - 3)}" '
                             f'text-anchor="middle" class="chart-text small">{value}</text>')
        parts.append(_week_tick(left + (i + 0.5) * group, bottom + 16, week, i, len(weeks)))
    return _svg(name, title, desc, bottom + 24, "".join(parts), _defs(name, len(series)))


def _line_sample(n: int, x: float) -> str:
    dash = ' stroke-dasharray="6 3"' if n else ""
    return (f'<line x1="{_fmt(x)}" x2="{_fmt(x + 14)}" y1="12" y2="12" class="line-{n + 1}"'
            f'{dash}/>{_marker(n, x + 7, 12)}')


def _marker(n: int, x: float, y: float) -> str:
    """A circle for the first series, a square for the second: told apart without colour."""
    if n == 0:
        return f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="3.5" class="dot-1"/>'
    return (f'<rect x="{_fmt(x - 3.5)}" y="{_fmt(y - 3.5)}" width="7" height="7" '
            f'class="dot-{n + 1}"/>')


def weekly_lines(name: str, title: str, desc: str, weeks: Sequence[date],
                 series: Sequence[tuple[str, Sequence[timedelta | None]]]) -> Markup:
    """A line per series across the weeks (a gap where a week has no figure), in hours or, for
    longer spans, days."""
    top, bottom, left = 34.0, 196.0, 44.0
    known = [v.total_seconds() for _l, values in series for v in values if v is not None]
    longest = max(known, default=0)
    unit, per = (_days_unit, 86400.0) if longest > 3 * 86400 else (_hours_unit, 3600.0)
    ceiling = max(1, nice_ceiling(longest / per))  # verdicts within minutes: a 1 h scale
    step = (WIDTH - 8 - left) / len(weeks)
    parts = [_legend(name, [label for label, _v in series], lines=True),
             _y_axis(top, bottom, left, ceiling, unit)]
    markers: list[list[str]] = []
    for n, (label, values) in enumerate(series):
        points: list[str] = []
        markers.append(points)
        segments: list[list[str]] = [[]]
        for i, value in enumerate(values):
            if value is None:
                segments.append([])
                continue
            x = left + (i + 0.5) * step
            y = bottom - (bottom - top) * (value.total_seconds() / per) / ceiling
            segments[-1].append(f"{_fmt(x)},{_fmt(y)}")
            points.append(f'<g>{_marker(n, x, y)}<title>'
                          f'{escape(_in_week(label, weeks[i], _duration(value)))}</title></g>')
        dash = ' stroke-dasharray="6 3"' if n else ""
        for segment in segments:
            if len(segment) > 1:
                parts.append(f'<polyline points="{" ".join(segment)}" class="line-{n + 1}" '
                             f'fill="none"{dash}/>')
    for points in reversed(markers):  # the median's round marker stays visible on top
        parts.extend(points)
    for i, week in enumerate(weeks):
        parts.append(_week_tick(left + (i + 0.5) * step, bottom + 16, week, i, len(weeks)))
    return _svg(name, title, desc, bottom + 24, "".join(parts), _defs(name, 1))


def _days_unit(value: str) -> str:
    return _("%(value)s d", value=value)


def _hours_unit(value: str) -> str:
    return _("%(value)s h", value=value)


def _duration(value: timedelta) -> str:
    hours = value.total_seconds() / 3600
    if hours >= 48:
        return _("%(days)s days", days=f"{hours / 24:.1f}")
    return _("%(hours)s hours", hours=f"{hours:.1f}")


def _label(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stacked_bars(name: str, title: str, desc: str, labels: Sequence[str],
                 segments: Sequence[str], values: Sequence[Sequence[int]]) -> Markup:
    """A horizontal bar per row, split into ``segments``, with the row's total at its end."""
    top, left, row = 30.0, 150.0, 26.0
    totals = [sum(row_values) for row_values in values]
    ceiling = nice_ceiling(max(totals, default=0))
    span = WIDTH - left - 48
    parts = [_legend(name, segments)]
    for i, (label, row_values) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        parts.append(f'<text x="{_fmt(left - 6)}" y="{_fmt(y + 15)}" text-anchor="end" '
                     f'class="chart-text">{escape(_label(label))}</text>')
        x = left
        for n, (segment, value) in enumerate(zip(segments, row_values, strict=True)):
            width = span * value / ceiling
            if value:
                parts.append(f'<rect x="{_fmt(x)}" y="{_fmt(y + 3)}" width="{_fmt(width)}" '
                             f'height="{_fmt(row - 8)}" {_fill(name, n)}><title>'
                             f'{escape(label)}, {escape(segment)}: {value}</title></rect>')
            x += width
        parts.append(f'<text x="{_fmt(x + 5)}" y="{_fmt(y + 15)}" class="chart-text">'
                     f'{totals[i]}</text>')
    return _svg(name, title, desc, top + len(labels) * row + 6, "".join(parts),
                _defs(name, len(segments)))


def bars(name: str, title: str, desc: str, labels: Sequence[str], values: Sequence[int],
         colours: Sequence[str] | None = None, classes: Sequence[str] | None = None) -> Markup:
    """A horizontal bar per row with its number at its end; filled with ``colours`` (a rating's
    own) or ``classes``; the label beside each bar says what it is without its colour."""
    top, left, row = 6.0, 150.0, 26.0
    ceiling = nice_ceiling(max(values, default=0))
    span = WIDTH - left - 48
    parts = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        width = span * value / ceiling
        if colours:
            fill = f'fill="{escape(colours[i])}" class="bar-outline"'
        else:
            fill = f'class="{escape(classes[i]) if classes else "series-1"}"'
        parts.append(f'<text x="{_fmt(left - 6)}" y="{_fmt(y + 15)}" text-anchor="end" '
                     f'class="chart-text">{escape(_label(label))}</text>')
        parts.append(f'<rect x="{_fmt(left)}" y="{_fmt(y + 3)}" width="{_fmt(width)}" '
                     f'height="{_fmt(row - 8)}" {fill}><title>{escape(label)}: {value}'
                     f'</title></rect>')
        parts.append(f'<text x="{_fmt(left + width + 5)}" y="{_fmt(y + 15)}" '
                     f'class="chart-text">{value}</text>')
    return _svg(name, title, desc, top + len(labels) * row + 6, "".join(parts))
