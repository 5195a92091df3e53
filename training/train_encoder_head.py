"""Learn the encoder head and its uncertain band (``factcheck/suggestions/encoder_head.json``).

Run from the repository root, after ``training.train_suggester`` (whose out-of-fold lexical
scores it stacks on)::

    .venv/bin/python -m training.train_suggester --oof /tmp/oof.json
    .venv/bin/python -m training.train_encoder_head --oof /tmp/oof.json [--cache /tmp/emb.npz]

Needs the ``training`` extra (scikit-learn); the encoder itself is the desk's packaged one
(:mod:`factcheck.embeddings`), so the vectors here are exactly the ones seen at run time.

1. A logistic regression on the 384-d sentence vectors of the training split (ClaimBuster
   80%, CheckThat training debates with their own intercept, our news sentences weighted
   ``NEWS_REPEATS`` times as in the lexical model); its strength C is chosen by 5-fold
   cross-validation on the training split only.
2. Its out-of-fold log-odds and the lexical scorer's out-of-fold log-odds are combined by a
   second logistic regression (3 numbers), whose intercept is then moved by log(neg/pos) so the
   score is the probability for a desk seeing as many check-worthy sentences as not.
3. The threshold maximises the mean of balanced F1 on ClaimBuster and F1 on news sentences,
   on those out-of-fold predictions (as the lexical threshold is chosen).
4. The band: the range of lexical scores holding the middle 95% of the out-of-fold sentences
   on which the lexical decision and the combined decision disagree.  Outside it the lexical
   decision stands and the encoder is not run.

Held-out figures (never used for any choice above) are printed through the runtime path.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from factcheck import embeddings
from factcheck.suggestions import score_sentences, semantic
from factcheck.suggestions.scorer import load_model
from training.suggest_data import DEFAULT_DATA, SEED, Example, heldout_figures, load_splits
from training.train_suggester import NEWS_REPEATS, desk_threshold

C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def vectors(texts: Sequence[str], cache: Path | None) -> np.ndarray:
    """Encoder vectors for ``texts``, reusing (and extending) an .npz cache keyed by text."""
    known: dict[str, np.ndarray] = {}
    if cache is not None and cache.exists():
        with np.load(cache) as stored:
            known = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
    missing = sorted({t for t in texts if _key(t) not in known})
    if missing:
        print(f"encoding {len(missing)} sentences...", flush=True)
        for text, vector in zip(missing, embeddings.encode(missing), strict=True):
            known[_key(text)] = vector
        if cache is not None:
            keys = sorted(known)
            np.savez(cache, keys=np.array(keys), vectors=np.stack([known[k] for k in keys]))
    return np.stack([known[_key(t)] for t in texts])


def _design(examples: Sequence[Example], cache: Path | None) -> np.ndarray:
    """Vectors plus a CheckThat indicator column (its own intercept, dropped at run time)."""
    x = vectors([e.text for e in examples], cache)
    source = np.array([[1.0 if e.source == "checkthat" else 0.0] for e in examples])
    return np.hstack([x, source]).astype(np.float64)


def main(argv: Sequence[str] | None = None) -> None:
    """Fit, choose, write the head and print held-out figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--oof", type=Path, required=True, help="from train_suggester --oof")
    parser.add_argument("--cache", type=Path, help="an .npz cache of sentence vectors")
    parser.add_argument("--out", type=Path, default=semantic.HEAD_PATH)
    args = parser.parse_args(argv)
    splits = load_splits(args.data)
    train = splits.train
    x = _design(train, args.cache)
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
    news = [train[i].source == "news" for i in rows]
    threshold = desk_threshold(combined_p.tolist(), stack_y.tolist(), news)

    lex_threshold = load_model().threshold
    disagree = lexical[(lexical >= lex_threshold) != (combined_p >= threshold)]
    low, high = (float(v) for v in np.quantile(disagree, [0.025, 0.975]))
    coverage = float(np.mean((lexical >= low) & (lexical <= high)))

    payload = {
        "about": "Written by training/train_encoder_head.py; do not edit by hand.",
        "model_id": embeddings.MODEL_ID,
        "seed": SEED,
        "C": best_c,
        "band_share_of_training_sentences": round(coverage, 3),
        "lexical_weight": round(float(stack.coef_[0][0]), 5),
        "semantic_weight": round(float(stack.coef_[0][1]), 5),
        "bias": round(float(stack.intercept_[0]) + shift, 5),
        "threshold": round(threshold, 4),
        "band": [round(low, 4), round(high, 4)],
        "vector_bias": round(float(encoder.intercept_[0]) + shift, 5),
        "vector": [round(float(v), 5) for v in encoder.coef_[0][: embeddings.DIMENSIONS]],
    }
    args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    semantic.load_head.cache_clear()
    print(json.dumps({k: v for k, v in payload.items() if k != "vector"}, indent=1))

    def score(texts: list[str]) -> list[tuple[float, bool]]:
        return [(v.score, v.suggested) for v in score_sentences(texts)]

    print(json.dumps(heldout_figures(splits, score), indent=1))


if __name__ == "__main__":
    main()
