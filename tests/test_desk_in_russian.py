"""Desk pages a Russian reader used to see partly in English: the dashboard's charts and their
data tables, refusals made from several values, the new-claim page's "From" line and the
suggestions page's model line. The CSV downloads stay English (read by programs)."""

from __future__ import annotations

import csv
import html
import io
from datetime import timedelta

from factcheck.workflow import Role, State
from tests.dashboard_helpers import data_columns, description, section, svg


def _in_russian(client, submit):  # type: ignore[no-untyped-def]
    submit(client, "/account", {"language": "ru"}, post_url="/account/language")


def test_the_dashboards_charts_speak_russian_and_the_csv_stays_english(
        desk, session, as_user, submit):
    checker = desk.user(Role.CHECKER, name="Анна")
    desk.claim(assignee=checker)
    published = desk.claim(State.PUBLISHED)
    published.created_at = published.first_published_at - timedelta(days=2, hours=6)
    session.commit()
    client = as_user(desk.editor())
    _in_russian(client, submit)

    page = client.get("/dashboard").get_data(as_text=True)

    opened = section(page, "opened-closed")
    assert "Открытые и закрытые утверждения по неделям" in opened
    assert data_columns(page, "opened-closed") == ["Неделя с", "Открыто", "Закрыто"]
    assert "открыто утверждений" in description(page, "opened-closed")
    assert ">Открыто</text>" in svg(page, "opened-closed")  # the legend
    assert data_columns(page, "workload") == [
        "Сотрудник", "Не проверено", "Есть источники", "Оценено", "Всего открыто"]
    times = svg(page, "time-to-verdict")
    assert "Медиана" in times and "90-й процентиль" in times and "неделя с" in times
    assert "2 д 6 ч" in page  # the median, in the stat box and the data table
    assert "Over the last" not in page and "week of" not in page and "Week of" not in page

    rows = list(csv.reader(io.StringIO(
        client.get("/dashboard/workload.csv").get_data(as_text=True))))
    assert rows[0] == ["Desk member", "Unverified", "Sourced", "Rated", "Open in all"]
    times_csv = client.get("/dashboard/time-to-verdict.csv").get_data(as_text=True)
    assert times_csv.startswith('"Week of","Verdicts","Median (hours)"')


def test_a_refusal_with_values_in_it_is_one_russian_sentence(desk, session, as_user, submit):
    client = as_user(desk.user(Role.CHECKER))
    _in_russian(client, submit)
    form = {"name": "Срочное"}
    submit(client, "/desk?priority=urgent", form, post_url="/desk/views?priority=urgent")

    again = submit(client, "/desk?priority=high", form, post_url="/desk/views?priority=high")

    assert again.status_code == 422
    assert "У вас уже есть подборка «Срочное»." in html.unescape(again.get_data(as_text=True))


def test_the_new_claim_page_and_the_suggestions_page_say_whole_sentences(
        desk, session, as_user, submit):
    article = desk.article()
    client = as_user(desk.user(Role.ADMIN))
    _in_russian(client, submit)

    new = client.get(f"/claims/new?article_id={article.id}").get_data(as_text=True)
    assert f'Из статьи <a href="/articles/{article.id}">' in new

    admin = client.get("/admin/suggestions").get_data(as_text=True)
    assert "Используемая модель: поставляемая (" in admin
    assert "Model in use" not in admin


def test_suggestion_and_matching_reasons_are_shown_in_russian(desk, session, as_user, submit):
    desk.claim(statement="Ukraine detained 1,500 Belarusian wagons and cars")
    claim = desk.claim(checkworthiness=0.87, checkworthiness_reasons=[
        "contains a quantity: 1,500", "very long sentence: 27 words"])
    client = as_user(desk.user(Role.EDITOR))
    _in_russian(client, submit)

    page = html.unescape(client.get(f"/claims/{claim.id}").get_data(as_text=True))
    assert "Здесь есть число: 1,500." in page
    assert "Очень длинное предложение (27 слов)." in page
    assert "It gives a number" not in page

    typed = "Ukrainian authorities seized 1,500 wagons from Belarus"
    hint = html.unescape(client.get("/claims/similar", query_string={"statement": typed})
                         .get_data(as_text=True))
    assert "те же цифры: 1500" in hint or "те же цифры: 1,500" in hint
    assert "same figures" not in hint and "shared terms" not in hint


def test_a_colour_refusal_is_one_russian_sentence(desk, session, as_user, submit):
    client = as_user(desk.user(Role.ADMIN))
    _in_russian(client, submit)

    light = submit(client, "/admin/ratings",
                   {"label": "Бледный", "colour": "#4d9f2a", "description": ""})

    assert light.status_code == 422
    assert "Белый текст на цвете #4d9f2a плохо читается: контраст 3.3:1" in html.unescape(
        light.get_data(as_text=True))


def test_why_a_webhook_endpoint_is_disabled_reads_in_the_readers_language(
        app, desk, session, as_user, submit):
    from factcheck.webhooks import delivery, operations

    app.config["FETCH_ALLOWED_NETWORKS"] = "127.0.0.1/32"  # an intranet receiver (none runs)
    admin = desk.user(Role.ADMIN)
    failing = operations.register_endpoint(
        session, admin, "http://127.0.0.1:9/failing", ["verdict.published"])
    paused = operations.register_endpoint(
        session, admin, "http://127.0.0.1:9/paused", ["verdict.published"])
    delivery.disable(session, failing, 5)
    operations.set_active(session, admin, paused, False)
    assert failing.disabled_reason == "5 failed attempts in a row"  # the API's data: English
    client = as_user(admin)

    english = html.unescape(client.get(f"/admin/webhooks/{failing.id}").get_data(as_text=True))
    assert "Disabled (5 failed attempts in a row)" in english
    _in_russian(client, submit)
    listing = html.unescape(client.get("/admin/webhooks").get_data(as_text=True))
    assert "отключён (5 неудачных попыток подряд," in listing
    assert f"отключён (приостановлен пользователем {admin.name}," in listing
    page = html.unescape(client.get(f"/admin/webhooks/{paused.id}").get_data(as_text=True))
    assert f"Отключён (приостановлен пользователем {admin.name})" in page
    assert "failed attempts" not in listing and "disabled by" not in listing + page
