"""``/api/v1/articles``: ingesting articles, listing them, and one with its claims and the
sentences suggested for checking."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import abort, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from factcheck.api.auth import current_actor, token_required, write_token_required
from factcheck.api.blueprint import bp
from factcheck.api.inputs import form_input
from factcheck.api.paging import Keyset, page_of
from factcheck.api.problems import problem
from factcheck.api.schemas import ArticleDetailOut, ArticleIn, ArticlePageOut, PageArgs
from factcheck.api.views import article_summary, claim_summary
from factcheck.desk.article_forms import ArticleForm
from factcheck.extensions import db
from factcheck.models import Article, Claim
from factcheck.operations.desk import add_article
from factcheck.operations.suggestions import article_suggestions

NEWEST = Keyset("articles", (Article.created_at, Article.id), (datetime, int), descending=True)


def article_detail(article_id: int) -> dict[str, Any]:
    article = db.session.scalar(
        select(Article)
        .where(Article.id == article_id)
        .options(
            selectinload(Article.added_by),
            selectinload(Article.claims).selectinload(Claim.tags),
            selectinload(Article.claims).selectinload(Claim.assignee),
            selectinload(Article.claims).selectinload(Claim.rating),
        )
    )
    if article is None:
        abort(problem(404, "Not found", f"There is no article number {article_id}."))
    suggestions = article_suggestions(db.session, article)
    return {
        **article_summary(article),
        "body": article.body,
        "claims": [claim_summary(c) for c in article.claims],
        "suggestions": [s.to_dict() for s in suggestions or []],
        "suggestions_pending": suggestions is None,
    }


@bp.get("/articles")
@token_required
@bp.arguments(PageArgs, location="query", as_kwargs=True)
@bp.doc(tags=["articles"])
@bp.response(200, ArticlePageOut)
def articles(limit: int, after: str | None = None) -> dict[str, Any]:
    """Ingested articles, newest first (without their text)."""
    stmt = NEWEST.ordered(NEWEST.after(select(Article), after))
    rows = list(db.session.scalars(stmt.options(selectinload(Article.added_by)).limit(limit + 1)))
    items, cursor = page_of(NEWEST, rows, limit, lambda a: (a.created_at, a.id))
    return {"items": [article_summary(a) for a in items], "next_cursor": cursor}


@bp.get("/articles/<int:article_id>")
@token_required
@bp.doc(tags=["articles"])
@bp.response(200, ArticleDetailOut)
def article(article_id: int) -> dict[str, Any]:
    """An article's text exactly as stored (claim offsets index into it), its claims and the
    sentences suggested for checking, best first."""
    return article_detail(article_id)


@bp.post("/articles")
@write_token_required
@bp.arguments(ArticleIn)
@bp.doc(tags=["articles"])
@bp.response(201, ArticleDetailOut)
def create_article(payload: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Ingest an article (editors); its suggestions are scored as it is stored."""
    form = form_input(ArticleForm, payload)
    created = add_article(db.session, current_actor(), form.details())
    location = url_for("api.article", article_id=created.id)
    return article_detail(created.id), 201, {"Location": location}
