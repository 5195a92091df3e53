"""What the evidence tests share: a checker and the claim assigned to them, the local news site
and the real job queue (SQLite file storage), and a page read as text.

The fixtures are registered under their short names (``checker``, ``claim``, ``site``,
``jobs``); a test module brings them in by importing them, e.g.
``from tests.evidence_helpers import checker_fixture, claim_fixture  # noqa: F401 (fixtures)``.
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from factcheck.models import Claim, User
from factcheck.workflow import Role
from tests.archive_helpers import Site, local_site
from tests.conftest import DeskFactory
from tests.jobs_helpers import sqlite_jobs_fixture  # noqa: F401  (re-exported fixture)


@pytest.fixture(name="checker")
def checker_fixture(desk: DeskFactory) -> User:
    """The checker working on the claim."""
    return desk.user(Role.CHECKER, name="Ana Checker")


@pytest.fixture(name="claim")
def claim_fixture(desk: DeskFactory, checker: User) -> Claim:
    """An unverified claim assigned to the checker."""
    return desk.claim(assignee=checker)


@pytest.fixture(name="site")
def site_fixture(app: Flask) -> Iterator[Site]:
    """The local news site, reachable by the desk."""
    yield from local_site(app)


def page_text(response: TestResponse) -> str:
    """A page as text, entities decoded."""
    return html_lib.unescape(response.get_data(as_text=True))
