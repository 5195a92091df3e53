"""How fast "already checked" matching is on a large desk.

Run from the repository root::

    .venv/bin/python -m bench.bench_matching_speed [--claims 100000] [--queries 300]

Generates ``--claims`` synthetic claims into a throwaway SQLite database and a throwaway
PostgreSQL database (both migrated, so the real ``claim_search`` index is used), then times
``find_similar(text, limit=5)`` for paraphrases of stored claims and for fresh texts, and prints
p50/p95 per backend. The target is p95 ≤ 20 ms at 100,000 claims.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from sqlalchemy import text

from bench.matching_db import add_claims, synthetic_statement, throwaway_database
from factcheck.matching import find_similar


def _queries(stored: list[str], count: int) -> list[str]:
    """Half reworded stored claims (shuffled words), half new synthetic ones."""
    queries = []
    for i in range(count):
        if i % 2:
            queries.append(synthetic_statement())
        else:
            words = random.choice(stored).split()
            random.shuffle(words)
            queries.append(" ".join(words))
    return queries


def run(kind: str, claims: int, queries: int) -> None:
    """Populate one backend and print its latency figures."""
    random.seed(20)
    statements = [synthetic_statement() for _ in range(claims)]
    with throwaway_database(kind) as session:
        started = time.perf_counter()
        add_claims(session, statements)
        if kind == "postgresql":
            session.execute(text("ANALYZE claims"))
            session.commit()
        loaded = time.perf_counter() - started
        texts = _queries(statements, queries)
        for query in texts[:20]:  # warm caches
            find_similar(session, query)
        timings = []
        for query in texts:
            t0 = time.perf_counter()
            find_similar(session, query, limit=5)
            timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{kind:10} {claims:,} claims (loaded in {loaded:.0f} s): "
              f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
              f"max {timings[-1]:.1f} ms over {len(timings)} queries")


def main() -> None:
    """Run both backends."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    args = parser.parse_args()
    for kind in args.backend or ["sqlite", "postgresql"]:
        run(kind, args.claims, args.queries)


if __name__ == "__main__":
    main()
