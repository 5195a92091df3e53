"""Public pages rendered once: a stored page is served without a database query, and what a
publication, a correction or a settings change alters shows at once (both databases, both
stores: a folder and the real Redis)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from flask import Flask

from bench.statements import counting_statements
from factcheck.extensions import db
from factcheck.models import Rating
from factcheck.operations import publishing
from factcheck.operations.desk import update_settings
from factcheck.operations.events import desk_settings
from factcheck.public.pagecache import FolderStore, RedisStore
from factcheck.workflow import Role, State

LISTINGS = ["/verdicts/", "/verdicts/feed.atom", "/verdicts/claimreview.json", "/sitemap.xml"]


@pytest.fixture(params=["folder", "redis"])
def store(request: pytest.FixtureRequest, app: Flask, tmp_path: Any,
          monkeypatch: pytest.MonkeyPatch) -> Any:
    """A store of this test's own, in a folder or in Redis."""
    if request.param == "folder":
        chosen: Any = FolderStore(tmp_path / "public-cache")
    else:
        chosen = RedisStore("redis://127.0.0.1:6379/0", prefix=f"test-{uuid.uuid4().hex}")
    monkeypatch.setitem(app.extensions, "public_cache", chosen)
    yield chosen
    if isinstance(chosen, RedisStore):
        for key in chosen.redis.scan_iter(f"{chosen.prefix}:*"):
            chosen.redis.delete(key)


def statements(app: Flask):  # type: ignore[no-untyped-def]
    """Count what the app's engine sends while the block runs."""
    with app.app_context():
        return counting_statements(db.engine)


def test_a_stored_page_is_served_without_a_query_and_answers_304(app, client, desk, session,
                                                                  store):
    claim = desk.claim(State.PUBLISHED, statement="Wagons were detained")
    session.commit()
    url = f"/verdicts/{claim.slug}"
    first = client.get(url)
    assert first.status_code == 200
    body = first.get_data()  # a server sends the whole body; the store keeps it then

    with statements(app) as seen:
        again = client.get(url)
        conditional = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert seen == [], seen
    assert again.get_data() == body
    assert again.headers["ETag"] == first.headers["ETag"]
    assert "Set-Cookie" not in again.headers
    assert conditional.status_code == 304 and conditional.get_data() == b""

    for listing in LISTINGS:
        client.get(listing).get_data()
        with statements(app) as seen:
            assert client.get(listing).status_code == 200
        assert seen == [], listing


def test_a_correction_shows_at_once_on_the_page_and_the_listings(app, client, desk, session,
                                                                   store):
    claim = desk.claim(State.PUBLISHED, statement="Wagons were detained")
    other = desk.claim(State.PUBLISHED, statement="Another verdict")
    session.commit()
    url, other_url = f"/verdicts/{claim.slug}", f"/verdicts/{other.slug}"
    pages = [url, other_url, *LISTINGS]
    for page in pages:
        client.get(page).get_data()
    editor = desk.user(Role.EDITOR)
    publishing.correct(session, editor, claim, claim.version,
                      correction_note="The figure was 1,400, not 1,500.",
                      rating=session.query(Rating).filter_by(label="Mostly false").one(),
                      summary="Corrected summary of the record.", explanation=None)
    session.commit()

    assert "The figure was 1,400, not 1,500." in client.get(url).get_data(as_text=True)
    assert "1,400" in client.get("/verdicts/feed.atom").get_data(as_text=True)
    assert "Corrected summary of the record." in client.get(
        "/verdicts/claimreview.json").get_data(as_text=True)
    # the other verdict's page did not change, so it is still served from the store
    with statements(app) as seen:
        assert client.get(other_url).status_code == 200
    assert seen == []


def test_nothing_is_stale_after_a_publication(app, client, desk, session, store):
    for page in LISTINGS:
        client.get(page).get_data()
    claim = desk.claim(State.PUBLISHED, statement="Newly published verdict")
    session.commit()
    for page in LISTINGS:
        assert claim.slug in client.get(page).get_data(as_text=True), page
    assert client.get(f"/verdicts/{claim.slug}").status_code == 200


def test_a_settings_change_shows_at_once_and_leaves_verdict_pages_stored(app, client, desk,
                                                                         session, store):
    admin = desk.user(Role.ADMIN)
    settings = desk_settings(session)
    session.commit()
    before = client.get("/verdicts/").get_data(as_text=True)
    assert settings.organisation_name in before
    update_settings(session, admin, organisation_name="Kyiv Verification Desk",
                    organisation_url=settings.organisation_url, logo_url=None,
                    two_person_rule=True, methodology="We check.")
    session.commit()
    assert "Kyiv Verification Desk" in client.get("/verdicts/").get_data(as_text=True)

    claim = desk.claim(State.PUBLISHED, statement="Published under the new name")
    session.commit()
    url = f"/verdicts/{claim.slug}"
    client.get(url).get_data()
    update_settings(session, admin, organisation_name="Renamed Again",
                    organisation_url=settings.organisation_url, logo_url=None,
                    two_person_rule=True, methodology="We check.")
    session.commit()
    with statements(app) as seen:
        page = client.get(url).get_data(as_text=True)
    assert seen == []  # a published page keeps the masthead it was published with
    assert "Renamed Again" not in page


def test_searches_junk_parameters_and_other_hosts_are_not_stored(app, client, desk, session,
                                                                  store):
    desk.claim(State.PUBLISHED, statement="Wagons were detained")
    session.commit()
    for url in ("/verdicts/?q=wagons", "/verdicts/?utm_source=x"):
        client.get(url).get_data()
        with statements(app) as seen:
            client.get(url).get_data()
        assert seen, url
    assert client.get("/verdicts/", headers={"Host": "evil.example"}).status_code == 400


def test_pages_stored_by_another_release_are_not_served(app, client, desk, session, store,
                                                        monkeypatch):
    claim = desk.claim(State.PUBLISHED, statement="Wagons were detained")
    session.commit()
    url = f"/verdicts/{claim.slug}"
    client.get(url).get_data()
    monkeypatch.setattr(app.wsgi_app, "release", "a-new-deployment")
    with statements(app) as seen:
        assert client.get(url).status_code == 200
    assert seen  # rendered again by the new code
