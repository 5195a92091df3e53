"""Desk: the queue of claims, filtered, sorted and paginated from the query string."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, NamedTuple

from flask import current_app, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import (
    ColumnElement,
    Select,
    false,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.datastructures import MultiDict

from factcheck.desk.blueprint import bp
from factcheck.desk.paging import QueuePage, after_condition, cursor_after, order_by
from factcheck.desk.search import MATCH_CAP, matching_claim_ids, search_words
from factcheck.extensions import db
from factcheck.models import (
    ROTTEN,
    Article,
    Claim,
    ClaimStateCount,
    Evidence,
    Tag,
    User,
    claim_tags,
    utcnow,
)
from factcheck.validation.query import MAX_PAGE, parse_int
from factcheck.workflow import OPEN_STATES, Priority, Role, State, is_editor

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
#: Under filters, counting stops here: past it the queue says "more than 5,000".
COUNT_CAP = 5_000
#: The newest articles the article filter lists (any other is reached from its page).
ARTICLE_CHOICES = 200


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
    #: Where "next" starts (the previous page's last row in this sort), when given.
    after: ColumnElement[bool] | None = field(default=None, compare=False)
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
        token = args.get("after", "").strip()
        if token:
            try:
                filters.after = after_condition(token[:200], filters.sort)
            except ValueError:
                notices.append("That page link is out of date; showing the page by number.")
        return filters

    def args(self, **changes: Any) -> dict[str, Any]:
        """The query string for these filters with ``changes``, leaving out the defaults."""
        defaults = QueueFilters()
        values = {f.name: getattr(self, f.name) for f in fields(self)
                  if f.name not in ("notices", "after")}
        values.update(changes)
        result: dict[str, Any] = {}
        for name, value in values.items():
            if value == getattr(defaults, name):
                continue
            result[name] = "1" if value is True else value
        return result

    def state_condition(self) -> list[ColumnElement[bool]]:
        """The state filter, its values written into the SQL: the open claims' partial
        indexes apply only to a query that names the same states (not parameters)."""
        if self.state == OPEN:
            return [Claim.is_open()]
        if self.state != ALL:
            return [Claim.state == literal(self.state, literal_execute=True)]
        return []

    def tag_condition(self, common: bool) -> list[ColumnElement[bool]]:
        """The tag filter for the page. A ``common`` tag (more claims than the counts count)
        is probed claim by claim as the sort's index is walked, which finds a page within a
        few dozen claims; a rarer one is looked up in its own index entries (at most
        :data:`COUNT_CAP` of them) and those claims sorted."""
        if not self.tag:
            return []
        if common:
            return [Claim.tags.any(Tag.name == self.tag)]
        return [Claim.id.in_(select(claim_tags.c.claim_id).join(Tag).where(
            Tag.name == self.tag))]

    def conditions(self, user_id: int) -> list[ColumnElement[bool]]:
        """The WHERE clauses of every filter but the state, the tag and the text search."""
        where: list[ColumnElement[bool]] = []
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
        if self.overdue:
            where.append(Claim.is_overdue.expression)
        if self.rotten:
            where.append(Claim.evidence.any(Evidence.link_state.in_([str(s) for s in ROTTEN])))
        return where

    def all_conditions(self, user_id: int) -> list[ColumnElement[bool]]:
        """Every filter's WHERE clauses, the state, the tag and the text search included: the
        whole queue as filtered, for the exports and the API (which page it themselves)."""
        where = [*self.conditions(user_id), *self.state_condition(),
                 *self.tag_condition(common=True)]
        if self.q:
            matches = _search(self)
            if matches is not None:
                where.append(matches)
        return where


@dataclass
class StateCounts:
    """Claims per state under the other filters; ``exact`` is false past :data:`COUNT_CAP`."""

    by_state: dict[str, int]
    exact: bool = True

    def __getitem__(self, state: str) -> int:
        return self.by_state[state]

    def total(self, state: str) -> int | None:
        """How many claims the state filter ``state`` shows (``None`` when not exact)."""
        if not self.exact:
            return None
        if state == OPEN:
            return sum(self.by_state[str(s)] for s in OPEN_STATES)
        if state == ALL:
            return sum(self.by_state.values())
        return self.by_state[state]


def ordered(stmt: Select[Any], sort: str) -> Select[Any]:
    """``stmt`` in the queue's ``sort`` order (the page and its export list alike)."""
    return stmt.order_by(*order_by(sort))


def _count_rows(
    filters: QueueFilters, where: list[ColumnElement[bool]]
) -> Select[Any, Any, Any, Any, Any]:
    """Claims per state under the filters but the state one (``where``: all but the tag, which
    is joined here): the trigger-kept table when nothing narrows the queue,
    otherwise a grouped count that stops at :data:`COUNT_CAP` claims (driven by the tag's
    index entries when a tag is chosen). Rows: ("count", claims, state, NULL, NULL)."""
    if not where and not filters.tag:
        return select(literal("count"), ClaimStateCount.claims, ClaimStateCount.state,
                      null(), null())
    matching = select(Claim.state).where(*where)
    if filters.tag:
        matching = matching.join(claim_tags, claim_tags.c.claim_id == Claim.id).join(
            Tag, Tag.id == claim_tags.c.tag_id).where(Tag.name == filters.tag)
    capped = matching.limit(COUNT_CAP + 1).subquery()
    return select(literal("count"), func.count(), capped.c.state, null(), null()).group_by(
        capped.c.state)


