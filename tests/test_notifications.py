"""Notifications in the desk: made by the operations in the event's transaction, shown under
the bell, marked read one by one or all at once; ``@handle`` mentions; the e-mail choices."""

from __future__ import annotations

import json

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Notification, NotificationKind, User
from factcheck.notifications import inbox, mentions
from factcheck.notifications.preferences import choices_of
from factcheck.operations import claims as claim_ops
from factcheck.operations import publishing
from factcheck.operations.desk import update_user
from factcheck.workflow import Role, State, WorkflowError
from tests.conftest import DeskFactory


def _of(session: Session, user: User) -> list[tuple[str, int, str | None]]:
    """``user``'s notifications as (kind, claim id, actor name), oldest first."""
    rows = session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    )
    return [(n.kind, n.claim_id, n.actor.name if n.actor else None) for n in rows]


def test_each_event_tells_the_people_whose_claim_it_is(
    session: Session, desk: DeskFactory
) -> None:
    editor, checker = desk.editor(), desk.user(Role.CHECKER)
    claim = desk.claim(State.UNVERIFIED)
    claim_ops.assign(session, editor, claim, claim.version, checker)
    desk.evidence(claim, checker)
    claim_ops.mark_sourced(session, checker, claim, claim.version)
    publishing.send_back(session, editor, claim, claim.version, "The source is a blog.")
    claim_ops.mark_sourced(session, checker, claim, claim.version)
    publishing.rate(
        session, checker, claim, claim.version, rating=desk.rating("False"),
        summary="No record of it.", explanation=None,
    )
    publishing.publish(session, editor, claim, claim.version)
    publishing.correct(
        session, editor, claim, claim.version, correction_note="Date fixed.",
        rating=desk.rating("False"), summary="No record of it.", explanation=None,
    )
    assert _of(session, checker) == [
        (NotificationKind.ASSIGNED, claim.id, editor.name),
        (NotificationKind.SENT_BACK, claim.id, editor.name),
        (NotificationKind.PUBLISHED, claim.id, editor.name),  # assignee and rater: told once
        (NotificationKind.CORRECTED, claim.id, editor.name),
    ]
    sent_back = session.scalars(
        select(Notification).where(Notification.kind == NotificationKind.SENT_BACK)
    ).one()
    assert sent_back.note == "The source is a blog." and sent_back.read_at is None
    assert _of(session, editor) == []  # nobody is told what they did themselves


def test_taking_a_claim_oneself_or_a_refused_change_tells_no_one(
    session: Session, desk: DeskFactory
) -> None:
    checker, other = desk.user(Role.CHECKER), desk.user(Role.CHECKER)
    claim = desk.claim(State.UNVERIFIED)
    claim_ops.take(session, checker, claim, claim.version)
    try:
        claim_ops.assign(session, checker, claim, claim.version, other)  # checkers cannot
    except WorkflowError:
        pass
    assert session.scalar(select(func.count()).select_from(Notification)) == 0


def test_mentions_reach_active_members_by_handle(session: Session, desk: DeskFactory) -> None:
    editor = desk.editor()
    ana = desk.user(Role.CHECKER, name="Ana Lopes")
    ben = desk.user(Role.CHECKER, name="Ben Okafor")
    gone = desk.user(Role.CHECKER, name="Gone Away")
    update_user(session, desk.user(Role.ADMIN), gone, name=gone.name, role=Role.CHECKER,
                active=False)
    claim = desk.claim(State.UNVERIFIED, editor=editor)
    ana_handle, ben_handle = ana.email.split("@")[0], ben.email.split("@")[0]
    gone_handle = gone.email.split("@")[0]
    body = (
        f"@{ana_handle}, can you check this? Write to desk@{ana_handle}.org if not. "
        f"cc @{ben_handle}. and @{ana_handle} again, @{gone_handle}, @{editor.email.split('@')[0]}"
        " and @nobody"
    )
    claim_ops.comment(session, editor, claim, body)
    assert _of(session, ana) == [(NotificationKind.MENTIONED, claim.id, editor.name)]
    assert _of(session, ben) == [(NotificationKind.MENTIONED, claim.id, editor.name)]
    assert _of(session, gone) == [] and _of(session, editor) == []
    note = session.scalars(select(Notification.note).where(Notification.user_id == ana.id)).one()
    assert note is not None and note.startswith(f"@{ana_handle}, can you check this?")


def test_a_shared_handle_falls_back_to_the_whole_address(
    session: Session, desk: DeskFactory
) -> None:
    from factcheck.operations.desk import create_user
    from tests.conftest import PASSWORD

    one = create_user(session, "sam@newsroom.example", "Sam One", Role.CHECKER, PASSWORD)
    two = create_user(session, "sam@agency.example", "Sam Two", Role.CHECKER, PASSWORD)
    assert mentions.handles([one, two]) == {
        one: "sam@newsroom.example", two: "sam@agency.example"
    }
    assert mentions.mentioned(session, "ask @sam@agency.example, not @sam") == [two]


