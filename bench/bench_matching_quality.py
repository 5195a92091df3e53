"""How well "already checked" matching finds the same claim and ignores look-alikes.

Run from the repository root::

    .venv/bin/python -m bench.bench_matching_quality [--distractors 2000]

On the pairs in ``tests/data/claim_pairs.json`` it prints:

- recall@5: for each pair labelled ``same``, is ``b`` among the top five results of
  ``find_similar(a)`` over a SQLite desk holding every ``b`` plus synthetic distractor claims
  (through the real index and re-rank, no score threshold);
- precision and recall at the display threshold: every pair is scored directly and counted as
  shown when the score reaches ``DISPLAY_THRESHOLD``; precision = shown ``same`` / all shown;
- how many pairs the desk shows below the matches, flagged "different figures" (they would have
  reached the threshold but for a differing number): shown so a differing figure is never
  hidden, never offered as the same claim.

Mistakes are listed so the threshold and the synonym list can be argued about with examples.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from bench.matching_db import add_claims, synthetic_statement, throwaway_database
from factcheck.matching import DISPLAY_THRESHOLD, find_similar, similarity

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "data" / "claim_pairs.json"


def load_pairs(path: Path = PAIRS) -> list[dict[str, str]]:
    """The labelled pairs."""
    return json.loads(path.read_text(encoding="utf-8"))["pairs"]


def threshold_figures(pairs: list[dict[str, str]], threshold: float) -> dict[str, object]:
    """Precision and recall when pairs scoring at least ``threshold`` are shown."""
    shown_same = shown_different = missed = 0
    flagged = {"same": 0, "different": 0}
    mistakes = []
    for pair in pairs:
        comparison = similarity(pair["a"], pair["b"])
        score = comparison.score
        shown = score >= threshold
        if not shown and comparison.numbers_differ and comparison.score_before_figures >= threshold:
            flagged[pair["label"]] += 1
        if pair["label"] == "same":
            shown_same += shown
            missed += not shown
        else:
            shown_different += shown
        if shown != (pair["label"] == "same"):
            mistakes.append((score, pair))
    shown = shown_same + shown_different
    return {
        "precision": shown_same / shown if shown else 1.0,
        "recall": shown_same / (shown_same + missed) if shown_same + missed else 1.0,
        "mistakes": mistakes,
        "flagged": flagged,
    }


def recall_at_5(pairs: list[dict[str, str]], distractors: int) -> tuple[float, list[str]]:
    """Share of ``same`` pairs whose ``b`` is in the top five for ``a`` on a populated desk."""
    random.seed(5)
    unique_b = list(dict.fromkeys(p["b"] for p in pairs))
    with throwaway_database("sqlite") as session:
        ids = dict(zip(unique_b, add_claims(session, unique_b), strict=True))
        add_claims(session, [synthetic_statement() for _ in range(distractors)])
        same = [p for p in pairs if p["label"] == "same"]
        misses = []
        for pair in same:
            found = [m.claim.id for m in find_similar(session, pair["a"], min_score=0.0)]
            if ids[pair["b"]] not in found:
                misses.append(pair["a"])
    return (len(same) - len(misses)) / len(same), misses


def main() -> None:
    """Print the figures and the mistakes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distractors", type=int, default=2_000)
    parser.add_argument("--threshold", type=float, default=DISPLAY_THRESHOLD)
    args = parser.parse_args()
    pairs = load_pairs()
    same = sum(p["label"] == "same" for p in pairs)
    print(f"{len(pairs)} pairs ({same} same, {len(pairs) - same} different); "
          f"{args.distractors} distractor claims")
    recall5, misses = recall_at_5(pairs, args.distractors)
    print(f"recall@5: {recall5:.3f}")
    for text in misses:
        print(f"  not in top 5: {text}")
    figures = threshold_figures(pairs, args.threshold)
    print(f"at display threshold {args.threshold}: precision {figures['precision']:.3f}, "
          f"recall {figures['recall']:.3f}")
    flagged = figures["flagged"]
    print(f"shown flagged as 'different figures' (not counted as matches): "
          f"{flagged['different']} different pairs, {flagged['same']} same pairs")  # type: ignore[index]
    for score, pair in figures["mistakes"]:  # type: ignore[attr-defined]
        print(f"  {pair['label']:9} {score:.3f}  {pair['a']}  |  {pair['b']}")


if __name__ == "__main__":
    main()
