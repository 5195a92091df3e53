"""An article's claim suggestions, and rejecting the ones the desk will not check.

Suggestions are scored once, when the text is stored, and kept with the article
(``Article.suggestions``): scoring a long article is far slower than showing it. They are
scored again only when the key they were computed from — the text plus the scorer's own
files — no longer matches, so a new scorer refreshes every article on its next view.
"""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import resources

from sqlalchemy import select

from factcheck import suggestions as scorer_package
from factcheck.models import Article, RejectedSuggestion, User, utcnow
from factcheck.operations.errors import InvalidInput
from factcheck.operations.retrain import active_desk_model
from factcheck.operations.session import DbSession
from factcheck.suggestions import SentenceSuggestion, suggest_sentences
from factcheck.suggestions.desk_model import DeskModel
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


@functools.cache
def scorer_fingerprint() -> str:
    """SHA-256 of the scorer package's code and weights, read once per process."""
    digest = hashlib.sha256()
    package = resources.files(scorer_package)
    for item in sorted(package.iterdir(), key=lambda entry: entry.name):
        if item.is_file() and item.name.endswith((".py", ".json")):
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


def store_suggestions(session: DbSession, article: Article) -> None:
    """Score ``article``'s text and keep the suggested sentences with it (no text copies:
    the offsets index into the body)."""
    desk_model = active_desk_model(session)
    article.suggestions = [
        {"start": s.start, "end": s.end, "score": s.score, "reasons": s.reasons}
        for s in suggest_sentences(article.body, desk=desk_model)
        if s.suggested
    ]
    article.suggestions_key = suggestions_key(article.body, desk_model)


def stored_suggestions(session: DbSession, article: Article) -> list[SentenceSuggestion]:
    """The article's suggested sentences, scored again only when text or scorer changed."""
    key = suggestions_key(article.body, active_desk_model(session))
    if article.suggestions is None or article.suggestions_key != key:
        store_suggestions(session, article)
        session.flush()
    body = article.body
    return [
        SentenceSuggestion(
            item["start"], item["end"], body[item["start"] : item["end"]], item["score"], True,
            list(item["reasons"]),
        )
        for item in article.suggestions or []
    ]


def article_suggestions(session: DbSession, article: Article) -> list[SentenceSuggestion]:
    """The sentences of ``article`` worth checking, minus those rejected and those already
    quoted by one of its claims."""
    rejected = _rejected_keys(session, article)
    quoted = [(c.quote_start, c.quote_end) for c in article.claims if c.quote_start is not None]
    return [
        s
        for s in stored_suggestions(session, article)
        if (s.start, s.end, text_hash(s.text)) not in rejected
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
