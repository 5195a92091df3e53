"""Articles: adding (pasted, fetched from a URL or from a feed), editing and deleting them.

The same article is never stored twice by accident: its canonical URL and its normalised text
are unique keys (see :mod:`factcheck.intake.keys`), so a second copy is refused with a link to
the first, and two workers storing the same feed item at once cannot both succeed. An editor
may still force a copy; it then gives up the keys another article holds. Editing never moves
a claim's quote: claims whose quote no longer matches the text are flagged on the article page
and in their history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, func, or_, select, update

from factcheck import languages
from factcheck.archive import storage
from factcheck.fetching import FetchResult
from factcheck.intake.keys import text_key, url_key
from factcheck.models import (
    Article,
    ArticleDraft,
    Claim,
    OutletItem,
    RejectedSuggestion,
    Snapshot,
    User,
    utcnow,
)
from factcheck.operations.audit import record_desk_event
from factcheck.operations.errors import InvalidInput
from factcheck.operations.events import record
from factcheck.operations.session import DbSession
from factcheck.operations.suggestions import refresh_suggestions, suggestions_stored
from factcheck.workflow import require_editor
from factcheck.workflow.terms import N_, Phrase


@dataclass
class ArticleDetails:
    """An article as an editor pastes it in, or as it was fetched."""

    outlet: str
    title: str
    body: str
    url: str | None = None
    author: str | None = None
    published_on: date | None = None
    #: ISO 639-1 code; empty: detected from the text (English when it cannot be told).
    language: str = ""
    #: The page's own canonical link when it was fetched (else ``url`` is the canonical one).
    canonical_url: str | None = None
    #: Store it even when the desk already has this URL or this text (an editor's decision).
    force: bool = False


class DuplicateArticle(InvalidInput):
    """The desk already has this article (same canonical URL or same text); HTTP 409.

    ``existing`` is the article it has, so the refusal can link to it.
    """

    status_code = 409

    def __init__(self, existing: Article, why: str) -> None:
        super().__init__(
            N_(
                "The desk already has this article (%(why)s): “%(title)s” (article %(id)s). "
                "Open it, or tick “Add it anyway” to keep a second copy."
            ),
            field="force",
            why=Phrase(why),
            title=existing.title,
            id=existing.id,
        )
        self.existing = existing


def find_duplicate(
    session: DbSession, *, url: str | None, body: str | None, exclude: Article | None = None
) -> tuple[Article, str] | None:
    """The article already holding ``url``'s canonical form or ``body``'s text, and why."""
    keys = {"url_key": url_key(url), "text_key": text_key(body) if body else None}
    conditions = [getattr(Article, name) == key for name, key in keys.items() if key]
    if not conditions:
        return None
    stmt = select(Article).where(or_(*conditions))
    if exclude is not None and exclude.id is not None:
        stmt = stmt.where(Article.id != exclude.id)
    existing = session.scalars(stmt.limit(1)).first()
    if existing is None:
        return None
    same_url = keys["url_key"] is not None and existing.url_key == keys["url_key"]
    return existing, N_("the same address") if same_url else N_("the same text")


def refuse_duplicate(
    session: DbSession, *, url: str | None, body: str | None, exclude: Article | None = None
) -> None:
    """Raise :class:`DuplicateArticle` when the desk already has this URL or this text."""
    found = find_duplicate(session, url=url, body=body, exclude=exclude)
    if found is not None:
        raise DuplicateArticle(*found)


def check_url(url: str, field: str = "url") -> str:
    """``url`` stripped, or a refusal in words when it is not an http(s) link with a host."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise InvalidInput(N_("Give a web address starting with http:// or https://."), field=field)
    return url


def page_snapshot(result: FetchResult) -> Snapshot:
    """The fetched page as a snapshot: its bytes, type, size, SHA-256 and fetch time."""
    name = urlsplit(result.final_url).path.rsplit("/", 1)[-1] or "index.html"
    snapshot = Snapshot(
        filename=name[:255],
        content_type=result.content_type[:120],
        size=len(result.body),
        sha256=result.sha256,
        source_url=result.url[:2000],
        final_url=result.final_url[:2000],
        http_status=result.status,
        fetched_at=result.fetched_at,
        created_at=result.fetched_at,
    )
    storage.store(snapshot, result.body)  # the database, or the bucket SNAPSHOT_STORAGE names
    return snapshot


def _fields(details: ArticleDetails) -> dict[str, Any]:
    """The article's columns from ``details``, trimmed (the text exactly as given)."""
    return {
        "outlet": details.outlet.strip(),
        "title": details.title.strip(),
        "url": (details.url or "").strip() or None,
        "canonical_url": (details.canonical_url or details.url or "").strip() or None,
        "author": (details.author or "").strip() or None,
        "published_on": details.published_on,
        "language": (details.language or "").strip() or languages.detect(details.body) or "en",
        "body": details.body,
    }


def _keys(
    session: DbSession, force: bool, canonical: str | None, body: str,
    exclude: Article | None = None,
) -> dict[str, str | None]:
    """The duplicate keys to store. A copy an editor forced gives up only the keys another
    article holds, so it still stops later copies of itself (from a feed, say)."""
    keys = {"url_key": url_key(canonical), "text_key": text_key(body)}
    if force:
        for name, key in keys.items():
            column = getattr(Article, name)
            stmt = select(Article.id).where(column == key)
            if exclude is not None and exclude.id is not None:
                stmt = stmt.where(Article.id != exclude.id)
            if key is not None and session.scalar(stmt.limit(1)) is not None:
                keys[name] = None
    return keys


