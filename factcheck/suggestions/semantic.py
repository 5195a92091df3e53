"""The second opinion: how much a sentence reads like those fact-checkers check, on every sentence.

The lexical scorer (``scorer.py``) is fast and explains itself but misses check-worthy
sentences worded in ways debates never used. The desk's sentence encoder reads them better, and
its distilled word-piece table (:mod:`.static`) reads every sentence of an article or a debate in
well under a millisecond. So every sentence that is neither furniture nor framed, and that the
lexical pass is not already sure about (lexical score at least ``read_from``), gets both, and its
score is one smooth logistic combination::

    z = lexical_weight * logit(lexical score) + semantic_weight * z_semantic + bias

where ``z_semantic`` is a linear head on the sentence vector (its own logistic regression,
"reads like statements that fact-checkers check"). A smooth score, rather than a second opinion
only inside a band of lexical scores, ranks a whole debate consistently. Both parts are shown as
reasons, so the reason list still says what drove the score. ``training/train_encoder_head.py``
writes ``encoder_head.json``; without numpy/tokenizers (or with ``FACTCHECK_ENCODER=none``) the
lexical scores stand unchanged.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import static

HEAD_PATH = Path(__file__).with_name("encoder_head.json")


@dataclass(frozen=True)
class Head:
    """The learned combination; ``vector`` is a plain tuple so loading needs no numpy."""

    model_id: str
    vector: tuple[float, ...]
    vector_bias: float
    lexical_weight: float
    semantic_weight: float
    bias: float
    threshold: float
    read_from: float  # below this lexical score the reader is not asked

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Head:
        """Build a head from the JSON written by the training script."""
        return cls(
            model_id=str(data["model_id"]),
            vector=tuple(float(v) for v in data["vector"]),
            vector_bias=float(data["vector_bias"]),
            lexical_weight=float(data["lexical_weight"]),
            semantic_weight=float(data["semantic_weight"]),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            read_from=float(data.get("read_from", 0.0)),
        )


@dataclass(frozen=True)
class Opinion:
    """The combined verdict on one encoded sentence."""

    score: float
    semantic: float  # the encoder head's own probability, for the reason
    semantic_contribution: float  # its share of the log-odds (sign says which way it pushed)


def sigmoid(z: float) -> float:
    """Map log-odds to a probability without overflowing."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def logit(p: float) -> float:
    """Log-odds of a probability, clipped away from 0 and 1."""
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


@cache
def load_head(path: Path = HEAD_PATH) -> Head | None:
    """The shipped head, or None when it is missing or was trained for another table."""
    if not path.exists():
        return None
    head = Head.from_dict(json.loads(path.read_text(encoding="utf-8")))
    return head if head.model_id == static.MODEL_ID else None


def encoder_ready() -> bool:
    """Whether sentences can be read here (numpy, tokenizers and the table; not switched off)."""
    return static.available()


def second_opinions(head: Head, texts: list[str], lexical: list[float]) -> list[Opinion]:
    """Read ``texts`` in one batch and combine each with its lexical score."""
    import numpy as np

    vectors = static.encode(texts)
    semantic_z = vectors @ np.asarray(head.vector, dtype=np.float32) + head.vector_bias
    opinions = []
    for z_sem, lex in zip(semantic_z.tolist(), lexical, strict=True):
        share = head.semantic_weight * z_sem
        z = head.lexical_weight * logit(lex) + share + head.bias
        opinions.append(Opinion(round(sigmoid(z), 4), sigmoid(z_sem), share))
    return opinions


def semantic_reason(opinion: Opinion) -> str:
    """The encoder's part of the score in a checker's words."""
    if opinion.semantic_contribution >= 0:
        return f"reads like statements that fact-checkers check: {opinion.semantic:.2f}"
    return f"reads unlike statements that fact-checkers check: {opinion.semantic:.2f}"
