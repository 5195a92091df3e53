"""Benchmark the claim suggester: speed, seed-article quality, held-out quality.

Run from the repository root::

    .venv/bin/python -m bench.bench_suggest

Prints sentences per second on one core, the time to suggest a 1,000-word
article (median and p95), precision/recall/furniture on the hand-labelled
articles in ``../shared/data/claims`` (scored as its README says), and the
held-out figures on the public sets (same split as the training script).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from factcheck.suggestions import score_sentences, suggest_sentences
from factcheck.suggestions.scorer import load_model
from factcheck.suggestions.semantic import encoder_ready, load_head
from factcheck.suggestions.static import readable
from training.suggest_data import DEFAULT_DATA, heldout_figures, load_splits, shared_data

DEFAULT_CLAIMS = shared_data("claims")
DEFAULT_ARTICLES = shared_data("articles")

REQUIRED_SENTENCES_PER_SECOND = 5_000
REQUIRED_MS_PER_1000_WORDS = 300.0


def score_against_labels(
    suggested: Iterable[tuple[int, int]], spans: Sequence[dict[str, Any]]
) -> dict[str, int]:
    """Count hits, false positives, furniture and recalled spans for one article.

    A suggestion overlapping a ``checkworthy`` span is a hit; one overlapping
    only ``borderline`` spans is ignored; anything else is a false positive,
    and furniture ones are also counted on their own.
    """
    hits = false_positives = furniture = 0
    recalled: set[int] = set()
    for start, end in suggested:
        overlapping = [i for i, s in enumerate(spans) if s["start"] < end and start < s["end"]]
        labels = {spans[i]["label"] for i in overlapping}
        if "checkworthy" in labels:
            hits += 1
            recalled.update(i for i in overlapping if spans[i]["label"] == "checkworthy")
        elif labels == {"borderline"}:
            continue
        else:
            false_positives += 1
            furniture += "furniture" in labels
    checkworthy = sum(1 for s in spans if s["label"] == "checkworthy")
    return {
        "hits": hits,
        "false_positives": false_positives,
        "furniture": furniture,
        "recalled": len(recalled),
        "checkworthy": checkworthy,
    }


def seed_quality(labels: Sequence[dict[str, Any]], articles: Path) -> dict[str, float]:
    """Precision, recall and furniture suggested over all labelled articles."""
    totals = dict.fromkeys(("hits", "false_positives", "furniture", "recalled", "checkworthy"), 0)
    for article in labels:
        text = (articles / article["article"]).read_bytes().decode("utf-8")
        suggested = [(s.start, s.end) for s in suggest_sentences(text) if s.suggested]
        for key, value in score_against_labels(suggested, article["spans"]).items():
            totals[key] += value
    flagged = totals["hits"] + totals["false_positives"]
    return {
        "precision": round(totals["hits"] / flagged, 3) if flagged else 0.0,
        "recall": round(totals["recalled"] / totals["checkworthy"], 3),
        "furniture_suggested": totals["furniture"],
        **{k: v for k, v in totals.items() if k != "furniture"},
    }


def pin_to_one_core() -> None:
    """Run on a single CPU where the platform allows it, so figures are per core."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def sentences_per_second(texts: Sequence[str], rounds: int = 3) -> tuple[float, float]:
    """Throughput of the lexical path (split and score, no encoder) over many sentences, per
    second of this process's CPU time and per second of wall clock (best of ``rounds``)."""
    document = "\n".join(texts)
    count = len(suggest_sentences(document, use_encoder=False))
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(rounds):
        started, cpu_started = time.perf_counter(), time.process_time()
        suggest_sentences(document, use_encoder=False)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return count / min(cpu), count / min(wall)


def batch_scorer(use_encoder: bool) -> Any:
    """Score held-out sentences through the runtime path, with or without the encoder."""

    def score(texts: list[str]) -> list[tuple[float, bool]]:
        verdicts = score_sentences(texts, use_encoder=use_encoder)
        return [(v.score, v.suggested) for v in verdicts]

    return score


def article_of_words(text: str, words: int = 1_000) -> str:
    """The first ``words`` words of ``text``, keeping its layout, repeated if short."""
    while len(text.split()) < words:
        text = text + "\n\n" + text
    cut, seen = 0, 0
    for index, char in enumerate(text):
        if not char.isspace() and (index == 0 or text[index - 1].isspace()):
            seen += 1
            if seen > words:
                break
        cut = index + 1
    return text[:cut].rstrip()


