"""Fill an empty desk with a demo newsroom, through the same services people use.

Every claim is created and moved by the operations in :mod:`factcheck.operations`, so the
history, the guards and the two-person rule are all real: checkers rate, the editor publishes.
Loading twice changes nothing but missing demo accounts; what people did on the demo desk
(including changed passwords) is kept. The stories are told in :mod:`factcheck.demo.belta`
and :mod:`factcheck.demo.interview` with the steps of :mod:`factcheck.demo.desk_tools`. The
outlet, inbox, drafts and feeds (:mod:`factcheck.demo.intake`), the webhook, tokens and saved
views (:mod:`factcheck.demo.integrations`) and a verdict published in Russian
(:mod:`factcheck.demo.russian`) come with the first load too, never reaching the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from sqlalchemy import func, select

from factcheck.demo.belta import BeltaStories
from factcheck.demo.desk_tools import BELTA_DATE, INTERVIEW_DATE, article_text
from factcheck.demo.intake import DemoIntake
from factcheck.demo.integrations import DemoIntegrations
from factcheck.demo.interview import InterviewStories
from factcheck.demo.russian import DemoRussianVerdict
from factcheck.models import User
from factcheck.operations.desk import (
    ArticleDetails,
    add_article,
    create_user,
    ensure_default_scale,
    update_settings,
)
from factcheck.operations.session import DbSession
from factcheck.workflow import Role

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


class _DemoDesk(BeltaStories, InterviewStories):
    """Builds the demo desk: settings, the two articles and claims in every state."""

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
