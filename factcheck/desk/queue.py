"""Desk: the queue of claims, filtered (see :mod:`factcheck.desk.filters`), sorted and
paginated from the query string."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import defer, joinedload, selectinload

from factcheck.desk.blueprint import bp
from factcheck.desk.bulk_forms import BulkForm, SaveViewForm
from factcheck.desk.filters import (
    ALL,
    ARTICLE_CHOICES,
    COUNT_CAP,
    OPEN,
    SORTS,
    STATE_ORDER,
    TRIAGE,
    QueueFilters,
    search_condition,
)
from factcheck.desk.paging import QueuePage, cursor_after, order_by
from factcheck.extensions import db
from factcheck.forms import EmptyForm
from factcheck.i18n import page_catalogue
from factcheck.models import (
    Article,
    Claim,
    ClaimStateCount,
    SavedView,
    Tag,
    User,
    claim_tags,
    utcnow,
)
from factcheck.operations.bulk import Refusal
from factcheck.workflow import OPEN_STATES, Priority, Role, is_editor

__all__ = ["QueueFilters", "ordered"]


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
    #: Saved views listed beside the queue: the person's own ("own"), then the shared ones.
    views: list[Choice] = field(default_factory=list)


def filter_choices(
    filters: QueueFilters, where: list[ColumnElement[bool]], user_id: int
) -> tuple[FilterChoices, StateCounts]:
    """The filter form's options, the saved views ``user_id`` sees and the state counts, read
    in one query (a UNION ALL of the small lists): a queue page stays within a handful of
    statements."""
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
        select(literal("view"), SavedView.id, SavedView.name,
               case((SavedView.owner_id == user_id, "own"), else_="shared"),
               SavedView.created_at)
        .where(or_(SavedView.owner_id == user_id, SavedView.shared.is_(True))),
    ]
    if filters.article is not None:
        parts.append(select(literal("chosen"), Article.id, Article.title, Article.outlet,
                            Article.created_at).where(Article.id == filters.article))
    found: dict[str, list[Any]] = {"user": [], "tag": [], "article": [], "chosen": [],
                                   "view": []}
    counts = {str(state): 0 for state in STATE_ORDER}
    for kind, ident, name, extra, created in db.session.execute(union_all(*parts)):
        if kind == "count":
            counts[name] = ident
        else:
            found[kind].append((Choice(ident, name, extra), created))
    users = sorted((c for c, _ in found["user"]), key=lambda c: (c.extra != Role.CHECKER, c.name))
    articles = [c for c, _ in sorted(found["article"], key=lambda pair: pair[1], reverse=True)]
    chosen = found["chosen"][0][0] if found["chosen"] else None
    views = sorted((c for c, _ in found["view"]), key=lambda c: (c.extra != "own", c.name))
    choices = FilterChoices(users, sorted(c.name for c, _ in found["tag"]), articles, chosen,
                            views)
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


def _page(filters: QueueFilters, where: list[ColumnElement[bool]], counts: StateCounts,
          per_page: int) -> QueuePage:
    """The page asked for: after the ``after=`` position, else at ``page=`` (an offset),
    moved back to the last page when there are fewer."""
    total = counts.total(filters.state)
    last = max(1, -(-total // per_page)) if total is not None else None
    if filters.after is None and last is not None and filters.page > last:
        filters.notices.append(_("There are only %(last)s pages; showing the last one.", last=last))
        filters.page = last
    # The page's claims are chosen from the claims table alone, and only those few are joined
    # to their article, assignee and rating: joined first, a filter the sort's index cannot
    # serve (overdue, a tag, a search) had PostgreSQL join thousands of rows to keep 26.
    wanted = select(Claim.id).where(*where).order_by(*order_by(filters.sort)).limit(per_page + 1)
    if filters.after is not None:
        wanted = wanted.where(filters.after)
    elif filters.page > 1:
        wanted = wanted.offset((filters.page - 1) * per_page)
    chosen = wanted.subquery()
    stmt = (
        select(Claim)
        .join(chosen, Claim.id == chosen.c.id)
        .order_by(*order_by(filters.sort))
        .options(joinedload(Claim.assignee),
                 joinedload(Claim.article).load_only(Article.title, Article.outlet),
                 joinedload(Claim.rating), selectinload(Claim.tags),
                 # what the page never shows (a long write-up, the scores' reasons as JSON)
                 defer(Claim.explanation), defer(Claim.summary), defer(Claim.quote),
                 defer(Claim.checkworthiness_reasons))
    )
    rows = list(db.session.scalars(stmt))
    items = rows[:per_page]
    has_next = len(rows) > per_page
    return QueuePage(
        items, filters.page, per_page, total, has_next,
        next_after=cursor_after(items[-1], filters.sort) if has_next else None,
        sort=filters.sort,
    )


def _tag_links(filters: QueueFilters, page: QueuePage) -> dict[str, str]:
    """The queue filtered by each tag the page's claims carry, one URL per tag (a page of
    25 claims shows a few tags many times)."""
    names = {tag.name for claim in page.items for tag in claim.tags}
    return {name: url_for("desk.queue", **filters.args(tag=name, page=1)) for name in names}


#: Fresh bulk toolbars as rendered, by (catalogue, person, editor or not, desk members).
_fresh_toolbars: dict[tuple[Any, ...], Markup] = {}


def fresh_toolbar(user: User, people: list[tuple[int, str]]) -> Markup:
    """The bulk toolbar's fields for a form nobody has filled in: the same on every queue page
    ``user`` opens in one language while the desk's members stay the same, so rendered once
    (its choice lists, through WTForms' widgets, were a sixth of a queue page's time). A
    refused form, with what was typed, is rendered afresh by the page."""
    key = (page_catalogue(), user.id, is_editor(user), tuple(people))
    kept = _fresh_toolbars.get(key)
    if kept is None:
        form = BulkForm(formdata=None)
        form.load_choices(user, people)
        if len(_fresh_toolbars) >= 100:
            _fresh_toolbars.clear()
        kept = _fresh_toolbars[key] = Markup(render_template(  # noqa: S704  (a template)
            "desk/_bulk_fields.html", bulk_form=form, can_create_claims=is_editor(user)))
    return kept


def default_assignee(user: User) -> str:
    """What a person's queue opens on: a checker's on their own claims, an editor's on the
    claims waiting for one (unassigned or overdue)."""
    return TRIAGE if is_editor(user) else "mine"


@bp.get("/desk")
@login_required
def queue() -> str:
    """The claims to work on: filter, sort and page through them.

    At most six statements, however big the desk: the person (with their bell's number), the
    claims of the page (with
    their assignee, article and rating), their tags, the state counts with the filter form's
    choices, the desk's name, and (with a search) the matching ids.
    """
    filters = QueueFilters.from_args(request.args, default_assignee(current_user))
    return render_queue(filters)


def render_queue(filters: QueueFilters, bulk_form: BulkForm | None = None,
                 refusals: Sequence[Refusal] = (), status: int = 200,
                 view_form: SaveViewForm | None = None) -> Any:
    """The queue page for ``filters``; with a refused bulk change, its form as sent (the
    claims still ticked) and the claims it was refused for; with a refused saved view, its
    form as typed."""
    where = filters.conditions(current_user.id)
    matches = search_condition(filters) if filters.q else None
    if matches is not None:
        where.append(matches)
    choices, counts = filter_choices(filters, where, current_user.id)
    tag = filters.tag_condition(common=not counts.exact)
    page = _page(filters, [*where, *tag, *filters.state_condition()], counts,
                 int(current_app.config.get("QUEUE_PAGE_SIZE", 25)))
    toolbar = None
    if bulk_form is None:
        bulk_form = BulkForm(formdata=None)
        toolbar = fresh_toolbar(current_user, [(u.id, u.name) for u in choices.users])
    html = render_template(
        "desk/queue.html",
        filters=filters,
        page=page,
        tag_links=_tag_links(filters, page),
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
        bulk_form=bulk_form,
        toolbar=toolbar,
        ticked=bulk_form.ticked(),
        refusals=refusals,
        views=choices.views,
        view_form=view_form or SaveViewForm(formdata=None),
        delete_form=EmptyForm(formdata=None),
    )
    return (html, status) if status != 200 else html
