"""The demo desk's stories from BelTA's report of the Security Council remarks: the flagship
verdict (published, with sources of every kind), a corrected one and a dismissed duplicate."""

from __future__ import annotations

from datetime import date

from factcheck.demo.desk_tools import BELTA_DATE, DemoDeskTools, article_text
from factcheck.models import Article, Claim
from factcheck.models.evidence import EvidenceKind, Stance
from factcheck.operations import claims as ops
from factcheck.operations import publishing
from factcheck.operations.evidence import Upload, make_snapshot
from factcheck.workflow import Priority


class BeltaStories(DemoDeskTools):
    """Claims quoted from the BelTA report."""

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
