"""Suggest the sentences of an article that are worth fact-checking.

Pure Python with no Flask import: the claim-creation views, the ``flask
suggest`` command and the benchmarks all call :func:`suggest_sentences`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .scorer import score_sentence
from .sentences import split_sentences

__all__ = ["SentenceSuggestion", "suggest_sentences"]


@dataclass(frozen=True)
class SentenceSuggestion:
    """One sentence of an article with its check-worthiness verdict.

    ``text == article[start:end]``, so accepting a suggestion can create a
    claim whose quote and offsets are already right.
    """

    start: int
    end: int
    text: str
    score: float
    suggested: bool
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape: start, end, text, score, suggested, reasons."""
        return asdict(self)


def suggest_sentences(text: str) -> list[SentenceSuggestion]:
    """Score every sentence of ``text``, in order, marking those to suggest."""
    suggestions = []
    for sentence in split_sentences(text):
        scored = score_sentence(sentence.text, sentence.whole_line)
        suggestions.append(
            SentenceSuggestion(
                sentence.start,
                sentence.end,
                sentence.text,
                scored.score,
                scored.suggested,
                scored.reasons,
            )
        )
    return suggestions
