"""Desk: the dashboard — how much is open, how old it is, who holds it, how fast we publish,
what the verdicts say and which sources rotted, as charts with their figures behind them.

The figures come from :mod:`factcheck.desk.dashboard_figures` (the queries), the drawings from
:mod:`factcheck.desk.charts`; each chart's table is also a CSV download
(``/dashboard/<chart>.csv``), written by the exports' CSV writer, formulas neutralised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import Response, render_template, url_for
from flask_login import login_required
from markupsafe import Markup

from factcheck.desk import charts
from factcheck.desk import dashboard_figures as figures
from factcheck.desk.blueprint import bp
from factcheck.desk.dashboard_figures import Table
from factcheck.exports.formats import CSV_MEDIA_TYPE, csv_chunks
from factcheck.extensions import db
from factcheck.models import utcnow
from factcheck.models.evidence import LinkState
from factcheck.workflow import OPEN_STATES, State

SERIES_CLASSES = {LinkState.GONE: "series-gone", LinkState.CHANGED: "series-changed"}


@dataclass
class Chart:
    """A table of figures and its drawing (``None`` when there is nothing to draw)."""

    table: Table
    svg: Markup | None
    empty: str


def _queue_link(user_id: int) -> str:
    return url_for("desk.queue", assignee=user_id)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def opened_closed_chart(table: Table) -> Markup:
    """Opened against closed, week by week."""
    opened, closed = table.column(1), table.column(2)
    desc = (f"Over the last {len(table.rows)} weeks {sum(opened)} claims were opened and "
            f"{sum(closed)} closed; this week {opened[-1]} opened and {closed[-1]} closed.")
    return charts.weekly_bars(table.name, table.title, desc, table.column(0),
                              [("Opened", opened), ("Closed", closed)])


def verdict_time_chart(table: Table) -> Markup:
    """Median and 90th percentile of the time to verdict, week by week."""
    known = [row for row in table.rows if row[1]]
    latest = known[-1]
    desc = (f"{sum(row[1] for row in known)} verdicts over {len(known)} of the last "
            f"{len(table.rows)} weeks; in the latest week with verdicts (week of "
            f"{latest[0]:%-d %b}) the median was {duration(latest[2])} and the 90th "
            f"percentile {duration(latest[3])}.")
    return charts.weekly_lines(table.name, table.title, desc, table.column(0),
                               [("Median", table.column(2)),
                                ("90th percentile", table.column(3))])


def stacked_chart(table: Table, what: str) -> Markup:
    """Rows split into the table's middle columns (ageing, workload), totals at the end."""
    parts = []
    for row in table.rows:
        split = ", ".join(f"{value} {column.lower()}"
                          for column, value in zip(table.columns[1:-1], row[1:-1], strict=True)
                          if value)
        parts.append(f"{row[0]} {row[-1]}" + (f" ({split})" if split else ""))
    desc = f"{what}: {'; '.join(parts)}."
    return charts.stacked_bars(table.name, table.title, desc, table.column(0),
                               table.columns[1:-1], [row[1:-1] for row in table.rows])


def bar_chart(table: Table, colours: list[str] | None = None) -> Markup:
    """One bar per row (ratings, link checks)."""
    desc = "; ".join(f"{row[0]}: {row[1]}" for row in table.rows) + "."
    # rows are labelled in the reader's language, so the classes are looked up by label now
    by_label = {state.label: name for state, name in SERIES_CLASSES.items()}
    classes = [by_label.get(row[0], "series-ok") for row in table.rows]
    return charts.bars(table.name, table.title, desc, table.column(0), table.column(1),
                       colours=colours, classes=None if colours else classes)


def _chart(table: Table, draw: Callable[[Table], Markup], empty: str) -> Chart:
    return Chart(table, None if table.is_empty else draw(table), empty)


def build_tables(now: datetime) -> dict[str, Any]:
    """Every chart's table (and the figures the stat boxes show) from the database."""
    session = db.session
    verdicts, overall = figures.verdict_times(session, now)
    ratings, colours = figures.ratings(session)
    return {
        "opened-closed": figures.opened_closed(session, now),
        "time-to-verdict": verdicts,
        "ageing": figures.ageing(session, now),
        "workload": figures.workload(session, _queue_link),
        "ratings": ratings,
        "sources": figures.link_checks(session),
        "overall": overall,
        "colours": colours,
    }