def article_timings(article: str, runs: int = 30) -> tuple[float, float, float, float]:
    """Median and 95th-percentile milliseconds to suggest for ``article``: wall clock, and CPU
    time of this process (on a machine shared with other work, CPU time is what one core spent;
    the wall clock also counts the time other processes held the core)."""
    suggest_sentences(article)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        suggest_sentences(article)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    wall.sort()
    cpu.sort()
    p95 = int(0.95 * (runs - 1))
    return statistics.median(wall), wall[p95], statistics.median(cpu), cpu[p95]


def _timed(action: Any) -> float:
    """Seconds taken by one call of ``action``."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> None:
    """Print every figure and whether each requirement is met."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="checkworthiness folder")
    parser.add_argument("--claims", type=Path, default=DEFAULT_CLAIMS, help="hand labels folder")
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES, help="articles folder")
    args = parser.parse_args(argv)
    pin_to_one_core()
    load_model()

    splits = load_splits(args.data)
    heldout = splits.claimbuster_test + splits.checkthat_test
    rate, wall_rate = sentences_per_second([e.text for e in heldout])
    article_text = "\n\n".join(
        (args.articles / name).read_bytes().decode("utf-8")
        for name in sorted(p.name for p in args.articles.glob("*.txt"))
    )
    article = article_of_words(article_text)
    median, p95, cpu_median, cpu_p95 = article_timings(article)
    labels = json.loads((args.claims / "labels.json").read_text(encoding="utf-8"))
    seed = seed_quality(labels, args.articles)
    encoder = encoder_ready() and load_head() is not None
    lexical = heldout_figures(splits, batch_scorer(use_encoder=False))
    figures = heldout_figures(splits, batch_scorer(use_encoder=True)) if encoder else None
    read = 0.0
    if encoder:
        head = load_head()
        assert head is not None
        verdicts = score_sentences([e.text for e in heldout], use_encoder=False)
        read = sum(
            not v.furniture and not v.framed and v.score >= head.read_from and readable(e.text)
            for v, e in zip(verdicts, heldout, strict=True)
        ) / len(verdicts)

    ok = {
        "speed": rate >= REQUIRED_SENTENCES_PER_SECOND,
        "article": cpu_p95 <= REQUIRED_MS_PER_1000_WORDS,
        "seed": seed["precision"] >= 0.8
        and seed["recall"] >= 0.9
        and seed["furniture_suggested"] == 0,
    }
    print(
        f"speed: {rate:,.0f} sentences per CPU second on one core over {len(heldout):,} "
        f"held-out sentences (need >= {REQUIRED_SENTENCES_PER_SECOND:,}) "
        f"{'OK' if ok['speed'] else 'FAIL'}; wall clock {wall_rate:,.0f}/s"
    )
    print(
        f"1,000-word article ({len(article.split())} words, "
        f"{len(suggest_sentences(article))} sentences, sentence reader included): CPU median "
        f"{cpu_median:.1f} ms, p95 {cpu_p95:.1f} ms (need <= {REQUIRED_MS_PER_1000_WORDS:.0f} ms) "
        f"{'OK' if ok['article'] else 'FAIL'}; wall clock median {median:.1f} ms, p95 {p95:.1f} ms "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    print(
        f"seed articles: precision {seed['precision']:.3f} (need >= 0.8), recall "
        f"{seed['recall']:.3f} (need >= 0.9), furniture suggested "
        f"{seed['furniture_suggested']} (need 0) {'OK' if ok['seed'] else 'FAIL'}"
    )
    print(f"  {json.dumps(seed)}")
    print(
        f"sentence reader: {'on' if encoder else 'NOT AVAILABLE (lexical path only)'}; "
        f"{read:.1%} of held-out sentences are read (the rest: furniture, framed, "
        f"lexically sure or not English)"
    )
    print("held-out figures, lexical path only (nothing here was trained or tuned on):")
    print(json.dumps(lexical, indent=1))
    if figures is not None:
        print("held-out figures, shipped path (lexical + sentence reader):")
        print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
