"""A published claim links to its public page, and the public page links back to the claim
for desk users only — without the cached page ever differing by who reads it."""

from __future__ import annotations

import re

from factcheck.workflow import Role, State
from tests.test_public_cache import store  # noqa: F401  (the page store fixture)


def test_a_published_claim_links_to_its_public_page(desk, session, as_user):
    published = desk.claim(State.PUBLISHED)
    rated = desk.claim(State.RATED)
    client = as_user(desk.user(Role.CHECKER))

    text = client.get(f"/claims/{published.id}").get_data(as_text=True)
    assert re.search(
        rf'<a class="public-link" id="public-page" href="/verdicts/{published.slug}">'
        r"Public verdict page</a>",
        text,
    )
    assert 'id="public-page"' not in client.get(f"/claims/{rated.id}").get_data(as_text=True)


def test_the_back_link_is_given_to_desk_users_only_and_never_cached(desk, session, as_user,
                                                                    client):
    claim = desk.claim(State.PUBLISHED)
    rated = desk.claim(State.RATED)
    session.commit()
    url = f"/claims/for-verdict/{claim.slug}"

    anonymous = client.get(url)
    assert anonymous.status_code == 401
    assert anonymous.json == {"error": "Log in to the desk to see this claim there."}
    assert anonymous.headers["Cache-Control"] == "private, no-store"
    assert "Set-Cookie" not in anonymous.headers  # no session started for a reader

    checker = as_user(desk.user(Role.CHECKER))
    found = checker.get(url)
    assert found.status_code == 200
    assert found.json == {"url": f"/claims/{claim.id}",
                          "label": f"Open claim #{claim.id} on the desk"}
    assert found.headers["Cache-Control"] == "private, no-store"
    assert checker.get(f"/claims/for-verdict/{rated.slug}").status_code == 404
    assert checker.get("/claims/for-verdict/no-such-verdict").status_code == 404


def test_the_public_page_is_the_same_for_a_desk_user(app, desk, session, as_user, store):  # noqa: F811
    claim = desk.claim(State.PUBLISHED)
    desk_user = as_user(desk.editor())
    reader = app.test_client()
    url = f"/verdicts/{claim.slug}"

    # The desk user asks first, so a page rendered for them would be the one stored.
    seen_by_desk = desk_user.get(url)
    seen_by_reader = reader.get(url)

    assert seen_by_desk.status_code == seen_by_reader.status_code == 200
    assert seen_by_desk.get_data() == seen_by_reader.get_data()
    assert seen_by_desk.headers["ETag"] == seen_by_reader.headers["ETag"]
    page = seen_by_reader.get_data(as_text=True)
    assert f"/claims/{claim.id}" not in page
    assert (
        f'<p class="desk-link" id="desk-link" data-url="/claims/for-verdict/{claim.slug}" '
        "hidden></p>"
    ) in page
    assert "verdict-desk-link.js" in page
