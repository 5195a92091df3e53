"""An article's claim suggestions, and rejecting the ones the desk will not check.

Suggestions are scored once, when the text is stored, and kept with the article
(``Article.suggestions``): scoring a long article is far slower than showing it. They are
scored again only when the key they were computed from — the text plus the scorer's own
files — no longer matches, so a new scorer refreshes every article on its next view.

A short text (up to :data:`SCORE_INLINE_MAX` characters, a fraction of a second) is scored in
the request that stores or shows it. A longer one is handed to the ``suggestions.score_article``
job, enqueued in the same transaction: the sentence encoder takes about half a minute on a
1 MB text, which no web request should wait for. Until the job has stored them, the
article's suggestions are "being computed" (:func:`stored_suggestions` returns ``None``).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import json
from datetime import timedelta
from importlib import resources
from typing import Any

from sqlalchemy import select

from factcheck import suggestions as scorer_package
from factcheck.jobs.runner import enqueue_job
from factcheck.models import Article, Job, JobState, RejectedSuggestion, User, utcnow
from factcheck.models.jobs import STARTABLE
from factcheck.operations.appearances import FIND_APPEARANCES_JOB
from factcheck.operations.errors import InvalidInput
from factcheck.operations.retrain import active_desk_model
from factcheck.operations.session import DbSession
from factcheck.suggestions import SentenceSuggestion, suggest_sentences
from factcheck.suggestions.desk_model import DeskModel
from factcheck.workflow import require_editor
from factcheck.workflow.terms import N_

#: Texts up to this many characters are scored inside the request (about 0.2 s with the
#: encoder; a typical news article is 3,000–8,000); longer ones by the background job.
SCORE_INLINE_MAX = 12_000
#: The job that scores one article's suggestions (``article_id=``); intake enqueues it too.
SCORE_ARTICLE_JOB = "suggestions.score_article"
#: Modules of the scorer package that do not change a score, left out of its fingerprint.
_NOT_SCORING = frozenset({"cli.py", "jobs.py"})


def text_hash(text: str) -> str:
    """SHA-256 of a sentence, so a rejection only ever hides that exact sentence."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rejected_keys(session: DbSession, article: Article) -> set[tuple[int, int, str]]:
    rows = session.execute(
        select(RejectedSuggestion.start, RejectedSuggestion.end, RejectedSuggestion.text_hash)
        .where(RejectedSuggestion.article_id == article.id)
    )
    return {(row.start, row.end, row.text_hash) for row in rows}


@functools.cache
def scorer_fingerprint() -> str:
    """SHA-256 of the scorer package's code and weights, read once per process."""
    digest = hashlib.sha256()
    package = resources.files(scorer_package)
    for item in sorted(package.iterdir(), key=lambda entry: entry.name):
        scores = item.name.endswith((".py", ".json")) and item.name not in _NOT_SCORING
        if item.is_file() and scores:
            digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return digest.hexdigest()


