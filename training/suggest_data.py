"""Data and figures shared by the suggester's training scripts and its benchmark.

One place defines the split, so the benchmark reports on exactly the sentences
training never saw:

- ClaimBuster: stratified 80/20 by label, ``random.Random(SEED)`` (held out: the 20%);
- CheckThat! 2019: whole debates held out (``CHECKTHAT_HELDOUT_FILES`` of them, chosen by
  shuffling the sorted file names with the same generator);
- our news sentences (``tests/data/news_sentences_en.json``): stratified 70/30 by label with
  ``random.Random(SEED)`` again; the Russian set is never trained on, only reported.

Figures are given as the data stands (1:3 for ClaimBuster) and *balanced*: positives weighted
so both classes count equally, which is what the desk sees (as many check-worthy sentences as
not) and what the shipped threshold is chosen for.
"""

from __future__ import annotations

import csv
import json
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = 20190
CHECKTHAT_HELDOUT_FILES = 5
NEWS_EN = REPO / "tests" / "data" / "news_sentences_en.json"
NEWS_RU = REPO / "tests" / "data" / "news_sentences_ru.json"


def shared_data(*parts: str) -> Path:
    """``../shared/data/<parts>`` beside the checkout (a worktree sits one level deeper)."""
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base.joinpath("shared", "data", *parts)
        if candidate.exists():
            return candidate
    return REPO.parent.joinpath("shared", "data", *parts)


DEFAULT_DATA = shared_data("checkworthiness")


@dataclass(frozen=True)
class Example:
    """One labelled sentence; ``group`` is the debate file for CheckThat."""

    text: str
    label: int
    source: str
    group: str


@dataclass(frozen=True)
class Splits:
    """Training and held-out examples for every labelled set."""

    claimbuster_train: list[Example]
    claimbuster_test: list[Example]
    checkthat_train: list[Example]
    checkthat_test: list[Example]
    news_train: list[Example]
    news_test: list[Example]
    russian: list[Example]

    @property
    def train(self) -> list[Example]:
        """Everything a model may learn from."""
        return self.claimbuster_train + self.checkthat_train + self.news_train


def _stratified(examples: list[Example], rng: random.Random, held: float) -> tuple[list, list]:
    train: list[Example] = []
    test: list[Example] = []
    for label in (0, 1):
        members = [e for e in examples if e.label == label]
        rng.shuffle(members)
        cut = int(len(members) * held)
        test.extend(members[:cut])
        train.extend(members[cut:])
    return train, test


def _news(path: Path, source: str) -> list[Example]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [Example(r["text"], int(r["label"]), source, r["kind"]) for r in rows]


def load_splits(data_dir: Path = DEFAULT_DATA, seed: int = SEED) -> Splits:
    """Read every set and split it the same way every time."""
    with (data_dir / "claimbuster-train.json").open(encoding="utf-8") as handle:
        rows = sorted(json.load(handle), key=lambda row: row["id"])
    cb = [Example(r["text"], int(r["label"]), "claimbuster", str(r["id"])) for r in rows]
    rng = random.Random(seed)
    cb_train, cb_test = _stratified(cb, rng, 0.2)
    with (data_dir / "checkthat2019-train.csv").open(encoding="utf-8", newline="") as handle:
        ct = [
            Example(r["text"], int(r["label"]), "checkthat", r["file_name"])
            for r in csv.DictReader(handle)
        ]
    files = sorted({e.group for e in ct})
    rng.shuffle(files)
    heldout = set(files[:CHECKTHAT_HELDOUT_FILES])
    news_train, news_test = _stratified(_news(NEWS_EN, "news"), random.Random(seed), 0.3)
    return Splits(
        cb_train,
        cb_test,
        [e for e in ct if e.group not in heldout],
        [e for e in ct if e.group in heldout],
        news_train,
        news_test,
        _news(NEWS_RU, "news_ru"),
    )


#: Scores a batch of sentences: (score, suggested) for each, in order.
Scorer = Callable[[list[str]], list[tuple[float, bool]]]


def _prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def classification(examples: Sequence[Example], score: Scorer) -> dict[str, float]:
    """Precision, recall and F1 of the suggested flag, as the data stands and balanced.

    Balanced figures weight each positive by (negatives / positives), i.e. they are the
    figures expected on a set with as many check-worthy sentences as not.
    """
    tp = fp = fn = 0
    verdicts = score([e.text for e in examples])
    for example, (_, suggested) in zip(examples, verdicts, strict=True):
        tp += suggested and example.label == 1
        fp += suggested and example.label == 0
        fn += (not suggested) and example.label == 1
    positives = sum(e.label for e in examples)
    weight = (len(examples) - positives) / positives if positives else 1.0
    precision, recall, f1 = _prf(tp, fp, fn)
    b_precision, _, b_f1 = _prf(tp * weight, fp, fn * weight)
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "balanced_precision": round(b_precision, 3),
        "balanced_f1": round(b_f1, 3),
        "sentences": len(examples),
        "checkworthy": positives,
    }


def average_precision(scores: Sequence[float], labels: Sequence[int]) -> float:
    """Average precision of a ranking by score (ties broken by input order)."""
    ranked = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, total = 0, 0.0
    for rank, index in enumerate(ranked, start=1):
        if labels[index]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def ranking(examples: Sequence[Example], score: Scorer) -> dict[str, float]:
    """Mean average precision per debate, as CheckThat 2019 task 1 scores it."""
    by_debate: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_debate[example.group].append(example)
    per_debate = {
        name: average_precision(
            [s for s, _ in score([e.text for e in rows])], [e.label for e in rows]
        )
        for name, rows in sorted(by_debate.items())
    }
    figures = {name: round(ap, 3) for name, ap in per_debate.items()}
    figures["MAP"] = round(sum(per_debate.values()) / len(per_debate), 3)
    return figures


def heldout_figures(splits: Splits, score: Scorer) -> dict[str, dict[str, float]]:
    """Every held-out figure for one scorer."""
    return {
        "claimbuster_test_20pct": classification(splits.claimbuster_test, score),
        "news_en_test_30pct": classification(splits.news_test, score),
        "russian_news": classification(splits.russian, score),
        "checkthat2019_heldout_debates": classification(splits.checkthat_test, score),
        "checkthat2019_heldout_map": ranking(splits.checkthat_test, score),
    }