class Choice(NamedTuple):
    """One option of the filter form: an assignee (name, role) or an article (title, outlet)."""

    id: int
    name: str
    extra: str | None

    @property
    def title(self) -> str:
        """An article's title."""
        return self.name

    @property
    def outlet(self) -> str | None:
        """An article's outlet."""
        return self.extra


@dataclass
class FilterChoices:
    """What the filter form offers: assignees (checkers first), tags, the newest articles, and
    the article filtered by when it is not among them."""

    users: list[Choice]
    tags: list[str]
    articles: list[Choice]
    chosen_article: Choice | None


def filter_choices(
    filters: QueueFilters, where: list[ColumnElement[bool]]
) -> tuple[FilterChoices, StateCounts]:
    """The filter form's options and the state counts, read in one query (a UNION ALL of the
    small lists): a queue page stays within a handful of statements."""
    recent = (
        select(Article.id, Article.title, Article.outlet, Article.created_at)
        .order_by(Article.created_at.desc())
        .limit(ARTICLE_CHOICES)
        .subquery()
    )
    parts = [
        select(literal("user"), User.id, User.name, User.role, User.created_at)
        .where(User.active.is_(True)),
        select(literal("tag"), Tag.id, Tag.name, null(), null()),
        select(literal("article"), recent.c.id, recent.c.title, recent.c.outlet,
               recent.c.created_at),
        _count_rows(filters, where),
    ]
    if filters.article is not None:
        parts.append(select(literal("chosen"), Article.id, Article.title, Article.outlet,
                            Article.created_at).where(Article.id == filters.article))
    found: dict[str, list[Any]] = {"user": [], "tag": [], "article": [], "chosen": []}
    counts = {str(state): 0 for state in STATE_ORDER}
    for kind, ident, name, extra, created in db.session.execute(union_all(*parts)):
        if kind == "count":
            counts[name] = ident
        else:
            found[kind].append((Choice(ident, name, extra), created))
    users = sorted((c for c, _ in found["user"]), key=lambda c: (c.extra != Role.CHECKER, c.name))
    articles = [c for c, _ in sorted(found["article"], key=lambda pair: pair[1], reverse=True)]
    chosen = found["chosen"][0][0] if found["chosen"] else None
    choices = FilterChoices(users, sorted(c.name for c, _ in found["tag"]), articles, chosen)
    narrowed = bool(where) or bool(filters.tag)
    return choices, StateCounts(counts, exact=not narrowed or sum(counts.values()) <= COUNT_CAP)


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


def _search(filters: QueueFilters) -> ColumnElement[bool] | None:
    """The search filter, as the ids the full-text indexes found; ``None`` when the search
    has no words to look up."""
    words = search_words(filters.q)
    if not words:
        filters.notices.append("Search for words or numbers; a search of punctuation alone "
                               "is left out.")
        return None
    ids, more = matching_claim_ids(db.session, words)
    if more:
        filters.notices.append(f"More than {MATCH_CAP:,} claims contain these words; the first "
                               f"{MATCH_CAP:,} found are listed. Add words to narrow the search.")
    return Claim.id.in_(ids) if ids else false()


def _page(filters: QueueFilters, where: list[ColumnElement[bool]], counts: StateCounts,
          per_page: int) -> QueuePage:
    """The page asked for: after the ``after=`` position, else at ``page=`` (an offset),
    moved back to the last page when there are fewer."""
    total = counts.total(filters.state)
    last = max(1, -(-total // per_page)) if total is not None else None
    if filters.after is None and last is not None and filters.page > last:
        filters.notices.append(f"There are only {last} pages; showing the last one.")
        filters.page = last
    stmt = (
        select(Claim)
        .where(*where)
        .order_by(*order_by(filters.sort))
        .limit(per_page + 1)
        .options(joinedload(Claim.assignee), joinedload(Claim.article),
                 joinedload(Claim.rating), selectinload(Claim.tags))
    )
    if filters.after is not None:
        stmt = stmt.where(filters.after)
    elif filters.page > 1:
        stmt = stmt.offset((filters.page - 1) * per_page)
    rows = list(db.session.scalars(stmt))
    items = rows[:per_page]
    has_next = len(rows) > per_page
    return QueuePage(
        items, filters.page, per_page, total, has_next,
        next_after=cursor_after(items[-1], filters.sort) if has_next else None,
        sort=filters.sort,
    )


@bp.get("/desk")
@login_required
def queue() -> str:
    """The claims to work on: filter, sort and page through them.

    At most six statements, however big the desk: the person, the claims of the page (with
    their assignee, article and rating), their tags, the state counts with the filter form's
    choices, the desk's name, and (with a search) the matching ids.
    """
    filters = QueueFilters.from_args(request.args)
    where = filters.conditions(current_user.id)
    matches = _search(filters) if filters.q else None
    if matches is not None:
        where.append(matches)
    choices, counts = filter_choices(filters, where)
    tag = filters.tag_condition(common=not counts.exact)
    page = _page(filters, [*where, *tag, *filters.state_condition()], counts,
                 int(current_app.config.get("QUEUE_PAGE_SIZE", 25)))
    return render_template(
        "desk/queue.html",
        filters=filters,
        page=page,
        counts=counts,
        open_count=counts.total(OPEN),
        all_count=counts.total(ALL),
        states=STATE_ORDER,
        sorts=SORTS,
        users=choices.users,
        tags=choices.tags,
        articles=choices.articles,
        filtered_article=choices.chosen_article,
        priorities=sorted(Priority, reverse=True),
        can_create_claims=is_editor(current_user),
        count_cap=COUNT_CAP,
    )
