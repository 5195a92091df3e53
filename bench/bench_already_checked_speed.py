"""Speed and memory of "already checked" at scale, on SQLite and PostgreSQL.

Run from the repository root::

    .venv/bin/python -m bench.bench_already_checked_speed [--rows 100000] [--import-rows 10000]
        [--queries 200] [--databases sqlite postgresql]

For each database it prints:

- import: ``--import-rows`` synthetic ClaimReviews through the import service (parse-checked
  records, batched encoding of every claim, one flush), fact-checks per second;
- the corpus: ``--rows`` rows, half desk claims and half fact-checks, each with a stored vector
  (random unit vectors: the index cost does not depend on what they mean, and random ones are
  the hard case for HNSW); the time to build this process's indexes from the database and the
  memory they take (the usearch index's own figure and the growth of the process's RSS);
- lookups: p50/p95/max of ``find_checked(text, limit=5)`` for synthetic claims, including
  encoding the text with the real model and the per-lookup freshness check.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import numpy as np
from sqlalchemy import insert

from bench.matching_db import add_claims, synthetic_statement, throwaway_database
from factcheck import embeddings
from factcheck.factchecks.importing import import_reviews
from factcheck.factchecks.parsing import Review
from factcheck.matching import corpus as corpus_module
from factcheck.matching.checked import find_checked
from factcheck.models import ClaimVector, FactCheck, utcnow


def rss_mb() -> float:
    """Resident memory of this process in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def unit_vectors(count: int, rng: np.random.Generator) -> np.ndarray:
    vectors = rng.standard_normal((count, embeddings.DIMENSIONS)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def fill(session, rows: int, rng: np.random.Generator) -> None:  # type: ignore[no-untyped-def]
    """Half claims, half fact-checks, all with stored vectors (multi-row INSERTs)."""
    half = rows // 2
    claim_ids = add_claims(session, [synthetic_statement() for _ in range(half)])
    now = utcnow()
    for start in range(0, half, 2_000):
        ids = claim_ids[start:start + 2_000]
        vectors = unit_vectors(len(ids), rng)
        session.execute(insert(ClaimVector).values([
            {"claim_id": i, "embedding": v.tobytes(), "embedding_model": embeddings.MODEL_ID,
             "updated_at": now} for i, v in zip(ids, vectors, strict=True)]))
        vectors = unit_vectors(len(ids), rng)
        session.execute(insert(FactCheck).values([
            {"url": f"https://bench.example/{start + n}", "publisher": "Bench Check",
             "claim_reviewed": synthetic_statement(), "rating_text": "False",
             "imported_from": "bench", "imported_at": now, "updated_at": now,
             "embedding": v.tobytes(), "embedding_model": embeddings.MODEL_ID}
            for n, v in enumerate(vectors)]))
    session.commit()


def bench(kind: str, args: argparse.Namespace) -> None:
    rng = np.random.default_rng(14)
    random.seed(14)
    with throwaway_database(kind) as session:
        reviews = [Review(url=f"https://import.example/{n}", publisher="Import Check",
                          claim_reviewed=synthetic_statement(), rating_text="False")
                   for n in range(args.import_rows)]
        started = time.perf_counter()
        import_reviews(session, reviews, "bench")
        session.commit()
        took = time.perf_counter() - started
        print(f"[{kind}] import {args.import_rows} fact-checks incl. embeddings: {took:.1f} s "
              f"({args.import_rows / took:.0f}/s)")
        fill(session, args.rows, rng)
        corpus_module._corpora.clear()
        before = rss_mb()
        started = time.perf_counter()
        corpus = corpus_module.corpus_for(session)
        built = time.perf_counter() - started
        print(f"[{kind}] indexes over {len(corpus.keys)} rows built in {built:.1f} s; vector "
              f"index {corpus.memory_bytes() / 2**20:.1f} MB, process RSS +{rss_mb() - before:.0f}"
              f" MB (now {rss_mb():.0f} MB)")
        queries = [synthetic_statement() for _ in range(args.queries)]
        find_checked(session, queries[0])  # the model's first run is not a lookup
        times = []
        for text in queries:
            started = time.perf_counter()
            find_checked(session, text, 5)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"[{kind}] top-5 among {len(corpus.keys)}: p50 {statistics.median(times):.1f} ms, "
              f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms ({len(times)} lookups incl. encoding)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    for kind in args.databases:
        bench(kind, args)


if __name__ == "__main__":
    main()
