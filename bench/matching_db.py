"""Throwaway migrated databases and synthetic claims for the matching benchmarks."""

from __future__ import annotations

import random
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import insert
from sqlalchemy.orm import Session

from factcheck import models
from factcheck.extensions import db, migrate
from factcheck.models import utcnow

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def _app(url: str) -> Flask:
    """A bare app with only the database and migrations: enough for the index and queries."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    db.init_app(app)
    migrate.init_app(app, db)
    return app


@contextmanager
def throwaway_database(kind: str) -> Iterator[Session]:
    """A fresh database of ``kind`` ("sqlite" or "postgresql") migrated to head, dropped after."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            app = _app(f"sqlite:///{folder}/bench.sqlite")
            with app.app_context():
                upgrade()
                yield db.session
                db.session.remove()
                db.engine.dispose()
        return
    name = f"factcheck_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        app = _app(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
        with app.app_context():
            upgrade()
            yield db.session
            db.session.remove()
            db.engine.dispose()
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def add_claims(session: Session, statements: list[str], batch: int = 5_000) -> list[int]:
    """Insert bare unverified claims (no events: this is an index benchmark); return their ids."""
    first = session.scalar(db.select(db.func.coalesce(db.func.max(models.Claim.id), 0))) or 0
    now = utcnow()
    rows = [
        {
            "id": first + i + 1,
            "slug": f"bench-{first + i + 1}",
            "statement": text,
            "claimant": random.choice(CLAIMANTS),
            "state": "unverified",
            "priority": 1,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        for i, text in enumerate(statements)
    ]
    for start in range(0, len(rows), batch):
        session.execute(insert(models.Claim), rows[start : start + batch])
    session.commit()
    return [row["id"] for row in rows]


CLAIMANTS = [
    "Alexander Lukashenko", "the health minister", "a viral Facebook post", "the mayor",
    "the opposition leader", "the finance ministry", "a TikTok video", "the central bank",
    "the prime minister", "a senator", "the police", "the army spokesperson", None,
]
SUBJECTS = """government ministry army police council parliament company factory university
hospital school city region province state agency court bank union opposition president
minister mayor governor senator party regulator""".split()
PLACES = """Ukraine Belarus Russia Poland Germany France Britain Italy Spain Canada Mexico Brazil
India China Japan Kenya Nigeria Egypt Turkey Iran Israel Georgia Moldova Lithuania Latvia
Estonia Finland Sweden Norway Denmark Austria Hungary Romania Bulgaria Serbia Greece Portugal
Ireland Chile Peru Argentina Colombia Australia Indonesia Vietnam Thailand Pakistan Bangladesh
Ethiopia Ghana Morocco Algeria Kazakhstan Armenia Azerbaijan Minsk Kyiv Moscow Warsaw Berlin
Paris London Rome Madrid Toronto Lagos Nairobi Cairo Istanbul Tehran""".split()
VERBS = """detained seized built closed opened spent paid received exported imported lost gained
destroyed repaired vaccinated hired fired arrested released deported admitted treated sold
bought produced banned approved rejected funded cut raised doubled halved""".split()
NOUNS = """wagons cars trucks tanks soldiers troops refugees migrants workers teachers doctors
nurses patients students children pensioners farmers schools hospitals bridges roads homes
flats tonnes barrels litres vaccines doses tests jobs contracts loans grants pensions taxes
fines weapons drones missiles shells rifles votes ballots seats hectares trees wells mines
ships planes trains buses flights visas passports permits licences companies banks shops
factories churches mosques prisons courts cases complaints protests strikes deaths injuries
infections arrests convictions euros dollars roubles hryvnias""".split()
QUALIFIERS = """illegally secretly officially reportedly in total so far this year last year
since January in March in the first quarter over five years during the war before the election
after the flood along the border in the capital in rural areas across the country""".split(" ")
TOPICS = """inflation unemployment crime poverty emigration corruption pollution obesity literacy
turnout debt deficit growth exports imports wages prices rents tuition""".split()
TOPIC_VERBS = "rose fell climbed dropped doubled halved reached exceeded".split()


def _number() -> str:
    value = random.choice([random.randint(2, 99), random.randint(100, 999),
                           random.randint(1_000, 99_999), random.randint(1, 50)])
    style = random.random()
    if value >= 1_000 and style < 0.5:
        return f"{value:,}"
    if style > 0.9:
        return f"{random.randint(1, 9)}.{random.randint(1, 9)} million"
    return str(value)


def synthetic_statement() -> str:
    """A plausible claim statement from one of a few news templates (seed ``random`` first)."""
    choice = random.random()
    subject = random.choice(SUBJECTS)
    place = random.choice(PLACES)
    if choice < 0.55:
        text = (f"The {subject} of {place} {random.choice(VERBS)} {_number()} "
                f"{random.choice(NOUNS)} {random.choice(QUALIFIERS)}")
    elif choice < 0.85:
        year = random.randint(1990, 2025)
        text = (f"{random.choice(TOPICS).capitalize()} in {place} {random.choice(TOPIC_VERBS)} "
                f"to {random.randint(1, 60)}% in {year}")
    else:
        text = (f"{place} {random.choice(VERBS)} more {random.choice(NOUNS)} than "
                f"{random.choice(PLACES)} {random.choice(QUALIFIERS)}")
    return text
