"""What a reader sees in Russian outside the desk's pages, on both databases: a verdict page
in its verdict's language (else English) whoever asks, the listings and feeds in the desk's
language (a settings change shows at once, through the page store too), the static export
with the same bytes, and e-mail in its recipient's language, subject included."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from flask import Flask
from sqlalchemy import select

from factcheck.jobs.queue import DeskQueue
from factcheck.models import Claim, MailMessage, SuggestionModel, User, utcnow
from factcheck.models.jobs import Job, JobState
from factcheck.notifications.daily import run_round
from factcheck.notifications.preferences import save_choices
from factcheck.operations import publishing
from factcheck.operations.desk import update_settings
from factcheck.operations.events import desk_settings
from factcheck.operations.retrain import KEPT
from factcheck.public.views import XML_LANG
from factcheck.workflow import Role, State
from tests.jobs_helpers import point_queue_at, work
from tests.test_feeds import ATOM
from tests.test_public_cache import statements, store  # noqa: F401  (the store fixture)


def _published_in(desk: Any, session: Any, language: str, statement: str) -> Claim:
    """A verdict published on a claim written in ``language``."""
    claim = desk.claim(State.RATED, statement=statement, claimant="Олег Иванов")
    claim.language = language
    session.flush()
    publishing.publish(session, desk.editor(), claim, claim.version)
    session.commit()
    return claim


def _text(page: Any) -> str:
    return html.unescape(page.get_data(as_text=True))


def _claim_review(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def _desk_speaks(session: Any, admin: User, language: str) -> None:
    settings = desk_settings(session)
    update_settings(session, admin, organisation_name=settings.organisation_name,
                    organisation_url=settings.organisation_url, logo_url=settings.logo_url,
                    two_person_rule=settings.two_person_rule,
                    methodology=settings.methodology, language=language)
    session.commit()


def test_a_verdict_page_speaks_its_verdicts_language_whoever_reads_it(
        client, desk, session, as_user, submit):
    russian = _published_in(desk, session, "ru", "Украина задержала 1500 вагонов")
    english = _published_in(desk, session, "en", "Ukraine detained 1,500 wagons")
    german = _published_in(desk, session, "de", "Die Ukraine hielt 1500 Waggons fest")

    page = _text(client.get(f"/verdicts/{russian.slug}"))
    assert '<html lang="ru">' in page
    assert "Наш вердикт" in page and "Источники" in page and "Все вердикты" in page
    assert 'Автор утверждения: <strong class="claimant">Олег Иванов</strong>' in page
    assert "Опубликовано <time" in page and "Фактчеки: " in page
    assert "Our verdict" not in page and "Published <time" not in page
    review = _claim_review(page)
    assert review["inLanguage"] == "ru"
    assert review["reviewRating"]["alternateName"] == "False"  # data, never translated

    for claim, lang in ((english, "en"), (german, "de")):
        other = _text(client.get(f"/verdicts/{claim.slug}", headers={"Accept-Language": "ru"}))
        assert f'<html lang="{lang}">' in other
        assert "Our verdict" in other and "Наш вердикт" not in other

    card = client.get("/oembed", query_string={
        "url": f"https://desk.test/verdicts/{russian.slug}"}).get_json()
    assert "Читать фактчек: " in card["html"] and "Автор утверждения: Олег Иванов" in card["html"]
    assert "«Украина задержала 1500 вагонов»" in card["html"]
    assert client.get(f"/verdicts/{russian.slug}/share.png").status_code == 200

    reader = as_user(desk.editor())  # a desk user reading in Russian sees the same bytes
    submit(reader, "/account", {"language": "ru"}, post_url="/account/language")
    assert "Our verdict" in _text(reader.get(f"/verdicts/{english.slug}"))


def test_the_listings_speak_the_desks_language_and_follow_a_change_at_once(
        app, client, desk, session, store):  # noqa: F811  (the store fixture)
    claim = _published_in(desk, session, "en", "Ukraine detained 1,500 wagons")
    verdict = f"/verdicts/{claim.slug}"
    index = client.get("/verdicts/")
    assert "Fact-check verdicts" in _text(index)
    assert ": fact-check verdicts</title>" in _text(client.get("/verdicts/feed.atom"))
    client.get(verdict).get_data()

    _desk_speaks(session, desk.user(Role.ADMIN), "ru")

    again = client.get("/verdicts/", headers={"If-None-Match": index.headers["ETag"]})
    assert again.status_code == 200 and again.headers["ETag"] != index.headers["ETag"]
    assert "Вердикты фактчекинга" in _text(again) and '<html lang="en">' not in _text(again)
    assert ": вердикты фактчекинга</title>" in _text(client.get("/verdicts/feed.atom"))
    assert "По этому адресу нет опубликованного вердикта." in _text(
        client.get("/verdicts/no-such-verdict"))
    with statements(app) as seen:  # the verdict page is English, and still stored
        assert "Our verdict" in _text(client.get(verdict))
    assert seen == []
    feed = client.get("/verdicts/claimreview.json").get_json()
    assert feed["dataFeedElement"][0]["item"][0]["reviewRating"]["alternateName"] == "False"


def test_the_atom_feed_says_its_language_and_that_of_each_entry_in_another(
        client, desk, session):
    russian = _published_in(desk, session, "ru", "Украина задержала 1500 вагонов")
    english = _published_in(desk, session, "en", "Ukraine detained 1,500 wagons")
    feed = ET.fromstring(client.get("/verdicts/feed.atom").data)  # noqa: S314  (our own output)
    assert feed.get(XML_LANG) == "en"
    entries = {e.findtext(f"{ATOM}id").rsplit("/", 1)[1]: e for e in feed.findall(f"{ATOM}entry")}
    assert entries[russian.slug].get(XML_LANG) == "ru"
    assert entries[english.slug].get(XML_LANG) is None  # the feed's own language

    _desk_speaks(session, desk.user(Role.ADMIN), "ru")
    feed = ET.fromstring(client.get("/verdicts/feed.atom").data)  # noqa: S314  (our own output)
    assert feed.get(XML_LANG) == "ru"
    entries = {e.findtext(f"{ATOM}id").rsplit("/", 1)[1]: e for e in feed.findall(f"{ATOM}entry")}
    assert entries[english.slug].get(XML_LANG) == "en"
    assert entries[russian.slug].get(XML_LANG) is None


def test_the_export_writes_each_page_in_its_language(client, runner, desk, session, tmp_path):
    russian = _published_in(desk, session, "ru", "Украина задержала 1500 вагонов")
    english = _published_in(desk, session, "en", "Ukraine detained 1,500 wagons")
    _desk_speaks(session, desk.user(Role.ADMIN), "ru")
    folder = tmp_path / "site"

    result = runner.invoke(args=["public", "export", str(folder)])

    assert result.exit_code == 0, result.output
    assert "Наш вердикт" in (folder / f"verdicts/{russian.slug}.html").read_text()
    assert "Our verdict" in (folder / f"verdicts/{english.slug}.html").read_text()
    index = (folder / "verdicts/index.html").read_bytes()
    assert "Вердикты фактчекинга" in index.decode()
    assert index == client.get("/verdicts/").get_data()


@pytest.fixture
def jobs(app: Flask, tmp_path: Path) -> Iterator[DeskQueue]:
    """The real queue on its SQLite file storage."""
    yield from point_queue_at("sqlite", tmp_path, app)


def test_the_export_job_rewrites_the_listings_when_the_desks_language_changes(
        app, desk, session, tmp_path, jobs):
    folder = tmp_path / "site"
    app.config["PUBLIC_EXPORT_DIR"] = str(folder)
    claim = _published_in(desk, session, "en", "Ukraine detained 1,500 wagons")
    work(jobs)
    assert "Fact-check verdicts" in (folder / "verdicts/index.html").read_text()

    _desk_speaks(session, desk.user(Role.ADMIN), "ru")
    work(jobs)

    assert "Вердикты фактчекинга" in (folder / "verdicts/index.html").read_text()
    assert ": вердикты фактчекинга</title>" in (folder / "verdicts/feed.atom").read_text()
    assert "Our verdict" in (folder / f"verdicts/{claim.slug}.html").read_text()


def _mail_to(session: Any, user: User) -> list[MailMessage]:
    return list(session.scalars(
        select(MailMessage).where(MailMessage.recipient == user.email).order_by(MailMessage.id)))


def test_email_is_in_its_recipients_language(desk, session):
    editor = desk.editor()
    russian = desk.user(Role.CHECKER, name="Анна")
    russian.language = "ru"
    english = desk.user(Role.CHECKER, name="Ana")
    desk.claim(State.UNVERIFIED, editor=editor, assignee=russian, statement="Wagons were held")
    desk.claim(State.UNVERIFIED, editor=editor, assignee=english, statement="Wagons were held")
    session.commit()

    [to_russian] = _mail_to(session, russian)
    assert to_russian.subject == f"{editor.name} назначил(а) вам утверждение: Wagons were held"
    assert to_russian.text_body.startswith("Здравствуйте, Анна!")
    assert "Открыть утверждение: https://desk.test/claims/" in to_russian.text_body
    assert '<html lang="ru">' in (to_russian.html_body or "")
    [to_english] = _mail_to(session, english)
    assert to_english.subject == f"{editor.name} assigned a claim to you: Wagons were held"
    assert to_english.text_body.startswith("Hello Ana,")


def test_digests_and_the_overdue_list_are_in_their_recipients_language(desk, session):
    editor = desk.editor()
    editor.language = "ru"
    checker = desk.user(Role.CHECKER)
    checker.language = "ru"
    save_choices(session, checker, {"assigned": "daily"})
    today = utcnow().date()
    desk.claim(State.UNVERIFIED, editor=editor, assignee=checker, statement="Late claim",
               due_date=today - timedelta(days=2))
    session.commit()

    run_round(session, utcnow(), digests=True)
    session.commit()

    digest = next(m for m in _mail_to(session, checker) if m.subject.startswith("Редакция"))
    assert digest.subject == "Редакция сегодня: 2 уведомления"  # the assignment, the overdue
    assert "Что произошло в редакции для вас после прошлой сводки:" in digest.text_body
    [overdue] = _mail_to(session, editor)
    assert overdue.subject == "1 просроченное утверждение в редакции"
    assert "У 1 утверждения прошёл срок:" in overdue.text_body
    assert "не проверено" in overdue.text_body  # the state, in Russian
    assert "unverified" not in overdue.text_body


def test_job_states_and_the_retraining_outcome_are_shown_in_russian(
        desk, session, as_user, submit):
    session.add(Job(name="mail.send", args={"mail_id": 1}, state=JobState.FAILED))
    session.add(SuggestionModel(
        trained_at=utcnow(), decisions=12, heldout_decisions=3, kept=True, outcome=KEPT,
        before={"decisions": 3, "log_loss": 0.6, "accuracy": 0.5},
        after={"decisions": 3, "log_loss": 0.4, "accuracy": 0.7}))
    session.commit()
    client = as_user(desk.user(Role.ADMIN))
    submit(client, "/account", {"language": "ru"}, post_url="/account/language")

    jobs = _text(client.get("/admin/jobs?view=failed"))
    assert '<span class="badge">ошибка</span>' in jobs and "С ошибкой (1)" in jobs
    assert "Задач в очереди нет." in _text(client.get("/admin/jobs?view=queued"))
    page = _text(client.get("/admin/suggestions"))
    assert "принята: новая модель лучше справилась" in page
    assert "логарифмические потери" in page and "доля верных" in page
    assert "kept:" not in page and "log loss" not in page
