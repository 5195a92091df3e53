"""E-mail goes out as a job through the real queue to a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.jobs.queue import DeskQueue
from factcheck.jobs.runner import hand_to_queue
from factcheck.mail.sending import SmtpServer, queue_mail
from factcheck.models import Job, JobState, MailMessage
from tests.jobs_helpers import STORAGES, point_queue_at, work
from tests.smtp_server import Mailbox, smtp_server

HTML = "<p>Claim <a href='https://desk.test/claims/7'>7</a> is yours.</p>"


@pytest.fixture(params=STORAGES)
def jobs(request: pytest.FixtureRequest, app: Flask, tmp_path: Path) -> Iterator[DeskQueue]:
    yield from point_queue_at(request.param, tmp_path, app)


@pytest.fixture
def mailbox(app: Flask) -> Iterator[Mailbox]:
    with smtp_server() as server:
        app.config["MAIL_URL"] = server.url
        app.config["MAIL_SENDER"] = "Desk <desk@newsroom.example>"
        yield server


def test_a_queued_mail_arrives_once_with_text_and_html(
    jobs: DeskQueue, mailbox: Mailbox, session: Session
) -> None:
    row = queue_mail(
        session, "checker@newsroom.example", "Assigned to you: claim 7", "Claim 7 is yours.", HTML
    )
    assert mailbox.messages == [] and jobs.pending_count() == 0  # nothing before the commit
    session.commit()
    assert work(jobs) == 1
    assert len(mailbox.messages) == 1
    message = mailbox.messages[0]
    assert message["To"] == "checker@newsroom.example"
    assert message["From"] == "Desk <desk@newsroom.example>"
    assert message["Subject"] == "Assigned to you: claim 7"
    assert message["Message-ID"] == row.message_id
    assert message.get_body(("plain",)).get_content().strip() == "Claim 7 is yours."
    assert "https://desk.test/claims/7" in message.get_body(("html",)).get_content()
    assert mailbox.envelopes == [("desk@newsroom.example", ["checker@newsroom.example"])]
    session.expire_all()
    assert session.get(MailMessage, row.id).sent_at is not None  # type: ignore[union-attr]

    job_id = session.scalar(select(Job.id).where(Job.name == "mail.send"))
    assert job_id is not None
    # A duplicate hand-over: the job is done, nothing is sent again.
    hand_to_queue(job_id, "mail.send")
    work(jobs)
    assert len(mailbox.messages) == 1


def test_a_refused_mail_is_retried_with_the_servers_answer_recorded(
    jobs: DeskQueue, mailbox: Mailbox, session: Session
) -> None:
    mailbox.refuse = True
    row = queue_mail(session, "gone@newsroom.example", "Overdue", "Claim 3 is overdue.")
    session.commit()
    work(jobs)
    session.expire_all()
    job = session.scalars(select(Job).where(Job.name == "mail.send")).one()
    assert job.state == JobState.RETRYING
    assert "SMTPRecipientsRefused" in (job.last_error or "")
    assert "mailbox unavailable" in (job.last_error or "")
    assert session.get(MailMessage, row.id).sent_at is None  # type: ignore[union-attr]
    assert mailbox.messages == [] and jobs.scheduled_count() == 1


def test_without_mail_url_the_mail_is_printed_to_the_log(
    jobs: DeskQueue, app: Flask, session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    app.config.pop("MAIL_URL", None)
    row = queue_mail(session, "editor@newsroom.example", "Digest", "Two claims are overdue.")
    session.commit()
    with caplog.at_level(logging.WARNING, "factcheck.mail.sending"):
        work(jobs)
    assert "MAIL_URL is not set" in caplog.text
    assert "Subject: Digest" in caplog.text and "Two claims are overdue." in caplog.text
    session.expire_all()
    assert session.get(MailMessage, row.id).sent_at is not None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "url, expected",
    [
        ("smtp://mail.example:2525", ("mail.example", 2525, False, False, None, None)),
        (
            "smtp://u%40x:p%2Fw@mail.example?starttls=1",
            ("mail.example", 25, False, True, "u@x", "p/w"),
        ),
        ("smtps://mail.example", ("mail.example", 465, True, False, None, None)),
    ],
)
def test_mail_url_forms(url: str, expected: tuple[object, ...]) -> None:
    server = SmtpServer.from_url(url)
    got = (server.host, server.port, server.tls, server.starttls, server.username, server.password)
    assert got == expected


def test_a_mail_url_of_another_kind_is_refused_in_words() -> None:
    with pytest.raises(ValueError, match="MAIL_URL must look like smtp://host:port"):
        SmtpServer.from_url("http://mail.example")
