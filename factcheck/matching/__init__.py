"""Find the claims the desk already has that say the same thing as a new one.

No Flask import: the claim pages, the benchmarks and the tests call :func:`find_similar`. Matching
is lexical — candidates come from the ``claim_search`` full-text index, then each is re-ranked
by the weighted overlap of its normalised terms (see :mod:`factcheck.matching.normalise`) with
the numbers compared on their own: figures that agree raise the score, and a differing figure
lowers it and is always flagged, because "1,500 wagons" and "15,000 wagons" are different claims
that a checker still wants to see side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import select

from factcheck.matching.index import candidate_ids
from factcheck.matching.normalise import Normalised, normalise, term_weight
from factcheck.models import Claim
from factcheck.operations.session import DbSession
from factcheck.workflow.terms import N_, say

#: A reason as an English sentence (marked with ``N_``) and the values it names.
Reason = tuple[str, dict[str, str]]


def english(reasons: list[Reason]) -> list[str]:
    """The reasons in English, as ``flask match`` prints them and the API gives them."""
    return [message % params if params else message for message, params in reasons]


def shown(reasons: list[Reason]) -> list[str]:
    """The reasons in the reader's language, for the desk pages."""
    return [say(message, params) for message, params in reasons]

#: Matches scoring below this are not shown on the desk (chosen on tests/data/claim_pairs.json,
#: see bench/bench_matching_quality.py).
DISPLAY_THRESHOLD = 0.6

#: What a differing figure multiplies the score by; figures that agree add a little.
DIFFERENT_NUMBER_FACTOR = 0.45
AGREEING_NUMBER_BONUS = 0.15
ONE_SIDED_NUMBER_FACTOR = 0.9
#: The score is divided by 1 + this x the weight of the words each side has and the other lacks.
SWAPPED_WORD_PENALTY = 0.35
#: "not" (or "against", "never" …) on one side only.
NEGATION_FACTOR = 0.5

__all__ = ["DISPLAY_THRESHOLD", "Comparison", "Match", "compare", "find_similar", "similarity"]


@dataclass(frozen=True)
class Comparison:
    """How two texts compare: a score in [0, 1] and what it rests on."""

    score: float
    shared_terms: list[str] = field(default_factory=list)
    agreeing_numbers: list[str] = field(default_factory=list)
    #: Figures only in the new text and figures only in the other one.
    new_numbers: list[str] = field(default_factory=list)
    other_numbers: list[str] = field(default_factory=list)
    negation_differs: bool = False
    #: The score before a differing figure lowered it: "the same words about another figure".
    score_before_figures: float = 0.0

    @property
    def numbers_differ(self) -> bool:
        """Both texts give figures and some do not agree: always shown to the desk."""
        return bool(self.new_numbers and self.other_numbers)

    @property
    def reason_phrases(self) -> list[Reason]:
        """Why the texts were matched, each as a sentence to put in English or translate."""
        reasons: list[Reason] = []
        if self.shared_terms:
            reasons.append((N_("shared terms: %(terms)s"), {"terms": ", ".join(self.shared_terms)}))
        if self.agreeing_numbers:
            reasons.append(
                (N_("same figures: %(figures)s"), {"figures": ", ".join(self.agreeing_numbers)})
            )
        if self.numbers_differ:
            reasons.append((
                N_("different figures: %(here)s here, %(there)s there"),
                {"here": ", ".join(self.new_numbers), "there": ", ".join(self.other_numbers)},
            ))
        if self.negation_differs:
            reasons.append((N_("one of the two is negated (not, never, against …)"), {}))
        return reasons

    @property
    def reasons(self) -> list[str]:
        """Readable sentences saying why the texts were matched, in English (CLI and API)."""
        return english(self.reason_phrases)


@dataclass(frozen=True)
class Match:
    """An existing claim that resembles the text, with the comparison behind it."""

    claim: Claim
    comparison: Comparison

    @property
    def score(self) -> float:
        """Similarity in [0, 1]."""
        return self.comparison.score

    @property
    def reasons(self) -> list[str]:
        """Why it matched, in words (English)."""
        return self.comparison.reasons

    @property
    def shown_reasons(self) -> list[str]:
        """Why it matched, in the reader's language (desk pages)."""
        return shown(self.comparison.reason_phrases)

    @property
    def numbers_differ(self) -> bool:
        """Whether a figure differs (shown as a warning)."""
        return self.comparison.numbers_differ

    def only_figures_differ(self, threshold: float = DISPLAY_THRESHOLD) -> bool:
        """Below the threshold only because a figure differs: the same words about another
        figure. Shown to the desk, flagged, but not counted as the same claim."""
        return (
            self.numbers_differ
            and self.score < threshold <= self.comparison.score_before_figures
        )


