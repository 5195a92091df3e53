"""A published verdict is frozen: nothing edited on the desk after publication — the claim, its
evidence, the rating scale, the settings — reaches a reader or a crawler until an editor
publishes a correction; then the correction shows the desk's new values, and the claim page
says in the meantime what a correction would change."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from factcheck.models import Claim, Rating, User, VerdictRevision
from factcheck.models.claims import PublishedRevisionChanged
from factcheck.operations import claims as claim_ops
from factcheck.operations import evidence as evidence_ops
from factcheck.operations import publishing
from factcheck.operations.desk import save_rating, update_settings
from factcheck.operations.errors import SettingsIncomplete
from factcheck.operations.events import desk_settings
from factcheck.operations.verdicts import is_placeholder_url
from factcheck.workflow import Role, State
from tests.public_helpers import feed_reviews, publish_verdict
from tests.test_public import claim_reviews, page_text

PUBLIC_URLS = ("/verdicts/{slug}", "/verdicts/", "/verdicts/feed.atom",
               "/verdicts/claimreview.json", "/sitemap.xml")


def public_bytes(client: Any, slug: str) -> dict[str, bytes]:
    """Every public page and feed that shows the verdict, exactly as served."""
    shown = {}
    for url in PUBLIC_URLS:
        response = client.get(url.format(slug=slug))
        assert response.status_code == 200, url
        shown[url] = response.get_data()
    return shown


def json_ld(client: Any, slug: str) -> dict[str, Any]:
    """The verdict page's ClaimReview as a search engine's parser reads it."""
    url = f"https://desk.test/verdicts/{slug}"
    [review] = claim_reviews(page_text(client.get(url)), url)
    return review


def data_feed_review(client: Any, slug: str) -> dict[str, Any]:
    """The verdict's element of the ClaimReview DataFeed."""
    feed = json.loads(client.get("/verdicts/claimreview.json").get_data(as_text=True))
    [review] = [r for r in feed_reviews(feed) if r["url"].endswith(f"/verdicts/{slug}")]
    return {**review, "feed_publisher": feed["publisher"], "feed_name": feed["name"]}


def revision_rows(session: Any) -> list[tuple[Any, ...]]:
    """Every stored revision, column by column, read afresh from the database."""
    session.expire_all()
    rows = session.scalars(select(VerdictRevision).order_by(VerdictRevision.id))
    return [tuple(getattr(r, c.key) for c in VerdictRevision.__table__.columns) for r in rows]


@dataclass
class Published:
    """A verdict just published, and the people and objects a change is made with."""

    claim: Claim
    editor: User
    admin: User
    session: Any
    desk: Any

    def evidence(self, title: str) -> Any:
        return next(e for e in self.claim.evidence if e.title == title)


Change = Callable[[Published], None]


def _edit(field: str, value: Any) -> Change:
    def change(p: Published) -> None:
        claim = p.claim
        details = claim_ops.ClaimDetails(
            statement=claim.statement, claimant=claim.claimant, claim_date=claim.claim_date,
            appearance_url=claim.appearance_url,
        )
        setattr(details, field, value)
        claim_ops.edit_claim(p.session, p.editor, claim, claim.version, details)
    return change


def _edit_evidence(source: str, **changes: Any) -> Change:
    def change(p: Published) -> None:
        item = p.evidence(source)
        details = evidence_ops.EvidenceDetails(
            title=item.title, kind=item.kind, url=item.url, publisher=item.publisher,
            author=item.author, source_date=item.source_date, accessed_on=item.accessed_on,
            excerpt=item.excerpt, stance=item.stance, notes=item.notes,
            is_public=item.is_public, private_reason=item.private_reason,
        )
        for name, value in changes.items():
            setattr(details, name, value)
        evidence_ops.edit_evidence(p.session, p.editor, item, p.claim.version, details)
    return change


def _add_evidence(p: Published) -> None:
    p.desk.evidence(p.claim, p.editor, title="Railway operator's annual report",
                    url="https://rail.example/report")


def _remove_evidence(p: Published) -> None:
    item = p.evidence("Rail freight register 2")
    evidence_ops.remove_evidence(p.session, p.editor, item, p.claim.version)


def _rating(current: str, **changes: Any) -> Change:
    def change(p: Published) -> None:
        rating = p.session.scalar(select(Rating).where(Rating.label == current))
        values = {"label": rating.label, "value": rating.value,
                  "description": rating.description, "colour": rating.colour, **changes}
        save_rating(p.session, p.admin, rating, **values)
    return change


