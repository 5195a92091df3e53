"""The queue's filters: what the query string asks for, as the WHERE clauses of the queue, its
exports and the API (which all read the same parameters)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, literal, or_, select
from werkzeug.datastructures import MultiDict

from factcheck.desk.paging import after_condition
from factcheck.desk.search import MATCH_CAP, among, matching_claim_ids, search_words
from factcheck.extensions import db
from factcheck.models import ROTTEN, Claim, Evidence, Tag, claim_tags
from factcheck.validation.query import MAX_PAGE, parse_int
from factcheck.workflow import Priority, State
from factcheck.workflow.terms import N_

#: Sort orders the queue offers, as (query value, label).
SORTS = {
    "priority": N_("Priority (urgent first, then oldest)"),
    "due": N_("Due date (soonest first)"),
    "newest": N_("Newest first"),
    "oldest": N_("Oldest first"),
}
#: State filter values besides the states themselves.
OPEN = "open"
ALL = "all"
#: Open states in workflow order, for the count links.
STATE_ORDER = [State.UNVERIFIED, State.SOURCED, State.RATED, State.PUBLISHED, State.DISMISSED]
#: Under filters, counting stops here: past it the queue says "more than 2,000". Each counted
#: claim costs a look-up of its state; 5,000 of them (a tag on 57,000 claims) took PostgreSQL
#: 8 ms of a page meant to take 30.
COUNT_CAP = 2_000
#: The newest articles the article filter lists (any other is reached from its page).
ARTICLE_CHOICES = 200
#: The assignee filter of the editors' triage: claims nobody has taken, and claims running late.
TRIAGE = "triage"
#: What the queue shows when no filter is given: a checker their own claims, an editor the
#: claims that need one (see :func:`default_assignee`).
FILTER_PARAMS = ("state", "assignee", "priority", "article", "tag", "overdue", "rotten", "q")


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
    #: The assignee filter this person's queue opens on ("" for the exports and the API).
    default_assignee: str = field(default="", compare=False)
    #: Where "next" starts (the previous page's last row in this sort), when given.
    after: ColumnElement[bool] | None = field(default=None, compare=False)
    notices: list[str] = field(default_factory=list, compare=False)

    @classmethod
    def from_args(cls, args: MultiDict[str, str], default_assignee: str = "") -> QueueFilters:
        """Read the query string, ignoring (and reporting) values that make no sense; with no
        filter given at all, the assignee filter is ``default_assignee``."""
        filters = cls(default_assignee=default_assignee)
        notices = filters.notices

        state = args.get("state", OPEN).strip().lower() or OPEN
        if state in (OPEN, ALL) or state in {s.value for s in State}:
            filters.state = state
        else:
            notices.append(
                _("There is no state called “%(state)s”; showing open claims.", state=state)
            )

        assignee = args.get("assignee", "").strip().lower()
        if assignee in ("", "any", "mine", "unassigned", TRIAGE) or parse_int(assignee,
                                                                           minimum=1):
            filters.assignee = "" if assignee == "any" else assignee
        else:
            notices.append(
                _("“%(who)s” is not a desk member; showing every assignee.", who=assignee)
            )

        priority = args.get("priority", "").strip().lower()
        if priority in ("", "any") or priority.upper() in Priority.__members__:
            filters.priority = "" if priority == "any" else priority
        else:
            notices.append(_("There is no priority called “%(priority)s”; showing every priority.",
                             priority=priority))

        article = args.get("article", "").strip()
        filters.article = parse_int(article, minimum=1)
        if filters.article is None and article:
            notices.append(
                _("“%(article)s” is not an article number; showing every article.",
                  article=article)
            )

        if not any(name in args for name in FILTER_PARAMS):
            filters.assignee = default_assignee
        filters.tag = " ".join(args.get("tag", "").split()).lower()
        filters.overdue = args.get("overdue", "") in ("1", "on", "yes", "true")
        filters.rotten = args.get("rotten", "") in ("1", "on", "yes", "true")
        filters.q = args.get("q", "").strip()[:200]

        sort = args.get("sort", "priority")
        if sort in SORTS:
            filters.sort = sort
        else:
            notices.append(
                _("The queue cannot be sorted by “%(sort)s”; sorted by priority.", sort=sort)
            )

        page = args.get("page", "1").strip()
        parsed_page = parse_int(page, minimum=1, maximum=MAX_PAGE)
        filters.page = parsed_page or 1
        if parsed_page is None:
            notices.append(_("There is no page “%(page)s”; showing the first page.", page=page))
        token = args.get("after", "").strip()
        if token:
            try:
                filters.after = after_condition(token[:200], filters.sort)
            except ValueError:
                notices.append(_("That page link is out of date; showing the page by number."))
        return filters

    def args(self, **changes: Any) -> dict[str, Any]:
        """The query string for these filters with ``changes``, leaving out the defaults."""
        defaults = QueueFilters()
        values = {f.name: getattr(self, f.name) for f in fields(self)
                  if f.name not in ("notices", "after", "default_assignee")}
        values.update(changes)
        result: dict[str, Any] = {}
        for name, value in values.items():
            if value == getattr(defaults, name):
                continue
            result[name] = "1" if value is True else value
        if self.default_assignee and not values["assignee"]:
            result["assignee"] = "any"  # said, or the queue would open on the default again
        return result

    @property
    def is_default(self) -> bool:
        """Whether the queue shows what it opens on for this person (their role's default)."""
        return bool(self.default_assignee) and self.assignee == self.default_assignee

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
        elif self.assignee == TRIAGE:
            where.append(or_(Claim.assignee_id.is_(None), Claim.is_overdue.expression))
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
            matches = search_condition(self)
            if matches is not None:
                where.append(matches)
        return where


def search_condition(filters: QueueFilters) -> ColumnElement[bool] | None:
    """The search filter, as the ids the full-text indexes found; ``None`` when the search
    has no words to look up."""
    words = search_words(filters.q)
    if not words:
        filters.notices.append(
            _("Search for words or numbers; a search of punctuation alone is left out.")
        )
        return None
    ids, more = matching_claim_ids(db.session, words)
    if more:
        cap = f"{MATCH_CAP:,}"
        filters.notices.append(
            _("More than %(cap)s claims contain these words; the first %(cap)s found are listed. "
              "Add words to narrow the search.", cap=cap)
        )
    return among(db.session, ids)
