"""How fast, and in how much memory, the exports stream 100,000 claims on SQLite and PostgreSQL.

For each backend, builds a throwaway database (a temporary SQLite file; a PostgreSQL database
created on the server given by ``--postgres`` and dropped afterwards), fills it with bulk inserts
(``--claims`` claims in every state, one in five published with a frozen revision, tags, one
event each), then downloads through the app, reading the streamed body chunk by chunk as a
client would:

- the whole queue as CSV (``/queue.csv?state=all&bom=1``) and as JSON Lines, logged in;
- the public verdicts as CSV (``/verdicts.csv``);
- the whole desk with ``flask export`` (JSON Lines, every table).

It prints rows per second and the peak resident memory of the process during each export (the
kernel's high-water mark, reset before each one), next to the targets of ≥ 10,000 rows/s and
≤ 150 MB.

    python -m bench.bench_export [--claims 100000] [--backend sqlite] [--backend postgresql]
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import insert, select, text

from bench.bench_public_feed import APPEARANCES, POSTGRES, SOURCES, database
from factcheck import create_app
from factcheck.exports.desk import export_desk
from factcheck.extensions import db
from factcheck.models import Article, Claim, Event, Rating, Tag, VerdictRevision, claim_tags
from factcheck.operations.desk import create_user
from factcheck.workflow import Role, State

PASSWORD = "bench-export-password-lantern"  # noqa: S105  (a throwaway bench account)
CHUNK = 5000
VALUES_PER_INSERT = 1000  # 21 columns a row: within both databases' limits on parameters
STATES = [State.UNVERIFIED, State.SOURCED, State.RATED, State.PUBLISHED, State.DISMISSED]
TARGET_ROWS_PER_SECOND = 10_000
TARGET_MB = 150


def populate(count: int) -> int:
    """Insert ``count`` claims (with tags, events, revisions) in bulk; the editor's id."""
    editor = create_user(db.session, "editor@bench.test", "Bench Editor", Role.EDITOR, PASSWORD)
    checkers = [
        create_user(db.session, f"checker{n}@bench.test", f"Checker {n}", Role.CHECKER, PASSWORD)
        for n in range(10)
    ]
    db.session.flush()
    ratings = list(db.session.scalars(select(Rating).order_by(Rating.position)))
    start = datetime(2024, 1, 1, tzinfo=UTC)
    db.session.execute(insert(Article), [
        {"id": n, "outlet": "BelTA", "title": f"Article {n}", "body": "Lukashenko spoke. " * 20,
         "language": "en", "created_at": start}
        for n in range(1, 201)
    ])
    db.session.execute(insert(Tag), [{"id": n, "name": f"tag-{n}"} for n in range(1, 11)])
    for first in range(1, count + 1, CHUNK):
        claims, tags, events, revisions = [], [], [], []
        for n in range(first, min(first + CHUNK, count + 1)):
            created = start + timedelta(seconds=n)
            state = STATES[n % len(STATES)]
            rating = ratings[n % len(ratings)] if state in (State.RATED, State.PUBLISHED) else None
            published = created + timedelta(days=1) if state == State.PUBLISHED else None
            statement = (f"=Claim {n}: Ukraine detained 1,500 Belarusian wagons and cars, "
                         "«said» the president")
            claims.append({
                "id": n, "slug": f"claim-{n}", "statement": statement,
                "claimant": "Alexander Lukashenko", "claim_date": date(2023, 1, 1),
                "state": state, "priority": n % 4, "created_at": created, "updated_at": created,
                "assignee_id": checkers[n % len(checkers)].id if n % 3 else None,
                "created_by_id": editor.id, "article_id": n % 200 + 1,
                "quote": "Ukrainian authorities detained 1,500 wagons and cars",
                "rating_id": rating.id if rating else None,
                "summary": "Not supported by any record." if rating else None,
                "due_date": date(2024, 6, 1) if n % 7 == 0 else None,
                "first_published_at": published, "last_published_at": published,
                "version": 1,
            })
            if n % 3 == 0:
                tags.extend({"claim_id": n, "tag_id": t} for t in (n % 10 + 1, (n + 3) % 10 + 1))
            events.append({"claim_id": n, "actor_id": editor.id, "kind": "created",
                           "to_state": "unverified", "payload": {}, "created_at": created})
            if rating is not None and published is not None:
                revisions.append({
                    "claim_id": n, "number": 1, "statement": statement,
                    "claimant": "Alexander Lukashenko", "rating_id": rating.id,
                    "rating_label": rating.label, "rating_value": rating.value,
                    "rating_colour": rating.colour, "summary": "Not supported by any record.",
                    "explanation": "Customs data show **no** such detentions.",
                    "sources": SOURCES, "published_at": published,
                    "claim_date": date(2023, 1, 1), "appearances": APPEARANCES,
                    "rating_best": 5, "rating_worst": 1, "organisation_name": "Bench Desk",
                    "organisation_url": "https://bench.test/", "methodology": "We check.",
                })
        # One multi-row INSERT per thousand claims, not one statement per claim: PostgreSQL's
        # statement-level triggers (state counts, search terms) then fire once per thousand,
        # instead of rewriting the same count rows 100,000 times in one transaction.
        for at in range(0, len(claims), VALUES_PER_INSERT):
            db.session.execute(insert(Claim).values(claims[at:at + VALUES_PER_INSERT]))
        db.session.execute(insert(claim_tags), tags)
        db.session.execute(insert(Event), events)
        if revisions:
            db.session.execute(insert(VerdictRevision), revisions)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return editor.id


