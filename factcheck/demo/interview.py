"""The demo desk's stories from the interview: claims in every open state (rated, sourced,
overdue, unassigned), a dismissed prediction, suggestions the editor turned down, and a tip
from social media."""

from __future__ import annotations

from datetime import date, timedelta

from factcheck.demo.desk_tools import INTERVIEW_DATE, DemoDeskTools
from factcheck.models import Article
from factcheck.models.evidence import EvidenceKind, Stance
from factcheck.operations import claims as ops
from factcheck.operations.suggestions import reject_suggestion
from factcheck.suggestions.sentences import split_sentences
from factcheck.workflow import Priority

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


class InterviewStories(DemoDeskTools):
    """Claims quoted from the interview, and what the editor rejected in it."""

    def rejected_suggestions(self, interview: Article) -> None:
        """Suggestions the editor turned down as framing or commentary: together with the
        claims quoted from the articles, these are the decisions ``flask suggest retrain``
        learns from."""
        sentences = split_sentences(interview.body)
        for opening in REJECTED_OPENINGS:
            sentence = next(s for s in sentences if s.text.startswith(opening))
            reject_suggestion(self.session, self.editor, interview, sentence.start, sentence.end)

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

