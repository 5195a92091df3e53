"""The desk the load bench runs against: a fresh PostgreSQL database, seeded through the real
services, and the checks afterwards that every acknowledged write is in it.

Each checker gets claims of their own and each editor rated claims of their own, so the load
measures the desk under concurrency without two simulated people racing for the same claim
(which the desk would rightly refuse with a stale-edit message).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

import psycopg
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text

from factcheck import create_app
from factcheck.demo.loader import load_demo
from factcheck.extensions import db
from factcheck.models import Claim, Rating, User
from factcheck.operations import claims as ops
from factcheck.operations import evidence as evidence_ops
from factcheck.operations import publishing
from factcheck.operations.desk import create_user, update_settings
from factcheck.workflow import Role

PASSWORD = "Bench-Load-Password-2026!"  # noqa: S105  (throwaway accounts in a throwaway database)


@dataclass
class Person:
    """A simulated desk member and the claims they work on."""

    email: str
    role: str
    claims: list[int] = field(default_factory=list)


@dataclass
class Seed:
    """What the clients need to know about the seeded desk."""

    checkers: list[Person]
    editors: list[Person]
    slugs: list[str]
    rating_id: int


def create_database(server: str) -> tuple[str, str]:
    """A new, empty database on ``server``; returns its name and SQLAlchemy URL."""
    name = f"factcheck_load_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = server.replace("postgresql://", "postgresql+psycopg://").rsplit("/", 1)[0] + f"/{name}"
    return name, url


def drop_database(server: str, name: str) -> None:
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(url: str, *, checkers: int, editors: int, verdicts: int, rated_each: int) -> Seed:
    """Migrate, load the demo desk, and add people, published verdicts and work to do."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-seed"})
    with app.app_context():
        upgrade()
        session = db.session
        load_demo(session)
        admin = session.scalar(select(User).where(User.role == Role.ADMIN))
        assert admin is not None
        update_settings(
            session, admin, organisation_name="Load Bench Desk",
            organisation_url="https://factcheck.newsroom.test/", logo_url=None,
            two_person_rule=True, methodology="Checked against primary sources.",
        )
        rating = session.scalar(select(Rating).where(Rating.label == "False"))
        assert rating is not None

        def person(role: Role, n: int) -> tuple[User, Person]:
            email = f"bench-{role}{n}@newsroom.test"
            return create_user(session, email, f"Bench {role} {n}", role, PASSWORD), Person(
                email, str(role))

        checker_rows = [person(Role.CHECKER, n) for n in range(checkers)]
        editor_rows = [person(Role.EDITOR, n) for n in range(editors)]
        boss = editor_rows[0][0]

        def new_claim(text_: str, assignee: User) -> Claim:
            claim = ops.create_claim(session, boss, ops.ClaimDetails(
                statement=text_, claimant="A. Speaker", claim_date=date(2026, 1, 5)))
            ops.assign(session, boss, claim, claim.version, assignee)
            return claim

        def rated_claim(text_: str, checker: User) -> Claim:
            claim = new_claim(text_, checker)
            evidence_ops.add_evidence(session, checker, claim, evidence_ops.EvidenceDetails(
                title="Customs register", url="https://stats.newsroom.test/customs",
                publisher="Customs", excerpt="No detentions recorded."))
            ops.mark_sourced(session, checker, claim, claim.version)
            publishing.rate(session, checker, claim, claim.version, rating=rating,
                     summary="Not supported by any record.",
                     explanation="The customs register shows **no** such detentions.")
            return claim

        for n, (user, simulated) in enumerate(checker_rows):
            for k in range(5):
                claim = new_claim(f"Checker {n} works on claim {k} about grain exports", user)
                simulated.claims.append(claim.id)
        for n in range(verdicts):
            checker = checker_rows[n % len(checker_rows)][0]
            claim = rated_claim(f"Published claim {n}: 1,500 wagons were detained", checker)
            publishing.publish(session, editor_rows[n % len(editor_rows)][0], claim, claim.version)
        for n, (_user, simulated) in enumerate(editor_rows):
            for k in range(rated_each):
                checker = checker_rows[(n + k) % len(checker_rows)][0]
                claim = rated_claim(f"Editor {n} reviews claim {k}: prices rose 40%", checker)
                simulated.claims.append(claim.id)
        session.commit()
        session.execute(text("ANALYZE"))
        session.commit()
        slugs = list(session.scalars(select(Claim.slug).where(Claim.state == "published")))
        result = Seed(
            checkers=[p for _, p in checker_rows], editors=[p for _, p in editor_rows],
            slugs=slugs, rating_id=rating.id,
        )
        db.engine.dispose()
    return result


def lost_writes(url: str, acknowledged: dict[str, set[str]]) -> dict[str, int]:
    """How many acknowledged writes of each kind are missing from the database."""
    queries = {
        "evidence": "SELECT title FROM evidence WHERE title LIKE 'bench-%'",
        "comment": "SELECT body FROM comments WHERE body LIKE 'bench-%'",
        "publish": "SELECT CAST(claim_id AS TEXT) FROM verdict_revisions WHERE number = 1",
        "correct": "SELECT correction_note FROM verdict_revisions "
                   "WHERE correction_note LIKE 'bench-%'",
    }
    engine = create_engine(url)
    missing = {}
    with engine.connect() as conn:
        for kind, query in queries.items():
            stored = set(conn.execute(text(query)).scalars())
            missing[kind] = len(acknowledged.get(kind, set()) - stored)
    engine.dispose()
    return missing