def compare(new: Normalised, other: Normalised) -> Comparison:
    """Score how closely ``other`` says what ``new`` says.

    The text part averages a weighted Dice overlap of the terms with how much of the shorter
    text the other covers (topic words count more than everyday news words), so added context
    costs little. Figures that agree add a little. Then what makes two claims different facts
    divides it: a word swapped for another on each side ("inflation" / "unemployment"), a
    negation on one side only, a differing figure.
    """
    shared = [t for t in new.terms if t in other.terms]
    new_weight = sum(map(term_weight, new.terms))
    other_weight = sum(map(term_weight, other.terms))
    shared_weight = sum(map(term_weight, shared))
    if not shared_weight:
        score = 0.0
    else:
        dice = 2 * shared_weight / (new_weight + other_weight)
        coverage = shared_weight / min(new_weight, other_weight)
        score = (dice + coverage) / 2
    agreeing = [n for n in new.numbers if n in other.numbers]
    only_new = [new.numbers[n] for n in new.numbers if n not in other.numbers]
    only_other = [other.numbers[n] for n in other.numbers if n not in new.numbers]
    if agreeing and shared:
        score += (1 - score) * AGREEING_NUMBER_BONUS
    swapped = min(new_weight, other_weight) - shared_weight
    score /= 1 + SWAPPED_WORD_PENALTY * swapped
    if new.negations != other.negations:
        score *= NEGATION_FACTOR
    before_figures = score
    if only_new and only_other:
        score *= DIFFERENT_NUMBER_FACTOR
    elif only_new or only_other:
        score *= ONE_SIDED_NUMBER_FACTOR
    return Comparison(
        score=round(min(max(score, 0.0), 1.0), 3),
        shared_terms=[new.terms[t] for t in shared],
        agreeing_numbers=[new.numbers[n] for n in agreeing],
        new_numbers=only_new,
        other_numbers=only_other,
        negation_differs=new.negations != other.negations,
        score_before_figures=round(min(max(before_figures, 0.0), 1.0), 3),
    )


def similarity(new_text: str, other_text: str) -> Comparison:
    """Compare two texts directly (the benchmarks and tests use this)."""
    return compare(normalise(new_text), normalise(other_text))


def _compare_claim(new: Normalised, claim: Claim) -> Comparison:
    """A claim matches on its statement or, slightly discounted, on its verbatim quote."""
    best = compare(new, normalise(claim.statement))
    if claim.quote:
        by_quote = compare(new, normalise(claim.quote))
        if by_quote.score * 0.9 > best.score:
            best = replace(by_quote, score=round(by_quote.score * 0.9, 3))
    return best


def find_similar(
    session: DbSession,
    text: str,
    exclude_claim_id: int | None = None,
    limit: int = 5,
    min_score: float = DISPLAY_THRESHOLD,
) -> list[Match]:
    """The ``limit`` existing claims most like ``text``, best first, scoring at least
    ``min_score``; after them, flagged, the claims that would have reached it but for a
    differing figure ("1,500 wagons" / "15,000 wagons"), so a differing number is never hidden.

    Claims already dismissed as duplicates are left out: their original is the one to show.
    """
    if not text or not text.strip():
        return []
    ids = candidate_ids(session, text, exclude_claim_id)
    if not ids:
        return []
    # Filtered here rather than in SQL: with "duplicate_of_id IS NULL" in the WHERE clause SQLite
    # may walk that column's index (nearly every claim) instead of fetching the ids.
    claims = session.scalars(select(Claim).where(Claim.id.in_(ids)))
    new = normalise(text)
    matches = [
        Match(claim, _compare_claim(new, claim)) for claim in claims
        if claim.duplicate_of_id is None
    ]
    same = sorted(
        (m for m in matches if m.score >= min_score), key=lambda m: (-m.score, m.claim.id)
    )
    figures_differ = sorted(
        (m for m in matches if m.only_figures_differ(min_score)),
        key=lambda m: (-m.comparison.score_before_figures, m.claim.id),
    )
    return (same + figures_differ)[:limit]
