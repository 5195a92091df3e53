"""A realistic desk of N claims for the scale benches, inserted in bulk on SQLite or PostgreSQL.

The proportions are those of a desk that has been running for three years: most claims are
closed (dismissed as not check-worthy, or published), the open ones are the recent ones; a
quarter of the open claims are unassigned; most carry a due date a few days after they were
opened, so some of the open ones are overdue; priorities lean to "normal"; tags follow a long
tail; published claims have a frozen revision (one in ten corrected), evidence (public sources)
and the events of their history. One article carries ``BIG_ARTICLE_CLAIMS`` claims (the article
page bench), stored with its scored suggestions through the real service.

Rows go in with multi-row INSERTs in chunks (the database's own FTS triggers keep the search
index as they would for the desk); explicit ids, and PostgreSQL's sequences are moved past them
afterwards. 100,000 claims take a minute or two.

    python -m bench.desk_scale --claims 100000 --database sqlite:////tmp/desk.sqlite
    python -m bench.desk_scale --claims 100000 \
        --database postgresql+psycopg://postgres@127.0.0.1:5432/desk_100k   # created if missing
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import Table, insert, select, text

from factcheck import create_app
from factcheck.extensions import db
from factcheck.models import (
    Article,
    Claim,
    DeskSettings,
    Event,
    Evidence,
    Rating,
    Tag,
    User,
    VerdictRevision,
    claim_tags,
)
from factcheck.operations.desk import ArticleDetails, add_article
from factcheck.workflow import Role, State

PASSWORD = "bench-scale-passphrase-2026"  # noqa: S105  (throwaway bench databases)
EDITOR = "editor@bench.desk"
BIG_ARTICLE_CLAIMS = 200
CHUNK = 5_000
#: A word that appears in about one claim in 200 (the "search that hits" case) …
RARE_WORD = "wagons"
#: … and one no claim, article or evidence contains.
MISSING_WORD = "xylophonist"

OUTLETS = ["BelTA", "Reuters", "The Daily Ledger", "Kyiv Post", "Le Monde", "Der Spiegel",
           "El País", "Delfi", "Meduza", "The Guardian", "Politico", "Nasha Niva"]
CLAIMANTS = ["Alexander Lukashenko", "the health minister", "a viral post", "the opposition leader",
             "the central bank", "a city councillor", "an MP", "the prime minister",
             "a TV presenter", "the mayor", None]
SUBJECTS = ["unemployment", "inflation", "the budget deficit", "pensions", "hospital beds",
            "grain exports", "electricity prices", "migration", "crime", "school funding",
            "vaccination", "rail freight", "housing starts", "the minimum wage", "gas reserves",
            "tax revenue", "defence spending", "emissions", "wages", "the trade balance"]
VERBS = ["rose by", "fell by", "doubled to", "reached", "dropped to", "grew to", "is now",
         "was cut by", "increased to", "stands at"]
UNITS = ["percent", "million euros", "thousand people", "billion roubles", "cases",
         "tonnes", "per cent a year", "jobs"]
FILLER = ("Officials said the figures were preliminary and would be revised. Critics disputed "
          "the method and pointed to earlier statements. The ministry did not answer questions "
          "about the source of the numbers. Analysts expect further changes next quarter. ")
TAGS = ["elections", "economy", "health", "ukraine", "migration", "energy", "climate", "crime",
        "education", "housing", "transport", "defence", "covid", "tax", "pensions", "labour",
        "trade", "agriculture", "media", "courts", "corruption", "budget", "local", "europe",
        "russia", "belarus", "science", "sport", "religion", "technology"]
# Share of claims by state among the old ones and among the recent ones (last 30 days).
OLD_STATES = [(State.DISMISSED, 0.62), (State.PUBLISHED, 0.35), (State.UNVERIFIED, 0.02),
              (State.SOURCED, 0.005), (State.RATED, 0.005)]
NEW_STATES = [(State.UNVERIFIED, 0.45), (State.SOURCED, 0.15), (State.RATED, 0.08),
              (State.DISMISSED, 0.2), (State.PUBLISHED, 0.12)]
PRIORITIES = [(0, 0.2), (1, 0.55), (2, 0.18), (3, 0.07)]
SPAN = timedelta(days=3 * 365)
RECENT = timedelta(days=30)


def pick(rng: random.Random, weighted: list[tuple[Any, float]]) -> Any:
    """One value of ``weighted`` (value, share) pairs."""
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def chunks(rows: Iterable[dict[str, Any]], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    """``rows`` in lists of ``size``."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def bulk(table: Table | Any, rows: Iterable[dict[str, Any]]) -> int:
    """Insert ``rows`` (dicts with the same keys); returns how many.

    On SQLite one compiled statement per table, its rows sent a chunk at a time by the
    driver's executemany (triggers run per row whatever the form). On PostgreSQL one ``COPY …
    FROM STDIN`` per call, so the statement-level triggers (search terms, state counts) run once
    per call, not per row. Building a multi-row ``INSERT … VALUES`` per chunk instead spent three
    quarters of the time compiling it, and psycopg as long again parsing it."""
    target = table if isinstance(table, Table) else table.__table__
    if db.engine.dialect.name == "postgresql":
        return _copy(target, rows)
    count = 0
    for batch in chunks(rows):
        db.session.execute(insert(target), batch)
        count += len(batch)
    return count