def _new_rating(p: Published) -> None:
    save_rating(p.session, p.admin, None, label="Pants on fire", value=0,
                description="Ridiculous.", colour="#000000")


def _settings(**changes: Any) -> Change:
    def change(p: Published) -> None:
        desk = desk_settings(p.session)
        values = {"organisation_name": desk.organisation_name,
                  "organisation_url": desk.organisation_url, "logo_url": desk.logo_url,
                  "two_person_rule": desk.two_person_rule, "methodology": desk.methodology,
                  **changes}
        update_settings(p.session, p.admin, **values)
    return change


def _article(p: Published) -> None:
    # No service edits an article yet; even a change underneath must not reach readers.
    assert p.claim.article is not None
    p.claim.article.outlet = "Renamed Outlet"
    p.claim.article.url = "https://belta.example/moved"


def _review_has(path: str, expected: Any) -> Callable[[dict[str, Any]], bool]:
    def check(review: dict[str, Any]) -> bool:
        value: Any = review
        for key in path.split("."):
            value = value[int(key)] if isinstance(value, list) else value.get(key)
        return value == expected
    return check


def _shows(text: str) -> Callable[[str], bool]:
    return lambda html: text in html


def _drops(text: str) -> Callable[[str], bool]:
    return lambda html: text not in html


#: name → (the change made on the desk, the label the claim page shows it under, a check the
#: corrected ClaimReview passes, a check the corrected page passes)
CHANGES: dict[str, tuple[Change, str, Callable[[dict[str, Any]], bool],
                         Callable[[str], bool]]] = {
    "statement": (_edit("statement", "Ukraine held 40 Belarusian wagons"), "Statement",
                  _review_has("claimReviewed", "Ukraine held 40 Belarusian wagons"),
                  _shows("Ukraine held 40 Belarusian wagons")),
    "claimant": (_edit("claimant", "Ministry of Transport"), "Claimant",
                 _review_has("itemReviewed.author.name", "Ministry of Transport"),
                 _shows("Ministry of Transport")),
    "claim date": (_edit("claim_date", date(2022, 4, 2)), "Claim date",
                   _review_has("itemReviewed.datePublished", "2022-04-02"),
                   _shows("2 Apr 2022")),
    "appearance url": (_edit("appearance_url", "https://social.example/post/9"),
                       "Where it appeared",
                       _review_has("itemReviewed.appearance.1.url",
                                   "https://social.example/post/9"),
                       _shows('href="https://social.example/post/9"')),
    "article": (_article, "Where it appeared",
                _review_has("itemReviewed.firstAppearance.publisher.name", "Renamed Outlet"),
                _shows("Renamed Outlet")),
    "evidence added": (_add_evidence, "Public sources", lambda r: True,
                       _shows("Railway operator&#39;s annual report")),
    "evidence edited": (_edit_evidence("Rail freight register 2",
                                       title="Freight register, revised",
                                       excerpt="A revised passage."),
                        "Public sources", lambda r: True, _shows("Freight register, revised")),
    "evidence removed": (_remove_evidence, "Public sources", lambda r: True,
                         _drops("Rail freight register 2")),
    "evidence hidden": (_edit_evidence("Rail freight register 2", is_public=False,
                                       private_reason="The register asked us not to link it"),
                        "Public sources", lambda r: True, _drops("Rail freight register 2")),
    "rating relabelled": (_rating("False", label="Untrue"), "Rating",
                          _review_has("reviewRating.name", "Untrue"), _shows(">Untrue</span>")),
    "rating revalued": (_rating("False", value=2), "Rating value",
                        _review_has("reviewRating.ratingValue", 2), _shows(">False</span>")),
    "rating recoloured": (_rating("False", colour="#b00020"), "Rating colour",
                          lambda r: True, _shows("rating colour-b00020")),
    "scale stretched": (_new_rating, "Worst rating on the scale",
                        _review_has("reviewRating.worstRating", 0), _shows(">False</span>")),
    "organisation name": (_settings(organisation_name="Border Check"), "Organisation",
                          _review_has("author.name", "Border Check"), _shows("Border Check")),
    "organisation url": (_settings(organisation_url="https://bordercheck.test/"),
                         "Organisation web address",
                         _review_has("author.url", "https://bordercheck.test/"),
                         _shows('href="https://bordercheck.test/"')),
    "organisation logo": (_settings(logo_url="https://bordercheck.test/logo.png"),
                          "Organisation logo",
                          _review_has("author.logo.url", "https://bordercheck.test/logo.png"),
                          _shows('src="https://bordercheck.test/logo.png"')),
    "methodology": (_settings(methodology="We read every customs table twice."),
                    "Methodology", lambda r: True,
                    _shows("We read every customs table twice.")),
}


