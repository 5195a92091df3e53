"""Claims that reappear: when an article's suggestions are stored, a job records each suggested
sentence that repeats a claim already on the desk as an appearance (with an event) and tells the
claim's checker and the editors; the article page marks the sentence, an editor removes a wrong
one or records one the desk missed, the claim page lists them, and the public verdict page and
its ClaimReview carry them without a correction."""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import date

import pytest
from sqlalchemy import select

from factcheck.appearances.detect import record_found
from factcheck.models import ClaimAppearance, Event, Job, Notification, VerdictRevision
from factcheck.operations.appearances import (
    FIND_APPEARANCES_JOB,
    Sighting,
    record_appearance,
)
from factcheck.operations.errors import InvalidInput
from factcheck.workflow import PermissionDenied, Role
from tests.public_helpers import feed_reviews, publish_verdict

REPEAT = (
    "Minsk, 2 April. Ukrainian authorities detained 1,500 Belarusian wagons and cars, the "
    "president repeated on Saturday. The weather in Minsk was mild for the season."
)
DIFFERENT_FIGURE = "Ukrainian authorities detained 15,000 Belarusian wagons and cars, he said."


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    """A page as text, entities decoded."""
    return html_lib.unescape(response.get_data(as_text=True))


def json_ld(page: str) -> dict:  # type: ignore[type-arg]
    """The ClaimReview JSON-LD of a verdict page."""
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


@pytest.fixture
def published(desk, session):  # type: ignore[no-untyped-def]
    """A published verdict on the 1,500 wagons claim, from the BelTA article."""
    claim, editor = publish_verdict(desk, session)
    return claim


@pytest.fixture
def repeat(desk, session):  # type: ignore[no-untyped-def]
    """A later article that repeats the claim."""
    article = desk.article(REPEAT, outlet="Minsk Daily", title="The president repeats",
                           url="https://minsk-daily.example/wagons", published_on=date(2022, 4, 2))
    session.commit()
    return article


def sentence_start() -> int:
    """Where the repeated sentence starts in ``REPEAT``."""
    return REPEAT.index("Ukrainian authorities")


def sentence_end() -> int:
    """Where it ends (after its full stop)."""
    return REPEAT.index("Saturday.") + len("Saturday.")


def on_the_desk_section(page: str) -> str:
    start = page.index('id="on-the-desk"')
    return page[start:page.index("</section>", start)]


def test_adding_an_article_queues_the_search_for_claims_it_repeats(repeat, session):
    waiting = session.scalars(select(Job).where(Job.name == FIND_APPEARANCES_JOB)).all()
    assert [job.args for job in waiting] == [{"article_id": repeat.id}]


def test_the_desk_records_the_repeated_sentence_and_tells_the_checker_and_editors(
    published, repeat, desk, session, as_user
):
    editor = desk.editor()
    client = as_user(editor)
    looking = text_of(client.get(f"/articles/{repeat.id}"))
    assert "Looking for claims already on the desk in this article" in looking

    found = record_found(session, repeat)

    assert [(a.claim_id, a.quote) for a in found] == [
        (published.id, REPEAT[sentence_start():sentence_end()])
    ]
    assert found[0].recorded_by is None and found[0].url == repeat.url
    assert found[0].appeared_on == date(2022, 4, 2)
    event = session.scalars(select(Event).where(Event.kind == "appearance_found")).one()
    assert event.claim_id == published.id and event.actor_id is None
    told = session.scalars(select(Notification).where(Notification.kind == "reappeared")).all()
    assert {n.user_id for n in told} >= {published.assignee_id, editor.id}
    assert all(n.note == "Minsk Daily: The president repeats" for n in told)
    assert record_found(session, repeat) == []  # a second run records nothing more

    section = on_the_desk_section(text_of(client.get(f"/articles/{repeat.id}")))
    assert "Ukrainian authorities detained 1,500 Belarusian wagons and cars" in section
    words = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert f"already on the desk: #{published.id} {published.statement} , published" in words
    assert "The weather in Minsk" not in section
    assert "Recorded as an appearance of this claim: its public page lists it." in words
    bell = text_of(as_user(published.assignee).get("/notifications/"))
    assert "A claim on the desk appeared again in Minsk Daily: The president repeats" in bell


def test_an_editor_removes_a_wrong_appearance_and_the_desk_leaves_it_removed(
    published, repeat, desk, session, as_user, submit
):
    (appearance,) = record_found(session, repeat)
    url = f"/articles/{repeat.id}/appearances/{appearance.id}/remove"

    refused = submit(as_user(desk.user(Role.CHECKER)), f"/articles/{repeat.id}", {},
                     post_url=url)
    assert refused.status_code == 403
    assert session.scalars(select(ClaimAppearance)).all() != []

    editor = desk.editor()
    client = as_user(editor)
    response = submit(client, f"/articles/{repeat.id}", {}, post_url=url)

    assert response.status_code == 302
    assert session.scalars(select(ClaimAppearance)).all() == []
    event = session.scalars(select(Event).where(Event.kind == "appearance_removed")).one()
    assert event.claim_id == published.id and event.actor_id == editor.id
    assert record_found(session, repeat) == []
    page = text_of(client.get(f"/articles/{repeat.id}"))
    assert "no longer listed as an appearance" in page
    assert "already on the desk:" not in page


def test_a_different_figure_is_not_taken_for_the_same_claim(published, desk, as_user, session):
    article = desk.article(DIFFERENT_FIGURE, title="Another figure")
    session.commit()

    assert record_found(session, article) == []
    page = text_of(as_user(desk.editor()).get(f"/articles/{article.id}"))

    assert "already on the desk:" not in page


