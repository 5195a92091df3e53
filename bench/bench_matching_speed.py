"""How fast "already checked" matching is on a large desk, and whether it still finds the claim.

Run from the repository root::

    .venv/bin/python -m bench.bench_matching_speed [--claims 100000] [--queries 300]

Generates ``--claims`` synthetic news claims (templates filled with figures and with topic words
drawn from a 40,000-word vocabulary with Zipf-like frequencies, see bench/matching_db.py) into a
throwaway SQLite database and a throwaway PostgreSQL database, both migrated so the real
``claim_search`` index is used. One claim in ten also gets a look-alike stored beside it (another
figure or another place), as desks receive variants of the same story.

Half the queries are paraphrases of stored claims (figures printed differently, synonyms, an
attribution added, a word moved): the stored claim is their planted duplicate. The other half are
fresh claims. It prints p50/p95 of ``find_similar(text, limit=5)`` per backend and the recall@5
of the planted duplicates at the display threshold. The target is p95 ≤ 20 ms at 100,000 claims.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from sqlalchemy import text

from bench.matching_db import (
    add_claims,
    paraphrase,
    synthetic_statement,
    throwaway_database,
    variant,
)
from factcheck.matching import find_similar


def _desk(claims: int) -> list[str]:
    """``claims`` statements: originals, each tenth followed by its look-alike."""
    statements: list[str] = []
    while len(statements) < claims:
        statements.append(synthetic_statement())
        if len(statements) % 10 == 1 and len(statements) < claims:
            statements.append(variant(statements[-1]))
    return statements


def _queries(stored: list[str], count: int) -> list[tuple[str, int | None]]:
    """Query texts with the index (in ``stored``) of their planted duplicate, or ``None``."""
    queries: list[tuple[str, int | None]] = []
    for i in range(count):
        if i % 2:
            queries.append((synthetic_statement(), None))
        else:
            position = random.randrange(len(stored))
            queries.append((paraphrase(stored[position]), position))
    return queries


def run(kind: str, claims: int, queries: int) -> None:
    """Populate one backend and print its latency and recall figures."""
    random.seed(20)
    statements = _desk(claims)
    with throwaway_database(kind) as session:
        started = time.perf_counter()
        ids = add_claims(session, statements)
        if kind == "postgresql":
            session.execute(text("ANALYZE claims"))
            session.commit()
        loaded = time.perf_counter() - started
        texts = _queries(statements, queries)
        for query, _ in texts[:20]:  # warm caches
            find_similar(session, query)
        timings = []
        found = planted = 0
        for query, position in texts:
            t0 = time.perf_counter()
            matches = find_similar(session, query, limit=5)
            timings.append((time.perf_counter() - t0) * 1000)
            if position is not None:
                planted += 1
                found += ids[position] in {m.claim.id for m in matches}
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{kind:10} {claims:,} claims (loaded in {loaded:.0f} s): "
              f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
              f"max {timings[-1]:.1f} ms over {len(timings)} queries; "
              f"planted duplicates in the top 5: {found}/{planted} ({found / planted:.3f})")


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
