"""Desk: the queue of claims, filtered, sorted and paginated from the query string."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from flask import current_app, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.datastructures import MultiDict

from factcheck.desk.blueprint import bp
from factcheck.extensions import db
from factcheck.models import ROTTEN, Article, Claim, Evidence, Tag, utcnow
from factcheck.operations.claims import assignable_users
from factcheck.validation.query import MAX_PAGE, parse_int
from factcheck.workflow import OPEN_STATES, Priority, State, is_editor

#: Sort orders the queue offers, as (query value, label).
SORTS = {
    "priority": "Priority (urgent first, then oldest)",
    "due": "Due date (soonest first)",
    "newest": "Newest first",
    "oldest": "Oldest first",
}
#: State filter values besides the states themselves.
OPEN = "open"
ALL = "all"
#: Open states in workflow order, for the count links.
STATE_ORDER = [State.UNVERIFIED, State.SOURCED, State.RATED, State.PUBLISHED, State.DISMISSED]


@dataclass
class QueueFilters:
    """What the person asked the queue to show; bad values are dropped with a notice."""

    state: str = OPEN
    assignee: str = ""
    priority: str = ""
    article: int | None = None
    tag: str = ""
    overdue: bool = False
    #: Only claims with a source the link check found gone or changed.
    rotten: bool = False
    q: str = ""
    sort: str = "priority"
    page: int = 1
    notices: list[str] = field(default_factory=list, compare=False)

    @classmethod
    def from_args(cls, args: MultiDict[str, str]) -> QueueFilters:
        """Read the query string, ignoring (and reporting) values that make no sense."""
        filters = cls()
        notices = filters.notices

        state = args.get("state", OPEN).strip().lower() or OPEN
        if state in (OPEN, ALL) or state in {s.value for s in State}:
            filters.state = state
        else:
            notices.append(f"There is no state called “{state}”; showing open claims.")

        assignee = args.get("assignee", "").strip().lower()
        if assignee in ("", "any", "mine", "unassigned") or parse_int(assignee, minimum=1):
            filters.assignee = "" if assignee == "any" else assignee
        else:
            notices.append(f"“{assignee}” is not a desk member; showing every assignee.")

        priority = args.get("priority", "").strip().lower()
        if priority in ("", "any") or priority.upper() in Priority.__members__:
            filters.priority = "" if priority == "any" else priority
        else:
            notices.append(f"There is no priority called “{priority}”; showing every priority.")

        article = args.get("article", "").strip()
        filters.article = parse_int(article, minimum=1)
        if filters.article is None and article:
            notices.append(f"“{article}” is not an article number; showing every article.")

        filters.tag = " ".join(args.get("tag", "").split()).lower()
        filters.overdue = args.get("overdue", "") in ("1", "on", "yes", "true")
        filters.rotten = args.get("rotten", "") in ("1", "on", "yes", "true")
        filters.q = args.get("q", "").strip()[:200]

        sort = args.get("sort", "priority")
        if sort in SORTS:
            filters.sort = sort
        else:
            notices.append(f"The queue cannot be sorted by “{sort}”; sorted by priority.")

        page = args.get("page", "1").strip()
        parsed_page = parse_int(page, minimum=1, maximum=MAX_PAGE)
        filters.page = parsed_page or 1
        if parsed_page is None:
            notices.append(f"There is no page “{page}”; showing the first page.")
        return filters

    def args(self, **changes: Any) -> dict[str, Any]:
        """The query string for these filters with ``changes``, leaving out the defaults."""
        defaults = QueueFilters()
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "notices"}
        values.update(changes)
        result: dict[str, Any] = {}
        for name, value in values.items():
            if value == getattr(defaults, name):
                continue
            result[name] = "1" if value is True else value
        return result

    def conditions(self, user_id: int, *, with_state: bool = True) -> list[ColumnElement[bool]]:
        """The WHERE clauses for these filters (without the state one for the count links)."""
        where: list[ColumnElement[bool]] = []
        if with_state:
            if self.state == OPEN:
                where.append(Claim.state.in_(OPEN_STATES))
            elif self.state != ALL:
                where.append(Claim.state == self.state)
        if self.assignee == "mine":
            where.append(Claim.assignee_id == user_id)
        elif self.assignee == "unassigned":
            where.append(Claim.assignee_id.is_(None))
        elif self.assignee:
            where.append(Claim.assignee_id == int(self.assignee))
        if self.priority:
            where.append(Claim.priority == Priority[self.priority.upper()].value)
        if self.article is not None:
            where.append(Claim.article_id == self.article)
        if self.tag:
            where.append(Claim.tags.any(Tag.name == self.tag))
        if self.overdue:
            where.append(Claim.is_overdue.expression)
        if self.rotten:
            where.append(Claim.evidence.any(Evidence.link_state.in_([str(s) for s in ROTTEN])))
        if self.q:
            pattern = "%" + _escape_like(self.q) + "%"
            where.append(
                or_(
                    Claim.statement.ilike(pattern, escape="\\"),
                    Claim.quote.ilike(pattern, escape="\\"),
                    Claim.claimant.ilike(pattern, escape="\\"),
                )
            )
        return where


def _escape_like(text: str) -> str:
    """Make ``%`` and ``_`` in a search match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def ordered(stmt: Select[Any], sort: str) -> Select[Any]:
    """``stmt`` in the queue's ``sort`` order (the page and its export list alike)."""
    if sort == "due":
        # "IS NULL" first sorts claims without a due date last on SQLite and PostgreSQL alike.
        return stmt.order_by(
            Claim.due_date.is_(None), Claim.due_date, Claim.priority.desc(), Claim.id
        )
    if sort == "newest":
        return stmt.order_by(Claim.created_at.desc(), Claim.id.desc())
    if sort == "oldest":
        return stmt.order_by(Claim.created_at, Claim.id)
    return stmt.order_by(Claim.priority.desc(), Claim.created_at, Claim.id)