def build_charts(tables: dict[str, Any]) -> list[Chart]:
    """The dashboard's charts in reading order."""
    return [
        _chart(tables["opened-closed"], opened_closed_chart,
               f"No claim was opened or closed in the last {figures.WEEKS} weeks."),
        _chart(tables["time-to-verdict"], verdict_time_chart,
               f"No verdict was published in the last {figures.WEEKS} weeks."),
        _chart(tables["ageing"], lambda t: stacked_chart(t, "Open claims per state"),
               "No claim is open."),
        _chart(tables["workload"], lambda t: stacked_chart(t, "Open claims per person"),
               "Nobody holds an open claim." if tables["workload"].rows else "No checkers yet."),
        _chart(tables["ratings"], lambda t: bar_chart(t, tables["colours"]),
               "No verdict has been published yet."),
        _chart(tables["sources"], bar_chart, "No source has been link-checked yet."),
    ]


@bp.app_template_filter("duration")
def duration(value: timedelta | None) -> str:
    """A duration as the desk reads it: "2 d 4 h", "5 h 10 min", "12 min"."""
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


@bp.app_template_filter("figure")
def figure(value: Any) -> str:
    """One cell of a chart's data table as the desk reads it."""
    if value is None:
        return "—"
    if isinstance(value, timedelta):
        return duration(value)
    if isinstance(value, date):
        return value.strftime("%-d %b %Y")
    return str(value)


@bp.get("/dashboard")
@login_required
def dashboard() -> str:
    """The desk at a glance: counts, overdue, and the charts with their data."""
    now = utcnow()
    counts = figures.state_counts(db.session)
    tables = build_tables(now)
    ageing = tables["ageing"]
    return render_template(
        "desk/dashboard.html",
        counts=counts,
        states=list(State),
        open_total=sum(counts[str(s)] for s in OPEN_STATES),
        buckets=list(zip(ageing.columns[1:-1],
                         (sum(c) for c in zip(*(row[1:-1] for row in ageing.rows), strict=True)),
                         strict=True)),
        overdue=figures.overdue_count(db.session),
        verdict_time=tables["overall"],
        published_this_week=tables["time-to-verdict"].rows[-1][1],
        week_start=figures.start_of_week(now),
        weeks=figures.WEEKS,
        charts=build_charts(tables),
        rotten=figures.rotten_sources(db.session),
    )


def _csv_cell(value: Any) -> Any:
    """Durations in hours (one decimal), so a spreadsheet can sum and chart them."""
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 3600, 1)
    return value


#: Each chart's table alone, for its CSV download.
TABLES: dict[str, Callable[[datetime], Table]] = {
    "opened-closed": lambda now: figures.opened_closed(db.session, now),
    "time-to-verdict": lambda now: figures.verdict_times(db.session, now)[0],
    "ageing": lambda now: figures.ageing(db.session, now),
    "workload": lambda now: figures.workload(db.session, _queue_link),
    "ratings": lambda now: figures.ratings(db.session)[0],
    "sources": lambda now: figures.link_checks(db.session),
}


@bp.get(f"/dashboard/<any({', '.join(repr(name) for name in TABLES)}):chart>.csv")
@login_required
def dashboard_csv(chart: str) -> Response:
    """One chart's table as a CSV file (UTF-8, every cell quoted, formulas neutralised);
    durations in hours."""
    now = utcnow()
    table = TABLES[chart](now)
    hours = {i for row in table.rows for i, v in enumerate(row) if isinstance(v, timedelta)}
    if chart == "time-to-verdict":  # named so even before the first verdict
        hours |= {2, 3}
    header = [f"{name} (hours)" if i in hours else name for i, name in enumerate(table.columns)]
    rows = ([_csv_cell(value) for value in row] for row in table.rows)
    return Response(
        csv_chunks(header, rows),
        content_type=CSV_MEDIA_TYPE,
        headers={"Content-Disposition":
                 f'attachment; filename="dashboard-{chart}-{now.date().isoformat()}.csv"'},
    )
