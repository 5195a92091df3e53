"""Suggest the sentences of an article that are worth fact-checking.

Pure Python with no Flask import: the claim-creation views, the ``flask
suggest`` command and the benchmarks all call :func:`suggest_sentences`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .desk_model import DeskModel, correct
from .scorer import Scored, reasons_for, score_sentence
from .semantic import encoder_ready, load_head, second_opinions, semantic_reason
from .sentences import split_sentences
from .static import readable

__all__ = ["DeskModel", "SentenceSuggestion", "score_sentences", "suggest_sentences"]


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


def suggest_sentences(
    text: str, *, use_encoder: bool = True, desk: DeskModel | None = None
) -> list[SentenceSuggestion]:
    """Score every sentence of ``text``, in order, marking those to suggest.

    Every sentence gets the fast lexical score and, when the sentence reader is installed,
    its opinion too (one batch per article); see :mod:`.semantic`.
    """
    sentences = split_sentences(text)
    verdicts = score_sentences(
        [s.text for s in sentences],
        [s.whole_line for s in sentences],
        use_encoder=use_encoder,
        desk=desk,
    )
    return [
        SentenceSuggestion(s.start, s.end, s.text, v.score, v.suggested, v.reasons)
        for s, v in zip(sentences, verdicts, strict=True)
    ]


def score_sentences(
    texts: list[str],
    whole_lines: list[bool] | None = None,
    *,
    use_encoder: bool = True,
    desk: DeskModel | None = None,
) -> list[Scored]:
    """Score sentences already split (a batch: the encoder runs once for all of them).

    ``desk`` is the correction this desk learned from its own decisions, if any.
    """
    lines = whole_lines or [False] * len(texts)
    verdicts = [score_sentence(t, w) for t, w in zip(texts, lines, strict=True)]
    head = load_head() if use_encoder else None
    if head is not None:
        read = [
            i
            for i, v in enumerate(verdicts)
            if not v.furniture
            and not v.framed
            and v.score >= head.read_from
            and readable(texts[i])
        ]
        if read and encoder_ready():
            opinions = second_opinions(
                head, [texts[i] for i in read], [verdicts[i].score for i in read]
            )
            for i, opinion in zip(read, opinions, strict=True):
                verdicts[i] = _combined(verdicts[i], opinion, head)
    if desk is not None:
        verdicts = [correct(v, t, desk) for v, t in zip(verdicts, texts, strict=True)]
    return verdicts


def _combined(lexical: Scored, opinion: Any, head: Any) -> Scored:
    """The verdict once the encoder has spoken: its reason joins the (rescaled) lexical ones."""
    contributions = [(head.lexical_weight * c, label, e) for c, label, e in lexical.contributions]
    reason = semantic_reason(opinion)
    label, _, evidence = reason.partition(": ")
    contributions.append((opinion.semantic_contribution, label, evidence))
    suggested = opinion.score >= head.threshold
    reasons = reasons_for(contributions, suggested)
    if reason not in reasons:  # small or crowded out: the encoder still ran, so say what it read
        reasons = [*reasons[:5], reason]
    return Scored(
        opinion.score,
        suggested,
        reasons,
        tuple(contributions),
        threshold=head.threshold,
    )