def test_an_editor_records_the_appearance_with_an_event(
    published, repeat, desk, session, as_user, submit
):
    editor = desk.editor()
    client = as_user(editor)

    response = submit(client, f"/articles/{repeat.id}", {
        "claim_id": str(published.id), "start": str(sentence_start()),
        "end": str(sentence_end()), "url": repeat.url, "appeared_on": "2022-04-02",
    }, post_url=f"/articles/{repeat.id}/appearances")

    assert response.status_code == 302
    appearance = session.scalars(select(ClaimAppearance)).one()
    assert appearance.claim_id == published.id and appearance.article_id == repeat.id
    assert appearance.quote == REPEAT[sentence_start():sentence_end()]
    assert appearance.url == repeat.url and appearance.appeared_on == date(2022, 4, 2)
    event = session.scalars(select(Event).where(Event.kind == "appearance_recorded")).one()
    assert event.claim_id == published.id and event.actor_id == editor.id
    claim_page = text_of(client.get(f"/claims/{published.id}"))
    assert "Where it appeared again" in claim_page
    assert "Minsk Daily: The president repeats" in claim_page
    article_page = text_of(client.get(f"/articles/{repeat.id}"))
    assert "Recorded as an appearance of this claim" in article_page


def test_checkers_may_not_record_appearances_and_nothing_changes(
    published, repeat, desk, session, as_user, submit
):
    client = as_user(desk.user(Role.CHECKER))

    response = submit(client, f"/articles/{repeat.id}", {
        "claim_id": str(published.id), "start": str(sentence_start()),
        "end": str(sentence_end()), "url": "", "appeared_on": "",
    }, post_url=f"/articles/{repeat.id}/appearances")

    assert response.status_code == 403
    assert session.scalars(select(ClaimAppearance)).all() == []


@pytest.mark.parametrize(
    ("fields", "status", "words"),
    [
        ({"start": "5000", "end": "5100"}, 422, "not in the article"),
        ({"url": "not a link"}, 422, "Invalid URL"),
        ({"claim_id": "999999"}, 400, "no claim #999999"),
        ({"start": "x"}, 400, "reload"),
    ],
)
def test_bad_input_is_refused_in_words_and_changes_nothing(
    published, repeat, desk, session, as_user, submit, fields, status, words
):
    client = as_user(desk.editor())
    data = {"claim_id": str(published.id), "start": str(sentence_start()),
            "end": str(sentence_end()), "url": "", "appeared_on": "", **fields}

    response = submit(client, f"/articles/{repeat.id}", data,
                      post_url=f"/articles/{repeat.id}/appearances")

    assert response.status_code == status
    assert words in text_of(response)
    assert session.scalars(select(ClaimAppearance)).all() == []


def test_the_same_passage_is_recorded_once(published, repeat, desk, session):
    editor = desk.editor()
    sighting = Sighting("", repeat, sentence_start(), sentence_end())
    record_appearance(session, editor, published, sighting)

    with pytest.raises(InvalidInput, match="already recorded"):
        record_appearance(session, editor, published,
                          Sighting("", repeat, sentence_start(), sentence_end()))
    with pytest.raises(PermissionDenied):
        record_appearance(session, desk.user(Role.CHECKER), published,
                          Sighting("A post", url="https://social.example/p/1"))


def test_the_public_page_lists_appearances_newest_first_without_a_correction(
    published, repeat, desk, session, client
):
    before = client.get(f"/verdicts/{published.slug}")
    before_ld = json_ld(text_of(before))
    revisions = session.scalars(select(VerdictRevision.id)).all()
    editor = desk.editor()
    record_appearance(session, editor, published,
                      Sighting("", repeat, sentence_start(), sentence_end()))
    record_appearance(session, editor, published, Sighting(
        "The same figure in a post", url="https://social.example/p/7",
        appeared_on=date(2022, 3, 20)))
    session.commit()

    response = client.get(f"/verdicts/{published.slug}",
                          headers={"If-None-Match": before.headers["ETag"]})
    assert response.status_code == 200  # the page changed: a cached copy is stale
    page = text_of(response)
    section = page[page.index('id="appearances"'):page.index("</section>",
                                                             page.index('id="appearances"'))]
    order = [section.index(s) for s in ("minsk-daily.example", "social.example",
                                        "belta.example")]
    assert order == sorted(order)  # 2 Apr, 20 Mar, then the article of 14 Mar
    assert session.scalars(select(VerdictRevision.id)).all() == revisions  # no new revision

    ld = json_ld(page)
    item = ld["itemReviewed"]
    urls = [work.get("url") for work in item["appearance"]]
    assert urls == ["https://belta.example/news/border", "https://minsk-daily.example/wagons",
                    "https://social.example/p/7"]
    assert item["firstAppearance"] == before_ld["itemReviewed"]["firstAppearance"]
    assert item["appearance"][: len(before_ld["itemReviewed"]["appearance"])] == (
        before_ld["itemReviewed"]["appearance"])
    assert "dateModified" not in ld
    assert {k: v for k, v in ld.items() if k != "itemReviewed"} == {
        k: v for k, v in before_ld.items() if k != "itemReviewed"}


def test_the_claimreview_feed_carries_recorded_appearances(
    published, repeat, desk, session, client
):
    record_appearance(session, desk.editor(), published,
                      Sighting("", repeat, sentence_start(), sentence_end()))
    session.commit()

    feed = client.get("/verdicts/claimreview.json").get_json()

    reviews = [r for r in feed_reviews(feed) if r["claimReviewed"] == published.statement]
    urls = [w.get("url") for w in reviews[0]["itemReviewed"]["appearance"]]
    assert "https://minsk-daily.example/wagons" in urls
