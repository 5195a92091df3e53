"""Fill an empty desk with a demo newsroom, through the same services people use.

Every claim is created and moved by the operations in :mod:`factcheck.operations`, so the
history, the guards and the two-person rule are all real: checkers rate, the editor publishes.
Loading twice changes nothing but missing demo accounts; what people did on the demo desk
(including changed passwords) is kept. The outlet, inbox, drafts and feeds
(:mod:`factcheck.demo.intake`), the webhook, tokens and saved views
(:mod:`factcheck.demo.integrations`) and a verdict published in Russian
(:mod:`factcheck.demo.russian`) come with the first load too, never reaching the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources import files

from sqlalchemy import func, select

from factcheck.demo.intake import DemoIntake
from factcheck.demo.integrations import DemoIntegrations
from factcheck.demo.russian import DemoRussianVerdict
from factcheck.models import Article, Claim, Rating, User, utcnow
from factcheck.models.evidence import EvidenceKind, Stance
from factcheck.operations import claims as ops
from factcheck.operations import publishing
from factcheck.operations.desk import (
    ArticleDetails,
    add_article,
    create_user,
    ensure_default_scale,
    update_settings,
)
from factcheck.operations.evidence import EvidenceDetails, Upload, add_evidence, make_snapshot
from factcheck.operations.session import DbSession
from factcheck.operations.suggestions import reject_suggestion
from factcheck.suggestions.sentences import split_sentences
from factcheck.workflow import Priority, Role

Login = tuple[str, str, str]


@dataclass(frozen=True)
class DemoUser:
    """A demo account and the password printed for it."""

    role: Role
    email: str
    name: str
    password: str


DEMO_USERS = (
    DemoUser(Role.ADMIN, "admin@demo.desk", "Ada Admin", "amber-lantern-harbour"),
    DemoUser(Role.EDITOR, "editor@demo.desk", "Edith Editor", "copper-kettle-meadow"),
    DemoUser(Role.CHECKER, "ana@demo.desk", "Ana Checker", "velvet-orchard-comet"),
    DemoUser(Role.CHECKER, "ben@demo.desk", "Ben Checker", "granite-puffin-lagoon"),
)
MARKER_EMAIL = DEMO_USERS[0].email

METHODOLOGY = """\
We check claims made in public by politicians, officials and widely shared posts.

1. **Selection** — we pick statements that are verifiable and matter to readers.
2. **Sourcing** — every verdict rests on sources we link to; when a source cannot be named we
   say so.
