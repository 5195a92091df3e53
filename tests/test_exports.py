"""Exports, on SQLite and PostgreSQL: the queue as filtered (desk), the verdicts (public) and the
whole desk (``flask export``), read back the way a person's spreadsheet or script would."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.exports.formats import csv_chunks, neutralise
from factcheck.operations import claims as claim_ops
from factcheck.operations import evidence as evidence_ops
from factcheck.operations import publishing
from factcheck.operations.evidence import Upload, make_snapshot
from factcheck.workflow import Priority, Role, State
from tests.conftest import DeskFactory

HOSTILE = {
    '=HYPERLINK("http://evil.example","wagons")': '\'=HYPERLINK("http://evil.example","wagons")',
    "+1 555 0100 wagons": "'+1 555 0100 wagons",
    "-5 wagons, he said": "'-5 wagons, he said",
    "@SUM(A1:A9) wagons": "'@SUM(A1:A9) wagons",
}


def _spreadsheet(data: bytes) -> list[dict[str, str]]:
    """Rows as a spreadsheet program reads the file: UTF-8 (BOM or not), quoted CSV."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_queue_exports_as_csv_with_formulas_neutralised_and_text_intact(
    desk: DeskFactory, as_user
) -> None:  # type: ignore[no-untyped-def]
    editor = desk.editor()
    made = {
        text: desk.claim(statement=text, editor=editor, claimant="Лукашенко, «президент»")
        for text in HOSTILE
    }
    multiline = desk.claim(statement='Two lines\nand "quotes", commas', editor=editor)
    client = as_user(editor)

    response = client.get("/queue.csv?bom=1&q=wagons&state=all")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.content_type == "text/csv; charset=utf-8"
    assert 'attachment; filename="claims-' in response.headers["Content-Disposition"]
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = _spreadsheet(data)
    by_id = {int(row["id"]): row for row in rows}
    assert set(by_id) == {claim.id for claim in made.values()}  # the search filtered
    for text, claim in made.items():
        row = by_id[claim.id]
        assert row["statement"] == HOSTILE[text]
        assert row["claimant"] == "Лукашенко, «президент»"
        assert row["state"] == "unverified" and row["priority"] == "Normal"
        assert row["desk_url"] == f"https://desk.test/claims/{claim.id}"

    plain = client.get("/queue.csv?state=all").get_data()
    assert not plain.startswith(b"\xef\xbb\xbf")
    rows = {int(r["id"]): r for r in _spreadsheet(plain)}
    assert rows[multiline.id]["statement"] == 'Two lines\nand "quotes", commas'


def test_the_export_follows_every_filter_and_the_sort_of_the_queue(
    desk: DeskFactory, session: Session, as_user
) -> None:  # type: ignore[no-untyped-def]
    editor = desk.editor()
    checker = desk.user(Role.CHECKER, name="Ana Checker")
    urgent = desk.claim(editor=editor, priority=Priority.URGENT, assignee=checker,
                        tags=["elections"])
    high = desk.claim(editor=editor, priority=Priority.HIGH, assignee=checker,
                      tags=["elections", "wagons"])
    desk.claim(editor=editor, priority=Priority.LOW, tags=["elections"])  # unassigned
    published = desk.claim(State.PUBLISHED, editor=editor, assignee=checker)
    client = as_user(checker)

    rows = _spreadsheet(client.get(
        "/queue.csv?assignee=mine&tag=elections&sort=priority&page=3"
    ).get_data())
    assert [int(r["id"]) for r in rows] == [urgent.id, high.id]  # every page, queue order
    assert rows[0]["assignee"] == "Ana Checker"
    assert rows[1]["tags"] == "elections; wagons"
    assert rows[0]["priority"] == "Urgent"

    rows = _spreadsheet(client.get("/queue.csv?state=published").get_data())
    assert [int(r["id"]) for r in rows] == [published.id]
    assert rows[0]["rating"] == "False"
    assert rows[0]["summary"] == "The figure is not supported by any record."
    assert rows[0]["first_published_at"]

    # Nonsense filters are dropped as on the page (no 500, no error): the open queue.
    response = client.get("/queue.jsonl?state=nonsense&priority=huge&article=x")
    assert response.status_code == 200
    ids = {json.loads(line)["id"] for line in response.get_data(as_text=True).splitlines()}
    assert published.id not in ids and urgent.id in ids


def test_json_lines_keep_the_text_as_typed(desk: DeskFactory, as_user) -> None:  # type: ignore[no-untyped-def]
    editor = desk.editor()
    claim = desk.claim(statement="=1+1 wagons", editor=editor, due_date=None)
    response = as_user(editor).get("/queue.jsonl?state=all")
    assert response.status_code == 200
    assert response.content_type == "application/jsonl; charset=utf-8"
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    (row,) = [line for line in lines if line["id"] == claim.id]
    assert row["statement"] == "=1+1 wagons"  # JSON is for programs: nothing is escaped
    assert row["due_date"] is None and row["tags"] is None
    assert row["created_at"].startswith(str(claim.created_at.year))


