"""A Russian-language story on the demo desk: BelTA's Russian report of the same Security
Council remarks, one claim quoted from it, sourced, rated and published in Russian.

Its verdict page speaks Russian whoever reads it (a verdict page follows its verdict's
language), which is what a desk that publishes in Russian shows its readers; the desk's own
pages follow each person's choice. Rating labels are the desk's scale, named by an admin, so
they read as the demo scale names them.
"""

from __future__ import annotations

from datetime import date
from importlib.resources import files

from factcheck.models import Rating, User
from factcheck.models.evidence import EvidenceKind, Stance
from factcheck.operations import claims as ops
from factcheck.operations import publishing
from factcheck.operations.desk import ArticleDetails, add_article
from factcheck.operations.evidence import EvidenceDetails, add_evidence
from factcheck.operations.session import DbSession

REPORT_DATE = date(2022, 3, 4)
QUOTE = "украинские власти задержали около 1500 вагонов и автомобилей"
STATEMENT = "Украинские власти задержали около 1500 белорусских вагонов и автомобилей"


class DemoRussianVerdict:
    """The Russian report, its claim and the published Russian verdict."""

    def __init__(self, session: DbSession, editor: User, checker: User, rating: Rating) -> None:
        self.session = session
        self.editor = editor
        self.checker = checker
        self.rating = rating

    def build(self) -> None:
        """Add the article and move its claim to published, as the desk's people would."""
        text = (files("factcheck.demo") / "articles" / "belta-rescue-operation-ru.txt")
        article = add_article(self.session, self.editor, ArticleDetails(
            outlet="БелТА",
            title="Лукашенко: все белорусы, удерживавшиеся в Украине, освобождены",
            body=text.read_text(encoding="utf-8"),
            published_on=REPORT_DATE,
            language="ru",
        ))
        start = article.body.index(QUOTE)
        claim = ops.create_claim(
            self.session, self.editor,
            ops.ClaimDetails(statement=STATEMENT, claimant="Александр Лукашенко",
                             claim_date=REPORT_DATE),
            article=article, quote_start=start, quote_end=start + len(QUOTE),
        )
        ops.assign(self.session, self.editor, claim, claim.version, self.checker)
        add_evidence(self.session, self.checker, claim, EvidenceDetails(
            kind=EvidenceKind.OFFICIAL_STATEMENT,
            title="Заседание Совета безопасности",
            url="https://president.gov.by/ru/events/",
            publisher="Пресс-служба Президента Республики Беларусь",
            source_date=REPORT_DATE,
            accessed_on=REPORT_DATE,
            excerpt="В сообщении о заседании цифра 1500 не приводится и источник не назван.",
            stance=Stance.CONTEXT,
        ))
        ops.mark_sourced(self.session, self.checker, claim, claim.version)
        publishing.rate(
            self.session, self.checker, claim, claim.version, rating=self.rating,
            summary="Ни один открытый источник не подтверждает цифру в 1500 задержанных "
            "вагонов и автомобилей.",
            explanation="Цифра звучит только в словах президента. Ни белорусские, ни "
            "украинские ведомства не публиковали реестр задержанного транспорта, а "
            "железнодорожное сообщение остановилось 24 февраля.",
        )
        publishing.publish(self.session, self.editor, claim, claim.version)
