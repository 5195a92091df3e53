"""The live Markdown preview renders through the public page's renderer and sanitiser."""

from __future__ import annotations

from factcheck.rendering import markdown_to_html
from factcheck.validation.limits import MARKDOWN_MAX
from factcheck.workflow import Role

URL = "/preview/markdown"


def test_the_preview_is_what_the_public_page_shows(desk, session, as_user, submit):
    client = as_user(desk.user(Role.CHECKER))
    text = "Customs list **no** exports.\n\n<script>alert(1)</script> [x](javascript:alert(1))"

    response = submit(client, "/desk", {"text": text}, post_url=URL)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    html = response.json["html"]
    assert html == str(markdown_to_html(text))
    assert "<strong>no</strong>" in html
    assert "<script" not in html and "&lt;script&gt;" in html  # shown as text, never run
    assert 'href="javascript:' not in html


def test_empty_text_previews_as_nothing(desk, session, as_user, submit):
    client = as_user(desk.user(Role.CHECKER))
    assert submit(client, "/desk", {"text": ""}, post_url=URL).json == {"html": ""}


def test_refusals_say_why(desk, session, as_user, submit, client):
    anonymous = submit(client, "/login", {"text": "x"}, post_url=URL)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]

    desk_user = as_user(desk.user(Role.CHECKER))
    too_long = submit(desk_user, "/desk", {"text": "x" * (MARKDOWN_MAX + 1)}, post_url=URL)
    assert too_long.status_code == 422
    assert f"{MARKDOWN_MAX:,}" in too_long.json["error"]

    forged = desk_user.post(URL, data={"text": "x"}, headers={"Referer": "https://desk.test/"})
    assert forged.status_code == 400  # refused by the CSRF check before the view runs
