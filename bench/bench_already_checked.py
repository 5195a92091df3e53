"""MAP@5 of "already checked" on social-media posts it was never tuned on, through the CLIs.

Run from the repository root (the data is public but not shipped; ``--data`` points at it)::

    .venv/bin/python -m bench.bench_already_checked [--data ../shared/data/matching]
        [--part held-out|tuning|all] [--database postgresql://…]

Exactly what a newsroom's script would do: the 10,373 verified claims (CheckThat! 2020 task 2)
are written as a schema.org DataFeed of ClaimReview, imported into a fresh database with
``flask factchecks import``, and the posts are run through ``flask match --limit 5``. MAP@5 is
computed from the fact-check URLs it prints.

The split (fixed, documented so it can be repeated): the 800 training posts in file order are
shuffled with ``random.Random(14)``; the first 500 are the tuning part (every weight in
``factcheck/matching/checked.py`` and the cleaning rules were chosen on them only), the other
300 are the held-out part reported here. It also prints the import time and rate.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Hashable, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = next((p / "shared" / "data" / "matching" for p in (ROOT.parent, ROOT.parent.parent)
             if (p / "shared" / "data" / "matching").is_dir()), ROOT.parent / "shared")
SEED = 14
TUNING = 500
URL = "https://verified.example/claims/{}"


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a CheckThat! TSV after its header (tweets contain bare quotes)."""
    csv.field_size_limit(10**8)
    with path.open(encoding="utf-8", newline="") as handle:
        quoting = csv.QUOTE_NONE if "queries" in path.name else csv.QUOTE_MINIMAL
        return list(csv.reader(handle, delimiter="\t", quoting=quoting))[1:]


def split(queries: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """(tuning, held-out) parts of the training posts."""
    order = list(range(len(queries)))
    random.Random(SEED).shuffle(order)
    return [queries[i] for i in order[:TUNING]], [queries[i] for i in order[TUNING:]]


def data_feed(claims: list[list[str]]) -> dict[str, object]:
    """The verified claims as a DataFeed of ClaimReview, as a fact-checker would publish it."""
    return {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [
        {"@type": "DataFeedItem", "item": {
            "@type": "ClaimReview", "url": URL.format(vclaim_id), "claimReviewed": vclaim,
            "headline": title, "author": {"@type": "Organization", "name": "Snopes"},
            "reviewRating": {"@type": "Rating", "alternateName": "Checked"},
        }}
        for vclaim_id, vclaim, title in claims
    ]}


def average_precision(ranked: Sequence[Hashable], relevant: AbstractSet[Hashable],
                      k: int = 5) -> float:
    """AP@k as CheckThat! 2020 computed it."""
    hits, total = 0, 0.0
    for position, url in enumerate(ranked[:k], start=1):
        if url in relevant:
            hits += 1
            total += hits / position
    return total / min(len(relevant), k) if relevant else 0.0


def flask(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    """Run a ``flask`` command of this project and return what it printed."""
    result = subprocess.run(  # noqa: S603 (our own interpreter and fixed arguments)
        [sys.executable, "-m", "flask", "--app", "app", *args], input=stdin, env=env,
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    return result.stdout


def main() -> None:
    """Import, match, print MAP@5 and the import speed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--part", choices=["held-out", "tuning", "all"], default="held-out")
    parser.add_argument("--database", help="an empty database URL (default: a fresh SQLite)")
    parser.add_argument("--no-import", action="store_true",
                        help="match against --database as it is (already imported)")
    args = parser.parse_args()
    claims = read_tsv(args.data / "verified-claims.tsv")
    queries = read_tsv(args.data / "train-queries.tsv")
    relevant: dict[str, set[str]] = {}
    for line in (args.data / "train-pairs.qrels").read_text().split("\n"):
        if line.strip():
            tweet, _, vclaim, _ = line.split()
            relevant.setdefault(tweet, set()).add(URL.format(vclaim))
    tuning, held_out = split(queries)
    chosen = {"held-out": held_out, "tuning": tuning, "all": queries}[args.part]
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": args.database or f"sqlite:///{folder}/bench.sqlite",
               "HF_HUB_OFFLINE": "1"}
        flask(env, "db", "upgrade")
        feed = Path(folder) / "feed.json"
        feed.write_text(json.dumps(data_feed(claims)), encoding="utf-8")
        started = time.perf_counter()
        summary = "skipped (--no-import)"
        if not args.no_import:
            summary = flask(env, "factchecks", "import", str(feed)).splitlines()[0]
        imported_in = time.perf_counter() - started
        lines = "\n".join(" ".join(text.split()) for _, text in chosen) + "\n"
        started = time.perf_counter()
        printed = flask(env, "match", "-", "--limit", "5", stdin=lines).splitlines()
        matched_in = time.perf_counter() - started
    scores = []
    for (tweet, _), line in zip(chosen, printed, strict=True):
        ranked = [m["url"] for m in json.loads(line)["matches"]]
        scores.append(average_precision(ranked, relevant[tweet]))
    if not args.no_import:
        print(f"import: {summary} in {imported_in:.1f} s "
              f"({len(claims) / imported_in:.0f} fact-checks/s incl. embeddings)")
    print(f"match: {len(chosen)} posts in {matched_in:.1f} s (incl. loading the indexes)")
    print(f"MAP@5 on the {args.part} part ({len(chosen)} posts, seed {SEED}): "
          f"{sum(scores) / len(scores):.4f}")


if __name__ == "__main__":
    main()
