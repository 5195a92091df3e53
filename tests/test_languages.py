"""Languages: detected when an article or claim comes in, editable, frozen with a verdict and
told to readers and search engines (<html lang>, ClaimReview inLanguage)."""

from __future__ import annotations

import re

import extruct
from sqlalchemy import select

from factcheck.languages import detect
from factcheck.models import Article, Claim
from factcheck.workflow import Role, State
from tests.public_helpers import publish_verdict

RUSSIAN = "Украинские власти задержали полторы тысячи белорусских вагонов и автомобилей."


def test_detection_tells_the_regions_languages_apart() -> None:
    assert detect("Ukrainian authorities detained 1,500 wagons and cars.") == "en"
    assert detect("Украинские власти задержали 1500 вагонов и автомобилей.") == "ru"
    assert detect("Українська влада затримала 1500 вагонів і автомобілів.") == "uk"
    assert detect("Украінскія ўлады затрымалі 1500 вагонаў і аўтамабіляў.") == "be"
    assert detect("1,500 — 40%") is None
    assert detect("") is None


def test_a_claim_gets_its_statements_language_and_an_article_its_texts(desk, session,
                                                                        as_user, submit):
    claim = desk.claim(statement=RUSSIAN)
    assert claim.language == "ru"
    english = desk.claim(statement="Prices of bread doubled in Minsk in March")
    assert english.language == "en"
    client = as_user(desk.editor())
    response = submit(client, "/articles/new", {
        "outlet": "BelTA", "title": "Вагоны", "body": RUSSIAN + " " + RUSSIAN, "language": ""})
    assert response.status_code == 302
    article = session.scalars(select(Article).where(Article.title == "Вагоны")).one()
    assert article.language == "ru"


def test_the_language_is_editable_and_frozen_with_the_verdict(desk, session, as_user, submit):
    claim, editor = publish_verdict(desk, session, statement=RUSSIAN)
    assert claim.language == "ru"
    url = f"/verdicts/{claim.slug}"
    html = as_user(desk.user(Role.CHECKER)).get(url).get_data(as_text=True)
    assert html.startswith('<!doctype html>\n<html lang="ru">')
    [review] = [item for item in extruct.extract(html, base_url=url, syntaxes=["json-ld"])
                ["json-ld"] if item.get("@type") == "ClaimReview"]
    assert review["inLanguage"] == "ru"

    client = as_user(editor)
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert re.search(r'<option selected value="ru">Russian</option>', page)
    response = submit(client, f"/claims/{claim.id}", {
        "statement": claim.statement, "language": "uk", "version": str(claim.version)},
        post_url=f"/claims/{claim.id}/edit")
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Claim, claim.id).language == "uk"
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Language: ru → uk" in page  # changed since the published version
    assert '<html lang="ru">' in client.get(url).get_data(as_text=True)  # frozen until corrected


def test_an_unknown_language_is_refused_and_changes_nothing(desk, session, as_user, submit):
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(State.UNVERIFIED, assignee=checker, statement=RUSSIAN)
    client = as_user(checker)
    response = submit(client, f"/claims/{claim.id}", {
        "statement": "Другой текст", "language": "xx", "version": str(claim.version)},
        post_url=f"/claims/{claim.id}/edit")
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    session.expire_all()
    stored = session.get(Claim, claim.id)
    assert (stored.language, stored.statement) == ("ru", RUSSIAN)
