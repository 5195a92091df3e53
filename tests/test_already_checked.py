""""Already checked": desk claims and imported fact-checks found together, through the CLIs.

Real model, real indexes, both databases. What is asserted is what ``flask match`` prints and
what a checker reads: the right record first, its link, the reasons and the differing-figure
flag; and that without the model the lexical path still answers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import embeddings
from factcheck.models import ClaimVector

REVIEWS = [
    ("https://checker.example/bounty", "Iran offered an $80 million bounty for Donald Trump's head",
     "False"),
    ("https://checker.example/minecraft", "Minecraft is being shut down in 2020", "False"),
    ("https://checker.example/draft", "The US Army is texting people about a military draft",
     "False"),
    ("https://checker.example/wagons", "Belarus railways lost 15,000 wagons to Ukraine",
     "Mostly false"),
]


def import_reviews(runner: Any, tmp_path: Path) -> None:
    feed = {"@type": "DataFeed", "dataFeedElement": [
        {"@type": "ClaimReview", "url": url, "claimReviewed": text,
         "author": {"@type": "Organization", "name": "Example Check"},
         "reviewRating": {"@type": "Rating", "alternateName": rating},
         "datePublished": "2020-01-05"}
        for url, text, rating in REVIEWS
    ]}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed))
    result = runner.invoke(args=["factchecks", "import", str(path)])
    assert result.output.startswith("imported 4,"), result.output


def match(runner: Any, *queries: str, limit: int = 5) -> list[dict[str, Any]]:
    result = runner.invoke(args=["match", "-", "--limit", str(limit), "--format", "json"],
                           input="".join(q + "\n" for q in queries))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_posts_find_the_fact_check_and_the_desk_claim(
    runner: Any, session: Session, desk: Any, tmp_path: Path
) -> None:
    import_reviews(runner, tmp_path)
    published = desk.claim("published", statement="Bread prices doubled in Minsk in March")
    open_claim = desk.claim(statement="Lithuania closed its border with Belarus to all trucks")
    session.flush()
    first, second, third = match(
        runner,
        "OMG!! Iran's regime just announced an $80 million bounty for the head of "
        "@realDonaldTrump pic.twitter.com/abc — Someone (@someone) January 6, 2020",
        "bread in minsk now costs twice what it did in february #prices https://t.co/x",
        "Lithuania shut the border to Belarusian lorries",
        limit=2,
    )
    assert first["query"].startswith("OMG!! Iran")
    best = first["matches"][0]
    assert best["kind"] == "factcheck"
    assert best["url"] == "https://checker.example/bounty"
    assert best["text"] == REVIEWS[0][1]
    assert 0.0 <= best["score"] <= 1.0
    assert any(r.startswith("close in meaning: ") for r in best["reasons"])
    assert "same figures: 80 million" in best["reasons"]
    assert best["numbers_differ"] is False
    assert len(first["matches"]) == 2
    assert first["matches"][0]["score"] >= first["matches"][1]["score"]
    assert second["matches"][0]["kind"] == "claim"
    assert second["matches"][0]["url"] == f"https://desk.test/verdicts/{published.slug}"
    assert third["matches"][0]["url"] == f"https://desk.test/claims/{open_claim.id}"


def test_differing_figure_is_flagged(runner: Any, session: Session, tmp_path: Path) -> None:
    import_reviews(runner, tmp_path)
    (result,) = match(runner, "Ukraine seized 1,500 wagons from Belarusian railways")
    best = result["matches"][0]
    assert best["url"] == "https://checker.example/wagons"
    assert best["numbers_differ"] is True
    assert "different figures: 1,500 here, 15,000 there" in best["reasons"]


def test_a_claim_published_twice_ties_and_the_first_imported_comes_first(
    runner: Any, session: Session, tmp_path: Path
) -> None:
    """Fact-checkers republish a claim with other quotation marks: both copies are shown, with
    the same score, the one imported first before the other (also when it is the 'single'-quoted
    one), and a third, different claim after them."""
    claims = [
        ("https://checker.example/teachers-2019",
         "Donald Trump, Jr. referred to teachers as 'losers' at a campaign event."),
        ("https://checker.example/teachers",
         'Donald Trump, Jr. referred to teachers as “losers” at a campaign event.'),
        ("https://checker.example/rally", "Donald Trump, Jr. spoke at a rally in Texas."),
    ]
    feed = {"@type": "DataFeed", "dataFeedElement": [
        {"@type": "ClaimReview", "url": url, "claimReviewed": text,
         "author": {"@type": "Organization", "name": "Example Check"},
         "reviewRating": {"@type": "Rating", "alternateName": "False"}}
        for url, text in claims
    ]}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed))
    assert runner.invoke(args=["factchecks", "import", str(path)]).output.startswith("imported 3")
    (result,) = match(runner, "Don Jr. to young conservatives: don't be indoctrinated by these "
                              "loser teachers https://t.co/x — A Reporter (@reporter)")
    first, second, third = result["matches"]
    assert [first["url"], second["url"]] == [claims[0][0], claims[1][0]]
    assert first["score"] == second["score"] > third["score"]
    assert third["url"] == claims[2][0]


def test_new_imports_are_found_by_the_next_lookup(
    runner: Any, session: Session, tmp_path: Path
) -> None:
    (before,) = match(runner, "Minecraft will be shut down next year")
    assert before["matches"] == []
    import_reviews(runner, tmp_path)
    (after,) = match(runner, "Minecraft will be shut down next year")
    assert after["matches"][0]["url"] == "https://checker.example/minecraft"


def test_claim_vectors_are_stored_with_the_claim(session: Session, desk: Any) -> None:
    claim = desk.claim(statement="Bread prices doubled in Minsk in March")
    session.flush()
    stored = session.get(ClaimVector, claim.id)
    assert stored is not None and stored.embedding_model == embeddings.MODEL_ID
    assert len(stored.embedding) == 4 * embeddings.DIMENSIONS


def test_lexical_path_answers_without_the_model(
    runner: Any, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTCHECK_ENCODER", "none")
    import_reviews(runner, tmp_path)
    stored = session.scalars(select(ClaimVector)).all()
    assert stored == []
    (result,) = match(runner, "is minecraft shutting down in 2020?")
    best = result["matches"][0]
    assert best["url"] == "https://checker.example/minecraft"
    assert not any(r.startswith("close in meaning") for r in best["reasons"])
    assert "shared terms: minecraft" in best["reasons"][0]


def test_empty_lines_and_no_data(runner: Any, session: Session) -> None:
    assert match(runner, "", "nothing imported yet") == [
        {"query": "", "matches": []}, {"query": "nothing imported yet", "matches": []}]


def test_claim_page_and_new_claim_form_say_already_checked_by(
    runner: Any, session: Session, desk: Any, tmp_path: Path, as_user: Any
) -> None:
    import_reviews(runner, tmp_path)
    claim = desk.claim(statement="Minecraft will be shut down in 2020")
    unrelated = desk.claim(statement="The mayor opened a new bridge over the river")
    session.flush()
    client = as_user(desk.editor())
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Already checked by Example Check: False, 2020-01-05" in page
    assert 'href="https://checker.example/minecraft"' in page
    assert "close in meaning: " in page
    other = client.get(f"/claims/{unrelated.id}").get_data(as_text=True)
    assert "Already checked by" not in other
    assert "review of this claim among the imported fact-checks" in other


def test_article_page_says_already_checked_beside_each_suggestion(
    runner: Any, session: Session, desk: Any, tmp_path: Path, as_user: Any
) -> None:
    import_reviews(runner, tmp_path)
    article = desk.article(
        "The studio announced that Minecraft will be shut down in 2020, a spokesman said. "
        "The mayor said 300 new buses would enter service in the city by March."
    )
    session.flush()

    page = as_user(desk.editor()).get(f"/articles/{article.id}").get_data(as_text=True)

    suggestions = page[page.index('id="suggestions"'):]
    minecraft = suggestions[suggestions.index("Minecraft will be shut down"):
                            suggestions.index("300 new buses")]
    buses = suggestions[suggestions.index("300 new buses"):]
    assert "Already checked by Example Check: False, 2020-01-05" in minecraft
    assert "Already checked by" not in buses


def test_query_adapter_moves_a_vector_a_little_and_only_for_its_own_encoder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from factcheck.matching import checked

    vector = np.random.default_rng(14).standard_normal(embeddings.DIMENSIONS).astype(np.float32)
    vector /= np.linalg.norm(vector)
    moved = checked.adapted(vector)
    assert moved.shape == vector.shape
    assert np.linalg.norm(moved) == pytest.approx(1.0, abs=1e-5)
    assert 0.8 < float(moved @ vector) < 1.0  # near the identity, as it was regularised

    checked._query_adapter.cache_clear()
    monkeypatch.setattr(embeddings, "MODEL_ID", "another-encoder")
    try:
        assert checked.adapted(vector) is vector
    finally:
        checked._query_adapter.cache_clear()


def test_vectors_of_another_model_are_encoded_again_by_the_job(
    runner: Any, session: Session, desk: Any, tmp_path: Path
) -> None:
    from factcheck.matching.jobs import REENCODE_JOB, queue_reencode, reencode_chunk
    from factcheck.models import FactCheck, Job

    import_reviews(runner, tmp_path)
    claim = desk.claim(statement="Bread prices doubled in Minsk in March")
    session.flush()
    checks = list(session.scalars(select(FactCheck)))
    fresh = {row.id: row.embedding for row in checks}
    for row in checks:  # as an earlier release (another encoder, or none) left them
        row.embedding_model = "an-older-model"
    checks[0].embedding, checks[0].embedding_model = None, None
    session.get(ClaimVector, claim.id).embedding_model = "an-older-model"
    unencoded = desk.claim(statement="Minsk metro fares will triple next year")
    session.flush()
    session.delete(session.get(ClaimVector, unencoded.id))  # written without the encoder
    session.flush()

    assert queue_reencode(session)
    assert not queue_reencode(session)  # queued once, not once a sweep
    assert session.scalar(select(Job.name).where(Job.name == REENCODE_JOB)) == REENCODE_JOB
    assert reencode_chunk(session, limit=2) == 2  # a chunk at a time
    assert reencode_chunk(session) == 4
    assert reencode_chunk(session) == 0
    for row in checks:
        assert row.embedding_model == embeddings.MODEL_ID
        assert np.allclose(np.frombuffer(row.embedding, dtype=np.float32),
                           np.frombuffer(fresh[row.id], dtype=np.float32), atol=1e-4)
    assert session.get(ClaimVector, claim.id).embedding_model == embeddings.MODEL_ID
    assert session.get(ClaimVector, unencoded.id).embedding_model == embeddings.MODEL_ID
    (after,) = match(runner, "Minecraft will be shut down next year")
    assert after["matches"][0]["url"] == "https://checker.example/minecraft"
