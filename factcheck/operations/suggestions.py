"""An article's claim suggestions, and rejecting the ones the desk will not check."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from factcheck.models import Article, RejectedSuggestion, User, utcnow
from factcheck.operations.errors import InvalidInput
from factcheck.operations.retrain import active_desk_model
from factcheck.operations.session import DbSession
from factcheck.suggestions import SentenceSuggestion, suggest_sentences
from factcheck.workflow import require_editor


def text_hash(text: str) -> str:
    """SHA-256 of a sentence, so a rejection only ever hides that exact sentence."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rejected_keys(session: DbSession, article: Article) -> set[tuple[int, int, str]]:
    rows = session.execute(
        select(RejectedSuggestion.start, RejectedSuggestion.end, RejectedSuggestion.text_hash)
        .where(RejectedSuggestion.article_id == article.id)
    )
    return {(row.start, row.end, row.text_hash) for row in rows}


def article_suggestions(session: DbSession, article: Article) -> list[SentenceSuggestion]:
    """The sentences of ``article`` worth checking, minus those rejected and those already
    quoted by one of its claims."""
    rejected = _rejected_keys(session, article)
    quoted = [(c.quote_start, c.quote_end) for c in article.claims if c.quote_start is not None]
    return [
        s
        for s in suggest_sentences(article.body, desk=active_desk_model(session))
        if s.suggested
        and (s.start, s.end, text_hash(s.text)) not in rejected
        and not any(start < s.end and s.start < end for start, end in quoted)  # type: ignore[operator]
    ]


def reject_suggestion(
    session: DbSession, actor: User, article: Article, start: int, end: int
) -> RejectedSuggestion:
    """Stop suggesting the sentence of ``article`` between ``start`` and ``end`` (editors),
    remembering who decided and when."""
    require_editor(actor, "reject suggestions")
    if not 0 <= start < end <= len(article.body):
        raise InvalidInput("That passage is not part of the article's text.")
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


__all__ = ["article_suggestions", "reject_suggestion", "text_hash"]
