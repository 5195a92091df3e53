"""What every demo story is built with: the desk's people, and claims, sources and ratings
made through the same operations people use (:mod:`factcheck.demo.loader` builds the desk).
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib.resources import files

from sqlalchemy import select

from factcheck.models import Article, Claim, Rating, User, utcnow
from factcheck.operations import claims as ops
from factcheck.operations import publishing
from factcheck.operations.evidence import EvidenceDetails, add_evidence
from factcheck.operations.session import DbSession
from factcheck.workflow import Priority

ClaimantLukashenko = "Alexander Lukashenko"
BELTA_DATE = date(2022, 3, 4)
INTERVIEW_DATE = date(2022, 5, 5)


def article_text(name: str) -> str:
    """The text of a bundled demo article, exactly as shipped."""
    return (files("factcheck.demo") / "articles" / name).read_text(encoding="utf-8")


class DemoDeskTools:
    """The demo desk's people and the small steps its stories are told in."""

    def __init__(self, session: DbSession, people: dict[str, User]) -> None:
        self.session = session
        self.admin = people["admin@demo.desk"]
        self.editor = people["editor@demo.desk"]
        self.ana = people["ana@demo.desk"]
        self.ben = people["ben@demo.desk"]
        self.today = utcnow().date()

    def claim(
        self,
        statement: str,
        *,
        article: Article | None = None,
        quote: str | None = None,
        claim_date: date | None = None,
        appearance_url: str | None = None,
        claimant: str | None = ClaimantLukashenko,
        priority: Priority = Priority.NORMAL,
        due_in_days: int | None = None,
        tags: tuple[str, ...] = (),
    ) -> Claim:
        """A new claim quoting ``quote`` exactly where it stands in the article."""
        start = end = None
        if article is not None and quote is not None:
            start = article.body.index(quote)
            end = start + len(quote)
        due_date = self.today + timedelta(days=due_in_days) if due_in_days is not None else None
        claim = ops.create_claim(
            self.session,
            self.editor,
            ops.ClaimDetails(
                statement=statement,
                claimant=claimant,
                claim_date=claim_date or (article.published_on if article else None),
                appearance_url=appearance_url,
            ),
            article=article,
            quote_start=start,
            quote_end=end,
            priority=priority,
            due_date=due_date,
        )
        if tags:  # filed afterwards, as an editor does from the claim page
            ops.plan(self.session, self.editor, claim, claim.version,
                     priority=priority, due_date=due_date, tags=tags)
        return claim

    def rating(self, label: str) -> Rating:
        """A rating of the scale by label (the first active one if an admin renamed it)."""
        rating = self.session.scalar(select(Rating).where(Rating.label == label))
        if rating is None:
            rating = self.session.scalars(
                select(Rating).where(Rating.active.is_(True)).order_by(Rating.position)
            ).first()
        if rating is None:
            raise RuntimeError("The rating scale has no active rating; add one under Admin.")
        return rating

    def evidence(self, claim: Claim, actor: User, **details: object) -> None:
        """Attach a source, accessed today unless said otherwise."""
        details.setdefault("accessed_on", self.today)
        snapshot = details.pop("snapshot", None)
        add_evidence(
            self.session,
            actor,
            claim,
            EvidenceDetails(**details),  # type: ignore[arg-type]
            snapshot=snapshot,  # type: ignore[arg-type]
        )

    def rate(self, claim: Claim, checker: User, label: str, summary: str, explanation: str) -> None:
        """The checker proposes a verdict (the editor publishes it: two-person rule)."""
        publishing.rate(
            self.session, checker, claim, claim.version,
            rating=self.rating(label), summary=summary, explanation=explanation,
        )
