"""Throwaway migrated databases and synthetic claims for the matching benchmarks."""

from __future__ import annotations

import itertools
import random
import re
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


def add_claims(session: Session, statements: list[str], batch: int = 1_000) -> list[int]:
    """Insert bare unverified claims (no events: this is an index benchmark); return their ids.

    One multi-row INSERT per batch, so PostgreSQL's statement-level triggers update the word
    counts once per batch rather than once per claim.
    """
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
        session.execute(insert(models.Claim).values(rows[start : start + batch]))
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
QUALIFIERS = """illegally|secretly|officially|in total|so far this year|last year|since January|
in March|in the first quarter|over five years|during the war|before the election|
after the flood|along the border|in the capital|in rural areas|across the country""".replace(
    "\n", "").split("|")
TOPICS = """inflation unemployment crime poverty emigration corruption pollution obesity literacy
turnout debt deficit growth exports imports wages prices rents tuition""".split()
TOPIC_VERBS = "rose fell climbed dropped doubled halved reached exceeded".split()
#: Everyday words news claims are padded with; the generated topic words below are rarer.
COMMON_WORDS = """new national public local federal state private military foreign health
energy water food gas oil coal power housing transport education security border tax budget
pension price market trade climate election court police prison school hospital family
village town district community programme project plan law reform policy scheme report survey
study agreement deal contract fund aid loan grant support service system network company
industry sector economy worker farmer student child woman man victim official minister
""".split()
_SYLLABLES = """ba be bi bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu
ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo zu dra gre pli sto tri pra vel kor
man ton ish ard ell ine ost ump and ber gal""".split()
#: Size of the generated vocabulary of topic words (drug names, places, firms, programmes …).
VOCABULARY = 40_000
ZIPF_EXPONENT = 1.05


def _vocabulary(size: int) -> list[str]:
    """``size`` distinct made-up words, most frequent first (a fixed seed: same list every run)."""
    rng = random.Random(1)
    words = dict.fromkeys(COMMON_WORDS)
    while len(words) < size:
        words.setdefault("".join(rng.choices(_SYLLABLES, k=rng.choice((2, 3, 3, 4)))))
    return list(words)


_WORDS = _vocabulary(VOCABULARY)
_CUMULATIVE = list(
    itertools.accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, VOCABULARY + 1))
)


def zipf_words(count: int) -> list[str]:
    """``count`` topic words drawn with Zipf-like frequencies (a few very common, a long tail)."""
    return random.choices(_WORDS, cum_weights=_CUMULATIVE, k=count)


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
    """A plausible news claim with figures and topic words (seed ``random`` first).

    A few templates give the sentence its shape; the words that make each claim about something
    in particular come from a 40,000-word vocabulary with Zipf-like frequencies, so some words
    appear in thousands of claims and most in a handful, as in a real archive.
    """
    choice = random.random()
    subject = random.choice(SUBJECTS)
    place = random.choice(PLACES)
    topic = " ".join(zipf_words(random.randint(1, 4)))
    if choice < 0.5:
        text = (f"The {subject} of {place} {random.choice(VERBS)} {_number()} "
                f"{random.choice(NOUNS)} for the {topic} {random.choice(QUALIFIERS)}")
    elif choice < 0.75:
        year = random.randint(1990, 2025)
        text = (f"{random.choice(TOPICS).capitalize()} among {topic} in {place} "
                f"{random.choice(TOPIC_VERBS)} to {random.randint(1, 60)}% in {year}")
    elif choice < 0.9:
        text = (f"{place} {random.choice(VERBS)} more {random.choice(NOUNS)} than "
                f"{random.choice(PLACES)} under the {topic} {random.choice(QUALIFIERS)}")
    else:
        text = (f"{topic.capitalize()} cost {place} {_number()} {random.choice(NOUNS)} "
                f"{random.choice(QUALIFIERS)}")
    return text


#: Rewordings a checker would recognise as the same claim (word → replacement).
_REWORDINGS = {
    "detained": "seized", "seized": "confiscated", "arrested": "detained", "cars": "vehicles",
    "trucks": "lorries", "rose": "climbed", "climbed": "rose", "fell": "dropped",
    "dropped": "fell", "built": "constructed", "paid": "spent", "spent": "paid",
    "doctors": "physicians", "children": "kids", "jobs": "posts", "in total": "altogether",
}


def paraphrase(statement: str) -> str:
    """The same claim as another outlet would word it: figures printed differently, a synonym
    or two, an attribution added, the qualifier moved to the front (seed ``random``)."""
    text = re.sub(r"\b(\d{1,3}),(\d{3})\b", r"\1\2", statement)
    if text == statement:
        text = re.sub(r"\b(\d+)%", r"\1 per cent", text)
    for word, replacement in _REWORDINGS.items():
        if f" {word} " in f" {text} " and random.random() < 0.7:
            text = f" {text} ".replace(f" {word} ", f" {replacement} ").strip()
    qualifier = next((q for q in QUALIFIERS if text.endswith(f" {q}")), None)
    if qualifier and random.random() < 0.5:
        text = f"{qualifier.capitalize()}, {text[0].lower()}{text[1:-len(qualifier) - 1]}"
    attribution = random.choice(CLAIMANTS[:-1])
    if random.random() < 0.5:
        return f"{attribution[0].upper()}{attribution[1:]} said that {text[0].lower()}{text[1:]}"
    return f"{text}, according to {attribution}"


def variant(statement: str) -> str:
    """A different claim that looks almost the same: another figure or another place."""
    numbers = re.findall(r"\d[\d,.]*", statement)
    if numbers and random.random() < 0.6:
        return statement.replace(numbers[0], str(random.randint(2, 90_000)), 1)
    for place in PLACES:
        if place in statement:
            return statement.replace(place, random.choice(PLACES), 1)
    return statement + " " + zipf_words(1)[0]