def test_the_queue_export_is_for_desk_members_only(client: FlaskClient) -> None:
    response = client.get("/queue.csv")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_verdicts_export_is_public_and_shows_what_readers_see(
    desk: DeskFactory, session: Session, client: FlaskClient
) -> None:
    editor = desk.editor()
    first = desk.claim(State.PUBLISHED, editor=editor, statement="-1,500 wagons were held")
    corrected = desk.claim(State.PUBLISHED, editor=editor)
    publishing.correct(
        session, editor, corrected, corrected.version, correction_note="The count was wrong.",
        rating=desk.rating("Mostly false"), summary="Some were held.", explanation=None,
    )
    desk.claim(State.RATED, editor=editor, statement="Not public yet")
    # Reworking the live claim changes nothing public until a correction is published.
    first.summary = "Draft the readers must not see"
    session.commit()

    response = client.get("/verdicts.csv?bom=1")
    assert response.status_code == 200 and response.is_streamed
    rows = _spreadsheet(response.get_data())
    assert [r["url"] for r in rows] == [
        f"https://desk.test/verdicts/{corrected.slug}", f"https://desk.test/verdicts/{first.slug}"
    ]
    assert rows[0]["rating"] == "Mostly false" and rows[0]["revision"] == "2"
    assert rows[0]["correction_note"] == "The count was wrong."
    assert rows[1]["claim"] == "'-1,500 wagons were held"
    assert rows[1]["summary"] == "The figure is not supported by any record."
    assert "Not public yet" not in response.get_data(as_text=True)

    lines = client.get("/verdicts.jsonl").get_data(as_text=True).splitlines()
    assert [json.loads(line)["claim"] for line in lines][1] == "-1,500 wagons were held"


def test_flask_export_writes_the_desk_without_secrets(
    desk: DeskFactory, session: Session, runner, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    editor = desk.editor()
    claim = desk.claim(State.PUBLISHED, editor=editor, statement="=cmd|' /C calc'!A0 wagons")
    checker = desk.user(Role.CHECKER)
    sourced = desk.claim(State.SOURCED, editor=editor, assignee=checker)
    content = b"<html><body>The register, as it was.</body></html>"
    snapshot = make_snapshot(Upload("register.html", "text/html", content), ["text/html"], 10**6)
    with_snapshot = evidence_ops.add_evidence(
        session, checker, sourced, evidence_ops.EvidenceDetails(title="Register"), snapshot
    )
    claim_ops.comment(session, editor, claim, "Looks right to me.")
    session.commit()

    target = tmp_path / "desk"
    result = runner.invoke(args=["export", str(target)])
    assert result.exit_code == 0, result.output
    assert "claims: 2" in result.output and "snapshot files: 1" in result.output

    def read(name: str) -> list[dict[str, object]]:
        return [json.loads(line) for line in (target / f"{name}.jsonl").read_text().splitlines()]

    users = read("users")
    assert {u["email"] for u in users} >= {editor.email}
    assert all(set(u) == {"id", "email", "name", "role", "active", "created_at"} for u in users)
    assert "argon2" not in (target / "users.jsonl").read_text()
    exported = read("claims")[0]
    assert exported["statement"] == "=cmd|' /C calc'!A0 wagons"
    assert exported["state"] == "published"
    assert {e["kind"] for e in read("events")} >= {"created", "publish", "commented"}
    assert read("revisions")[0]["claim_id"] == claim.id
    assert read("comments")[0]["body"] == "Looks right to me."
    (stored,) = read("snapshots")
    digest = hashlib.sha256(content).hexdigest()
    assert stored["sha256"] == digest and "data" not in stored
    assert (target / "snapshots" / digest).read_bytes() == content
    (attached,) = [e for e in read("evidence") if e["id"] == with_snapshot.id]
    assert attached["snapshot_id"] == stored["id"]

    again = runner.invoke(args=["export", str(target)])
    assert again.exit_code != 0 and "is not empty" in again.output

    as_csv = tmp_path / "csv"
    result = runner.invoke(args=["export", str(as_csv), "--format", "csv", "--bom"])
    assert result.exit_code == 0, result.output
    row = _spreadsheet((as_csv / "claims.csv").read_bytes())[0]
    assert row["statement"] == "'=cmd|' /C calc'!A0 wagons"
    assert json.loads(row["checkworthiness_reasons"] or "null") is None
    (event,) = [
        r for r in _spreadsheet((as_csv / "events.csv").read_bytes()) if r["kind"] == "publish"
    ]
    assert json.loads(event["payload"])["rating"] == "False"


def test_tab_and_carriage_return_starts_are_neutralised_too() -> None:
    """The desk strips statements, but other cells (notes, payloads) keep what was typed."""
    text = "".join(csv_chunks(["a", "b"], [["\tcmd", "\r=1"], ["ok", 3]]))
    assert _spreadsheet(text.encode()) == [
        {"a": "'\tcmd", "b": "'\r=1"}, {"a": "ok", "b": "3"}
    ]


def test_neutralise_leaves_safe_values_alone() -> None:
    assert neutralise("Wagons = 1,500") == "Wagons = 1,500"
    assert neutralise(-5) == -5  # numbers are numbers, not formulas
    assert neutralise("'=1") == "'=1"  # already neutral: written as it is
    assert neutralise(None) is None
