"""Learn the claim-suggestion weights from public check-worthiness data.

Run from the repository root::

    .venv/bin/python -m training.train_suggester [--data ../shared/data/checkworthiness]

Reads ClaimBuster and CLEF CheckThat! 2019 (never committed here), fits a
logistic regression over the readable features of
``factcheck.suggestions.features`` plus a lexicon of indicative words, picks
the suggestion threshold on the training split, writes
``factcheck/suggestions/weights.json`` and prints figures on held-out data:

- ClaimBuster: a stratified 80/20 split with a fixed seed (classification);
- CheckThat 2019: whole debates held out (ranking, mean average precision).

The two sets disagree about how common check-worthy sentences are (25% versus
3%), so each gets its own intercept during training; only the ClaimBuster one
is kept, since news articles are dense with claims like ClaimBuster.  Weights
have Gaussian priors: zero for most, negative for the opinion/framing/prediction
cues the desk's definition excludes (see ``PRIOR_MEANS``), which debates almost
never contain.  The optimiser is plain-Python Adagrad, so the project needs no
numerical library.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from factcheck.suggestions.features import analyse
from factcheck.suggestions.lexicons import WORDS
from factcheck.suggestions.scorer import WEIGHTS_PATH, Model, score_sentence
from training.suggest_data import (
    DEFAULT_DATA,
    SEED,
    Example,
    heldout_figures,
    load_splits,
)

# ClaimBuster, whose intercept is kept, is 1:3; the desk is 1:1 (log-odds shift log 3).
BALANCE_SHIFT = math.log(3.0)
# Our news sentences are few beside 18,000 debate lines: each counts this many times.
NEWS_REPEATS = 10
MIN_WORD_COUNT = 12
EPOCHS = 12
LEARNING_RATE = 0.1
# Gaussian priors on the weights, as total penalty per epoch (see ``fit``).
PRIOR_STRENGTH_FEATURE = 10.0
PRIOR_STRENGTH_WORD = 8.0
MIN_WORD_WEIGHT = 0.25
# The desk's definition says opinion, framing, analysis and predictions are
# not check-worthy.  Debates almost never use the vocabulary of news framing
# ("stressed", "underscored", "narrative": 5 of 24,000 sentences), so the data
# cannot estimate those weights; the prior carries the definition instead and
# the data overrides it wherever it has something to say.
PRIOR_MEANS = {
    "emphasis_verb": -1.0,
    "framing_noun": -1.0,
    "commentary": -1.0,
    "opinion": -1.0,
    "counterfactual": -1.0,
    "hedge": -0.5,
    "modal_future": -0.5,
    "subjective": -0.5,
    "prescriptive": -0.5,
}
# Words too common or too grammatical to be read as a reason.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing don't down during
    each few for from further had has have having he he's her here hers herself him
    himself his how i i'm i've i'd i'll if in into is it it's its itself just let's me
    more most my myself no nor not now of off on once only or other our ours ourselves
    out over own same she should so some such than that that's the their theirs them
    themselves then there there's these they they're this those through to too under
    until up very was we we're we've were what when where which while who whom why will
    with would you you're your yours yourself yourselves
    """.split()
)
CHECKTHAT_INTERCEPT = "source:checkthat"


def featurise(text: str) -> dict[str, float]:
    """Return the model inputs for one sentence, words prefixed with ``w:``."""
    analysis = analyse(text)
    values = {f.name: f.value for f in analysis.features}
    for word in analysis.words:
        if word not in STOPWORDS:
            values["w:" + word] = 1.0
    return values


