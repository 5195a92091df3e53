"""Desk: the dashboard — how much is open, how old it is, who holds it, how fast we publish,
what the verdicts say and which sources rotted, as charts with their figures behind them.

The figures come from :mod:`factcheck.desk.dashboard_figures` (the queries), the drawings from
:mod:`factcheck.desk.charts`; each chart's table is also a CSV download
(``/dashboard/<chart>.csv``), written by the exports' CSV writer, formulas neutralised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from flask import Response, render_template, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup

from factcheck import timezones
from factcheck.desk import charts
from factcheck.desk import dashboard_figures as figures
from factcheck.desk.blueprint import bp
from factcheck.desk.dashboard_figures import Table
from factcheck.exports.formats import CSV_MEDIA_TYPE, csv_chunks
from factcheck.extensions import db
from factcheck.kept import Kept, newest
from factcheck.models import Claim, DeskEvent, Event, Evidence, utcnow
from factcheck.models.evidence import LinkState
from factcheck.rendering import format_date
from factcheck.workflow import OPEN_STATES, State
from factcheck.workflow.terms import say

SERIES_CLASSES = {LinkState.GONE: "series-gone", LinkState.CHANGED: "series-changed"}


@dataclass
class Chart:
    """A table of figures and its drawing (``None`` when there is nothing to draw)."""

    table: Table
    svg: Markup | None
    empty: str


def _queue_link(user_id: int) -> str:
    return url_for("desk.queue", assignee=user_id)


def shown(table: Table) -> Table:
    """``table`` with its title and column names in the reader's language (the table keeps
    them in English for the CSV download)."""
    return replace(table, title=say(table.title), columns=[say(name) for name in table.columns])


def opened_closed_chart(table: Table) -> Markup:
    """Opened against closed, week by week."""
    opened, closed = table.column(1), table.column(2)
    desc = _("Over the last %(weeks)s weeks %(opened)s claims were opened and %(closed)s "
             "closed; this week %(opened_now)s opened and %(closed_now)s closed.",
             weeks=len(table.rows), opened=sum(opened), closed=sum(closed),
             opened_now=opened[-1], closed_now=closed[-1])
    return charts.weekly_bars(table.name, table.title, desc, table.column(0),
                              [(table.columns[1], opened), (table.columns[2], closed)])


def verdict_time_chart(table: Table) -> Markup:
    """Median and 90th percentile of the time to verdict, week by week."""
    known = [row for row in table.rows if row[1]]
    latest = known[-1]
    desc = _("%(verdicts)s verdicts over %(weeks)s of the last %(all_weeks)s weeks; in the "
             "latest week with verdicts (week of %(week)s) the median was %(median)s and the "
             "90th percentile %(p90)s.",
             verdicts=sum(row[1] for row in known), weeks=len(known), all_weeks=len(table.rows),
             week=charts.week_label(latest[0]), median=duration(latest[2]),
             p90=duration(latest[3]))
    return charts.weekly_lines(table.name, table.title, desc, table.column(0),
                               [(table.columns[2], table.column(2)),
                                (table.columns[3], table.column(3))])


def stacked_chart(table: Table, what: str) -> Markup:
    """Rows split into the table's middle columns (ageing, workload), totals at the end."""
    parts = []
    for row in table.rows:
        split = ", ".join(_("%(count)s %(column)s", count=value, column=column.lower())
                          for column, value in zip(table.columns[1:-1], row[1:-1], strict=True)
                          if value)
        total = _("%(row)s %(total)s", row=row[0], total=row[-1])
        parts.append(total + (f" ({split})" if split else ""))
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
    """The dashboard's charts in reading order, in the reader's language."""
    weeks = figures.WEEKS
    return [
        _chart(shown(tables["opened-closed"]), opened_closed_chart,
               _("No claim was opened or closed in the last %(weeks)s weeks.", weeks=weeks)),
        _chart(shown(tables["time-to-verdict"]), verdict_time_chart,
               _("No verdict was published in the last %(weeks)s weeks.", weeks=weeks)),
        _chart(shown(tables["ageing"]), lambda t: stacked_chart(t, _("Open claims per state")),
               _("No claim is open.")),
        _chart(shown(tables["workload"]),
               lambda t: stacked_chart(t, _("Open claims per person")),
               _("Nobody holds an open claim.") if tables["workload"].rows
               else _("No checkers yet.")),
        _chart(shown(tables["ratings"]), lambda t: bar_chart(t, tables["colours"]),
               _("No verdict has been published yet.")),
        _chart(shown(tables["sources"]), bar_chart, _("No source has been link-checked yet.")),
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
        return _("%(days)s d %(hours)s h", days=days, hours=hours)
    if hours:
        return _("%(hours)s h %(minutes)s min", hours=hours, minutes=minutes)
    return _("%(minutes)s min", minutes=minutes)


@bp.app_template_filter("figure")
def figure(value: Any) -> str:
    """One cell of a chart's data table as the desk reads it."""
    if value is None:
        return "—"
    if isinstance(value, timedelta):
        return duration(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)


#: Seconds a worker keeps the dashboard it drew while no claim changes: ages, the overdue
#: count and relative times move with the clock, not with the desk's events.
KEPT_FOR = 60.0
#: Dashboards kept per worker (one per language and time zone read in; each is ~30 KB).
KEPT_MAX = 16
_kept = Kept(KEPT_MAX, KEPT_FOR)


def forget_kept() -> None:
    """Draw the next dashboard afresh (tests, whose rolled-back ids repeat)."""
    _kept.clear()


def _watermark() -> tuple[Any, ...]:
    """What a change to the desk moves, read in one statement from primary keys: every change
    to a claim (a changed link check included) writes an event, new claims and sources get new
    ids, and settings, the rating scale and new accounts are desk events."""
    return newest(db.session, Event.id, Claim.id, Evidence.id, DeskEvent.id)


def kept_body() -> Markup:
    """The dashboard under the menu, drawn at most once a minute per language and time zone
    while no claim changes, so a desk of 100,000 claims opens it in milliseconds."""
    key = (db.engine.url.render_as_string(hide_password=True), str(get_locale()),
           timezones.viewer_key(), _watermark())
    body: Markup | None = _kept.get(key)
    if body is None:
        body = Markup(_draw_body(utcnow()))  # noqa: S704  (a template's escaped output)
        _kept.put(key, body)
    return body


def _draw_body(now: datetime) -> str:
    counts = figures.state_counts(db.session)
    tables = build_tables(now)
    ageing = shown(tables["ageing"])
    return render_template(
        "desk/dashboard_body.html",
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


@bp.get("/dashboard")
@login_required
def dashboard() -> str:
    """The desk at a glance: counts, overdue, and the charts with their data."""
    return render_template("desk/dashboard.html", body=kept_body())


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
    # Read by spreadsheets and scripts: the header (and the rows' labels) stay English
    # whatever language the person downloading it reads the desk in.
    with force_locale("en"):
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
