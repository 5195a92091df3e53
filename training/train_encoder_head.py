"""Learn the sentence reader's head (``factcheck/suggestions/encoder_head.json``).

Run from the repository root, after ``training.train_suggester`` (whose out-of-fold lexical
scores it stacks on) and ``training.distill_static`` (the word-piece table it reads with)::

    .venv/bin/python -m training.train_suggester --oof /tmp/oof.json
    .venv/bin/python -m training.train_encoder_head --oof /tmp/oof.json

Needs the ``training`` extra (scikit-learn); the vectors are the runtime ones
(:func:`factcheck.suggestions.static.encode`), so what is learned here is what runs.

1. A logistic regression on the sentence vectors of the training split (ClaimBuster 80%,
   CheckThat training debates with their own intercept, our news sentences weighted
   ``NEWS_REPEATS`` times as in the lexical model); its strength C is chosen by 5-fold
   cross-validation (log-loss) on the training split only.
2. Its out-of-fold log-odds and the lexical scorer's out-of-fold log-odds are combined by a
   second logistic regression (3 numbers), whose intercept is then moved by log(neg/pos) so the
   score is the probability for a desk seeing as many check-worthy sentences as not.
3. The reader is not asked where the lexical pass is already sure a sentence is not
   check-worthy: ``read_from`` is the largest lexical score in ``FLOORS`` below which, out of
   fold, leaving the lexical score costs no ClaimBuster F1 (there the reader mostly lifted
   characterisations such as "The president called it dangerous.").
4. The threshold maximises balanced F1 (each check-worthy sentence weighted neg/pos: a desk
   seeing as many check-worthy sentences as not) on the out-of-fold ClaimBuster predictions,
   framed and unread sentences keeping their lexical score as they do at run time.

Held-out figures (never used for any choice above) are printed through the runtime path.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from factcheck.suggestions import score_sentences, semantic, static
from factcheck.suggestions.scorer import score_sentence
from training.suggest_data import DEFAULT_DATA, SEED, Example, heldout_figures, load_splits
from training.train_suggester import NEWS_REPEATS, _balanced_f1, best_f1_threshold

C_GRID = (1.0, 3.0, 10.0, 30.0, 100.0)
FLOORS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3)


def _floor_and_threshold(
    lexical: np.ndarray, combined: np.ndarray, labels: np.ndarray, debates: np.ndarray
) -> tuple[float, float]:
    """The highest lexical floor that costs no out-of-fold F1, and its threshold."""
    found = []
    for floor in FLOORS:
        scores = np.where(lexical < floor, lexical, combined)[debates].tolist()
        cut = best_f1_threshold(scores, labels[debates].tolist())
        found.append((round(_balanced_f1(scores, labels[debates].tolist(), cut), 3), floor, cut))
    best = max(f1 for f1, _, _ in found)
    return max((floor, cut) for f1, floor, cut in found if f1 >= best)


def _design(examples: Sequence[Example]) -> np.ndarray:
    """Vectors plus a CheckThat indicator column (its own intercept, dropped at run time)."""
    x = static.encode([e.text for e in examples])
    source = np.array([[1.0 if e.source == "checkthat" else 0.0] for e in examples])
    return np.hstack([x, source]).astype(np.float64)


def main(argv: Sequence[str] | None = None) -> None:
    """Fit, choose, write the head and print held-out figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--oof", type=Path, required=True, help="from train_suggester --oof")
    parser.add_argument("--out", type=Path, default=semantic.HEAD_PATH)
    args = parser.parse_args(argv)
    splits = load_splits(args.data)
    train = splits.train
    x = _design(train)
    y = np.array([e.label for e in train])
    weight = np.array([NEWS_REPEATS if e.source == "news" else 1.0 for e in train])
    folds = StratifiedKFold(5, shuffle=True, random_state=SEED)

    def loss(c: float) -> float:
        z = cross_val_predict(
            LogisticRegression(C=c, max_iter=2000), x, y, cv=folds, method="decision_function",
            params={"sample_weight": weight},
        )
        return float(np.average(np.logaddexp(0, -z * (2 * y - 1)), weights=weight))

    best_c = min(C_GRID, key=loss)
    z_enc = cross_val_predict(
        LogisticRegression(C=best_c, max_iter=2000), x, y, cv=folds, method="decision_function",
        params={"sample_weight": weight},
    )
    encoder = LogisticRegression(C=best_c, max_iter=2000).fit(x, y, sample_weight=weight)

    oof = json.loads(args.oof.read_text(encoding="utf-8"))
    rows = [i for i, e in enumerate(train) if e.source != "checkthat"]
    lexical = np.array([oof[train[i].text] for i in rows])
    stack_x = np.column_stack([[semantic.logit(p) for p in lexical], z_enc[rows]])
    stack_y = y[rows]
    stack = LogisticRegression(C=100.0, max_iter=2000).fit(
        stack_x, stack_y, sample_weight=weight[rows]
    )
    positives = int(stack_y.sum())
    shift = math.log((len(stack_y) - positives) / positives)
    combined = stack.decision_function(stack_x) + shift
    combined_p = 1 / (1 + np.exp(-combined))
    # As at run time: a framed (or unreadable) sentence keeps its lexical score.
    framed = np.array(
        [score_sentence(train[i].text).framed or not static.readable(train[i].text) for i in rows]
    )
    combined_p = np.where(framed, lexical, combined_p)
    debates = np.array([train[i].source == "claimbuster" for i in rows])
    read_from, threshold = _floor_and_threshold(lexical, combined_p, stack_y, debates)

    payload = {
        "about": "Written by training/train_encoder_head.py; do not edit by hand.",
        "model_id": static.MODEL_ID,
        "seed": SEED,
        "C": best_c,
        "lexical_weight": round(float(stack.coef_[0][0]), 5),
        "semantic_weight": round(float(stack.coef_[0][1]), 5),
        "bias": round(float(stack.intercept_[0]) + shift, 5),
        "threshold": round(threshold, 4),
        "threshold_rule": "max balanced F1 on out-of-fold ClaimBuster training predictions",
        "read_from": read_from,
        "vector_bias": round(float(encoder.intercept_[0]) + shift, 5),
        "vector": [round(float(v), 5) for v in encoder.coef_[0][:-1]],
    }
    args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    semantic.load_head.cache_clear()
    print(json.dumps({k: v for k, v in payload.items() if k != "vector"}, indent=1))

    def score(texts: list[str]) -> list[tuple[float, bool]]:
        return [(v.score, v.suggested) for v in score_sentences(texts)]

    print(json.dumps(heldout_figures(splits, score), indent=1))


if __name__ == "__main__":
    main()
