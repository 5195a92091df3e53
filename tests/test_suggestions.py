"""Tests for the check-worthiness suggester (no app needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.bench_suggest import score_against_labels
from factcheck.suggestions import SentenceSuggestion, suggest_sentences
from factcheck.suggestions.cli import suggest_command
from factcheck.suggestions.features import LABELS, extract
from factcheck.suggestions.scorer import load_model, score_sentence
from factcheck.suggestions.sentences import split_sentences

ARTICLES = Path(__file__).resolve().parents[1] / "factcheck" / "demo" / "articles"
LABELS_FILE = Path(__file__).resolve().parent / "data" / "claim_labels.json"
BELTA = "belta-rescue-operation.txt"
DONBASS = "donbass-recognition-interview.txt"
CONTRACT_KEYS = ("start", "end", "text", "score", "suggested", "reasons")


def read_article(name: str) -> str:
    """Read a demo article exactly as the CLI does (UTF-8, no newline translation)."""
    return (ARTICLES / name).read_bytes().decode("utf-8")


def texts(source: str) -> list[str]:
    """The sentence texts of ``source``."""
    return [s.text for s in split_sentences(source)]


# --- sentence splitting -----------------------------------------------------


def test_abbreviations_initials_and_decimals_do_not_end_sentences() -> None:
    source = "Mr. Smith of the U.S. Army paid $3.5 million on Jan. 5. John F. Kennedy won."
    assert texts(source) == [
        "Mr. Smith of the U.S. Army paid $3.5 million on Jan. 5.",
        "John F. Kennedy won.",
    ]


def test_line_breaks_always_end_sentences() -> None:
    source = "No time to read?\nGet a summary\r\nPrevious Article\n\nThe end"
    assert texts(source) == ["No time to read?", "Get a summary", "Previous Article", "The end"]


def test_question_and_exclamation_marks_end_sentences() -> None:
    assert texts("Is it true? Yes! It is.") == ["Is it true?", "Yes!", "It is."]


def test_lower_case_continuation_is_not_a_new_sentence() -> None:
    assert texts("Prices rose, e.g. bread and milk. Then fell.") == [
        "Prices rose, e.g. bread and milk.",
        "Then fell.",
    ]


def test_offsets_index_the_text_and_exclude_surrounding_space() -> None:
    source = "  First one.   Second “quoted” one!\r\n\tThird\u00a0one.  "
    for sentence in split_sentences(source):
        assert source[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
    assert texts(source) == ["First one.", "Second “quoted” one!", "Third\u00a0one."]


def test_citation_tag_after_final_sentence_is_its_own_sentence() -> None:
    assert texts("Neighbour states. [Citation: BelTA]")[-1] == "[Citation: BelTA]"


# --- page furniture ---------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "No time to read?",
        "Get a summary",
        "Previous Article",
        "Next Article",
        "Nursery Manager Arrested in Palma for Alleged Abuse of Young Children",
        "[Citation: BelTA]",
        "By John Smith",
        "Author: Jane Doe",
        "Share on Facebook",
        "Subscribe",
    ],
)
def test_page_furniture_is_never_suggested(line: str) -> None:
    text = f"The ministry said 1,500 wagons were detained in 2022.\n{line}\n"
    furniture = suggest_sentences(text)[-1]
    assert furniture.text == line
    assert furniture.score == 0.0
    assert not furniture.suggested
    assert furniture.reasons[0].startswith("page furniture: ")


def test_sentence_case_line_with_full_stop_is_prose_not_furniture() -> None:
    [only] = suggest_sentences("The ministry said 1,500 wagons were detained in 2022.")
    assert only.suggested
    assert not any(reason.startswith("page furniture") for reason in only.reasons)


# --- scores and reasons -----------------------------------------------------


def test_every_sentence_is_reported_with_contract_fields() -> None:
    source = read_article(DONBASS)
    suggestions = suggest_sentences(source)
    assert [(s.start, s.end) for s in suggestions] == [
        (s.start, s.end) for s in split_sentences(source)
    ]
    for suggestion in suggestions:
        assert isinstance(suggestion, SentenceSuggestion)
        assert source[suggestion.start : suggestion.end] == suggestion.text
        assert 0.0 <= suggestion.score <= 1.0
        assert all(isinstance(reason, str) and ": " in reason for reason in suggestion.reasons)
        assert list(suggestion.to_dict()) == list(CONTRACT_KEYS)


def test_quantity_and_attribution_are_named_as_reasons() -> None:
    source = read_article(BELTA)
    [sentence] = [s for s in suggest_sentences(source) if s.text.startswith("He stated")]
    assert sentence.suggested
    assert "contains a quantity: 1,500 wagons and cars" in sentence.reasons
    assert "attributed statement: He stated" in sentence.reasons


def test_official_is_recognised_with_title_and_name() -> None:
    found = {f.name: f.evidence for f in extract("He called on Foreign Minister Vladimir Makei.")}
    assert found["official"] == "Foreign Minister Vladimir Makei"


def test_reasons_are_only_features_that_moved_the_score() -> None:
    model = load_model()
    verdict = score_sentence("Unemployment fell to 4.1 percent in 2019.")
    assert verdict.suggested
    contributions = {
        LABELS[f.name]: model.weights[f.name] * f.value
        for f in extract("Unemployment fell to 4.1 percent in 2019.")
    }
    for reason in verdict.reasons:
        label = reason.split(": ")[0]
        if label in contributions:
            assert contributions[label] > 0


@pytest.mark.parametrize(
    "sentence",
    [
        "I think we should be proud of what this country stands for.",
        "Analysts will likely examine how these declarations influence the talks.",
        "The narrative underscores the president's emphasis on sovereignty and resolve.",
        "Do you really believe that?",
    ],
)
def test_opinion_framing_and_prediction_score_low(sentence: str) -> None:
    verdict = score_sentence(sentence)
    assert not verdict.suggested
    assert verdict.score < load_model().threshold


def test_low_scores_explain_what_held_them_down() -> None:
    verdict = score_sentence("He said the crisis could lead to a recalibration of postures.")
    assert not verdict.suggested
    assert any(reason.startswith("hedged or predictive: could") for reason in verdict.reasons)


def test_model_has_a_weight_for_every_feature() -> None:
    model = load_model()
    assert set(model.weights) == set(LABELS)
    assert 0.0 < model.threshold < 1.0


# --- quality on our hand-labelled articles ----------------------------------


def test_hand_labelled_articles_meet_the_quality_bar() -> None:
    labels = json.loads(LABELS_FILE.read_text(encoding="utf-8"))
    totals = {"hits": 0, "false_positives": 0, "furniture": 0, "recalled": 0, "checkworthy": 0}
    for article in labels:
        source = read_article(article["article"])
        for span in article["spans"]:
            assert source[span["start"] : span["end"]] == span["text"]
        suggested = [(s.start, s.end) for s in suggest_sentences(source) if s.suggested]
        for key, value in score_against_labels(suggested, article["spans"]).items():
            totals[key] += value
    assert totals["furniture"] == 0
    assert totals["hits"] / (totals["hits"] + totals["false_positives"]) >= 0.8
    assert totals["recalled"] / totals["checkworthy"] >= 0.9


def test_labelled_scoring_follows_the_readme() -> None:
    spans = [
        {"label": "checkworthy", "start": 0, "end": 10},
        {"label": "borderline", "start": 11, "end": 20},
        {"label": "furniture", "start": 21, "end": 30},
        {"label": "checkworthy", "start": 31, "end": 40},
    ]
    counts = score_against_labels([(0, 10), (11, 20), (21, 30), (41, 50)], spans)
    assert counts == {
        "hits": 1,
        "false_positives": 2,
        "furniture": 1,
        "recalled": 1,
        "checkworthy": 2,
    }


# --- flask suggest ----------------------------------------------------------


def test_cli_json_offsets_match_the_file_bytes(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(
        "Prices “rose” 5% in 2021.\r\nI think it is great.\r\nNext Article\r\n".encode()
    )
    result = CliRunner().invoke(suggest_command, [str(path), "--all", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    source = path.read_bytes().decode("utf-8")
    assert [tuple(row) for row in rows] == [CONTRACT_KEYS] * 3
    for row in rows:
        assert source[row["start"] : row["end"]] == row["text"]
    assert [row["suggested"] for row in rows] == [True, False, False]


def test_cli_without_all_prints_only_suggestions() -> None:
    source = read_article(DONBASS)
    result = CliRunner().invoke(suggest_command, ["-", "--format", "json"], input=source)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    expected = [s.to_dict() for s in suggest_sentences(source) if s.suggested]
    assert rows == expected


def test_cli_text_format_shows_score_and_reasons() -> None:
    result = CliRunner().invoke(suggest_command, ["-"], input="Prices rose 5% in 2021.\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("* ")
    assert "contains a percentage: 5%" in result.output