@pytest.fixture
def published(desk: Any, session: Any) -> Published:
    admin = desk.user(Role.ADMIN)
    claim, editor = publish_verdict(desk, session, sources=2)
    return Published(claim, editor, admin, session, desk)


def _correct_keeping_the_verdict(p: Published) -> VerdictRevision:
    claim = p.claim
    revision = publishing.correct(
        p.session, p.editor, claim, claim.version,
        correction_note="Updated to the desk's current record.",
        rating=claim.rating, summary=claim.summary, explanation=claim.explanation,
    )
    p.session.commit()
    return revision


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_desk_change_reaches_readers_only_with_a_correction(
    name: str, published: Published, client: Any, as_user: Any
) -> None:
    change, label, corrected_review, corrected_page = CHANGES[name]
    slug = published.claim.slug
    before = public_bytes(client, slug)
    review_before = json_ld(client, slug)
    feed_before = data_feed_review(client, slug)
    rows_before = revision_rows(published.session)

    change(published)
    published.session.commit()

    assert revision_rows(published.session) == rows_before
    after = public_bytes(client, slug)
    for url in PUBLIC_URLS:
        assert after[url] == before[url], f"{url} changed after '{name}' without a correction"
    assert json_ld(client, slug) == review_before
    assert data_feed_review(client, slug) == feed_before

    desk_page = page_text(as_user(published.editor).get(f"/claims/{published.claim.id}"))
    assert "Changed since the published version" in desk_page
    assert f"<dt>{label}</dt>" in desk_page

    _correct_keeping_the_verdict(published)
    assert corrected_page(page_text(client.get(f"/verdicts/{slug}")))
    review = json_ld(client, slug)
    assert corrected_review(review), review
    assert corrected_review(data_feed_review(client, slug))
    assert public_bytes(client, slug)["/verdicts/feed.atom"] != before["/verdicts/feed.atom"]
    desk_page = page_text(as_user(published.editor).get(f"/claims/{published.claim.id}"))
    assert "Changed since the published version" not in desk_page


def test_sources_as_published_stay_listed_until_a_correction(
    published: Published, client: Any
) -> None:
    slug = published.claim.slug
    _remove_evidence(published)
    published.session.commit()
    assert "Rail freight register 2" in page_text(client.get(f"/verdicts/{slug}"))
    _correct_keeping_the_verdict(published)
    assert "Rail freight register 2" not in page_text(client.get(f"/verdicts/{slug}"))


def test_the_claim_page_shows_the_difference_field_by_field(
    published: Published, as_user: Any
) -> None:
    old_statement = published.claim.statement
    _edit("statement", "Ukraine held 40 Belarusian wagons")(published)
    _settings(organisation_name="Border Check")(published)
    _rating("False", label="Untrue")(published)
    published.session.commit()
    html = page_text(as_user(published.editor).get(f"/claims/{published.claim.id}"))
    section = html[html.index('id="unpublished-changes"'):]
    assert (f"<dt>Statement</dt>\n                <dd><del>{old_statement}</del> → "
            "<ins>Ukraine held 40 Belarusian wagons</ins></dd>") in section
    assert "<del>False</del> → <ins>Untrue</ins>" in section
    assert "<ins>Border Check</ins>" in section
    # The way to publish them sits beside the difference.
    assert '<a class="button primary" href="#correct" id="correct-from-changes">' in section
    assert "Readers still see revision 1" in section


def test_an_untouched_published_claim_shows_no_difference(
    published: Published, as_user: Any
) -> None:
    html = page_text(as_user(published.editor).get(f"/claims/{published.claim.id}"))
    assert "Published revisions" in html
    assert "Changed since the published version" not in html


# --- publishing refuses a placeholder organisation ---------------------------------------------

PLACEHOLDERS = ["https://example.org/", "http://www.example.com/about", "https://example.net",
                "http://localhost:5000/", "http://127.0.0.1/", "http://127.8.0.1", "", "   ",
                "http://[::1]/", "https://desk.example/", "ftp://newsroom.org/", "not a url"]


