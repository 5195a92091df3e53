"""What an export lists: the queue's claims and the public verdicts, as rows of plain values.

Rows are read as columns (not ORM objects, so nothing piles up in the session's identity map)
with ``yield_per``: on PostgreSQL that is a server-side cursor, on SQLite the cursor already
reads as it goes, so an export of any size holds only one batch of rows in memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Executable, func, select
from sqlalchemy.orm import aliased

from factcheck.extensions import db
from factcheck.models import Article, Claim, Rating, Tag, User, VerdictRevision, claim_tags
from factcheck.site import absolute_url
from factcheck.workflow import Priority, State

#: Rows fetched from the database per round trip.
BATCH = 2000


@dataclass(frozen=True)
class Table:
    """An export's column names and the rows under them."""

    header: Sequence[str]
    rows: Iterator[Sequence[Any]]


def _stream(stmt: Executable) -> Iterator[Any]:
    """Rows of ``stmt`` a batch at a time, through the session's connection (no ORM loading:
    plain rows are all an export needs, and it is the hot loop)."""
    result = db.session.connection().execute(stmt.execution_options(yield_per=BATCH))
    try:
        yield from result
    finally:
        result.close()


def _tags_of_claim() -> Any:
    """The claim's tags joined into one text (``a; b``), as a correlated subquery."""
    return (
        select(func.aggregate_strings(Tag.name, "; "))
        .join(claim_tags, claim_tags.c.tag_id == Tag.id)
        .where(claim_tags.c.claim_id == Claim.id)
        .scalar_subquery()
    )


CLAIM_HEADER = (
    "id", "statement", "state", "priority", "assignee", "claimant", "claim_date", "due_date",
    "tags", "rating", "summary", "article_id", "article_title", "outlet", "appearance_url",
    "quote", "checkworthiness", "created_at", "updated_at", "first_published_at", "desk_url",
)


def claims_table(
    conditions: Sequence[ColumnElement[bool]], order: Any = None
) -> Table:
    """Claims matching ``conditions`` (the queue's filters), in the order ``order`` gives
    (a function that orders a select, like the queue's sort), one row per claim."""
    assignee = aliased(User)
    stmt = (
        select(
            Claim.id, Claim.statement, Claim.state, Claim.priority, assignee.name,
            Claim.claimant, Claim.claim_date, Claim.due_date, _tags_of_claim(), Rating.label,
            Claim.summary, Claim.article_id, Article.title, Article.outlet,
            Claim.appearance_url, Claim.quote, Claim.checkworthiness, Claim.created_at,
            Claim.updated_at, Claim.first_published_at,
        )
        .outerjoin(assignee, assignee.id == Claim.assignee_id)
        .outerjoin(Rating, Rating.id == Claim.rating_id)
        .outerjoin(Article, Article.id == Claim.article_id)
        .where(*conditions)
    )
    stmt = order(stmt) if order is not None else stmt.order_by(Claim.id)
    desk_prefix = absolute_url("desk.claim", claim_id=1)[:-1]
    priorities = {int(p): p.label for p in Priority}

    def rows() -> Iterator[Sequence[Any]]:
        for row in _stream(stmt):
            values = list(row)
            values[2] = str(values[2])
            values[3] = priorities.get(values[3], values[3])
            values.append(f"{desk_prefix}{row[0]}")
            yield values

    return Table(CLAIM_HEADER, rows())


VERDICT_HEADER = (
    "claim", "claimant", "claim_date", "rating", "rating_value", "summary", "revision",
    "correction_note", "first_published_at", "published_at", "url",
)


def verdicts_table() -> Table:
    """Every published verdict as readers see it (its newest revision), newest first.

    Everything comes from the frozen revisions, like the public pages: nothing from the desk's
    live claims leaks into a public export.
    """
    other = aliased(VerdictRevision)
    newest = select(func.max(other.id)).where(other.claim_id == Claim.id).scalar_subquery()
    stmt = (
        select(
            VerdictRevision.statement, VerdictRevision.claimant, VerdictRevision.claim_date,
            VerdictRevision.rating_label, VerdictRevision.rating_value, VerdictRevision.summary,
            VerdictRevision.number, VerdictRevision.correction_note, Claim.first_published_at,
            VerdictRevision.published_at, Claim.slug,
        )
        .join(Claim, Claim.id == VerdictRevision.claim_id)
        .where(Claim.state == State.PUBLISHED, VerdictRevision.id == newest)
        .order_by(Claim.last_published_at.desc(), Claim.id.desc())
    )
    public_prefix = absolute_url("public.verdict", slug="x")[:-1]

    def rows() -> Iterator[Sequence[Any]]:
        for row in _stream(stmt):
            values = list(row)
            values[-1] = f"{public_prefix}{row[-1]}"
            yield values

    return Table(VERDICT_HEADER, rows())
