"""A long article's suggestions are scored by a background job through the real queue (SQLite
file storage and the local Redis, on both databases), so storing or opening it never waits for
the sentence encoder; a short one is still scored at once."""

from __future__ import annotations

import html as html_lib
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.jobs.queue import DeskQueue
from factcheck.models import Article, Job, JobState
from factcheck.operations.appearances import FIND_APPEARANCES_JOB
from factcheck.operations.suggestions import (
    SCORE_ARTICLE_JOB,
    SCORE_INLINE_MAX,
    suggestions_key,
)
from factcheck.workflow import Role
from tests.conftest import DeskFactory
from tests.jobs_helpers import STORAGES, point_queue_at, work

PENDING = "Suggestions are being computed…"
SENTENCE = "Officials said that {n} wagons were detained at the border in March 2022. "
LONG_BODY = "".join(
    SENTENCE.format(n=100 + n) for n in range(SCORE_INLINE_MAX // len(SENTENCE) + 20)
)
ARTICLE_FORM = {
    "outlet": "BelTA",
    "title": "Wagons at the border",
    "url": "",
    "author": "",
    "published_on": "",
    "language": "en",
}


@pytest.fixture(params=STORAGES)
def jobs(request: pytest.FixtureRequest, app: Flask, tmp_path: Path) -> Iterator[DeskQueue]:
    """The real queue on SQLite file storage, then on the local Redis."""
    yield from point_queue_at(request.param, tmp_path, app)


def _page(client: FlaskClient, article_id: int) -> str:
    response = client.get(f"/articles/{article_id}")
    assert response.status_code == 200
    return html_lib.unescape(response.get_data(as_text=True))


def _ready(client: FlaskClient, article_id: int) -> bool:
    response = client.get(f"/articles/{article_id}/suggestions/status")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    return bool(response.get_json()["ready"])


def _score_jobs(session: Session) -> list[Job]:
    session.expire_all()
    return list(session.scalars(select(Job).where(Job.name == SCORE_ARTICLE_JOB)))


def test_long_article_from_the_form_is_scored_by_the_job(
    jobs: DeskQueue, session: Session, desk: DeskFactory, as_user, submit  # type: ignore[no-untyped-def]
) -> None:
    assert len(LONG_BODY) > SCORE_INLINE_MAX
    client = as_user(desk.user(Role.EDITOR))

    response = submit(client, "/articles/new", {**ARTICLE_FORM, "body": LONG_BODY})

    assert response.status_code == 302
    article = session.scalar(select(Article).where(Article.title == "Wagons at the border"))
    assert article is not None and article.suggestions is None
    [row] = _score_jobs(session)
    assert row.args == {"article_id": article.id}
    text = _page(client, article.id)
    assert PENDING in text and 'src="/static/suggestions-pending.js' in text
    assert "Suggested claims (" not in text
    assert not _ready(client, article.id)
    assert len(_score_jobs(session)) == 1  # opening the page again enqueues nothing more

    # The scoring job, then the search for desk claims among the suggestions it stored.
    assert work(jobs) == 2

    [row] = _score_jobs(session)
    assert row.state == JobState.DONE
    session.refresh(article)
    assert article.suggestions_key == suggestions_key(LONG_BODY, None)
    stored = [LONG_BODY[i["start"] : i["end"]] for i in article.suggestions]
    assert any("wagons were detained" in sentence for sentence in stored)
    assert _ready(client, article.id)
    text = _page(client, article.id)
    assert PENDING not in text and "suggestions-pending.js" not in text
    assert f"Suggested claims (100 of {len(article.suggestions):,}" in text


def test_changed_long_text_is_scored_again_by_the_job_not_by_the_page(
    jobs: DeskQueue, session: Session, desk: DeskFactory, as_user  # type: ignore[no-untyped-def]
) -> None:
    article = desk.article(LONG_BODY)
    session.commit()
    assert work(jobs) == 2  # scoring, then the search for desk claims it repeats
    session.refresh(article)
    assert article.suggestions
    article.body = LONG_BODY + "The minister said 300 more were stopped in April."
    client = as_user(desk.user(Role.EDITOR))

    assert PENDING in _page(client, article.id)
    session.refresh(article)
    assert article.suggestions is None
    assert [row.state for row in _score_jobs(session)] == [JobState.DONE, JobState.PENDING]

    assert work(jobs) == 2
    session.refresh(article)
    assert article.suggestions_key == suggestions_key(article.body, None)
    assert any("300 more" in article.body[i["start"] : i["end"]] for i in article.suggestions)


def test_job_sent_twice_scores_once_and_a_deleted_article_is_skipped(
    jobs: DeskQueue, session: Session, desk: DeskFactory
) -> None:
    kept = desk.article(LONG_BODY)
    gone = desk.article(LONG_BODY + " Gone.")
    session.commit()
    session.delete(gone)
    session.commit()

    assert work(jobs) == 3  # two scorings (one skipped), the search for the kept one's claims
    session.refresh(kept)
    stored = kept.suggestions
    assert stored
    assert {row.state for row in _score_jobs(session)} == {JobState.DONE}


def test_short_article_is_scored_in_the_request_without_a_job(
    jobs: DeskQueue, session: Session, desk: DeskFactory, as_user, submit  # type: ignore[no-untyped-def]
) -> None:
    client = as_user(desk.user(Role.EDITOR))
    body = "He stated that Ukrainian authorities detained 1,500 wagons and cars."

    submit(client, "/articles/new", {**ARTICLE_FORM, "body": body})

    article = session.scalar(select(Article).where(Article.title == "Wagons at the border"))
    assert article is not None and article.suggestions
    assert _score_jobs(session) == []
    # Only the search for desk claims it repeats (rows of earlier tests may remain).
    queued = [job.name for job in session.scalars(select(Job))
              if job.args.get("article_id") == article.id]
    assert queued == [FIND_APPEARANCES_JOB]
    assert _ready(client, article.id)
    assert PENDING not in _page(client, article.id)


def test_status_needs_a_login_and_a_real_article(client: FlaskClient, desk, as_user) -> None:  # type: ignore[no-untyped-def]
    article = desk.article()
    response = client.get(f"/articles/{article.id}/suggestions/status")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    reader = as_user(desk.user(Role.CHECKER))
    assert reader.get("/articles/999999/suggestions/status").status_code == 404
    assert reader.get(f"/articles/{article.id}/suggestions/status").get_json() == {"ready": True}
