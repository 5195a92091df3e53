""""Already checked" matching: normalisation, scoring, the index and its sync with claims."""

import json
from pathlib import Path

from factcheck.matching import DISPLAY_THRESHOLD, find_similar, similarity
from factcheck.matching.index import RARE, _lookup, term_counts
from factcheck.matching.normalise import canonical_number, normalise
from factcheck.operations.claims import ClaimDetails, edit_claim

PAIRS = Path(__file__).parent / "data" / "claim_pairs.json"


def test_numbers_written_differently_are_one_number():
    assert normalise("1,500 wagons").numbers.keys() == {"1500"}
    assert normalise("1500 wagons").numbers.keys() == {"1500"}
    assert normalise("1.5 thousand wagons").numbers.keys() == {"1500"}
    assert normalise("five per cent").numbers.keys() == {"5%"}
    assert canonical_number("2.5", "bn") == "2500000000"


def test_comma_and_plain_number_match_with_agreeing_figure():
    result = similarity(
        "Ukraine detained 1,500 wagons and cars", "Ukraine detained 1500 wagons and cars"
    )
    assert result.score >= DISPLAY_THRESHOLD
    assert result.agreeing_numbers == ["1,500"]
    assert "same figures: 1,500" in result.reasons


def test_word_order_paraphrase_matches():
    result = similarity(
        "Attacks on Ukrainian military installations were launched from Belarusian territory",
        "Belarusian territory was used to launch attacks on Ukrainian military installations",
    )
    assert result.score >= DISPLAY_THRESHOLD
    assert "installations" in result.shared_terms


def test_different_number_is_flagged_and_lowered():
    same = similarity("Ukraine detained 1,500 wagons", "Ukraine detained 1,500 wagons")
    other = similarity("Ukraine detained 15,000 wagons", "Ukraine detained 1,500 wagons")
    assert other.numbers_differ
    assert other.score < same.score
    assert any(r.startswith("different figures: 15,000 here, 1,500 there") for r in other.reasons)


def test_hard_negative_is_below_the_threshold():
    assert similarity("Unemployment rose to 5% in March", "Inflation rose to 5% in March").score < (
        DISPLAY_THRESHOLD
    )
    assert similarity(
        "The senator voted for the climate bill 12 times",
        "The senator voted against the climate bill 12 times",
    ).score < DISPLAY_THRESHOLD


def test_pair_set_is_large_enough_and_labelled():
    pairs = json.loads(PAIRS.read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) >= 60
    assert {p["label"] for p in pairs} == {"same", "different"}
    assert all(p["note"] for p in pairs)


def test_find_similar_uses_the_index_and_excludes_self(desk, session):
    original = desk.claim(statement="Ukraine detained 1,500 Belarusian wagons and cars")
    desk.claim(statement="Inflation in Poland rose to 5% in March")
    new = desk.claim(statement="Ukrainian authorities seized 1500 wagons from Belarus")
    matches = find_similar(session, new.statement, exclude_claim_id=new.id)
    assert [m.claim.id for m in matches] == [original.id]
    assert matches[0].score >= DISPLAY_THRESHOLD
    assert find_similar(session, original.statement, exclude_claim_id=original.id)[0].claim == new


def test_index_follows_claim_edits(desk, session):
    editor = desk.editor()
    claim = desk.claim(statement="The mayor planted 40,000 trees downtown", editor=editor)
    assert find_similar(session, "40,000 trees were planted downtown")
    edit_claim(
        session, editor, claim, claim.version,
        ClaimDetails(statement="Rail freight volumes doubled since January"),
    )
    assert find_similar(session, "40,000 trees were planted downtown") == []
    found = find_similar(session, "Since January rail freight has doubled")
    assert [m.claim.id for m in found] == [claim.id]


def test_duplicates_already_dismissed_are_not_offered(desk, session):
    editor = desk.editor()
    original = desk.claim(statement="Petrol prices have doubled since January", editor=editor)
    copy = desk.claim(statement="Since January petrol prices have doubled", editor=editor)
    from factcheck.operations.claims import dismiss

    dismiss(session, editor, copy, copy.version, reason="duplicate", duplicate_of=original)
    found = find_similar(session, "Petrol prices doubled since January")
    assert [m.claim.id for m in found] == [original.id]


def test_lookup_uses_the_rarest_terms_or_pairs_of_common_ones():
    terms = ["(government)", "(wagons)", "(2019)", "(kosutriro)", "(absent)"]
    rare = _lookup(terms, [RARE * 5, 120, RARE * 2, 3, 0], any_of=" OR ", both="({} AND {})")
    assert rare == "(kosutriro) OR (wagons)"
    common = _lookup(terms[:3], [RARE * 5, RARE, RARE * 2], any_of=" OR ", both="({} AND {})")
    assert common == "((wagons) AND (2019)) OR ((wagons) AND (government)) OR " \
        "((2019) AND (government))"


def test_word_counts_follow_claims(desk, session):
    """The lookup picks its rarest words from these counts (PostgreSQL keeps them in
    claim_search_terms by triggers; SQLite counts in the FTS5 index)."""
    editor = desk.editor()
    claim = desk.claim(statement="Zorbulan quarries exported 300 tonnes", editor=editor)
    desk.claim(statement="Zorbulan quarries closed", editor=editor)
    assert term_counts(session, "zorbulan") == [2]
    edit_claim(
        session, editor, claim, claim.version,
        ClaimDetails(statement="Marble exports doubled since January"),
    )
    assert term_counts(session, "zorbulan marble") == [1, 1]