def test_the_bell_counts_unread_and_the_list_marks_them_read(
    app: Flask, session: Session, desk: DeskFactory, as_user, submit  # type: ignore[no-untyped-def]
) -> None:
    editor, checker = desk.editor(), desk.user(Role.CHECKER)
    first = desk.claim(State.UNVERIFIED, assignee=checker, editor=editor, statement="First one")
    second = desk.claim(State.UNVERIFIED, assignee=checker, editor=editor, statement="Second one")
    third = desk.claim(State.UNVERIFIED, assignee=checker, editor=editor, statement="Third one")
    mine = session.scalars(
        select(Notification).where(Notification.user_id == checker.id).order_by(Notification.id)
    ).all()
    client = as_user(checker)

    page = client.get("/desk").get_data(as_text=True)
    assert 'id="bell-count">3</span>' in page and "has-unread" in page
    listing = client.get("/notifications/")
    text = listing.get_data(as_text=True)
    assert listing.status_code == 200 and "3 unread." in text
    assert f"{editor.name} assigned a claim to you" in text
    assert text.index("Third one") < text.index("Second one") < text.index("First one")

    read = submit(client, "/notifications/", post_url=f"/notifications/{mine[0].id}/read")
    assert read.status_code == 302
    opened = submit(client, "/notifications/", post_url=f"/notifications/{mine[1].id}/open")
    assert opened.status_code == 302 and opened.location.endswith(f"/claims/{second.id}")
    assert 'id="bell-count">1</span>' in client.get("/desk").get_data(as_text=True)

    # Someone else's notification is not there for you, and a forged form changes nothing.
    other = as_user(editor)
    assert submit(other, "/notifications/", post_url=f"/notifications/{mine[2].id}/read"
                  ).status_code == 404
    assert client.post(f"/notifications/{mine[2].id}/read").status_code == 400
    session.expire_all()
    assert session.get(Notification, mine[2].id).read_at is None  # type: ignore[union-attr]

    done = submit(client, "/notifications/", post_url="/notifications/read-all",
                  follow_redirects=True)
    assert "1 notification marked read." in done.get_data(as_text=True)
    page = client.get("/desk").get_data(as_text=True)
    assert 'id="bell-count">0</span>' in page and "has-unread" not in page
    assert first.id and third.id
    assert app.test_client().get("/notifications/").status_code == 302  # login first


def test_the_people_lookup_offers_handles_to_the_comment_box(
    session: Session, desk: DeskFactory, as_user  # type: ignore[no-untyped-def]
) -> None:
    ana = desk.user(Role.CHECKER, name="Ana Lopes")
    desk.user(Role.CHECKER, name="Ben Okafor")
    client = as_user(ana)
    found = json.loads(client.get("/notifications/people?q=lop").get_data(as_text=True))
    assert found == [{"handle": ana.email.split("@")[0], "name": "Ana Lopes"}]
    assert json.loads(client.get("/notifications/people?q=zzz").get_data()) == []
    page = client.get(f"/claims/{desk.claim(State.UNVERIFIED).id}").get_data(as_text=True)
    assert 'data-mentions="/notifications/people"' in page and "mentions.js" in page


def test_email_choices_are_kept_per_person_and_kind(
    session: Session, desk: DeskFactory, as_user, submit  # type: ignore[no-untyped-def]
) -> None:
    checker, editor = desk.user(Role.CHECKER), desk.editor()
    client = as_user(checker)
    account = client.get("/account").get_data(as_text=True)
    assert "E-mail notifications" in account and 'name="assigned"' in account
    assert 'name="desk_overdue"' not in account  # the desk-wide list is for editors
    assert 'name="desk_overdue"' in as_user(editor).get("/account").get_data(as_text=True)

    saved = submit(client, "/account", {"assigned": "daily", "mentioned": "never"},
                   post_url="/notifications/preferences")
    assert saved.status_code == 302
    choices = choices_of(session, checker)
    assert (choices["assigned"], choices["mentioned"], choices["published"]) == (
        "daily", "never", "immediately"
    )

    refused = submit(client, "/notifications/preferences",
                     {"assigned": "hourly", "mentioned": "daily"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Not a valid choice" in text
    assert '<option selected value="daily">In the daily digest</option>' in text.replace(
        'value="daily" selected', 'selected value="daily"'
    )
    assert choices_of(session, checker)["assigned"] == "daily"  # nothing changed


def test_the_list_is_paged_newest_first(
    session: Session, desk: DeskFactory, as_user, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    from factcheck.notifications import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    editor, checker = desk.editor(), desk.user(Role.CHECKER)
    for n in range(3):
        desk.claim(State.UNVERIFIED, assignee=checker, editor=editor, statement=f"Claim no. {n}")
    client = as_user(checker)
    first = client.get("/notifications/").get_data(as_text=True)
    assert "Claim no. 2" in first and "Claim no. 1" in first and "Claim no. 0" not in first
    assert 'href="/notifications/?page=2" rel="next">Older →' in first
    second = client.get("/notifications/?page=2").get_data(as_text=True)
    assert "Claim no. 0" in second and 'href="/notifications/?page=1" rel="prev"' in second
    assert "Claim no. 0" not in client.get("/notifications/?page=x").get_data(as_text=True)


def test_the_bell_count_loaded_with_the_user_drops_when_one_is_read(
    session: Session, desk: DeskFactory
) -> None:
    """The count read with the signed-in user (one query per request) is not shown stale after
    that user reads a notification later in the same request."""
    editor, checker = desk.editor(), desk.user(Role.CHECKER)
    for _ in range(2):
        claim_ops.assign(session, editor, desk.claim(State.UNVERIFIED), 1, checker)
    checker.unread_when_loaded = 2  # as the session loader reads it
    first = session.scalars(select(Notification).where(Notification.user_id == checker.id)).first()
    assert first is not None
    inbox.mark_read(session, first)
    assert inbox.unread_count(session, checker) == 1
