"""The similar-claims hint the new-claim form asks for while the statement is typed."""

from __future__ import annotations

from urllib.parse import quote

from factcheck.workflow import Role


def test_typing_a_statement_shows_the_claims_that_say_the_same(desk, session, as_user):
    original = desk.claim(statement="Ukraine detained 1,500 Belarusian wagons and cars")
    desk.claim(statement="Inflation in Poland rose to 5% in March")
    client = as_user(desk.user(Role.EDITOR))

    typed = quote("Ukrainian authorities seized 1500 wagons from Belarus")
    html = client.get(f"/claims/similar?statement={typed}").get_data(as_text=True)

    assert '<section class="card similar-claims" id="similar-claims">' in html
    assert f'href="/claims/{original.id}"' in html
    assert "Inflation in Poland" not in html
    assert "<html" not in html  # a panel for the form, not a page


def test_nothing_typed_finds_nothing_and_readers_are_sent_to_log_in(desk, session, as_user,
                                                                    client):
    desk.claim(statement="Ukraine detained 1,500 Belarusian wagons and cars")
    session.commit()
    assert client.get("/claims/similar?statement=wagons").status_code == 302

    editor = as_user(desk.user(Role.EDITOR))
    for query in ("", "?statement=", "?statement=%20%20"):
        html = editor.get(f"/claims/similar{query}").get_data(as_text=True)
        assert "No similar claims found." in html


def test_the_new_claim_form_has_the_hint_panel(desk, session, as_user):
    html = as_user(desk.user(Role.EDITOR)).get("/claims/new").get_data(as_text=True)
    assert '<div id="similar-hint" data-url="/claims/similar" aria-live="polite"></div>' in html
    assert "similar-hint.js" in html