def _reset_peak_memory() -> None:
    """Start the kernel's resident-memory high-water mark afresh (Linux)."""
    Path("/proc/self/clear_refs").write_text("5")


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _peak_memory_mb() -> float:
    return _status_mb("VmHWM")


def _resident_mb() -> float:
    return _status_mb("VmRSS")


def measure(
    label: str,
    backend: str,
    work: Callable[[], tuple[int, int]],
    prepare: Callable[[], None] | None = None,
) -> None:
    """Run ``work`` (which returns rows and bytes written) and print its speed and memory.

    ``prepare`` (logging in: argon2 verification uses 64 MB by design) runs before the memory
    high-water mark is reset, so the figure is the export's.
    """
    if prepare is not None:
        prepare()
    before = _resident_mb()
    _reset_peak_memory()
    began = time.perf_counter()
    rows, size = work()
    seconds = time.perf_counter() - began
    peak = _peak_memory_mb()
    rate = rows / seconds
    verdict = "ok" if rate >= TARGET_ROWS_PER_SECOND and peak <= TARGET_MB else "MISSED"
    print(f"{backend:<10} {label:<26} {rows:>7} rows {size / 1e6:6.1f} MB in {seconds:5.1f} s"
          f" {rate:>7,.0f} rows/s  peak RSS {peak:4.0f} MB (app before: {before:.0f} MB)"
          f"  [{verdict}]", flush=True)


def logged_in(app: Flask) -> tuple[FlaskClient, Callable[[], None]]:
    """A client, and the step that logs it in as the editor."""
    client = app.test_client()

    def log_in() -> None:
        answer = client.post("/login", data={"email": "editor@bench.test", "password": PASSWORD})
        assert answer.status_code == 302, answer.status_code

    return client, log_in


def download(client: FlaskClient, url: str) -> Callable[[], tuple[int, int]]:
    """Stream ``url`` chunk by chunk, as a client reading the response would."""

    def work() -> tuple[int, int]:
        response = client.get(url, buffered=False)
        assert response.status_code == 200, (url, response.status_code)
        lines = size = 0
        for chunk in response.iter_encoded():
            lines += chunk.count(b"\n")
            size += len(chunk)
        response.close()
        header = 1 if ".csv" in url else 0
        return lines - header, size

    return work


def export_whole_desk(app: Flask) -> Callable[[], tuple[int, int]]:
    """``flask export`` into a temporary folder; rows over every table."""

    def work() -> tuple[int, int]:
        with tempfile.TemporaryDirectory() as folder, app.app_context():
            counts = export_desk(Path(folder) / "desk")
            size = sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())
        return sum(counts.values()), size

    return work


def bench_app(url: str) -> Flask:
    """The app on ``url``, with CSRF off so the bench can log in with a plain POST."""
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                       "SITE_URL": "http://bench.test", "SERVER_NAME": "bench.test",
                       "WTF_CSRF_ENABLED": False, "JOBS_URL": "memory://",
                       "RATELIMIT_ENABLED": False})


def build(url: str, claims: int, backend: str) -> None:
    """Migrate the empty database at ``url`` and fill it (run in a child process)."""
    app = bench_app(url)
    with app.app_context():
        upgrade()
        began = time.perf_counter()
        populate(claims)
        print(f"{backend}: inserted {claims} claims in {time.perf_counter() - began:.1f} s",
              flush=True)
        db.engine.dispose()


def main() -> None:
    """Build each database, time each export, drop it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--postgres", default=POSTGRES, help="server to create the database on")
    args = parser.parse_args()
    for backend in args.backend or ["sqlite", "postgresql"]:
        with database(backend, args.postgres) as url:
            # Filled by another process, so what the inserts allocated is not counted here.
            builder = multiprocessing.get_context("spawn").Process(
                target=build, args=(url, args.claims, backend)
            )
            builder.start()
            builder.join()
            assert builder.exitcode == 0, "building the database failed"
            app = bench_app(url)
            try:
                client, log_in = logged_in(app)
                measure("queue CSV", backend, download(client, "/queue.csv?state=all&bom=1"),
                        prepare=log_in)
                measure("queue JSON Lines", backend, download(client, "/queue.jsonl?state=all"))
                measure("verdicts CSV (public)", backend,
                        download(app.test_client(), "/verdicts.csv"))
                measure("flask export (all tables)", backend, export_whole_desk(app))
            finally:
                with app.app_context():
                    db.engine.dispose()


if __name__ == "__main__":
    main()
