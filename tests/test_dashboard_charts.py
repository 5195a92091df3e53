"""The dashboard's weekly chart, its CSV downloads, who may see them and an empty desk."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import update

from factcheck.desk.charts import nice_ceiling
from factcheck.desk.dashboard_figures import percentile_90, start_of_week
from factcheck.models import Event, utcnow
from factcheck.operations import claims as claim_ops
from factcheck.operations import publishing
from factcheck.workflow import Role, State
from tests.dashboard_helpers import data_rows, description, section, svg

CHARTS = ("opened-closed", "time-to-verdict", "ageing", "workload", "ratings", "sources")


def week_label(day) -> str:  # type: ignore[no-untyped-def]
    return day.strftime("%-d %b %Y")


def test_claims_opened_and_closed_per_week(client, login, desk, session):
    monday = start_of_week(utcnow())
    editor = desk.editor()
    for created in (monday, monday, monday - timedelta(days=3),
                    monday - timedelta(weeks=11),
                    monday - timedelta(weeks=11, seconds=1)):  # before the chart's first week
        desk.claim(editor=editor).created_at = created
    published = desk.claim(State.PUBLISHED, editor=editor)  # opened and closed this week
    published.created_at = monday - timedelta(days=10)  # … opened two weeks back
    session.flush()  # (a change to the claim moves its version on)
    publishing.correct(session, editor, published, published.version, correction_note="Typo.",
                      rating=desk.rating("False"), summary="Still false.", explanation=None)
    twice = desk.claim(State.DISMISSED, editor=editor)  # dismissed, reopened, dismissed again
    claim_ops.reopen(session, editor, twice, twice.version)
    claim_ops.dismiss(session, editor, twice, twice.version, reason="out_of_scope")
    last_week = desk.claim(State.DISMISSED, editor=editor)
    last_week.created_at = monday - timedelta(days=2)
    session.execute(update(Event).where(Event.claim_id == last_week.id)
                    .values(created_at=monday - timedelta(days=1)))
    session.commit()
    login(client, editor)

    page = client.get("/dashboard").get_data(as_text=True)

    rows = data_rows(page, "opened-closed")
    assert len(rows) == 12
    this_week = rows[week_label(monday)]
    # opened: two on Monday and the twice-dismissed one; closed: the publication (not its
    # correction) and both dismissals
    assert this_week == ["3", "3"]
    assert rows[week_label(monday - timedelta(weeks=1))] == ["2", "1"]
    assert rows[week_label(monday - timedelta(weeks=2))] == ["1", "0"]
    assert rows[week_label(monday - timedelta(weeks=11))] == ["1", "0"]
    drawing = svg(page, "opened-closed")
    assert f"<title>Opened, week of {monday:%-d %b}: 3</title>" in drawing
    assert 'fill="url(#opened-closed-fill-2)"' in drawing  # closed is hatched, not only coloured
    assert description(page, "opened-closed") == (
        "Claims opened and closed per week: Over the last 12 weeks 7 claims were opened and 4 "
        "closed; this week 3 opened and 3 closed.")


def test_csv_download_of_a_chart(client, login, desk, session):
    checker = desk.user(Role.CHECKER, name="=HYPERLINK(\"https://evil.test\")")
    desk.claim(assignee=checker)
    published = desk.claim(State.PUBLISHED)
    published.created_at = published.first_published_at - timedelta(days=2, hours=6)
    editor = desk.editor()
    session.commit()
    login(client, editor)

    response = client.get("/dashboard/workload.csv")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    today = utcnow().date().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="dashboard-workload-{today}.csv"')
    assert response.headers["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["Desk member", "Unverified", "Sourced", "Rated", "Open in all"]
    # the name that would run as a formula is neutralised, as the audit export does
    assert ["'=HYPERLINK(\"https://evil.test\")", "1", "0", "0", "1"] in rows
    page = client.get("/dashboard").get_data(as_text=True)
    table = data_rows(page, "workload")
    assert [[row[0].removeprefix("'"), *row[1:]] for row in rows[1:]] == [
        [name, *cells] for name, cells in table.items()]  # the CSV is the data table

    times = list(csv.reader(io.StringIO(
        client.get("/dashboard/time-to-verdict.csv").get_data(as_text=True))))
    assert times[0] == ["Week of", "Verdicts", "Median (hours)", "90th percentile (hours)"]
    assert times[-1] == [start_of_week(utcnow()).date().isoformat(), "1", "54.0", "54.0"]
    assert len(times) == 13


def test_unknown_chart_is_not_found(client, login, desk, session):
    editor = desk.editor()
    session.commit()
    login(client, editor)

    assert client.get("/dashboard/nope.csv").status_code == 404


def test_dashboard_and_its_csv_need_a_desk_login(client, login, desk, session):
    for path in ("/dashboard", "/dashboard/ageing.csv"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    checker = desk.user(Role.CHECKER)
    session.commit()
    login(client, checker)
    assert client.get("/dashboard").status_code == 200
    for chart in CHARTS:
        assert client.get(f"/dashboard/{chart}.csv").status_code == 200


def test_empty_desk_shows_empty_states(client, login, desk, session):
    editor = desk.user(Role.EDITOR)
    session.commit()
    login(client, editor)

    page = client.get("/dashboard").get_data(as_text=True)

    assert "<svg" not in page
    expected = {
        "opened-closed": "No claim was opened or closed in the last 12 weeks.",
        "time-to-verdict": "No verdict was published in the last 12 weeks.",
        "ageing": "No claim is open.",
        "workload": "No checkers yet.",
        "ratings": "No verdict has been published yet.",
        "sources": "No source has been link-checked yet.",
    }
    for chart, words in expected.items():
        assert words in section(page, chart)
        assert f'href="/dashboard/{chart}.csv"' in section(page, chart)
    assert set(data_rows(page, "ageing")) == {"Unverified", "Sourced", "Rated"}
    assert data_rows(page, "time-to-verdict")[week_label(start_of_week(utcnow()))] == [
        "0", "—", "—"]
    assert "Every source checked so far is live and unchanged." in page
    csv_text = client.get("/dashboard/ratings.csv").get_data(as_text=True)
    assert csv_text.splitlines()[0] == '"Rating","Published verdicts"'


def test_charts_escape_names_and_carry_no_inline_style(client, login, desk, session):
    checker = desk.user(Role.CHECKER, name='<script>alert("x")</script> & Co')
    desk.claim(assignee=checker)
    editor = desk.editor()
    session.commit()
    login(client, editor)

    page = client.get("/dashboard").get_data(as_text=True)

    drawing = svg(page, "workload")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co, Unverified: 1" in drawing
    assert " style=" not in page  # the CSP allows no inline style


def test_scale_and_percentile():
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 12, 180)] == [1, 1, 5, 10, 20, 200]
    assert percentile_90([5.0]) == 5.0
    assert percentile_90([1.0, 2.0, 6.0]) == pytest.approx(5.2)  # 2 + 0.8 × (6 − 2)
