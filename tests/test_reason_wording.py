"""Suggestion reasons as a checker reads them, and the desk's words on the pages."""

from __future__ import annotations

import pytest

from factcheck.suggestions.features import LABELS
from factcheck.suggestions.wording import plain_reason, plain_reasons


@pytest.mark.parametrize(
    ("reason", "sentence"),
    [
        ("contains a quantity: 1,500", "It gives a number: 1,500."),
        ("attributed statement: He stated", "It reports what someone said (“He stated”)."),
        ("names people, places or organisations: Lukashenko, Minsk",
         "It names Lukashenko, Minsk."),
        ("names people, places or organisations: We, Minsk", "It names Minsk."),
        ("very long sentence: 27 words", "It is very long (27 words)."),
        ("wording often checked: treaty, joint",
         "Its words are common in checked claims: treaty, joint."),
        ("reads like statements that fact-checkers check: 0.91",
         "It reads like the statements fact-checkers check (similarity 0.91)."),
        ("a question", "A question."),
        ("something new: x", "Something new (x)."),
    ],
)
def test_reasons_read_as_sentences(reason: str, sentence: str) -> None:
    assert plain_reason(reason) == sentence


def test_a_name_that_is_only_a_pronoun_is_no_reason() -> None:
    assert plain_reason("names people, places or organisations: We") is None
    assert plain_reasons(["names people, places or organisations: We",
                          "contains a quantity: 9,000"]) == ["It gives a number: 9,000."]
    assert plain_reasons(None) == []


@pytest.mark.parametrize("label", sorted(set(LABELS.values())))
def test_every_scorer_label_reads_as_a_sentence(label: str) -> None:
    sentence = plain_reason(f"{label}: evidence")
    assert sentence is not None and sentence[0].isupper() and sentence.endswith((".", ").", "”)."))
    assert ": evidence" not in sentence or sentence.startswith(("It ", "Its "))
