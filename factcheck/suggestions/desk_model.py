"""What this desk has taught the suggester: a small correction learned from its own decisions.

The shipped model (lexical weights plus the encoder head) comes from public debate data and
our labelled news sentences, which the desk does not have at hand and which stay the
foundation. ``flask suggest retrain`` learns a *correction* on top of it from the desk's own
decisions (suggestions rejected: not check-worthy; claims created from a selection of an
article: check-worthy)::

    z_desk = logit(shipped score) + bias + sum(weight[f] for each readable feature f)

Every weight starts at zero and is pulled back towards zero (an L2 prior), so with few
decisions the desk model stays the shipped one and only a consistent pattern in the desk's
decisions ("this desk never checks sentences naming an institution without a number") moves
it. The correction is kept only when it beats the current model on a held-out part of the
desk's own decisions (see :mod:`factcheck.operations.retrain`). Pure Python: no numpy needed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from .features import LABELS, analyse
from .scorer import Scored, reasons_for
from .semantic import logit, sigmoid

EPOCHS = 200
LEARNING_RATE = 0.1
L2 = 0.5
#: A desk weight smaller than this (in log-odds) is not shown as a reason.
_SHOWN = 0.15


@dataclass(frozen=True)
class DeskModel:
    """The desk's correction: an intercept and one weight per readable feature."""

    bias: float
    weights: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, stored in the database."""
        return {"bias": self.bias, "weights": self.weights}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeskModel:
        """Read the stored form back."""
        return cls(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()})


class Decision(NamedTuple):
    """One sentence the desk decided about: 1 = it became a claim, 0 = rejected."""

    text: str
    label: int


def _features(text: str) -> dict[str, float]:
    return {f.name: f.value for f in analyse(text).features}


def correct(verdict: Scored, text: str, model: DeskModel | None) -> Scored:
    """``verdict`` after the desk's correction (unchanged without one, or for furniture)."""
    if model is None or verdict.furniture:
        return verdict
    features = _features(text)
    share = model.bias + sum(model.weights.get(k, 0.0) * v for k, v in features.items())
    score = round(sigmoid(logit(verdict.score) + share), 4)
    threshold = verdict.threshold
    suggested = score >= threshold
    if abs(share) < _SHOWN:
        return Scored(score, suggested, verdict.reasons, verdict.contributions, False, threshold)
    moved = sorted(
        (k for k in features if abs(model.weights.get(k, 0.0)) >= _SHOWN),
        key=lambda k: -abs(model.weights[k]),
    )
    evidence = ", ".join(LABELS[k] for k in moved[:3]) or "all sentences"
    label = "this desk usually checks such sentences" if share > 0 else (
        "this desk usually rejects such sentences"
    )
    contributions = (*verdict.contributions, (share, label, evidence))
    return Scored(
        score, suggested, reasons_for(contributions, suggested), contributions, False, threshold
    )


def fit(decisions: Sequence[Decision], base_scores: Sequence[float]) -> DeskModel:
    """Learn the correction by gradient descent on the regularised log-loss."""
    rows = [
        (_features(d.text), logit(s), d.label)
        for d, s in zip(decisions, base_scores, strict=True)
    ]
    bias, weights = 0.0, dict.fromkeys(LABELS, 0.0)
    n = max(len(rows), 1)
    for _ in range(EPOCHS):
        grad_bias, grads = 0.0, dict.fromkeys(LABELS, 0.0)
        for features, base, label in rows:
            z = base + bias + sum(weights[k] * v for k, v in features.items())
            error = sigmoid(z) - label
            grad_bias += error
            for k, v in features.items():
                grads[k] += error * v
        bias -= LEARNING_RATE * (grad_bias / n + L2 * bias / n)
        for k in weights:
            weights[k] -= LEARNING_RATE * (grads[k] / n + L2 * weights[k] / n)
    return DeskModel(round(bias, 4), {k: round(w, 4) for k, w in weights.items() if w})


def figures(
    labels: Sequence[int], scores: Sequence[float], thresholds: Sequence[float]
) -> dict[str, float]:
    """Log-loss, accuracy, precision, recall and F1 of scores against the desk's decisions
    (each score judged against the threshold it was decided with)."""
    tp = fp = fn = correct_ = 0
    loss = 0.0
    for label, score, threshold in zip(labels, scores, thresholds, strict=True):
        p = min(max(score, 1e-6), 1 - 1e-6)
        loss -= math.log(p if label else 1 - p)
        flagged = score >= threshold
        tp += flagged and label == 1
        fp += flagged and label == 0
        fn += (not flagged) and label == 1
        correct_ += flagged == bool(label)
    n = max(len(labels), 1)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "decisions": len(labels),
        "log_loss": round(loss / n, 4),
        "accuracy": round(correct_ / n, 3),
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }
