"""Notification e-mail through the real queue to a real SMTP server (aiosmtpd), on both
databases: at once, in the daily digest or never, as each person chose; the daily round (run
by Huey's scheduler) makes due and overdue notices and digests once, however often it runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.jobs.queue import DeskQueue
from factcheck.models import Notification, NotificationDigest, NotificationKind, utcnow
from factcheck.notifications.preferences import save_choices
from factcheck.operations import claims as claim_ops
from factcheck.workflow import Role, State
from tests.conftest import DeskFactory
from tests.jobs_helpers import point_queue_at, work
from tests.smtp_server import Mailbox, smtp_server


@pytest.fixture
def jobs(app: Flask, tmp_path: Path) -> Iterator[DeskQueue]:
    """The real queue on its SQLite file storage (Redis is covered by the scale-out test)."""
    yield from point_queue_at("sqlite", tmp_path, app)


@pytest.fixture
def mailbox(app: Flask) -> Iterator[Mailbox]:
    with smtp_server() as server:
        app.config["MAIL_URL"] = server.url
        yield server


def _text(message) -> str:  # type: ignore[no-untyped-def]
    return message.get_body(("plain",)).get_content()


def _html(message) -> str:  # type: ignore[no-untyped-def]
    return message.get_body(("html",)).get_content()


def test_an_assignment_made_on_the_page_is_mailed_at_once(
    jobs: DeskQueue, mailbox: Mailbox, session: Session, desk: DeskFactory,
    as_user, submit,  # type: ignore[no-untyped-def]
) -> None:
    editor, checker = desk.editor(), desk.user(Role.CHECKER, name="Ana Lopes")
    claim = desk.claim(State.UNVERIFIED, editor=editor, statement="Belarus sold 9,000 tractors")
    client = as_user(editor)
    page = f"/claims/{claim.id}"
    response = submit(client, page, {"assignee": str(checker.id), "version": str(claim.version)},
                      post_url=f"{page}/assign")
    assert response.status_code == 302
    assert work(jobs) == 1

    [message] = mailbox.messages
    assert message["To"] == checker.email
    subject = f"{editor.name} assigned a claim to you: Belarus sold 9,000 tractors"
    assert message["Subject"] == subject
    link = f"https://desk.test/claims/{claim.id}"
    assert f"Open the claim: {link}" in _text(message)
    assert f'<a href="{link}">Belarus sold 9,000 tractors</a>' in _html(message)
    assert "https://desk.test/notifications/preferences" in _text(message)
    work(jobs)
    assert len(mailbox.messages) == 1  # sent once


def test_a_mention_is_mailed_and_a_never_choice_is_respected(
    jobs: DeskQueue, mailbox: Mailbox, session: Session, desk: DeskFactory
) -> None:
    editor = desk.editor()
    ana, ben = desk.user(Role.CHECKER), desk.user(Role.CHECKER)
    save_choices(session, ben, {"mentioned": "never"})
    claim = desk.claim(State.UNVERIFIED, editor=editor)
    handles = [u.email.split("@")[0] for u in (ana, ben)]
    claim_ops.comment(session, editor, claim, f"@{handles[0]} and @{handles[1]}: look at the date")
    session.commit()
    work(jobs)
    assert [m["To"] for m in mailbox.messages] == [ana.email]
    assert "look at the date" in _text(mailbox.messages[0])
    assert session.scalars(select(Notification.user_id).order_by(Notification.user_id)).all() == [
        ana.id, ben.id  # the bell shows both; only the e-mail was declined
    ]


def _round(jobs: DeskQueue, at: datetime) -> int:
    """What Huey's scheduler does at ``at``: enqueue the periodic tasks due then; run them."""
    due = [task for task in jobs.read_periodic(at) if task.name == "notifications_round"]
    for task in due:
        jobs.enqueue(task)
    return len(due)


def test_the_daily_round_reminds_and_digests_once_however_often_it_runs(
    app: Flask, jobs: DeskQueue, mailbox: Mailbox, session: Session, desk: DeskFactory
) -> None:
    app.config["NOTIFICATIONS_DIGEST_HOUR"] = 0  # the digests are due whenever this test runs
    today = utcnow().date()
    editor, checker = desk.editor(), desk.user(Role.CHECKER, name="Ana Lopes")
    quiet = desk.user(Role.EDITOR)
    save_choices(session, quiet, {"desk_overdue": "never"})
    save_choices(session, checker, {"assigned": "daily", "published": "never"})
    tomorrow = desk.claim(State.UNVERIFIED, assignee=checker, editor=editor,
                          statement="Due tomorrow", due_date=today + timedelta(days=1))
    late = desk.claim(State.SOURCED, assignee=checker, editor=editor,
                      statement="Late one", due_date=today - timedelta(days=3))
    desk.claim(State.UNVERIFIED, editor=editor, statement="Late, nobody's",
               due_date=today - timedelta(days=1))
    desk.claim(State.PUBLISHED, assignee=checker, editor=editor, statement="Published late",
               due_date=today - timedelta(days=2))
    save_choices(session, checker, {"assigned": "daily", "published": "never"})
    session.commit()
    work(jobs)
    assert mailbox.messages == []  # the checker chose the digest for assignments

    hourly = datetime(2026, 12, 1, 9, 5)
    assert _round(jobs, hourly) == 1 and _round(jobs, hourly) == 1  # two workers' schedulers
    assert _round(jobs, datetime(2026, 12, 1, 9, 6)) == 0  # once an hour, at five past
    work(jobs)

    reminders = session.scalars(
        select(Notification).where(Notification.day.is_not(None)).order_by(Notification.id)
    ).all()
    assert [(n.kind, n.claim_id, n.day) for n in reminders] == [
        (NotificationKind.DUE_TOMORROW, tomorrow.id, tomorrow.due_date),
        (NotificationKind.OVERDUE, late.id, late.due_date),
    ]
    by_recipient = {m["To"]: m for m in mailbox.messages}
    assert sorted(by_recipient) == sorted([checker.email, editor.email])
    assert len(mailbox.messages) == 2

    digest = by_recipient[checker.email]
    assert digest["Subject"] == "Your desk today: 5 notifications"  # 3 assigned, due, overdue
    text = _text(digest)
    assert "Your claim is due tomorrow" in text and "Your claim is overdue" in text
    assert f"https://desk.test/claims/{late.id}" in text and "Published late" in text

    overdue = by_recipient[editor.email]
    assert overdue["Subject"] == "2 overdue claims on the desk"
    text = _text(overdue)
    assert text.index("Late one") < text.index("Late, nobody's") and "Published late" not in text
    assert "unassigned" in text and f"https://desk.test/claims/{late.id}" in _html(overdue)

    # Again the same day, as a third worker would: nothing new is made or sent.
    _round(jobs, hourly)
    work(jobs)
    assert len(mailbox.messages) == 2
    assert len(session.scalars(select(NotificationDigest)).all()) == 2


def test_before_the_digest_hour_the_round_only_reminds(
    app: Flask, jobs: DeskQueue, mailbox: Mailbox, session: Session, desk: DeskFactory
) -> None:
    app.config["NOTIFICATIONS_DIGEST_HOUR"] = 24  # never reached today
    checker = desk.user(Role.CHECKER)
    save_choices(session, checker, {"overdue": "immediately"})
    claim = desk.claim(State.UNVERIFIED, assignee=checker,
                       due_date=utcnow().date() - timedelta(days=1))
    session.commit()
    work(jobs)
    mailbox.messages.clear()
    _round(jobs, datetime(2026, 12, 1, 3, 5))
    work(jobs)
    [message] = mailbox.messages
    assert message["Subject"].startswith("Your claim is overdue (it was due ")
    assert f"https://desk.test/claims/{claim.id}" in _text(message)
    assert session.scalars(select(NotificationDigest)).all() == []


def test_the_round_from_the_command_line(
    app: Flask, runner, session: Session, desk: DeskFactory  # type: ignore[no-untyped-def]
) -> None:
    checker = desk.user(Role.CHECKER)
    desk.claim(State.UNVERIFIED, assignee=checker, due_date=utcnow().date() + timedelta(days=1))
    session.commit()
    first = runner.invoke(args=["notifications", "round", "--no-digests"])
    assert first.exit_code == 0, first.output
    assert first.output.strip() == "reminders 1, digests 0, overdue lists 0"
    again = runner.invoke(args=["notifications", "round", "--no-digests"])
    assert again.output.strip() == "reminders 0, digests 0, overdue lists 0"