def state_counts(filters: QueueFilters, user_id: int) -> dict[str, int]:
    """How many claims each state has under the other filters."""
    rows = db.session.execute(
        select(Claim.state, func.count(Claim.id))
        .where(*filters.conditions(user_id, with_state=False))
        .group_by(Claim.state)
    )
    counts = {str(state): 0 for state in STATE_ORDER}
    for state, count in rows:
        counts[str(state)] = count
    return counts


@bp.app_template_filter("age")
def age(moment: datetime | None) -> str:
    """How long ago ``moment`` was, in the largest sensible unit: "40 min", "5 h", "3 d"."""
    if moment is None:
        return ""
    seconds = max(0, int((utcnow() - moment).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"


@bp.get("/")
@login_required
def queue() -> tuple[str, int] | str:
    """The claims to work on: filter, sort and page through them."""
    filters = QueueFilters.from_args(request.args)
    stmt = ordered(
        select(Claim)
        .where(*filters.conditions(current_user.id))
        .options(
            joinedload(Claim.assignee),
            joinedload(Claim.article),
            joinedload(Claim.rating),
            selectinload(Claim.tags),
        ),
        filters.sort,
    )
    per_page = int(current_app.config.get("QUEUE_PAGE_SIZE", 25))
    page = db.paginate(stmt, page=filters.page, per_page=per_page, error_out=False)
    if page.pages and filters.page > page.pages:
        filters.notices.append(f"There are only {page.pages} pages; showing the last one.")
        filters.page = page.pages
        page = db.paginate(stmt, page=filters.page, per_page=per_page, error_out=False)
    counts = state_counts(filters, current_user.id)
    article = db.session.get(Article, filters.article) if filters.article is not None else None
    return render_template(
        "desk/queue.html",
        filters=filters,
        page=page,
        counts=counts,
        open_count=sum(counts[str(s)] for s in OPEN_STATES),
        states=STATE_ORDER,
        sorts=SORTS,
        users=assignable_users(db.session),
        tags=db.session.scalars(select(Tag.name).order_by(Tag.name)).all(),
        articles=db.session.execute(
            select(Article.id, Article.title, Article.outlet)
            .order_by(Article.created_at.desc())
            .limit(200)
        ).all(),
        filtered_article=article,
        priorities=sorted(Priority, reverse=True),
        can_create_claims=is_editor(current_user),
    )