def _copy(target: Table, rows: Iterable[dict[str, Any]]) -> int:
    """``COPY`` ``rows`` into ``target`` in the session's transaction (PostgreSQL)."""
    from psycopg import sql
    from psycopg.types.json import Json

    def value(item: Any) -> Any:
        if isinstance(item, Enum):  # psycopg would write an enum's name, the model its value
            return item.value
        return Json(item) if isinstance(item, dict | list) else item

    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    columns = list(first)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(target.name), sql.SQL(", ").join(map(sql.Identifier, columns)))
    connection = db.session.connection().connection.driver_connection
    assert connection is not None  # noqa: S101  (the session's open connection)
    count = 0
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in itertools.chain([first], rows):
            copy.write_row([value(row[column]) for column in columns])
            count += 1
    return count


class Desk:
    """The generated desk: people, ratings, tags and the claims with everything around them."""

    def __init__(self, claims: int, seed: int = 13) -> None:
        self.claims = claims
        self.rng = random.Random(seed)
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.users: list[int] = []
        self.checkers: list[int] = []
        self.editors: list[int] = []
        self.ratings: list[Rating] = []
        self.tags: list[int] = []
        self.articles = max(1, claims // 3)

    def people(self) -> None:
        """An admin, six editors (the bench logs in as the first) and thirty checkers."""
        hashed = User(email="x", name="x")
        hashed.set_password(PASSWORD)
        rows = [{"id": 1, "email": "admin@bench.desk", "name": "Bench Admin",
                 "role": Role.ADMIN}]
        rows += [{"id": 2 + n, "email": EDITOR if n == 0 else f"editor{n}@bench.desk",
                  "name": f"Editor {n}", "role": Role.EDITOR} for n in range(6)]
        rows += [{"id": 8 + n, "email": f"checker{n}@bench.desk", "name": f"Checker {n:02d}",
                  "role": Role.CHECKER} for n in range(30)]
        for row in rows:
            row.update(password_hash=hashed.password_hash, active=True,
                       created_at=self.now - SPAN, session_generation=0)
        bulk(User, rows)
        self.editors = [r["id"] for r in rows if r["role"] != Role.CHECKER]
        self.checkers = [r["id"] for r in rows if r["role"] == Role.CHECKER]
        self.users = self.editors + self.checkers
        bulk(Tag, [{"id": n + 1, "name": name} for n, name in enumerate(TAGS)])
        self.tags = list(range(1, len(TAGS) + 1))
        self.ratings = list(db.session.scalars(select(Rating).order_by(Rating.position)))

    def statement(self, n: int) -> str:
        """A claim as the desk writes it; one in 200 mentions the rare word."""
        rng = self.rng
        subject = rng.choice(SUBJECTS)
        if n % 200 == 7:
            subject = f"detained {RARE_WORD} and cars"
        return (f"{subject.capitalize()} {rng.choice(VERBS)} {rng.randint(2, 1500):,} "
                f"{rng.choice(UNITS)} in {rng.randint(2015, 2026)} (claim {n})")

    def article_rows(self) -> Iterator[dict[str, Any]]:
        """Articles spread over the span; bodies of a few paragraphs."""
        rng = self.rng
        for n in range(1, self.articles + 1):
            created = self.now - SPAN * (1 - n / self.articles)
            body = " ".join(f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} "
                            f"{rng.randint(2, 900)} {rng.choice(UNITS)}." for _ in range(6))
            yield {"id": n, "outlet": rng.choice(OUTLETS), "title": f"Report {n}: {body[:60]}",
                   "url": f"https://news.example/{n}", "author": None,
                   "published_on": created.date(), "language": "en",
                   "body": body + " " + FILLER * 2, "added_by_id": rng.choice(self.editors),
                   "created_at": created, "suggestions": [], "suggestions_key": None}

    def fill(self, big: tuple[int, list[tuple[int, int, str]]]) -> dict[str, int]:
        """Insert the claims and everything that hangs off them; returns the row counts.

        ``big`` is the big article's id and the (start, end, sentence) its claims quote."""
        counts: dict[str, int] = {}
        claims: list[dict[str, Any]] = []
        tags: list[dict[str, Any]] = []
        evidence: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        revisions: list[dict[str, Any]] = []
        for name in ("claims", "claim_tags", "evidence", "events", "verdict_revisions"):
            counts[name] = 0

        def flush() -> None:
            counts["claims"] += bulk(Claim, claims)
            counts["claim_tags"] += bulk(claim_tags, tags)
            counts["evidence"] += bulk(Evidence, evidence)
            counts["events"] += bulk(Event, events)
            counts["verdict_revisions"] += bulk(VerdictRevision, revisions)
            for rows in (claims, tags, evidence, events, revisions):
                rows.clear()

        big_id, quotes = big
        for n in range(1, self.claims + 1):
            article = big_id if n <= len(quotes) else (
                self.rng.randint(1, self.articles) if self.rng.random() < 0.8 else None)
            self.claim(n, article, claims, tags, evidence, events, revisions)
            if n <= len(quotes):
                claims[-1].update(zip(("quote_start", "quote_end", "quote"), quotes[n - 1],
                                      strict=True))
            if len(claims) >= CHUNK:
                flush()
        flush()
        return counts

    def claim(self, n: int, article_id: int | None, claims: list[dict[str, Any]],
              tags: list[dict[str, Any]], evidence: list[dict[str, Any]],
              events: list[dict[str, Any]], revisions: list[dict[str, Any]]) -> None:
        """One claim and its tags, evidence, events and (when published) revisions."""
        rng = self.rng
        created = self.now - SPAN * (1 - n / self.claims) - timedelta(minutes=rng.randint(0, 59))
        recent = self.now - created < RECENT
        state = pick(rng, NEW_STATES if recent else OLD_STATES)
        is_open = state in (State.UNVERIFIED, State.SOURCED, State.RATED)
        due = (created + timedelta(days=rng.randint(1, 14))).date() if rng.random() < 0.7 else None
        assignee = rng.choice(self.checkers) if (not is_open or rng.random() < 0.75) else None
        rating = rng.choice(self.ratings) if state in (State.RATED, State.PUBLISHED) else None
        statement = self.statement(n)
        done = created + timedelta(days=rng.randint(1, 10))
        published = state == State.PUBLISHED
        corrected = published and n % 10 == 0
        claims.append({
            "id": n, "slug": f"claim-{n}", "statement": statement, "article_id": article_id,
            "quote": statement if article_id else None, "quote_start": None, "quote_end": None,
            "appearance_url": None if article_id else f"https://social.example/post/{n}",
            "claimant": rng.choice(CLAIMANTS), "claim_date": created.date(), "state": state,
            "priority": pick(rng, PRIORITIES), "due_date": due, "assignee_id": assignee,
            "created_by_id": rng.choice(self.editors), "created_at": created,
            "updated_at": created, "checkworthiness": round(rng.random(), 3),
            "checkworthiness_reasons": None, "rating_id": rating.id if rating else None,
            "summary": "The records do not support the figure." if rating else None,
            "explanation": "Customs data show **no** such change." if rating else None,
            "rated_by_id": rng.choice(self.checkers) if rating else None,
            "dismissal_reason": "Not check-worthy" if state == State.DISMISSED else None,
            "duplicate_of_id": None,
            "first_published_at": done if published else None,
            "last_published_at": (done + timedelta(days=2 if corrected else 0))
            if published else None,
            "version": 1,
        })
        for tag in {min(int(rng.paretovariate(1.2)), len(self.tags))
                    for _ in range(rng.choice((0, 1, 1, 2, 3)))}:
            tags.append({"claim_id": n, "tag_id": tag})
        sources = rng.randint(1, 4) if state in (State.SOURCED, State.RATED, State.PUBLISHED) \
            else rng.choice((0, 0, 1))
        for s in range(sources):
            evidence.append({
                "claim_id": n, "kind": "dataset", "url": f"https://stats.example/{n}/{s}",
                "title": f"Statistical table {n}.{s}", "publisher": "Statistics office",
                "author": None, "source_date": created.date(), "accessed_on": created.date(),
                "excerpt": f"The table lists {rng.choice(SUBJECTS)} by month.",
                "stance": "contradicts", "notes": None, "is_public": True,
                "private_reason": None, "snapshot_id": None, "added_by_id": assignee,
                "created_at": created + timedelta(hours=s + 1)})
        events.append({"claim_id": n, "actor_id": claims[-1]["created_by_id"], "kind": "created",
                       "from_state": None, "to_state": State.UNVERIFIED, "note": None,
                       "payload": {}, "created_at": created})
        if state != State.UNVERIFIED:
            events.append({"claim_id": n, "actor_id": assignee, "kind": "state_changed",
                           "from_state": State.UNVERIFIED, "to_state": state, "note": None,
                           "payload": {}, "created_at": done})
        if published and rating is not None:
            for number in (1, 2) if corrected else (1,):
                revisions.append(self.revision(n, number, statement, rating, done))

    def revision(self, n: int, number: int, statement: str, rating: Rating,
                 published: datetime) -> dict[str, Any]:
        """A frozen published revision, as operations.verdicts would make it."""
        return {
            "claim_id": n, "number": number, "statement": statement,
            "claimant": "Alexander Lukashenko", "quote": None, "rating_id": rating.id,
            "rating_label": rating.label, "rating_value": rating.value,
            "rating_colour": rating.colour, "rating_best": 5, "rating_worst": 1,
            "summary": "The records do not support the figure.",
            "explanation": "Customs data show **no** such change.",
            "sources": [{"title": f"Statistical table {n}", "url": f"https://stats.example/{n}",
                         "publisher": "Statistics office", "author": None,
                         "date": published.date().isoformat(), "accessed": None,
                         "excerpt": "The table lists the figures by month.", "kind": "dataset",
                         "stance": "contradicts"}],
            "claim_date": published.date(), "appearances": [],
            "organisation_name": "Bench Desk", "organisation_url": "https://bench.test/",
            "organisation_logo_url": None, "methodology": "We check.",
            "correction_note": "Corrected figure." if number == 2 else None,
            "published_by_id": self.editors[0],
            "published_at": published + timedelta(days=number - 1),
        }


