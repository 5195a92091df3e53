"""How fast the heaviest pages the limits allow render, on SQLite and PostgreSQL.

For each backend, builds a throwaway database with

- an article of ``ARTICLE_TEXT_MAX`` characters (about 1 MB, the demo articles repeated) with
  20 claims quoted from it, and
- a published verdict whose explanation is ``MARKDOWN_MAX`` characters of Markdown (headings,
  lists, links, emphasis, quotes),

then prints how long ingesting the article took (the request) and scoring its suggestions once
(the background job, run in the bench's process), and p50 /
p95 milliseconds over ``--repeat`` full requests of: the article page, the verdict's public
page and its desk claim page. Goal: ≤ 300 ms for the article page and the verdict.

    python -m bench.bench_heavy_pages [--repeat 10] [--backend sqlite]
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade

from bench.bench_public_feed import POSTGRES, bench_apps, timings
from factcheck.extensions import db
from factcheck.jobs.queue import queue
from factcheck.models import Rating
from factcheck.operations import claims as claim_ops
from factcheck.operations import evidence as evidence_ops
from factcheck.operations import publishing
from factcheck.operations.desk import ArticleDetails, add_article, create_user
from factcheck.operations.events import desk_settings
from factcheck.validation.limits import ARTICLE_TEXT_MAX, MARKDOWN_MAX
from factcheck.workflow import Role

PASSWORD = "bench-passphrase-correct-horse-2026"  # noqa: S105  (a throwaway bench database)
DEMO = Path(__file__).resolve().parent.parent / "factcheck" / "demo" / "articles"


def long_article() -> str:
    """The demo articles repeated up to the article limit."""
    text = "\n\n".join(p.read_text() for p in sorted(DEMO.glob("*.txt")))
    return ((text + "\n\n") * (ARTICLE_TEXT_MAX // (len(text) + 2) + 1))[:ARTICLE_TEXT_MAX]


def long_markdown() -> str:
    """Varied Markdown up to the explanation limit."""
    block = (
        "## What the records show\n\n"
        "Customs data for **March 2022** list *no* detentions of rolling stock. "
        "See [the register](https://stats.example/register) and "
        "[the statement](https://gov.example/statement).\n\n"
        "- 1,500 wagons were *not* recorded\n- 300 cars were inspected\n"
        "- the figure first appeared on `2022-03-15`\n\n"
        "> The president said the wagons were detained.\n\n"
        "1. We asked the ministry.\n2. We compared the monthly tables.\n\n"
    )
    return (block * (MARKDOWN_MAX // len(block) + 1))[:MARKDOWN_MAX]


def populate() -> dict[str, str]:
    """The article with its claims, and the published verdict; their page URLs."""
    session = db.session
    editor = create_user(session, "editor@bench.test", "Bench Editor", Role.EDITOR, PASSWORD)
    checker = create_user(session, "checker@bench.test", "Bench Checker", Role.CHECKER, PASSWORD)
    desk_settings(session).organisation_url = "https://factcheck.bench.news/"
    body = long_article()
    began = time.perf_counter()
    article = add_article(session, editor, ArticleDetails(outlet="BelTA", title="Long", body=body))
    session.commit()
    print(f"ingest of a {len(body):,}-character article (the request): "
          f"{time.perf_counter() - began:.2f} s", flush=True)
    began = time.perf_counter()
    ran = run_queued_jobs()
    print(f"scoring its suggestions once ({ran} background job, run here): "
          f"{time.perf_counter() - began:.2f} s", flush=True)
    step = len(body) // 20
    for n in range(20):
        start = n * step
        claim_ops.create_claim(
            session, editor, claim_ops.ClaimDetails(statement=f"Bench claim {n}"),
            article=article, quote_start=start, quote_end=start + 80,
        )
    claim = claim_ops.create_claim(
        session, editor,
        claim_ops.ClaimDetails(statement="Ukraine detained 1,500 Belarusian wagons and cars",
                               claimant="Alexander Lukashenko", claim_date=date(2022, 3, 15)),
    )
    claim_ops.assign(session, editor, claim, claim.version, checker)
    evidence_ops.add_evidence(
        session, checker, claim,
        evidence_ops.EvidenceDetails(title="Register", url="https://stats.example/register"),
    )
    claim_ops.mark_sourced(session, checker, claim, claim.version)
    rating = session.scalars(db.select(Rating).where(Rating.label == "False")).one()
    publishing.rate(session, checker, claim, claim.version, rating=rating,
                   summary="No record supports the figure.", explanation=long_markdown())
    publishing.publish(session, editor, claim, claim.version)
    session.commit()
    return {
        "article page (1 MB)": f"/articles/{article.id}",
        "verdict, public page": f"/verdicts/{claim.slug}",
        "verdict, desk claim page": f"/claims/{claim.id}",
    }


def run_queued_jobs() -> int:
    """Do what the worker does with the jobs waiting in the (in-memory) queue; how many ran."""
    ran = 0
    while (task := queue.dequeue()) is not None:
        queue.execute(task)
        ran += 1
    return ran


def run(app: Flask, repeat: int, backend: str) -> None:
    """Build the data, log in as the editor, time each page."""
    with app.app_context():
        upgrade()
        pages = populate()
    client = app.test_client()
    response = client.post("/login", data={"email": "editor@bench.test", "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[-600:]
    for label, path in pages.items():
        p50, p95 = timings(client, path, repeat)
        print(f"{backend:<10} {label:<26} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms", flush=True)


def main() -> None:
    """Each backend in turn, in a throwaway database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--postgres", default=POSTGRES, help="server to create the database on")
    args = parser.parse_args()
    for backend, app in bench_apps(args, WTF_CSRF_ENABLED=False, JOBS_URL="memory://"):
        run(app, args.repeat, backend)

if __name__ == "__main__":
    main()
