"""The suggestions area's job: score one article's suggestions away from the web request."""

from factcheck.extensions import db
from factcheck.jobs.runner import PERSON_WAITING, job
from factcheck.models import Article
from factcheck.operations.retrain import active_desk_model
from factcheck.operations.suggestions import (
    SCORE_ARTICLE_JOB,
    scored_suggestions,
    suggestions_key,
    suggestions_stored,
)


@job(SCORE_ARTICLE_JOB, priority=PERSON_WAITING)
def score_article(article_id: int) -> None:
    """Score article ``article_id`` and store its suggestions, unless they are current already
    (a retry, a duplicate hand-over, or the page scored a short text itself)."""
    article = db.session.get(Article, article_id)
    if article is None:
        return
    body, desk_model = article.body, active_desk_model(db.session)
    key = suggestions_key(body, desk_model)
    if article.suggestions is not None and article.suggestions_key == key:
        return
    # Scoring a long text takes a while: end this read first, so no snapshot or SQLite read
    # lock is held meanwhile, and write the result in a short transaction of its own.
    db.session.rollback()
    suggestions = scored_suggestions(body, desk_model)
    article = db.session.get(Article, article_id)
    if article is None or article.body != body:
        return  # changed meanwhile: the change enqueued its own scoring
    article.suggestions = suggestions
    article.suggestions_key = key
    suggestions_stored(db.session, article)
