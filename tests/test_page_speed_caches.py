"""What the desk pages keep between requests to stay fast (per-language sentences and badges,
the fresh bulk toolbar, links built from one ``url_for``) never shows one reader another's
language, another person's choices or a stale list."""

from __future__ import annotations

from flask import render_template_string, url_for

from factcheck.rendering import link_for
from factcheck.workflow import Priority, Role, State


def _in_russian(client, submit):  # type: ignore[no-untyped-def]
    submit(client, "/account", {"language": "ru"}, post_url="/account/language")


def test_the_queue_switches_language_with_its_reader(desk, as_user, submit):
    desk.claim(State.SOURCED, priority=Priority.HIGH)
    client = as_user(desk.editor())
    english = client.get("/desk?assignee=any").get_data(as_text=True)
    _in_russian(client, submit)
    russian = client.get("/desk?assignee=any").get_data(as_text=True)
    english_again = as_user(desk.editor()).get("/desk?assignee=any").get_data(as_text=True)

    assert "Apply to selected" in english and "Apply to selected" not in russian
    assert "Применить к выбранным" in russian  # the toolbar, kept per language
    assert '<span class="badge prio-high">High</span>' in english
    assert '<span class="badge prio-high">High</span>' not in russian
    assert "Tick claims to change them together." in english_again


def _assignees(client) -> str:  # type: ignore[no-untyped-def]
    """The bulk toolbar's "Assign to" list as the queue shows it."""
    page = client.get("/desk?assignee=any").get_data(as_text=True)
    return page.split('<select id="bulk-assignee"', 1)[1].split("</select>", 1)[0]


def test_the_fresh_toolbar_offers_each_editor_the_others_and_follows_new_members(
        desk, as_user):
    first, second = desk.editor(), desk.editor()
    desk.claim()
    offered = _assignees(as_user(first))
    assert f'<option value="{second.id}">' in offered
    assert f'<option value="{first.id}">' not in offered  # oneself is "Me"

    newcomer = desk.user(Role.CHECKER, name="Newly Hired")
    assert f'<option value="{newcomer.id}">Newly Hired</option>' in _assignees(as_user(first))
    assert f'<option value="{first.id}">' in _assignees(as_user(second))

    offered_to_checker = _assignees(as_user(newcomer))
    assert "Me" in offered_to_checker and f'<option value="{second.id}">' not in offered_to_checker


def test_a_template_sentence_is_formatted_as_jinja_formats_it(app):
    with app.test_request_context("/"):
        shown = render_template_string(
            '{{ _("100%% sure") }}|{{ _("<b>%(name)s</b>", name="<i>") }}|{{ _(state) }}',
            state=State.SOURCED)
    assert shown == "100% sure|<b>&lt;i&gt;</b>|sourced"


def test_link_for_builds_what_url_for_builds(app):
    with app.test_request_context("/"):
        claim_link = link_for("desk.claim", "claim_id")
        for ident in (1, 42, 987654321, 10**9):
            assert claim_link(ident) == url_for("desk.claim", claim_id=ident)
