"""The desk in each person's language: the shipped Russian catalogue covers every marked
string, and a person's choice decides what the pages say."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from factcheck.i18n import CATALOGUE_TEMPLATE, catalogue_path, extract_messages
from factcheck.models import User
from factcheck.workflow import Role, State

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _read(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as source:
        return read_po(source, locale="ru" if path.suffix == ".po" else None)


def test_every_marked_string_is_translated_into_russian() -> None:
    extracted = extract_messages(ROOT)
    russian = _read(catalogue_path("ru"))
    problems = []
    for msgid, places in extracted.items():
        where = ", ".join(f"{file}:{line}" for file, line in places[:2])
        entry = russian.get(msgid)
        if entry is None:
            problems.append(f"missing: {msgid!r} ({where})")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {msgid!r} ({where})")
        elif not all(entry.string if isinstance(entry.string, tuple) else [entry.string]):
            problems.append(f"untranslated: {msgid!r} ({where})")
    assert not problems, "\n".join(problems)


def test_translations_keep_every_placeholder() -> None:
    """A translation that loses or renames ``%(name)s`` would break the page that shows it."""
    wrong = []
    for entry in _read(catalogue_path("ru")):
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) - {"num"} != wanted - {"num"}:
                wrong.append(f"{ids[0]!r} → {string!r}")
    assert not wrong, "\n".join(wrong)


def test_the_committed_template_is_current() -> None:
    """``messages.pot`` lists exactly what the source marks (regenerate it as README says)."""
    committed = {message.id for message in _read(CATALOGUE_TEMPLATE) if message.id}
    extracted = set(extract_messages(ROOT))
    assert committed == extracted, (
        f"not in messages.pot: {sorted(map(str, extracted - committed))}; "
        f"no longer marked: {sorted(map(str, committed - extracted))}"
    )


def _choose(client, submit, language: str):  # type: ignore[no-untyped-def]
    return submit(client, "/account", {"language": language}, post_url="/account/language")


def test_a_russian_reader_sees_the_desk_in_russian(desk, session, as_user, submit):
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(State.UNVERIFIED, assignee=checker)
    client = as_user(checker)
    response = _choose(client, submit, "ru")
    assert response.status_code == 302
    session.expire_all()
    assert session.get(User, checker.id).language == "ru"

    account = client.get("/account").get_data(as_text=True)
    assert '<html lang="ru">' in account
    assert "Язык интерфейса: Русский." in account  # the flash, already in the new language
    assert "Ваш профиль" in account and "Сменить пароль" in account
    assert '<option selected value="ru">Русский</option>' in account

    queue = client.get("/desk").get_data(as_text=True)
    assert '<html lang="ru">' in queue
    assert ">Очередь</a>" in queue and "Выйти" in queue

    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    # why the next step is not offered, in the workflow's words translated
    assert "Добавьте хотя бы одно доказательство, прежде чем отмечать источники." in page
    assert "Add at least one piece of evidence" not in page
    # the history says who did what in Russian
    assert "создал(а) утверждение" in page
    assert "Log out" not in page


def test_an_english_reader_sees_english_and_the_choice_persists(desk, session, as_user,
                                                                 submit):
    reader = desk.user(Role.CHECKER)
    claim = desk.claim(State.UNVERIFIED, assignee=reader)
    client = as_user(reader)
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Add at least one piece of evidence before marking the claim sourced." in page
    _choose(client, submit, "ru")
    assert "Очередь" in as_user(reader).get("/desk").get_data(as_text=True)  # a new login
    _choose(client, submit, "en")
    english = client.get("/desk").get_data(as_text=True)
    assert ">Queue</a>" in english and "Очередь" not in english


def test_an_unknown_language_is_refused_and_changes_nothing(desk, session, as_user, submit):
    checker = desk.user(Role.CHECKER)
    client = as_user(checker)
    _choose(client, submit, "ru")
    response = _choose(client, submit, "xx")
    assert response.status_code == 422
    session.expire_all()
    assert session.get(User, checker.id).language == "ru"


def test_a_visitor_gets_the_login_page_in_their_browsers_language(client):
    russian = client.get("/login", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert '<html lang="ru">' in russian.get_data(as_text=True)
    german = client.get("/login", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert '<html lang="en">' in german.get_data(as_text=True)  # the desk's default


def test_the_desk_default_is_everyones_until_they_choose(desk, session, as_user, submit):
    admin = desk.user(Role.ADMIN)
    from factcheck.operations.desk import update_settings
    from factcheck.operations.events import desk_settings

    settings = desk_settings(session)
    update_settings(
        session, admin, organisation_name=settings.organisation_name,
        organisation_url=settings.organisation_url, logo_url=None, two_person_rule=True,
        methodology="", language="ru",
    )
    checker = desk.user(Role.CHECKER)
    client = as_user(checker)
    assert ">Очередь</a>" in client.get("/desk").get_data(as_text=True)
    _choose(client, submit, "en")
    assert ">Queue</a>" in client.get("/desk").get_data(as_text=True)


def test_desk_pages_render_in_russian(desk, session, as_user, submit):
    """Every translated area opens for a Russian admin (a translation whose placeholders do
    not fit its page would fail here)."""
    admin = desk.user(Role.ADMIN)
    claim = desk.claim(State.PUBLISHED)
    client = as_user(admin)
    _choose(client, submit, "ru")
    pages = [
        "/desk", "/desk?state=nowhere&sort=sideways", f"/claims/{claim.id}", "/articles/",
        "/articles/new", "/claims/new", "/dashboard", "/notifications/", "/account",
        "/admin/users", "/admin/ratings", "/admin/settings", "/admin/audit", "/admin/jobs",
        "/admin/suggestions", "/admin/tokens", "/admin/factchecks", "/inbox/", "/outlets/",
        "/articles/fetch", "/admin/webhooks",
    ]
    for url in pages:
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        assert '<html lang="ru">' in response.get_data(as_text=True), url
    missing = client.get("/claims/999999")
    assert missing.status_code == 404 and "Не найдено" in missing.get_data(as_text=True)