3. **Rating** — a checker proposes a rating, and a second person reviews it before publication.
4. **Corrections** — mistakes are corrected openly; every correction is listed under the verdict.
"""

ClaimantLukashenko = "Alexander Lukashenko"
BELTA_DATE = date(2022, 3, 4)
INTERVIEW_DATE = date(2022, 5, 5)


def load_demo(session: DbSession) -> list[Login]:
    """Load the demo desk once; return the demo logins as ``(role, email, password)``.

    The demo admin's account is the marker: when it exists the desk was loaded before, and only
    missing demo accounts are recreated (existing passwords are left as their owners set them).
    """
    first_run = _user(session, MARKER_EMAIL) is None
    people = {demo.email: _ensure_user(session, demo) for demo in DEMO_USERS}
    if first_run:
        _DemoDesk(session, people).build()
    return [(str(demo.role), demo.email, demo.password) for demo in DEMO_USERS]


def load_demo_factchecks(session: DbSession) -> str:
    """Import the bundled ClaimReview feed of invented fact-checkers (every publisher's name
    ends in "(demo)"), so "already checked by …" shows on the demo desk. Re-importing updates
    the same rows by URL, so this is safe to repeat."""
    from factcheck.factchecks.importing import import_reviews
    from factcheck.factchecks.parsing import parse

    data = (files("factcheck.demo") / "factchecks.json").read_bytes()
    parsed = parse(data)
    return import_reviews(session, parsed.reviews, "demo feed (bundled)").summary()


def _user(session: DbSession, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email))


def _ensure_user(session: DbSession, demo: DemoUser) -> User:
    existing = _user(session, demo.email)
    if existing is not None:
        return existing
    return create_user(session, demo.email, demo.name, demo.role, demo.password)


def article_text(name: str) -> str:
    """The text of a bundled demo article, exactly as shipped."""
    return (files("factcheck.demo") / "articles" / name).read_text(encoding="utf-8")


#: Sentences of the interview the demo editor rejected as suggestions (by their opening words).
REJECTED_OPENINGS = (
    "The Belarusian leader stressed that cooperation",
    "The two countries, in his view,",
    "In his view, preventing such threats",
    "He signaled a readiness to respond",
    "In closing, Lukashenko asserted",
    "These remarks were shared in an interview",
    "He contrasted Belarus",
)


class _DemoDesk:
    """Builds the demo claims, one small method per story."""

    def __init__(self, session: DbSession, people: dict[str, User]) -> None:
        self.session = session
        self.admin = people["admin@demo.desk"]
        self.editor = people["editor@demo.desk"]
        self.ana = people["ana@demo.desk"]
        self.ben = people["ben@demo.desk"]
        self.today = utcnow().date()

    def build(self) -> None:
        """Settings, the two articles and claims in every state."""
        ensure_default_scale(self.session)
        update_settings(
            self.session,
            self.admin,
            organisation_name="Demo Fact-check Desk",
            organisation_url="https://desk.factcheck.test/",
            logo_url=None,
            two_person_rule=True,
            methodology=METHODOLOGY,
        )
        belta = add_article(
            self.session,
            self.editor,
            ArticleDetails(
                outlet="BelTA",
                title="Lukashenko: all Belarusians held in Ukraine have been freed",
                body=article_text("belta-rescue-operation.txt"),
                published_on=BELTA_DATE,
                language="en",
            ),
        )
        interview = add_article(
            self.session,
            self.editor,
            ArticleDetails(
                outlet="Agence France-Presse interview, via BelTA",
                title="Lukashenko Signals Possible Belarus Recognition of Donbass Sovereignty "
                "if Needed",
                body=article_text("donbass-recognition-interview.txt"),
                published_on=INTERVIEW_DATE,
                language="en",
            ),
        )
        wagons = self.published_wagons(belta)
        self.corrected_freed(belta)
        self.dismissed_duplicate(belta, wagons)
        self.rated_attacks(interview)
        self.sourced_divisions(interview)
        self.overdue_supplies(interview)
        self.unassigned_peace_talks(interview)
        self.dismissed_prediction(interview)
        self.rejected_suggestions(interview)
        self.social_media_tip()
        DemoRussianVerdict(self.session, self.editor, self.ana, self.rating("Unproven")).build()
        DemoIntake(self.session, self.editor).build()
        DemoIntegrations(self.session, self.admin, self.editor, self.ana).build()

    def rejected_suggestions(self, interview: Article) -> None:
        """Suggestions the editor turned down as framing or commentary: together with the
        claims quoted from the articles, these are the decisions ``flask suggest retrain``
        learns from."""
        sentences = split_sentences(interview.body)
        for opening in REJECTED_OPENINGS:
            sentence = next(s for s in sentences if s.text.startswith(opening))
            reject_suggestion(self.session, self.editor, interview, sentence.start, sentence.end)

    # --- helpers --------------------------------------------------------------------------

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

    # --- the stories ----------------------------------------------------------------------

    def published_wagons(self, belta: Article) -> Claim:
        """The flagship claim: evidence (one private, one with a snapshot), talk, published."""
        claim = self.claim(
            "Ukraine detained 1,500 Belarusian wagons and cars",
            article=belta,
            quote="Ukrainian authorities detained a substantial quantity of vehicles, describing "
            "the figures as 1,500 wagons and cars",
            priority=Priority.HIGH,
            due_in_days=-10,
            tags=("belarus", "ukraine", "border"),
        )
        ops.take(self.session, self.ana, claim, claim.version)
        self.evidence(
            claim, self.ana,
            kind=EvidenceKind.OFFICIAL_STATEMENT,
            title="Meeting of the Security Council: the President's remarks",
            url="https://president.gov.by/en",
            publisher="Official website of the President of the Republic of Belarus",
            source_date=BELTA_DATE,
            excerpt="The figure of 1,500 wagons and cars is given without a source, a date range "
            "or a breakdown between rail wagons and road vehicles.",
            stance=Stance.CONTEXT,
            notes="The statement itself, as published by the claimant's office.",
        )
        self.evidence(
            claim, self.ana,
            kind=EvidenceKind.DATASET,
            title="Cross-border freight movements, Belarus–Ukraine, February–March 2022",
            url="https://data.example.org/freight/belarus-ukraine-2022-03",
            publisher="Example Transport Monitoring Group",
            source_date=date(2022, 3, 31),
            excerpt="Rail traffic between the two countries stopped on 24 February; no register "
            "of detained rolling stock or vehicles has been published by either side.",
            stance=Stance.CONTRADICTS,
        )
        self.evidence(
            claim, self.ana,
            kind=EvidenceKind.EXPERT,
            title="Call with a Belarusian hauliers' association",
            publisher="Hauliers' association (not named)",
            source_date=date(2022, 3, 9),
            excerpt="Members reported dozens of trucks stuck at Ukrainian depots, not hundreds.",
            stance=Stance.CONTRADICTS,
            is_public=False,
            private_reason="The association spoke on condition that it is not named.",
        )
        snapshot = make_snapshot(
            Upload(
                filename="belta-security-council-2022-03-04.txt",
                content_type="text/plain",
                data=article_text("belta-rescue-operation.txt").encode("utf-8"),
            ),
            ["text/plain"],
            1_000_000,
        )
        self.evidence(
            claim, self.ana,
            kind=EvidenceKind.NEWS_REPORT,
            title="BelTA report of the Security Council meeting",
            url="https://eng.belta.by/",
            publisher="BelTA",
            source_date=BELTA_DATE,
            excerpt="He stated that Ukrainian authorities detained a substantial quantity of "
            "vehicles, describing the figures as 1,500 wagons and cars.",
            stance=Stance.CONTEXT,
            notes="Text snapshot kept in case the report is edited.",
            snapshot=snapshot,
        )
        ops.comment(
            self.session, self.ana, claim,
            "The president's site has the full remarks, but nothing says where 1,500 comes from.",
        )
        ops.comment(
            self.session, self.editor, claim,
            "Ask both customs services for their counts; if nobody has one, it is Unproven.",
        )
        ops.mark_sourced(self.session, self.ana, claim, claim.version,
                         note="Official statement, freight data and one private source.")
        self.rate(
            claim, self.ana, "Unproven",
            "No public record supports the figure of 1,500 detained wagons and cars.",
            "The figure appears only in the president's remarks. Neither Belarusian nor "
            "Ukrainian authorities published a register of detained vehicles, and freight data "
            "show rail traffic stopped on 24 February.\n\n"
            "A hauliers' association we spoke to described **dozens** of stranded trucks, not "
            "hundreds.",
        )
        publishing.publish(self.session, self.editor, claim, claim.version)
        return claim

    def corrected_freed(self, belta: Article) -> None:
        """Published, then corrected when a later source changed the verdict."""
        claim = self.claim(
            "Belarus freed every citizen who needed help in Ukraine",
            article=belta,
            quote="He asserted that the operation was completed and that every citizen who "
            "needed assistance had been freed.",
            tags=("belarus", "ukraine"),
        )
        ops.assign(self.session, self.editor, claim, claim.version, self.ben)
        self.evidence(
            claim, self.ben,
            kind=EvidenceKind.OFFICIAL_STATEMENT,
            title="Ministry of Foreign Affairs: consular assistance to citizens in Ukraine",
            url="https://mfa.gov.by/en/",
            publisher="Ministry of Foreign Affairs of the Republic of Belarus",
            source_date=date(2022, 3, 5),
            excerpt="Citizens who wish to return are asked to contact the consular service.",
            stance=Stance.CONTEXT,
        )
        ops.mark_sourced(self.session, self.ben, claim, claim.version)
        self.rate(
            claim, self.ben, "Unproven",
            "There is no independent count of Belarusians held in Ukraine or of those released.",
            "The ministry's advice to citizens does not say how many were held or freed.",
        )
        publishing.publish(self.session, self.editor, claim, claim.version)
        self.evidence(
            claim, self.ben,
            kind=EvidenceKind.NEWS_REPORT,
            title="Belarusian drivers still waiting to leave Ukraine weeks after the announcement",
            url="https://news.example.org/2022/04/belarusian-drivers-waiting",
            publisher="Example News",
            source_date=date(2022, 4, 12),
            excerpt="Several Belarusian truck drivers said they were still unable to leave in "
            "April.",
            stance=Stance.CONTRADICTS,
        )
        ops.comment(
            self.session, self.ben, claim,
            "New report: drivers were still stuck in April. The verdict should change.",
        )
        publishing.correct(
            self.session, self.editor, claim, claim.version,
            correction_note="A later report shows Belarusian drivers still unable to leave "
            "Ukraine in April; the rating changed from Unproven to Mostly false.",
            rating=self.rating("Mostly false"),
            summary="Some Belarusians were still unable to leave Ukraine weeks after the claim.",
            explanation="The ministry gave no numbers, and a report from April shows drivers "
            "still waiting to leave, so *every citizen* had not been freed.",
        )

    def dismissed_duplicate(self, belta: Article, original: Claim) -> None:
        """A second ticket for the same claim, dismissed and linked to the first."""
        claim = self.claim(
            "Ukraine detained many Belarusian truckers",
            article=belta,
            quote="with a notable number of truckers included among those affected",
            priority=Priority.LOW,
        )
        ops.dismiss(
            self.session, self.editor, claim, claim.version,
            reason="duplicate", duplicate_of=original,
            note="Covered by the 1,500 wagons and cars check.",
        )

    def rated_attacks(self, interview: Article) -> None:
        """Rated by a checker, waiting for the editor to publish."""
        claim = self.claim(
            "Attacks on Ukrainian military sites were launched from Belarusian territory",
            article=interview,
            quote="He confirmed that attacks on Ukrainian military installations were launched "
            "from Belarusian territory",
            priority=Priority.HIGH,
            due_in_days=1,
            tags=("belarus", "war"),
        )
        ops.take(self.session, self.ana, claim, claim.version)
        self.evidence(
            claim, self.ana,
            kind=EvidenceKind.PRIMARY_DOCUMENT,
            title="Transcript of the interview with Agence France-Presse",
            url="https://president.gov.by/en",
            publisher="Official website of the President of the Republic of Belarus",
            source_date=INTERVIEW_DATE,
            excerpt="The president says strikes were launched from Belarus and calls them "
            "preventive.",
            stance=Stance.SUPPORTS,
        )
        self.evidence(
            claim, self.ana,
            kind=EvidenceKind.NEWS_REPORT,
            title="Missile launches observed from southern Belarus",
            url="https://news.example.org/2022/02/launches-southern-belarus",
            publisher="Example News",
            source_date=date(2022, 2, 27),
            excerpt="Residents filmed launches near the border in the first days of the war.",
            stance=Stance.SUPPORTS,
        )
        ops.mark_sourced(self.session, self.ana, claim, claim.version)
        self.rate(
            claim, self.ana, "True",
            "The claimant himself confirmed it, and launches from Belarus were widely observed.",
            "Both the interview transcript and contemporaneous reports agree.",
        )
        ops.comment(self.session, self.ana, claim, "Ready for review.")

    def sourced_divisions(self, interview: Article) -> None:
        """Sourced and waiting for a rating."""
        claim = self.claim(
            "Ukraine placed four divisions on the Belarusian border before the war",
            article=interview,
            quote="He asked why four divisions were placed on the border",
            due_in_days=3,
            tags=("belarus", "war"),
        )
        ops.assign(self.session, self.editor, claim, claim.version, self.ben)
        self.evidence(
            claim, self.ben,
            kind=EvidenceKind.EXPERT,
            title="Interview with a military analyst on troop deployments in 2021–2022",
            url="https://research.example.org/analysis/ukraine-northern-deployments",
            publisher="Example Defence Research Institute",
            source_date=date(2022, 5, 10),
            excerpt="Ukraine's forces in the north were largely territorial defence units, not "
            "four regular divisions.",
            stance=Stance.CONTRADICTS,
        )
        ops.mark_sourced(self.session, self.ben, claim, claim.version)

    def overdue_supplies(self, interview: Article) -> None:
        """Unverified, taken by a checker, past its due date."""
        claim = self.claim(
            "Belarus supplies food, bricks and cement to Crimea, Luhansk and Donetsk",
            article=interview,
            quote="This includes assistance with food supply, construction materials like "
            "bricks and cement, and renovation needs.",
            priority=Priority.URGENT,
            due_in_days=-2,
            tags=("donbass", "trade"),
        )
        ops.take(self.session, self.ana, claim, claim.version)
        self.evidence(
            claim, self.ana,
            kind=EvidenceKind.DATASET,
            title="Belarus foreign trade statistics",
            url="https://www.belstat.gov.by/en/",
            publisher="National Statistical Committee of the Republic of Belarus",
            excerpt="Trade with these territories is not reported separately.",
            stance=Stance.CONTEXT,
        )
        ops.comment(self.session, self.editor, claim, "This is overdue — can you close it today?")

    def unassigned_peace_talks(self, interview: Article) -> None:
        """Unverified and in the queue for anyone to take."""
        self.claim(
            "The United States and Britain stopped Ukraine from continuing peace talks",
            article=interview,
            quote="he claimed Western leaders limited Ukraine’s ability to proceed with "
            "negotiations, citing opposition from the United States and Britain",
            priority=Priority.HIGH,
            due_in_days=5,
            tags=("peace talks",),
        )

    def dismissed_prediction(self, interview: Article) -> None:
        """An opinion about the future: not check-worthy."""
        claim = self.claim(
            "Russia has not yet used its most powerful weapons in Ukraine",
            article=interview,
            quote="Lukashenko suggested that Russia has not yet deployed its most powerful "
            "capabilities",
            priority=Priority.LOW,
        )
        ops.dismiss(
            self.session, self.editor, claim, claim.version,
            reason="not_checkworthy", note="An assessment, not a verifiable statement of fact.",
        )

    def social_media_tip(self) -> None:
        """A reader's tip about a social post: no article, the link is on the claim."""
        self.claim(
            "A video shows Belarusian troops crossing into Ukraine near Chernihiv this week",
            claimant="Anonymous social media account",
            claim_date=self.today - timedelta(days=1),
            appearance_url="https://social.example.com/posts/1500-belarusian-troops",
            priority=Priority.LOW,
            tags=("tip", "social media"),
        )