def suggestions_key(body: str, desk_model: DeskModel | None) -> str:
    """What stored suggestions depend on: the article's text, the scorer and the desk's
    retrained correction (a new kept run re-scores every article on its next view)."""
    digest = hashlib.sha256(scorer_fingerprint().encode())
    correction = desk_model.to_dict() if desk_model is not None else None
    digest.update(b"\0" + json.dumps(correction, sort_keys=True).encode())
    digest.update(b"\0" + body.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def scored_suggestions(body: str, desk_model: DeskModel | None) -> list[dict[str, Any]]:
    """The suggested sentences of ``body`` as stored: offsets, score and reasons (no text
    copies: the offsets index into the body)."""
    return [
        {"start": s.start, "end": s.end, "score": s.score, "reasons": s.reasons}
        for s in suggest_sentences(body, desk=desk_model)
        if s.suggested
    ]


def score_text(session: DbSession, body: str) -> tuple[list[dict[str, Any]], str]:
    """The suggestions to store for ``body`` and the key they depend on. Only reads the
    database, so a job can score before it opens a write transaction."""
    return score_with(body, active_desk_model(session))


def score_with(body: str, desk_model: DeskModel | None) -> tuple[list[dict[str, Any]], str]:
    """:func:`score_text` with the desk's correction already read (:func:`active_desk_model`),
    for a caller scoring many texts at once."""
    return scored_suggestions(body, desk_model), suggestions_key(body, desk_model)


def store_suggestions(
    session: DbSession, article: Article, scored: tuple[list[dict[str, Any]], str] | None = None
) -> None:
    """Score ``article``'s text now (unless ``scored`` by :func:`score_text` already) and keep
    the suggested sentences with it; then look for claims already on the desk among them."""
    article.suggestions, article.suggestions_key = scored or score_text(session, article.body)
    suggestions_stored(session, article)


def suggestions_stored(session: DbSession, article: Article) -> None:
    """``article``'s suggestions were just stored: queue the search for desk claims that its
    suggested sentences repeat (a job: each sentence is a matcher lookup). Flushes only."""
    if article.suggestions:  # the job is idempotent: a second one finds everything recorded
        session.flush()
        enqueue_job(session, FIND_APPEARANCES_JOB, article_id=article.id)


def suggestions_current(session: DbSession, article: Article) -> bool:
    """Whether the stored suggestions were scored from this text by this scorer."""
    return article.suggestions is not None and article.suggestions_key == suggestions_key(
        article.body, active_desk_model(session)
    )


def refresh_suggestions(session: DbSession, article: Article) -> None:
    """Make ``article``'s suggestions current: now for a short text, else by the job.

    For a long text the stored ones are cleared (their offsets may not fit the text any more)
    and the job is enqueued in the caller's transaction, unless one is already waiting for
    this article. Flushes, never commits.
    """
    if len(article.body) <= SCORE_INLINE_MAX:
        store_suggestions(session, article)
        session.flush()
        return
    article.suggestions = None
    article.suggestions_key = None
    session.flush()
    if not scoring_pending(session, article.id):
        enqueue_job(session, SCORE_ARTICLE_JOB, article_id=article.id)


def scoring_pending(session: DbSession, article_id: int) -> bool:
    """Whether a scoring job for ``article_id`` is waiting, running or retrying."""
    return job_waiting(session, SCORE_ARTICLE_JOB, article_id)


def job_waiting(session: DbSession, name: str, article_id: int) -> bool:
    """Whether job ``name`` for ``article_id`` is waiting, running or retrying (asked by
    the article page: the database compares the ids, not this process, row by row)."""
    return session.scalar(
        select(Job.id).where(
            Job.name == name,
            Job.state.in_([str(s) for s in (*STARTABLE, JobState.RUNNING)]),
            Job.args["article_id"].as_integer() == article_id,
        ).limit(1)
    ) is not None


def stored_suggestions(session: DbSession, article: Article) -> list[SentenceSuggestion] | None:
    """The article's suggested sentences; ``None`` while the job is still computing them.

    Scored again when text or scorer changed (see :func:`refresh_suggestions`).
    """
    if not suggestions_current(session, article):
        refresh_suggestions(session, article)
        if article.suggestions is None:
            return None
    body = article.body
    return [
        SentenceSuggestion(
            item["start"], item["end"], body[item["start"] : item["end"]], item["score"], True,
            list(item["reasons"]),
        )
        for item in article.suggestions or []
    ]


def article_suggestions(
    session: DbSession, article: Article
) -> list[SentenceSuggestion] | None:
    """The sentences of ``article`` worth checking, minus those rejected and those already
    quoted by one of its claims; ``None`` while they are being computed."""
    stored = stored_suggestions(session, article)
    if stored is None:
        return None
    rejected = _rejected_keys(session, article)
    quoted = sorted(
        (c.quote_start, c.quote_end) for c in article.claims
        if c.quote_start is not None and c.quote_end is not None
    )
    # A long article has thousands of suggestions and hundreds of claims: a suggestion overlaps
    # a quote when some quote starting before its end ends after its start, so keep the
    # furthest end among the quotes in start order and look it up by binary search.
    starts = [start for start, _ in quoted]
    furthest = list(itertools.accumulate((end for _, end in quoted), max))

    def overlaps_a_quote(s: SentenceSuggestion) -> bool:
        before = bisect.bisect_left(starts, s.end)
        return before > 0 and furthest[before - 1] > s.start

    return [
        s
        for s in stored
        if not overlaps_a_quote(s)
        and not (rejected and (s.start, s.end, text_hash(s.text)) in rejected)
    ]


def reject_suggestion(
    session: DbSession, actor: User, article: Article, start: int, end: int
) -> RejectedSuggestion:
    """Stop suggesting the sentence of ``article`` between ``start`` and ``end`` (editors),
    remembering who decided and when."""
    require_editor(actor, N_("reject suggestions"))
    if not 0 <= start < end <= len(article.body):
        raise InvalidInput(N_("That passage is not part of the article's text."))
    key_hash = text_hash(article.body[start:end])
    existing = session.scalar(
        select(RejectedSuggestion).where(
            RejectedSuggestion.article_id == article.id,
            RejectedSuggestion.start == start,
            RejectedSuggestion.end == end,
            RejectedSuggestion.text_hash == key_hash,
        )
    )
    if existing is not None:
        return existing
    rejection = RejectedSuggestion(
        article=article, start=start, end=end, text_hash=key_hash, rejected_by=actor,
        rejected_at=utcnow(),
    )
    session.add(rejection)
    session.flush()
    return rejection


#: How long after rejecting a suggestion its rejecter is offered "Undo" on the article page.
UNDO_REJECTION_WINDOW = timedelta(minutes=15)


def recent_rejections(
    session: DbSession, actor: User, article: Article
) -> list[RejectedSuggestion]:
    """The suggestions of ``article`` that ``actor`` rejected in the last
    :data:`UNDO_REJECTION_WINDOW`, newest first: the ones the page offers to undo."""
    since = utcnow() - UNDO_REJECTION_WINDOW
    return list(session.scalars(
        select(RejectedSuggestion)
        .where(RejectedSuggestion.article_id == article.id,
               RejectedSuggestion.rejected_by_id == actor.id,
               RejectedSuggestion.rejected_at >= since)
        .order_by(RejectedSuggestion.rejected_at.desc(), RejectedSuggestion.id.desc())
    ))


def restore_suggestion(
    session: DbSession, actor: User, article: Article, start: int, end: int
) -> None:
    """Undo a rejection: the sentence between ``start`` and ``end`` is suggested again
    (editors). Restoring one that is not rejected changes nothing."""
    require_editor(actor, N_("restore suggestions"))
    rejections = session.scalars(
        select(RejectedSuggestion).where(
            RejectedSuggestion.article_id == article.id,
            RejectedSuggestion.start == start,
            RejectedSuggestion.end == end,
        )
    ).all()
    for rejection in rejections:
        session.delete(rejection)
    session.flush()


__all__ = [
    "SCORE_ARTICLE_JOB",
    "UNDO_REJECTION_WINDOW",
    "article_suggestions",
    "recent_rejections",
    "refresh_suggestions",
    "reject_suggestion",
    "restore_suggestion",
    "scoring_pending",
    "suggestions_stored",
    "text_hash",
]