@pytest.mark.parametrize("url", PLACEHOLDERS)
def test_placeholder_addresses_are_recognised(url: str) -> None:
    assert is_placeholder_url(url)


@pytest.mark.parametrize("url", ["https://www.bbc.co.uk/", "https://factcheck.afp.com",
                                 "http://newsroom.test/", "https://93.184.215.14/"])
def test_real_addresses_are_accepted(url: str) -> None:
    assert not is_placeholder_url(url)


@pytest.mark.parametrize("url", ["https://example.org/", "http://localhost/", ""])
def test_publish_refuses_a_placeholder_organisation_and_changes_nothing(
    url: str, desk: Any, session: Any
) -> None:
    claim = desk.claim(State.RATED)
    editor = desk.editor()
    desk_settings(session).organisation_url = url
    session.flush()
    version = claim.version
    with pytest.raises(SettingsIncomplete, match="Settings \\(/admin/settings\\)"):
        publishing.publish(session, editor, claim, claim.version)
    assert claim.state == State.RATED and claim.version == version
    assert claim.verdicts == [] and claim.first_published_at is None


def test_correct_refuses_a_placeholder_organisation(published: Published) -> None:
    desk_settings(published.session).organisation_url = "https://example.com/"
    published.session.flush()
    with pytest.raises(SettingsIncomplete, match="placeholder"):
        _correct_keeping_the_verdict(published)
    assert len(published.claim.verdicts) == 1


def test_the_publish_button_explains_and_links_to_the_settings(
    desk: Any, session: Any, as_user: Any, submit: Any
) -> None:
    claim = desk.claim(State.RATED)
    editor = desk.editor()
    desk_settings(session).organisation_url = "https://example.org/"
    browser = as_user(editor)
    page = f"/claims/{claim.id}"
    response = submit(browser, page, {"version": claim.version},
                      post_url=f"{page}/publish")
    assert response.status_code == 409
    html = page_text(response)
    assert "The organisation&#39;s web address is a placeholder (https://example.org/)" in html
    assert '<a href="/admin/settings">Open the settings</a>' in html
    session.expire_all()
    assert session.get(Claim, claim.id).state == State.RATED
    assert client_sees_nothing(browser, claim.slug)


def client_sees_nothing(client: Any, slug: str) -> bool:
    return client.get(f"/verdicts/{slug}").status_code == 404


def test_the_demo_desk_publishes(runner: Any, session: Any) -> None:
    """The demo loader sets a real-looking organisation address, so its verdicts go out."""
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert not is_placeholder_url(desk_settings(session).organisation_url)
    assert session.scalar(select(func.count(VerdictRevision.id))) > 0


def test_the_index_offers_the_ratings_verdicts_carry_as_published(
    published: Published, client: Any
) -> None:
    other, _ = publish_verdict(published.desk, published.session, statement="A second claim")
    _rating("False", label="Untrue")(published)
    published.session.commit()
    html = page_text(client.get("/verdicts/"))
    assert '<option value="False"' in html and "Untrue" not in html
    _correct_keeping_the_verdict(published)  # now carries "Untrue"; the other still "False"
    html = page_text(client.get("/verdicts/"))
    assert '<option value="False"' in html and '<option value="Untrue"' in html
    assert "Mostly false" not in html  # no verdict carries it
    untrue = page_text(client.get("/verdicts/?rating=Untrue"))
    assert published.claim.statement in untrue and "A second claim" not in untrue
    false = page_text(client.get("/verdicts/?rating=False"))
    assert "A second claim" in false and published.claim.statement not in false


def test_a_published_revision_cannot_be_rewritten_in_place(published: Published) -> None:
    """Caches key on revision ids; a change must be a new revision, never an UPDATE."""
    revision = published.claim.latest_verdict
    assert revision is not None
    revision.statement = "Quietly rewritten"
    with pytest.raises(PublishedRevisionChanged, match="publish a correction instead"):
        published.session.flush()
    published.session.rollback()


def test_the_settings_page_warns_about_a_placeholder_address(
    desk: Any, session: Any, as_user: Any
) -> None:
    admin = desk.user(Role.ADMIN)
    desk_settings(session).organisation_url = "https://example.org/"
    html = page_text(as_user(admin).get("/admin/settings"))
    assert "still a placeholder, so verdicts cannot be published" in html
    desk_settings(session).organisation_url = "https://newsroom.test/"
    html = page_text(as_user(admin).get("/admin/settings"))
    assert "still a placeholder" not in html