def _sigmoid(z: float) -> float:
    """Logistic function that never overflows."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def fit(
    rows: Sequence[tuple[dict[str, float], int]], vocabulary: set[str], seed: int = SEED
) -> tuple[float, dict[str, float]]:
    """Fit logistic regression with Adagrad; return (intercept, weights).

    Each weight has a Gaussian prior (mean from ``PRIOR_MEANS``, else 0).  The
    prior's pull is spread over the feature's occurrences so that its total
    per epoch does not depend on how common the feature is: a rare feature
    stays near its prior, a common one follows the data.  Words outside
    ``vocabulary`` are ignored and have a stronger prior towards zero.
    """
    prepared = [
        ([(k, v) for k, v in x.items() if not k.startswith("w:") or k in vocabulary], y)
        for x, y in rows
    ]
    counts = Counter(k for items, _ in prepared for k, _ in items)
    pull = {
        k: (PRIOR_STRENGTH_WORD if k.startswith("w:") else PRIOR_STRENGTH_FEATURE) / n
        for k, n in counts.items()
    }
    weights: dict[str, float] = {k: PRIOR_MEANS.get(k, 0.0) for k in counts}
    squares: dict[str, float] = dict.fromkeys(counts, 1e-8)
    bias = 0.0
    bias_square = 1e-8
    order = list(range(len(prepared)))
    rng = random.Random(seed)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for index in order:
            items, label = prepared[index]
            z = bias + sum(weights[k] * v for k, v in items)
            error = _sigmoid(z) - label
            bias_square += error * error
            bias -= LEARNING_RATE * error / math.sqrt(bias_square)
            for key, value in items:
                gradient = error * value + pull[key] * (weights[key] - PRIOR_MEANS.get(key, 0.0))
                squares[key] += gradient * gradient
                weights[key] -= LEARNING_RATE * gradient / math.sqrt(squares[key])
    return bias, weights


def _rows(examples: Sequence[Example]) -> list[tuple[dict[str, float], int]]:
    """Featurise examples, marking CheckThat ones with their own intercept."""
    rows = []
    for example in examples:
        x = featurise(example.text)
        if example.source == "checkthat":
            x[CHECKTHAT_INTERCEPT] = 1.0
        for _ in range(NEWS_REPEATS if example.source == "news" else 1):
            rows.append((x, example.label))
    return rows


def _covered_by_feature(word: str) -> bool:
    """Say whether a readable feature already fires on ``word`` by itself.

    Such words stay out of the lexicon so that one cue is not counted twice
    (and a prior on, say, "suggested" is not undone by a lexicon entry).
    """
    return word in WORDS


def _vocabulary(rows: Sequence[tuple[dict[str, float], int]]) -> set[str]:
    """Words seen in at least ``MIN_WORD_COUNT`` training sentences."""
    counts = Counter(k for x, _ in rows for k in x if k.startswith("w:"))
    return {k for k, n in counts.items() if n >= MIN_WORD_COUNT and not _covered_by_feature(k[2:])}


def _to_model(bias: float, weights: dict[str, float], threshold: float) -> Model:
    """Keep the readable features and the words whose weight matters.

    The intercept is moved by ``BALANCE_SHIFT`` so that the score reads as the probability
    of check-worthiness for a desk seeing as many check-worthy sentences as not.
    """
    return Model(
        bias=bias + BALANCE_SHIFT,
        threshold=threshold,
        weights={k: round(weights.get(k, 0.0), 4) for k in _feature_names()},
        lexicon={
            k[2:]: round(w, 4)
            for k, w in sorted(weights.items())
            if k.startswith("w:") and abs(w) >= MIN_WORD_WEIGHT
        },
    )


def _feature_names() -> list[str]:
    """Every non-word feature name ``analyse`` can produce."""
    from factcheck.suggestions.features import LABELS

    return list(LABELS)


def best_f1_threshold(scores: Sequence[float], labels: Sequence[int]) -> float:
    """The score cut-off that maximises *balanced* F1 on the given predictions.

    Each positive is weighted by negatives/positives, so the cut-off is the best one for a
    desk that sees as many check-worthy sentences as not (the training data is 1:3).
    """
    ranked = sorted(zip(scores, labels, strict=True), reverse=True)
    positives = sum(labels)
    weight = (len(labels) - positives) / positives
    best, cut, hits = -1.0, 0.5, 0
    for rank, (score, label) in enumerate(ranked, start=1):
        hits += label
        f1 = 2 * hits * weight / (hits * weight + (rank - hits) + positives * weight)
        if f1 > best:
            best, cut = f1, score
    return cut


def out_of_fold(examples: Sequence[Example], folds: int = 3) -> dict[str, float]:
    """Lexical scores of every ClaimBuster and news training sentence, each from a model
    that did not see it (CheckThat debates always train).  Keyed by sentence text."""
    rotating = [e for e in examples if e.source != "checkthat"]
    fixed = [e for e in examples if e.source == "checkthat"]
    scores: dict[str, float] = {}
    for fold in range(folds):
        held = rotating[fold::folds]
        rows = _rows([e for i, e in enumerate(rotating) if i % folds != fold] + fixed)
        bias, weights = fit(rows, _vocabulary(rows))
        model = _to_model(bias, weights, 0.5)
        scores.update((e.text, score_sentence(e.text, model=model).score) for e in held)
    return scores


def _balanced_f1(scores: Sequence[float], labels: Sequence[int], cut: float) -> float:
    positives = sum(labels)
    weight = (len(labels) - positives) / positives
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= cut and y)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= cut and not y)
    return 2 * tp * weight / (tp * weight + fp + positives * weight)


def desk_threshold(scores: Sequence[float], labels: Sequence[int], news: Sequence[bool]) -> float:
    """The cut-off maximising the mean of balanced F1 on debate sentences (ClaimBuster) and on
    news sentences: the desk reads news, and sees as many check-worthy sentences as not."""
    groups = [
        ([s for s, n in zip(scores, news, strict=True) if n == flag],
         [y for y, n in zip(labels, news, strict=True) if n == flag])
        for flag in (False, True)
    ]
    candidates = sorted(set(round(s, 3) for s in scores))
    return max(
        candidates,
        key=lambda cut: sum(_balanced_f1(g_s, g_y, cut) for g_s, g_y in groups) / 2,
    )


def choose_threshold(examples: Sequence[Example], oof: dict[str, float]) -> float:
    """:func:`desk_threshold` on out-of-fold ClaimBuster and news training predictions."""
    held = [e for e in examples if e.source != "checkthat"]
    return desk_threshold(
        [oof[e.text] for e in held], [e.label for e in held], [e.source == "news" for e in held]
    )


def runtime_scorer(model: Model):  # type: ignore[no-untyped-def]
    """Score text through the runtime scorer with ``model``."""

    def score(texts: list[str]) -> list[tuple[float, bool]]:
        verdicts = (score_sentence(text, model=model) for text in texts)
        return [(v.score, v.suggested) for v in verdicts]

    return score


def main(argv: Sequence[str] | None = None) -> None:
    """Train, pick the threshold, write weights.json and print held-out figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="checkworthiness folder")
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH, help="weights.json to write")
    parser.add_argument(
        "--oof", type=Path, help="also write out-of-fold lexical scores (train_encoder_head)"
    )
    args = parser.parse_args(argv)
    splits = load_splits(args.data)
    train = splits.train
    oof = out_of_fold(train)
    if args.oof:
        args.oof.write_text(json.dumps(oof, ensure_ascii=False), encoding="utf-8")
    threshold = choose_threshold(train, oof)
    rows = _rows(train)
    bias, weights = fit(rows, _vocabulary(rows))
    model = _to_model(bias, weights, threshold)
    figures = heldout_figures(splits, runtime_scorer(model))
    payload = {
        "about": "Written by training/train_suggester.py; do not edit by hand.",
        "seed": SEED,
        "split": {
            "claimbuster": "stratified 80/20 by label, random.Random(seed)",
            "checkthat2019_heldout_files": sorted({e.group for e in splits.checkthat_test}),
            "news_en": "stratified 70/30 by label, random.Random(seed); Russian never trained on",
        },
        "training_sentences": len(train),
        "threshold_rule": "max mean(balanced F1 on ClaimBuster, F1 on news), 3-fold out-of-fold",
        "heldout": figures,
        "bias": model.bias,
        "threshold": round(threshold, 4),
        "weights": model.weights,
        "lexicon": model.lexicon,
    }
    args.out.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"trained on {len(train)} sentences; threshold {threshold:.3f}; "
        f"{len(model.lexicon)} lexicon words; wrote {args.out}"
    )
    for name, value in sorted(model.weights.items(), key=lambda kv: -kv[1]):
        print(f"  {value:+.3f}  {name}")
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
