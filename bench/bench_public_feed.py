"""How fast the public site is with tens of thousands of verdicts, on SQLite and PostgreSQL.

For each backend, builds a throwaway database (a temporary SQLite file; a PostgreSQL database
created on the server given by ``--postgres`` and dropped afterwards) with 20,000 published
verdicts (one in five corrected once), then requests the ClaimReview feed (its first page and a
page deep in it, reached by following the ``Link: rel="next"`` chain), the Atom feed, the index,
a text search, the sitemap and one verdict page through the test client, and prints p50 and p95
in milliseconds over ``--repeat`` full (unconditional) requests each.

    python -m bench.bench_public_feed [--verdicts 20000] [--repeat 30] [--backend sqlite]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import insert, select, text

from factcheck import create_app
from factcheck.extensions import db
from factcheck.models import Claim, Rating, VerdictRevision
from factcheck.public.caching import rendered
from factcheck.workflow import State

POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
SOURCES = [
    {"title": f"Register {n}", "url": f"https://stats.example/{n}", "publisher": "Statistics",
     "author": None, "date": "2022-03-01", "accessed": None, "excerpt": "A passage.",
     "kind": "dataset", "stance": "contradicts"}
    for n in range(4)
]


APPEARANCES = [{"url": "https://belta.example/a", "headline": "Lukashenko speaks",
                "outlet": "BelTA", "published_on": "2022-12-31"}]


def populate(count: int) -> None:
    """Insert ``count`` published claims and their revisions in bulk."""
    ratings = list(db.session.scalars(select(Rating).order_by(Rating.position)))
    start = datetime(2024, 1, 1, tzinfo=UTC)
    claims, revisions = [], []
    for n in range(1, count + 1):
        published = start + timedelta(minutes=n)
        numbers = (1, 2) if n % 5 == 0 else (1,)
        claims.append({
            "id": n, "slug": f"claim-{n}", "statement": f"Claim number {n} about wagons",
            "claimant": "Alexander Lukashenko", "claim_date": date(2023, 1, 1),
            "state": State.PUBLISHED, "priority": 2, "created_at": published,
            "updated_at": published, "first_published_at": published,
            "last_published_at": published + timedelta(days=numbers[-1] - 1), "version": 1,
        })
        rating = ratings[n % len(ratings)]
        for number in numbers:
            revisions.append({
                "claim_id": n, "number": number, "statement": f"Claim number {n} about wagons",
                "claimant": "Alexander Lukashenko", "rating_id": rating.id,
                "rating_label": rating.label, "rating_value": rating.value,
                "rating_colour": rating.colour, "summary": "Not supported by any record.",
                "explanation": "Customs data show **no** such detentions.", "sources": SOURCES,
                "correction_note": "Corrected." if number == 2 else None,
                "published_at": published + timedelta(days=number - 1),
                "claim_date": date(2023, 1, 1), "appearances": APPEARANCES,
                "rating_best": 5, "rating_worst": 1, "organisation_name": "Bench Desk",
                "organisation_url": "https://bench.test/", "methodology": "We check.",
            })
    db.session.execute(insert(Claim), claims)
    db.session.execute(insert(VerdictRevision), revisions)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # planner statistics, as autovacuum would keep
        db.session.execute(text("ANALYZE"))
        db.session.commit()


@contextmanager
def database(backend: str, postgres: str) -> Iterator[str]:
    """A SQLAlchemy URL of an empty throwaway database, removed on exit."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        return
    name = f"factcheck_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres.replace("postgresql://", "postgresql+psycopg://").rsplit("/", 1)[0] + (
            f"/{name}"
        )
    finally:
        with psycopg.connect(postgres, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_apps(args: argparse.Namespace, **config: object) -> Iterator[tuple[str, Flask]]:
    """For each backend asked for (``--backend``, default both), a throwaway database and an
    app on it, disposed of and dropped when the caller moves on to the next."""
    for backend in args.backend or ["sqlite", "postgresql"]:
        with database(backend, args.postgres) as url:
            app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                              "SITE_URL": "http://bench.test", "SERVER_NAME": "bench.test",
                              **config})
            try:
                yield backend, app
            finally:
                with app.app_context():
                    db.engine.dispose()


def timings(client: FlaskClient, url: str, repeat: int) -> tuple[float, float]:
    """p50 and p95 milliseconds to answer ``url`` in full (no conditional headers), rendered
    each time: the public pages' rendered bodies are forgotten before every request, so this
    is what the first reader after a change waits for, not a cache hit."""
    client.get(url)  # warm the statement and template caches once
    times = []
    for _ in range(repeat):
        rendered.clear()
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    cuts = statistics.quantiles(times, n=20, method="inclusive")
    return statistics.median(times), cuts[18]


def deep_feed_url(client: FlaskClient, pages: int) -> str:
    """The URL of the feed's ``pages``-th page, found the way a crawler would: by following
    ``Link: rel="next"`` from the first page."""
    url = "/verdicts/claimreview.json"
    for _ in range(pages - 1):
        link = client.get(url).headers["Link"]
        url = link[1 : link.index(">")].removeprefix("http://bench.test")
    return url


def run(app: Flask, verdicts: int, repeat: int, backend: str) -> None:
    """Time every public endpoint against the populated ``app``."""
    client = app.test_client()
    last_page = -(-verdicts // 100)
    for label, path in [
        ("feed, page 1", "/verdicts/claimreview.json"),
        (f"feed, page {last_page}", deep_feed_url(client, last_page)),
        ("Atom feed", "/verdicts/feed.atom"),
        ("index, page 1", "/verdicts/"),
        ("index, text search", "/verdicts/?q=number+1999"),
        ("sitemap", "/sitemap.xml"),
        ("verdict page", f"/verdicts/claim-{verdicts // 2}"),
    ]:
        p50, p95 = timings(client, path, repeat)
        print(f"{backend:<10} {label:<24} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms", flush=True)


def main() -> None:
    """Build each database, time the endpoints, drop it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verdicts", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--postgres", default=POSTGRES, help="server to create the database on")
    args = parser.parse_args()
    for backend, app in bench_apps(args):
        with app.app_context():
            upgrade()
            began = time.perf_counter()
            populate(args.verdicts)
            print(f"{backend}: inserted {args.verdicts} verdicts in "
                  f"{time.perf_counter() - began:.1f} s", flush=True)
        run(app, args.verdicts, args.repeat, backend)


if __name__ == "__main__":
    main()