def add_article(
    session: DbSession,
    actor: User | None,
    details: ArticleDetails,
    *,
    snapshot: Snapshot | None = None,
    fetched_at: datetime | None = None,
    outlet_id: int | None = None,
    inbox: str | None = None,
    scored: tuple[list[dict[str, Any]], str] | None = None,
) -> Article:
    """Ingest an article; its text is stored exactly as given so offsets stay true.

    ``actor`` is ``None`` for the demo loader, the command line and feed polling. A second
    copy of an article is refused (:class:`DuplicateArticle`) unless ``details.force``.
    ``scored`` is its suggestions when already computed (:func:`score_text`); otherwise a short
    text is scored now and a long one by the worker's job.
    """
    if actor is not None:
        require_editor(actor, N_("add articles"))
    if not details.body.strip():
        raise InvalidInput(N_("Paste the article's text."), field="body")
    fields = _fields(details)
    if not details.force:
        refuse_duplicate(session, url=fields["canonical_url"], body=details.body)
    article = Article(
        **fields,
        **_keys(session, details.force, fields["canonical_url"], details.body),
        added_by=actor,
        created_at=utcnow(),
        snapshot=snapshot,
        fetched_at=fetched_at,
        outlet_id=outlet_id,
        inbox=inbox,
    )
    if scored is not None:  # stored with the row: one INSERT, no UPDATE after it
        article.suggestions, article.suggestions_key = scored
    session.add(article)
    session.flush()
    if scored is None:
        refresh_suggestions(session, article)  # a long text is scored by a job
    else:
        suggestions_stored(session, article)
    record_desk_event(
        session, actor, "article.added",
        payload={"article_id": article.id, "title": article.title[:200], "url": article.url},
    )
    return article


def quote_matches(claim: Claim, body: str) -> bool:
    """Whether ``claim``'s quote is still where its offsets say in ``body``."""
    if claim.quote_start is None or claim.quote_end is None:
        return True
    if claim.quote is None:
        return claim.quote_end <= len(body)
    return body[claim.quote_start : claim.quote_end] == claim.quote


def edit_article(
    session: DbSession, actor: User, article: Article, details: ArticleDetails
) -> list[Claim]:
    """Change an article's details or text (editors); the claims whose quotes the new text
    no longer holds at their offsets, each flagged with an event (never moved)."""
    require_editor(actor, N_("edit articles"))
    if not details.body.strip():
        raise InvalidInput(N_("An article needs its text."), field="body")
    fields = _fields(details)
    if details.canonical_url is None and fields["url"] == article.url:
        fields["canonical_url"] = article.canonical_url  # the page's own, found when fetched
    if not details.force:
        refuse_duplicate(
            session, url=fields["canonical_url"], body=details.body, exclude=article
        )
    changed = [name for name, value in fields.items() if getattr(article, name) != value]
    if not changed:
        return []
    old_body = article.body
    flagged = []
    if "body" in changed:
        for claim in article.claims:
            if quote_matches(claim, old_body) and not quote_matches(claim, details.body):
                flagged.append(claim)
                record(
                    session, claim, actor, "quote_mismatch",
                    note="The article's text was edited; the quote is no longer at its place.",
                    payload={"article_id": article.id, "start": claim.quote_start,
                             "end": claim.quote_end},
                    touches_claim=False,
                )
    for name, value in {
        **fields,
        **_keys(session, details.force, fields["canonical_url"], details.body, article),
    }.items():
        setattr(article, name, value)
    session.flush()
    if "body" in changed:
        refresh_suggestions(session, article)
    record_desk_event(
        session, actor, "article.edited",
        payload={"article_id": article.id, "fields": changed,
                 "flagged_claims": [claim.id for claim in flagged]},
    )
    return flagged


def delete_article(session: DbSession, actor: User, article: Article) -> None:
    """Delete an article that no claim comes from (editors), with its fetched snapshot."""
    require_editor(actor, N_("delete articles"))
    claims = session.scalar(select(func.count(Claim.id)).where(Claim.article_id == article.id))
    if claims:
        raise InvalidInput(
            N_(
                "This article has %(count)s claim; an article is only deleted when no claim "
                "comes from it."
            )
            if claims == 1
            else N_(
                "This article has %(count)s claims; an article is only deleted when no claim "
                "comes from it."
            ),
            count=claims,
        )
    record_desk_event(
        session, actor, "article.deleted",
        payload={"article_id": article.id, "title": article.title[:200], "url": article.url},
    )
    snapshot_id = article.snapshot_id
    session.execute(delete(RejectedSuggestion).where(RejectedSuggestion.article_id == article.id))
    for model in (OutletItem, ArticleDraft):
        session.execute(
            update(model).where(model.article_id == article.id).values(article_id=None)
        )
    session.delete(article)
    session.flush()
    if snapshot_id is not None:
        session.execute(
            update(ArticleDraft)
            .where(ArticleDraft.snapshot_id == snapshot_id)
            .values(snapshot_id=None)
        )
        session.execute(delete(Snapshot).where(Snapshot.id == snapshot_id))
