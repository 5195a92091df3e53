"""Claims (the desk's tickets), their tags, comments, events and published verdicts."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Column,
    ColumnElement,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    bindparam,
    event,
    func,
    inspect,
    literal_column,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.types import UTCDateTime
from factcheck.workflow import OPEN_STATES, Priority, State

if TYPE_CHECKING:
    from factcheck.models.appearances import ClaimAppearance
    from factcheck.models.articles import Article
    from factcheck.models.evidence import Evidence
    from factcheck.models.ratings import Rating
    from factcheck.models.users import User

#: The open states in the order of migration 0019's partial indexes.
OPEN_ORDER = (State.UNVERIFIED, State.SOURCED, State.RATED)

claim_tags = Table(
    "claim_tags",
    Base.metadata,
    Column("claim_id", ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(Base):
    """A free label the desk files claims under ("elections", "Ukraine")."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)


class Claim(Base):
    """A claim being checked: the ticket that moves from unverified to a published verdict."""

    __tablename__ = "claims"
    # The public feeds walk published claims newest verdict first, a page at a time (keyset).
    __table_args__ = (
        Index("ix_claims_last_published_at_id", "last_published_at", "id"),
        # the dashboard's published verdicts by rating (covering)
        Index("ix_claims_state_rating_id", "state", "rating_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    statement: Mapped[str] = mapped_column(Text)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    quote: Mapped[str | None] = mapped_column(Text)
    quote_start: Mapped[int | None]
    quote_end: Mapped[int | None]
    appearance_url: Mapped[str | None] = mapped_column(String(2000))
    #: ISO 639-1 code of the language the statement is written in ("ru"); None: not known.
    language: Mapped[str | None] = mapped_column(String(16))
    claimant: Mapped[str | None] = mapped_column(String(200))
    claim_date: Mapped[date | None]
    # state, priority, created_at, assignee_id and first_published_at lead the queue_…
    # indexes of migration 0019
    state: Mapped[State] = mapped_column(String(20), default=State.UNVERIFIED)
    priority: Mapped[int] = mapped_column(Integer, default=Priority.NORMAL)
    due_date: Mapped[date | None] = mapped_column(index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, index=True
    )
    checkworthiness: Mapped[float | None] = mapped_column(Float)
    checkworthiness_reasons: Mapped[list[str] | None] = mapped_column(JSON)
    rating_id: Mapped[int | None] = mapped_column(ForeignKey("ratings.id"))
    summary: Mapped[str | None] = mapped_column(Text)
    explanation: Mapped[str | None] = mapped_column(Text)
    rated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    dismissal_reason: Mapped[str | None] = mapped_column(Text)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the newest revision (publish or correction) went out; what the public site sorts by.
    last_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    article: Mapped[Article | None] = relationship(back_populates="claims")
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    rated_by: Mapped[User | None] = relationship(foreign_keys=[rated_by_id])
    rating: Mapped[Rating | None] = relationship()
    duplicate_of: Mapped[Claim | None] = relationship(remote_side=[id])
    tags: Mapped[list[Tag]] = relationship(secondary=claim_tags, order_by=Tag.name)
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="claim", order_by="Evidence.id", cascade="all, delete-orphan"
    )
    comments: Mapped[list[Comment]] = relationship(
        back_populates="claim", order_by="Comment.id", cascade="all, delete-orphan"
    )
    events: Mapped[list[Event]] = relationship(
        back_populates="claim", order_by="Event.id", cascade="all, delete-orphan"
    )
    verdicts: Mapped[list[VerdictRevision]] = relationship(
        back_populates="claim", order_by="VerdictRevision.number", cascade="all, delete-orphan"
    )
    #: Where the claim turned up again after it was on the desk, newest first.
    appearances: Mapped[list[ClaimAppearance]] = relationship(
        back_populates="claim",
        order_by="(ClaimAppearance.appeared_on.desc().nulls_last(), ClaimAppearance.id.desc())",
        cascade="all, delete-orphan",
    )

    @property
    def evidence_count(self) -> int:
        """How many evidence entries the claim has (the guard on ``sourced``)."""
        return len(self.evidence)

    @hybrid_property
    def is_overdue(self) -> bool:
        """Past its due date and not yet finished (the queue filter and the dashboard use the
        same rule as SQL)."""
        return (
            self.due_date is not None
            and self.state in OPEN_STATES
            and self.due_date < utcnow().date()
        )

    @is_overdue.inplace.expression
    @classmethod
    def _is_overdue_expression(cls) -> ColumnElement[bool]:
        return and_(cls.is_open(), cls.due_key() < utcnow().date())

    @classmethod
    def due_key(cls) -> ColumnElement[Any]:
        """The due date, with claims that have none after every date: what the due-date sort
        orders by and what migration 0019's ``queue_…due`` indexes hold (same expression)."""
        return func.coalesce(cls.due_date, literal_column("'9999-12-31'"))

    @classmethod
    def is_open(cls) -> ColumnElement[bool]:
        """``state IN ('unverified', 'sourced', 'rated')`` with the values written into the
        SQL, in the order migration 0019's partial indexes name them: the databases use those
        indexes only for a query that states the same condition (parameters do not count)."""
        return cls.state.in_(bindparam("open_states", [str(s) for s in OPEN_ORDER],
                                       literal_execute=True, unique=True))

    @property
    def latest_verdict(self) -> VerdictRevision | None:
        """The newest published revision, which is what the public sees."""
        return self.verdicts[-1] if self.verdicts else None

    def __repr__(self) -> str:
        return f"<Claim {self.id} {self.state} {self.statement[:40]!r}>"


class ClaimStateCount(Base):
    """How many claims are in each state, kept by database triggers (migration 0019) in the
    transaction that creates, deletes or moves a claim: the queue's and the dashboard's counts
    read these five rows instead of counting 100,000 claims."""

    __tablename__ = "claim_state_counts"

    state: Mapped[str] = mapped_column(String(20), primary_key=True)
    claims: Mapped[int]


class Comment(Base):
    """Discussion on a claim."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()


class Event(Base):
    """One row of a claim's audit trail; written in the same transaction as the change."""

    __tablename__ = "events"
    # A claim's history reads by claim; the desk-wide audit page reads by time and by actor.
    __table_args__ = (
        Index("ix_events_claim_id_created_at", "claim_id", "created_at"),
        Index("ix_events_created_at", "created_at"),
        Index("ix_events_actor_id", "actor_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class VerdictRevision(Base):
    """An immutable published verdict, made at each publish or correction.

    It copies everything a reader or a crawler sees — the claim and where it appeared, the
    rating as the scale defined it then, the public sources, the organisation — so reworking
    the claim, its evidence, the scale or the settings on the desk never changes a public page
    until a correction is published. Rows are never updated: caches key on their ids.
    """

    __tablename__ = "verdict_revisions"
    # The index's rating filter lists the labels on revisions by walking this index.
    __table_args__ = (
        UniqueConstraint("claim_id", "number"),
        Index("ix_verdict_revisions_rating_label_id", "rating_label", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    statement: Mapped[str] = mapped_column(Text)
    claimant: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(16))
    quote: Mapped[str | None] = mapped_column(Text)
    rating_id: Mapped[int | None] = mapped_column(ForeignKey("ratings.id", ondelete="SET NULL"))
    rating_label: Mapped[str] = mapped_column(String(60))
    rating_value: Mapped[int | None]
    rating_colour: Mapped[str] = mapped_column(String(7))
    # The scale's ends when this revision went out (ClaimReview bestRating/worstRating).
    rating_best: Mapped[int | None]
    rating_worst: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    claim_date: Mapped[date | None]
    # Where the claim appeared: the article (url, headline, outlet, published_on) and/or the
    # link kept on the claim, as dicts with ISO dates.
    appearances: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The organisation that signed the verdict, and its methodology, as they were.
    organisation_name: Mapped[str] = mapped_column(String(200))
    organisation_url: Mapped[str] = mapped_column(String(2000))
    organisation_logo_url: Mapped[str | None] = mapped_column(String(2000))
    methodology: Mapped[str] = mapped_column(Text, default="")
    correction_note: Mapped[str | None] = mapped_column(Text)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    claim: Mapped[Claim] = relationship(back_populates="verdicts")
    rating: Mapped[Rating | None] = relationship()
    published_by: Mapped[User | None] = relationship()



@event.listens_for(VerdictRevision, "before_update")
def _revisions_never_change(mapper: Any, connection: Any, revision: VerdictRevision) -> None:
    """Refuse to rewrite a published revision: readers, feeds and caches trust that a revision
    id names one unchanging verdict; a change is published as a correction (a new revision)."""
    state = inspect(revision)
    changed = [a.key for a in mapper.column_attrs if state.attrs[a.key].history.has_changes()]
    if changed:
        raise PublishedRevisionChanged(
            f"Published revision {revision.id} cannot be changed ({', '.join(changed)}); "
            "publish a correction instead."
        )


class PublishedRevisionChanged(RuntimeError):
    """Code tried to edit a published revision in place (a programming error, never input)."""
