"""Score one sentence for check-worthiness and say why.

The model is a logistic regression over the readable features in
``features.py`` plus a small lexicon of indicative words, with weights learned
by ``training/train_suggester.py`` and stored in ``weights.json`` next to this
module.  Because the model is linear, each feature's contribution to the score
is its weight times its value; the reasons shown to the desk are exactly the
features that contributed most, so they explain the score rather than decorate
it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from .features import LABELS, analyse, furniture_kind

WEIGHTS_PATH = Path(__file__).with_name("weights.json")

# A contribution (weight x value, in log-odds) smaller than this is not a reason.
_REASON_FLOOR = 0.15
#: Features naming what the desk's definition says is not check-worthy (opinion, framing,
#: calls to act, commentary). A sentence with one is left to the readable features alone: the
#: sentence encoder reads "he stressed that ..." as a statement like any other.
FRAMING = frozenset({"emphasis_verb", "call_verb", "framing_noun", "commentary", "opinion"})
_MAX_REASONS = 6
_MAX_WORDS = 4


@dataclass(frozen=True)
class Model:
    """Learned weights: intercept, feature weights, lexicon and threshold."""

    bias: float
    threshold: float
    weights: dict[str, float]
    lexicon: dict[str, float]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        """Build a model from the JSON layout written by the training script."""
        return cls(
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            weights={k: float(v) for k, v in data["weights"].items()},
            lexicon={k: float(v) for k, v in data["lexicon"].items()},
        )


class Scored(NamedTuple):
    """The verdict on one sentence; ``contributions`` are (log-odds, label, evidence)."""

    score: float
    suggested: bool
    reasons: list[str]
    contributions: tuple[tuple[float, str, str], ...] = ()
    furniture: bool = False
    threshold: float = 0.5  # the cut-off this verdict was decided with
    framed: bool = False  # opinion, framing or a call to act: the desk's definition excludes it


@cache
def load_model(path: Path = WEIGHTS_PATH) -> Model:
    """Read the model once per process (the file is small and never changes)."""
    with path.open(encoding="utf-8") as handle:
        return Model.from_dict(json.load(handle))


def _sigmoid(z: float) -> float:
    """Map log-odds to a probability without overflowing."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def reasons_for(
    contributions: list[tuple[float, str, str]] | tuple[tuple[float, str, str], ...],
    suggested: bool,
) -> list[str]:
    """Turn (contribution, label, evidence) triples into reason strings.

    Features sharing a label are merged.  What pushed the score up is always
    given, strongest first; for a sentence that is not suggested, what pulled
    it down comes first, since that is why it was left out.
    """
    merged: dict[str, tuple[float, list[str]]] = {}
    for amount, label, evidence in contributions:
        total, evidences = merged.get(label, (0.0, []))
        if not any(evidence in seen for seen in evidences):
            evidences.append(evidence)
        merged[label] = (total + amount, evidences)
    ranked = sorted(
        (
            (total, label, evidences)
            for label, (total, evidences) in merged.items()
            if total >= _REASON_FLOOR or (not suggested and total <= -_REASON_FLOOR)
        ),
        key=lambda item: (item[0] > 0, -abs(item[0])) if not suggested else -item[0],
    )
    return [f"{label}: {'; '.join(evidences)}" for _, label, evidences in ranked[:_MAX_REASONS]]


def score_sentence(text: str, whole_line: bool = False, model: Model | None = None) -> Scored:
    """Score one sentence; ``whole_line`` says it stands alone on its line.

    Page furniture scores 0 and is never suggested, whatever the weights say.
    """
    kind = furniture_kind(text, whole_line)
    if kind is not None:
        return Scored(0.0, False, [f"page furniture: {kind}"], furniture=True)
    model = model or load_model()
    weights = model.weights
    z = model.bias
    contributions: list[tuple[float, str, str]] = []
    analysis = analyse(text)
    framed = False
    for feature in analysis.features:
        framed = framed or feature.name in FRAMING
        amount = weights.get(feature.name, 0.0) * feature.value
        z += amount
        contributions.append((amount, LABELS[feature.name], feature.evidence))
    lexicon = model.lexicon
    up: list[tuple[float, str]] = []
    down: list[tuple[float, str]] = []
    for word in analysis.words:
        weight = lexicon.get(word)
        if weight is not None:
            z += weight
            (up if weight > 0 else down).append((weight, word))
    for words, label in ((up, "wording often checked"), (down, "wording seldom checked")):
        if words:
            words.sort(key=lambda item: -abs(item[0]))
            amount = sum(weight for weight, _ in words)
            contributions.append((amount, label, ", ".join(w for _, w in words[:_MAX_WORDS])))
    score = _sigmoid(z)
    suggested = score >= model.threshold
    return Scored(
        round(score, 4),
        suggested,
        reasons_for(contributions, suggested),
        tuple(contributions),
        threshold=model.threshold,
        framed=framed,
    )
