"""The appearances area's job: look for desk claims an article repeats, away from the request."""

from factcheck.appearances.detect import record_found
from factcheck.extensions import db
from factcheck.jobs.runner import job
from factcheck.models import Article
from factcheck.operations.appearances import FIND_APPEARANCES_JOB


@job(FIND_APPEARANCES_JOB)
def find_appearances(article_id: int) -> None:
    """Record the appearances article ``article_id`` holds, and tell people (idempotent: a
    passage recorded already, or removed by an editor, is left alone)."""
    article = db.session.get(Article, article_id)
    if article is not None:
        record_found(db.session, article)
