"""Shared fixtures: every test runs on SQLite and, when reachable, again on PostgreSQL.

The schema is built once per database by running the real Alembic migrations; each test then
runs inside a transaction that is rolled back at the end, so tests never see each other's data.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import psycopg
import pytest
from argon2 import PasswordHasher
from flask import Flask, g, request_started
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import event, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from factcheck import create_app
from factcheck.desk import claim_matches
from factcheck.desk.dashboard import forget_kept as forget_kept_dashboards
from factcheck.extensions import db
from factcheck.models import Article, Claim, DeskSettings, Evidence, Rating, User
from factcheck.operations import claims as claim_ops
from factcheck.operations import evidence as evidence_ops
from factcheck.operations import publishing
from factcheck.operations.articles import ArticleDetails, add_article
from factcheck.operations.desk import create_user
from factcheck.public.caching import rendered as rendered_public_bodies
from factcheck.workflow import Priority, Role, State

PASSWORD = "correct horse battery"
#: The organisation address the test databases carry (a fresh install's is a placeholder).
ORGANISATION_URL = "https://newsroom.test/"
#: Login-throttle counts of this test run live under their own prefix (also in the shared Redis).
THROTTLE_PREFIX = f"factcheck-test-{uuid.uuid4().hex[:12]}"
PG_ADMIN_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _pg_reachable() -> bool:
    try:
        with psycopg.connect(_libpq(PG_ADMIN_URL), connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


# FACTCHECK_TEST_DATABASES=sqlite keeps a run on SQLite alone (the lowest-versions pass of
# ``make test``); by default PostgreSQL joins whenever it is reachable.
_WANTED = os.environ.get("FACTCHECK_TEST_DATABASES", "sqlite,postgresql").split(",")
DATABASES = ["sqlite"] + (["postgresql"] if "postgresql" in _WANTED and _pg_reachable() else [])


class TestDatabase:
    """A fresh, migrated database for one test session, dropped afterwards."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        if kind == "sqlite":
            self._dir = tempfile.TemporaryDirectory()
            self.url = f"sqlite:///{self._dir.name}/test.sqlite"
        else:
            self.name = f"factcheck_test_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(_libpq(PG_ADMIN_URL), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')
            self.url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{self.name}"

    def drop(self) -> None:
        """Remove the database."""
        if self.kind == "sqlite":
            self._dir.cleanup()
            return
        with psycopg.connect(_libpq(PG_ADMIN_URL), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def make_app(url: str, **overrides: Any) -> Flask:
    """An app for tests against ``url`` (CSRF stays on, as in production)."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "SERVER_NAME": "desk.test",
        "SITE_URL": "https://desk.test",
        "JOBS_URL": "memory://",  # tests that run jobs point the queue at real storage
        # every test's rolled-back data would outlive it in a shared page cache; the cache's
        # own tests give each app a store of its own (tests/test_public_cache.py)
        "PUBLIC_CACHE_URL": "none",
        "RATELIMIT_KEY_PREFIX": THROTTLE_PREFIX,
    }
    config.update(overrides)
    return create_app(config)


def _sqlite_savepoints(engine: Engine) -> None:
    """Let pysqlite use real SAVEPOINTs (SQLAlchemy's documented recipe)."""

    @event.listens_for(engine, "connect")
    def do_connect(dbapi_connection: Any, connection_record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def do_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashes() -> Iterator[None]:
    """Cheap argon2 parameters for the whole run: production's cost is tuned to be slow, which
    is not what the tests are about. Verification reads the parameters from each hash, so
    logging in still checks the password for real."""
    from factcheck.models import users

    production = users._hasher
    users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    users._hasher = production


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgresql`` need what only PostgreSQL does (a second connection
    committing while the test's transaction is open): their SQLite case is not collected."""
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_sqlite = callspec is not None and callspec.params.get("database") == "sqlite"
        (dropped if on_sqlite and item.get_closest_marker("postgresql") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session", params=DATABASES)
def database(request: pytest.FixtureRequest) -> Iterator[TestDatabase]:
    """One migrated database per kind for the whole run."""
    test_db = TestDatabase(request.param)
    app = make_app(test_db.url)
    with app.app_context():
        upgrade()
        # A fresh install has a placeholder address, which publishing refuses (as it should).
        db.session.execute(update(DeskSettings).values(organisation_url=ORGANISATION_URL))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    yield test_db
    test_db.drop()


@pytest.fixture(scope="session")
def _session_app(database: TestDatabase) -> Iterator[Flask]:
    app = make_app(database.url)
    if database.kind == "sqlite":
        with app.app_context():
            _sqlite_savepoints(db.engine)
    yield app
    with app.app_context():
        db.engine.dispose()


class _BoundSession(Session):
    """A plain session bound to the test's connection (Flask-SQLAlchemy's own session class
    would pick the engine instead of the connection it is given)."""

    def __init__(self, *args: Any, db: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


def _forget_previous_request(sender: Flask, **extra: Any) -> None:
    """Requests in a test share the test's app context (and so ``g``); a browser's requests
    do not. Drop what Flask-Login and Flask-WTF cache in ``g`` so each request starts from its
    own cookies, as in production. Flask-Babel keeps the request's language there too."""
    g.pop("_login_user", None)
    g.pop("csrf_token", None)
    g.pop("_flask_babel", None)


@pytest.fixture
def app(_session_app: Flask) -> Iterator[Flask]:
    """The app, with every session of this test joined to one transaction rolled back after."""
    app = _session_app
    with app.app_context():
        connection = db.engine.connect()
    transaction = connection.begin()
    original = db.session
    db.session = db._make_scoped_session(
        {"bind": connection, "join_transaction_mode": "create_savepoint", "class_": _BoundSession}
    )
    original_config = dict(app.config)
    app.extensions["login_throttle"].reset()  # failed logins of earlier tests do not count
    rendered_public_bodies.clear()  # ids and times repeat across rolled-back tests
    claim_matches.forget()
    forget_kept_dashboards()
    request_started.connect(_forget_previous_request, app)
    try:
        yield app
    finally:
        request_started.disconnect(_forget_previous_request, app)
        with app.app_context():
            db.session.remove()
        db.session = original
        transaction.rollback()
        connection.close()
        app.config.clear()
        app.config.update(original_config)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser-like client; CSRF protection is on."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    """Runs ``flask`` commands against the test database."""
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """``db.session`` inside an app context, for arranging and checking data."""
    with app.app_context():
        yield db.session


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, page_url: str) -> str:
    """The CSRF token from the form on ``page_url``, as a browser would send it."""
    response = client.get(page_url)
    match = CSRF_RE.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {page_url} (status {response.status_code})"
    return match.group(1)


def _submit(
    client: FlaskClient,
    page_url: str,
    data: dict[str, Any] | None = None,
    post_url: str | None = None,
    **kwargs: Any,
) -> Any:
    payload = dict(data or {})
    payload.setdefault("csrf_token", csrf_token(client, page_url))
    # Over HTTPS Flask-WTF also checks the Referer, which a browser always sends.
    headers = {"Referer": f"https://desk.test{page_url}", **kwargs.pop("headers", {})}
    return client.post(post_url or page_url, data=payload, headers=headers, **kwargs)


@pytest.fixture
def submit():  # type: ignore[no-untyped-def]
    """``submit(client, page_url, data, post_url=None)``: fill in a form and post it."""
    return _submit


def _login(client: FlaskClient, user: User, password: str = PASSWORD) -> Any:
    response = _submit(client, "/login", {"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


@pytest.fixture
def login():  # type: ignore[no-untyped-def]
    """``login(client, user)``: log in through the real form."""
    return _login


@pytest.fixture
def as_user(app: Flask, session: Session):  # type: ignore[no-untyped-def]
    """``as_user(user)``: commit what the test arranged, then a new browser logged in as
    ``user`` (the commit only releases a savepoint; the test's transaction is still rolled
    back at the end)."""

    def log_in(user: User) -> FlaskClient:
        session.commit()
        client = app.test_client()
        _login(client, user)
        return client

    return log_in


class DeskFactory:
    """Builds users, articles and claims through the real services."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._count = 0

    def _n(self) -> int:
        self._count += 1
        return self._count

    def user(self, role: str | Role = Role.CHECKER, name: str | None = None) -> User:
        """A desk member whose password is ``PASSWORD``."""
        n = self._n()
        role = Role(role)
        return create_user(
            self.session, f"{role}{n}@newsroom.example", name or f"{role.label} {n}", role, PASSWORD
        )

    def editor(self) -> User:
        """An editor (creates claims in the other helpers)."""
        return self.user(Role.EDITOR)

    def article(self, body: str | None = None, **kwargs: Any) -> Article:
        """An article; the default text holds the 1,500 wagons sentence.

        Tests build many articles with that same text, so copies are allowed (``force``)
        unless the test asks otherwise."""
        details = ArticleDetails(
            force=kwargs.pop("force", True),
            outlet=kwargs.pop("outlet", "BelTA"),
            title=kwargs.pop("title", f"Article {self._n()}"),
            body=body
            or (
                "Lukashenko spoke on Friday. He stated that Ukrainian authorities detained "
                "1,500 wagons and cars. The president called it dangerous."
            ),
            **kwargs,
        )
        return add_article(self.session, None, details)

    def rating(self, label: str = "False") -> Rating:
        """A rating of the default scale by its label."""
        from sqlalchemy import select

        rating = self.session.scalar(select(Rating).where(Rating.label == label))
        assert rating is not None, label
        return rating

    def evidence(self, claim: Claim, actor: User | None = None, **kwargs: Any) -> Evidence:
        """A public evidence entry on ``claim``."""
        actor = actor or claim.assignee or self.editor()
        details = evidence_ops.EvidenceDetails(
            title=kwargs.pop("title", f"Source {self._n()}"),
            url=kwargs.pop("url", "https://example.org/source"),
            publisher=kwargs.pop("publisher", "Example Statistics Office"),
            excerpt=kwargs.pop("excerpt", "The relevant passage."),
            **kwargs,
        )
        return evidence_ops.add_evidence(self.session, actor, claim, details)

    def claim(
        self,
        state: str | State = State.UNVERIFIED,
        *,
        assignee: User | None = None,
        editor: User | None = None,
        statement: str | None = None,
        article: Article | None = None,
        rating: str = "False",
        **kwargs: Any,
    ) -> Claim:
        """A claim driven through the workflow to ``state`` by real services.

        Rated claims are rated by the assignee (a new checker when none is given) and published
        by ``editor``, so the two-person rule holds.
        """
        state = State(state)
        editor = editor or self.editor()
        details = claim_ops.ClaimDetails(
            statement=statement
            or f"Ukraine detained 1,500 Belarusian wagons and cars ({self._n()})",
            claimant=kwargs.pop("claimant", "Alexander Lukashenko"),
            claim_date=kwargs.pop("claim_date", date(2022, 3, 15)),
        )
        if article is not None and "quote_start" not in kwargs:
            start = article.body.find("Ukrainian authorities")
            if start >= 0:
                kwargs["quote_start"], kwargs["quote_end"] = start, start + 60
        claim = claim_ops.create_claim(
            self.session,
            editor,
            details,
            article=article,
            priority=kwargs.pop("priority", Priority.NORMAL),
            **kwargs,
        )
        if state == State.UNVERIFIED and assignee is None:
            return claim
        if state == State.DISMISSED:
            claim_ops.dismiss(self.session, editor, claim, claim.version, reason="out_of_scope")
            return claim
        if state in (State.RATED, State.PUBLISHED) and assignee is None:
            assignee = self.user(Role.CHECKER)
        if assignee is not None:
            claim_ops.assign(self.session, editor, claim, claim.version, assignee)
        if state == State.UNVERIFIED:
            return claim
        worker = assignee or editor
        self.evidence(claim, worker)
        claim_ops.mark_sourced(self.session, worker, claim, claim.version)
        if state == State.SOURCED:
            return claim
        publishing.rate(
            self.session,
            worker,
            claim,
            claim.version,
            rating=self.rating(rating),
            summary="The figure is not supported by any record.",
            explanation="Customs data show **no** such detentions.",
        )
        if state == State.RATED:
            return claim
        publishing.publish(self.session, editor, claim, claim.version)
        return claim


@pytest.fixture
def desk(session: Session) -> DeskFactory:
    """Factories for users, articles and claims, built through the services."""
    return DeskFactory(session)
