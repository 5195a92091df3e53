"""How fast the public site is with tens of thousands of verdicts.

Builds a throwaway SQLite database with 20,000 published verdicts (one in five corrected once),
then times the ClaimReview feed, the Atom feed, the index, the sitemap and one verdict page, each
as the median of a few requests through the test client.

    python bench/bench_public_feed.py [--verdicts 20000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import insert, select

from factcheck import create_app
from factcheck.extensions import db
from factcheck.models import Claim, Rating, VerdictRevision
from factcheck.workflow import State

SOURCES = [
    {"title": f"Register {n}", "url": f"https://stats.example/{n}", "publisher": "Statistics",
     "author": None, "date": "2022-03-01", "accessed": None, "excerpt": "A passage.",
     "kind": "dataset", "stance": "contradicts"}
    for n in range(4)
]


def populate(count: int) -> None:
    """Insert ``count`` published claims and their revisions in bulk."""
    ratings = list(db.session.scalars(select(Rating).order_by(Rating.position)))
    start = datetime(2024, 1, 1, tzinfo=UTC)
    claims, revisions = [], []
    for n in range(1, count + 1):
        published = start + timedelta(minutes=n)
        claims.append({
            "id": n, "slug": f"claim-{n}", "statement": f"Claim number {n} about wagons",
            "claimant": "Alexander Lukashenko", "claim_date": date(2023, 1, 1),
            "state": State.PUBLISHED, "priority": 2, "created_at": published,
            "updated_at": published, "first_published_at": published, "version": 1,
        })
        rating = ratings[n % len(ratings)]
        for number in (1, 2) if n % 5 == 0 else (1,):
            revisions.append({
                "claim_id": n, "number": number, "statement": f"Claim number {n} about wagons",
                "claimant": "Alexander Lukashenko", "rating_id": rating.id,
                "rating_label": rating.label, "rating_value": rating.value,
                "rating_colour": rating.colour, "summary": "Not supported by any record.",
                "explanation": "Customs data show **no** such detentions.", "sources": SOURCES,
                "correction_note": "Corrected." if number == 2 else None,
                "published_at": published + timedelta(days=number - 1),
            })
    db.session.execute(insert(Claim), claims)
    db.session.execute(insert(VerdictRevision), revisions)
    db.session.commit()


def timed(client, url: str, repeat: int = 5) -> float:  # noqa: ANN001
    """Median milliseconds to answer ``url`` in full (no conditional headers)."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> None:
    """Build the database, then print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verdicts", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                          "SERVER_NAME": "bench.test"})
        with app.app_context():
            upgrade()
            began = time.perf_counter()
            populate(args.verdicts)
            print(f"inserted {args.verdicts} verdicts in {time.perf_counter() - began:.1f} s")
        client = app.test_client()
        last_page = -(-args.verdicts // 100)
        for label, path in [
            ("ClaimReview feed, page 1", "/verdicts/claimreview.json"),
            (f"ClaimReview feed, page {last_page}", f"/verdicts/claimreview.json?page={last_page}"),
            ("Atom feed", "/verdicts/feed.atom"),
            ("index, page 1", "/verdicts/"),
            ("index, text search", "/verdicts/?q=number+1999"),
            ("sitemap", "/sitemap.xml"),
            ("verdict page", f"/verdicts/claim-{args.verdicts // 2}"),
        ]:
            print(f"{label:<32} {timed(client, path):8.1f} ms")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
