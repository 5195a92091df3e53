"""``flask factchecks import``: other fact-checkers' ClaimReviews in every wrapping they use.

Run on both databases through the real command; what is asserted is what the desk would see:
the printed counts, the reasons for skipped items and the rows stored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import FactCheck
from tests.http_server import Handler, LocalServer, serve


def review(n: int, **extra: Any) -> dict[str, Any]:
    """A complete ClaimReview as fact-checkers publish it."""
    body: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": f"https://checker.example/reviews/{n}",
        "claimReviewed": f"Claim number {n} about wagons detained at the border",
        "author": {"@type": "Organization", "name": "Example Check",
                   "url": "https://checker.example"},
        "datePublished": f"2026-03-0{n % 9 + 1}",
        "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                         "alternateName": "False"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Speaker"}},
        "inLanguage": "en",
    }
    body.update(extra)
    return body


def run_import(runner: Any, tmp_path: Path, document: Any, name: str = "feed.json") -> Any:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return runner.invoke(args=["factchecks", "import", str(path)])


def stored(session: Session) -> dict[str, FactCheck]:
    return {f.url: f for f in session.scalars(select(FactCheck))}


def test_datafeed_with_direct_and_wrapped_items(
    runner: Any, session: Session, tmp_path: Path
) -> None:
    feed = {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [
        review(1),
        {"@type": "DataFeedItem", "dateCreated": "2026-03-01", "item": review(2)},
    ]}
    result = run_import(runner, tmp_path, feed)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["imported 2, updated 0, skipped 0"]
    rows = stored(session)
    first = rows["https://checker.example/reviews/1"]
    assert first.publisher == "Example Check"
    assert first.publisher_url == "https://checker.example"
    assert first.claim_reviewed == "Claim number 1 about wagons detained at the border"
    assert first.claimant == "A. Speaker"
    assert (first.rating_text, first.rating_value, first.best_rating, first.worst_rating) == (
        "False", 1.0, 5.0, 1.0)
    assert first.review_date is not None and first.review_date.isoformat() == "2026-03-02"
    assert first.language == "en"
    assert first.imported_from.endswith("feed.json")


def test_reimport_updates_by_url_and_bad_items_are_skipped_with_reasons(
    runner: Any, session: Session, tmp_path: Path
) -> None:
    assert run_import(runner, tmp_path, [review(1), review(2)]).exit_code == 0
    changed = review(1, reviewRating={"@type": "Rating", "alternateName": "Mostly false"})
    bad = [
        review(3, url="not a url"),
        review(4, claimReviewed="  "),
        review(5, reviewRating={"@type": "Rating", "ratingValue": "very"}),
        review(6, datePublished="last Tuesday"),
        review(7, reviewRating=None),
        {"@type": "NewsArticle", "url": "https://news.example/a"},
    ]
    result = run_import(runner, tmp_path, [changed, *bad, review(8)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "imported 1, updated 1, skipped 6"
    assert lines[1:] == [
        "skipped item 2 (not a url): it has no http(s) url, which identifies a fact-check",
        "skipped item 3 (https://checker.example/reviews/4): it has no claimReviewed",
        "skipped item 4 (https://checker.example/reviews/5): ratingValue is not a number: 'very'",
        "skipped item 5 (https://checker.example/reviews/6): "
        "datePublished is not a date: 'last Tuesday'",
        "skipped item 6 (https://checker.example/reviews/7): it has no reviewRating",
        "skipped item 7: it is not a ClaimReview (NewsArticle)",
    ]
    rows = stored(session)
    assert sorted(rows) == [f"https://checker.example/reviews/{n}" for n in (1, 2, 8)]
    assert rows["https://checker.example/reviews/1"].rating_text == "Mostly false"
    assert rows["https://checker.example/reviews/1"].rating_value is None


def test_html_page_with_json_ld_and_microdata(
    runner: Any, session: Session, tmp_path: Path
) -> None:
    json_ld = json.dumps({"@context": "https://schema.org", **review(1)})
    page = f"""<!doctype html><html><head><title>Check</title>
    <script type="application/ld+json">{json_ld}
    </script></head><body>
    <div itemscope itemtype="https://schema.org/ClaimReview">
      <link itemprop="url" href="https://other.example/check/9">
      <span itemprop="claimReviewed">Bread prices doubled in March</span>
      <div itemprop="author" itemscope itemtype="https://schema.org/Organization">
        <span itemprop="name">Other Check</span></div>
      <div itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating">
        <span itemprop="alternateName">Misleading</span></div>
      <meta itemprop="datePublished" content="2026-02-01">
    </div></body></html>"""
    result = run_import(runner, tmp_path, page, name="page.html")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "imported 2, updated 0, skipped 0"
    other = stored(session)["https://other.example/check/9"]
    assert (other.publisher, other.rating_text, other.claim_reviewed) == (
        "Other Check", "Misleading", "Bread prices doubled in March")


def test_standard_input_and_unreadable_sources(
    runner: Any, session: Session, tmp_path: Path
) -> None:
    ok = runner.invoke(args=["factchecks", "import", "-"], input=json.dumps(review(1)))
    assert ok.exit_code == 0 and ok.output.startswith("imported 1, updated 0, skipped 0")
    garbage = run_import(runner, tmp_path, "this is { not json")
    assert garbage.exit_code == 1
    assert "neither JSON nor HTML" in garbage.output
    missing = runner.invoke(args=["factchecks", "import", str(tmp_path / "nope.json")])
    assert missing.exit_code == 1 and "could not read" in missing.output
    nothing = run_import(runner, tmp_path, {"@type": "WebPage"})
    assert nothing.exit_code == 0
    assert nothing.output.splitlines() == [
        "imported 0, updated 0, skipped 1", "skipped the source: it holds no ClaimReview"]
    assert session.scalar(select(func.count()).select_from(FactCheck)) == 1


def test_url_follows_next_page_of_another_desks_feed(
    runner: Any, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FETCH_ALLOW_PRIVATE", "1")
    local = LocalServer()

    @local.route("/verdicts/claimreview.json")
    def first(handler: Handler) -> None:
        page = {"@type": "DataFeed", "dataFeedElement": [review(1)]}
        if "after" not in handler.path:
            page["nextPage"] = f"{local.base}/verdicts/claimreview.json?after=x"
        else:
            page["dataFeedElement"] = [review(2)]
        handler.send_bytes(200, json.dumps(page).encode(), "application/ld+json")

    with serve(local):
        result = runner.invoke(
            args=["factchecks", "import", f"{local.base}/verdicts/claimreview.json"])
        refused = runner.invoke(args=["factchecks", "import", f"{local.base}/missing"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["imported 2, updated 0, skipped 0"]
    assert refused.exit_code == 1 and "answered 404" in refused.output


def test_this_desks_own_feed_imports(runner: Any, session: Session, client: Any,
                                     tmp_path: Path, desk: Any) -> None:
    desk.claim("published", statement="Bread prices doubled in March")
    session.flush()
    feed = client.get("/verdicts/claimreview.json")
    assert feed.status_code == 200
    result = run_import(runner, tmp_path, feed.get_data(as_text=True))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["imported 1, updated 0, skipped 0"]
    (row,) = stored(session).values()
    assert row.claim_reviewed == "Bread prices doubled in March"
    assert row.rating_text == "False"