def big_article() -> tuple[int, list[tuple[int, int, str]]]:
    """The article with ``BIG_ARTICLE_CLAIMS`` claims, stored (and scored) by the real service;
    returns its id and the sentences the claims quote, with their offsets."""
    sentences = [
        f"The minister said that {SUBJECTS[n % len(SUBJECTS)]} {VERBS[n % len(VERBS)]} "
        f"{n * 7 + 3:,} {UNITS[n % len(UNITS)]} last year."
        for n in range(BIG_ARTICLE_CLAIMS)]
    body = "\n\n".join(f"{sentence} {FILLER}" for sentence in sentences)
    article = add_article(db.session, None, ArticleDetails(
        outlet="BelTA", title="The minister's long interview", body=body))
    quotes = []
    start = 0
    for sentence in sentences:
        start = body.index(sentence, start)
        quotes.append((start, start + len(sentence), sentence))
    return article.id, quotes


def reset_sequences() -> None:
    """Move PostgreSQL's id sequences past the explicit ids (SQLite needs nothing)."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in ("users", "tags", "articles", "claims", "evidence", "events",
                  "verdict_revisions"):
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 (fixed names)
            f"(SELECT coalesce(max(id), 1) FROM {table}))"))


#: SQLite page cache of the generating connection, in KiB (at most; used as pages are touched).
GENERATOR_CACHE_KB = 4_000_000


def generate(claims: int, analyse: bool = True) -> dict[str, int]:
    """Fill the app's (migrated, empty) database with a desk of ``claims`` claims, then
    (``analyse``) refresh the planner's statistics as a running desk's autovacuum would."""
    if db.engine.dialect.name == "sqlite":
        # SQLite's default page cache is 2 MB: past that, every index and FTS page the load
        # touches is read back from the OS with a syscall (730 GB of reads for a million
        # claims). The cache only grows as pages are touched, so the bound can be the size of
        # the largest desk (a million claims is about 2.4 GB): past the cache, the load slowed
        # to a crawl again (1 GB of cache: the million-claim desk was 60% written after an
        # hour).
        db.session.execute(text(f"PRAGMA cache_size = -{GENERATOR_CACHE_KB}"))
    desk = Desk(claims)
    desk.people()
    settings = db.session.get(DeskSettings, 1)
    if settings is not None:
        settings.organisation_name = "Bench Desk"
        settings.organisation_url = "https://bench.test/"
    articles = bulk(Article, desk.article_rows())
    reset_sequences()
    counts = {"articles": articles + 1, **desk.fill(big_article())}
    reset_sequences()
    db.session.commit()
    if analyse:
        settle()
    return counts


def settle() -> None:
    """Statistics for the planner, and on PostgreSQL the visibility map a running desk's
    autovacuum keeps: straight after a bulk load every index-only scan would visit the table
    (the dashboard's verdicts-per-rating count took 142 ms instead of 9)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def bench_app(url: str, **config: Any) -> Flask:
    """The app on ``url`` with the settings every scale bench uses."""
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-scale",
                       "SITE_URL": "http://bench.test", **config})


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` when it does not exist yet."""
    if not url.startswith("postgresql"):
        return
    import psycopg

    server, name = url.replace("+psycopg", "").rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def build(url: str, claims: int) -> None:
    """Migrate the empty database at ``url`` and generate the desk, printing how long it took."""
    ensure_database(url)
    app = bench_app(url)
    with app.app_context():
        upgrade()
        if db.session.scalar(select(Claim.id).limit(1)) is not None:
            raise SystemExit(f"{url} already holds claims; give an empty database")
        began = time.perf_counter()
        counts = generate(claims)
        print(f"generated in {time.perf_counter() - began:.1f} s: "
              + ", ".join(f"{v:,} {k}" for k, v in counts.items()), flush=True)
        db.engine.dispose()


def main() -> None:
    """Generate one desk."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--database", required=True, help="SQLAlchemy URL of an empty database")
    args = parser.parse_args()
    build(args.database, args.claims)


if __name__ == "__main__":
    main()
