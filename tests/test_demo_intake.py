"""The demo desk's intake and integrations, as its people see them: an outlet with articles in
the inbox, pasted pages waiting for review, feed subscriptions, a webhook endpoint, API tokens
and saved views; none of which the worker of ``make run`` would try to reach over the
network."""

from __future__ import annotations

import html

import pytest
from flask import Flask
from sqlalchemy import select

from factcheck.demo.loader import DEMO_USERS, load_demo
from factcheck.factchecks.feeds import due_feed_ids
from factcheck.intake.jobs import fetch_draft, schedule_due_outlets
from factcheck.models import ArticleDraft, DraftState, Outlet, User, WebhookEndpoint, utcnow

PASSWORDS = {demo.email: demo.password for demo in DEMO_USERS}


@pytest.fixture
def demo(session):  # type: ignore[no-untyped-def]
    """The demo desk, loaded once."""
    load_demo(session)
    session.commit()


@pytest.fixture
def page_as(app: Flask, session, login, demo):  # type: ignore[no-untyped-def]
    """``page_as(email, path)``: the text of a page as that demo user sees it."""

    def get(email: str, path: str) -> str:
        client = app.test_client()
        user = session.scalar(select(User).where(User.email == email))
        login(client, user, PASSWORDS[email])
        response = client.get(path)
        assert response.status_code == 200, path
        return html.unescape(response.get_data(as_text=True))

    return get


def test_the_inbox_holds_the_outlets_articles(page_as, session):
    inbox = page_as("editor@demo.desk", "/inbox/")
    assert "Council says the new bridge cut commutes by 40 percent" in inbox
    assert "Free school meals reach every primary pupil, minister says" in inbox
    assert inbox.count("Riverside Courier (demo)") == 2

    outlet = session.scalar(select(Outlet))
    page = page_as("editor@demo.desk", f"/outlets/{outlet.id}")
    assert "https://riverside-courier.demo.example/feed.xml" in page
    assert "paused" in page
    assert "Flood defences ready for winter" in page
    assert "Could not find the server riverside-courier.demo.example." in page


def test_pasted_pages_wait_for_review_or_show_why_they_failed(page_as, session):
    drafts = {d.state: d for d in session.scalars(select(ArticleDraft))}
    assert set(drafts) == {DraftState.READY, DraftState.FAILED}

    ready = page_as("editor@demo.desk", f"/articles/drafts/{drafts[DraftState.READY].id}")
    assert "Hospital waiting times halved, health board claims" in ready
    assert "the median wait fell from 18 weeks to 9 weeks" in ready
    failed = page_as("editor@demo.desk", f"/articles/drafts/{drafts[DraftState.FAILED].id}")
    assert "Could not find the server riverside-courier.demo.example." in failed


def test_feeds_webhook_and_tokens_are_listed_to_the_admin(page_as, session):
    factchecks = page_as("admin@demo.desk", "/admin/factchecks")
    assert "Verify East (demo)" in factchecks and "Baltic Fact Watch (demo)" in factchecks
    assert factchecks.count(">paused<") == 2

    endpoint = session.scalar(select(WebhookEndpoint))
    webhook = page_as("admin@demo.desk", f"/admin/webhooks/{endpoint.id}")
    assert "Disabled (paused by Ada Admin)" in webhook
    assert "verdict.published" in webhook
    assert "Could not find the server cms.demo.example." in webhook

    tokens = page_as("admin@demo.desk", "/admin/tokens")
    for name in ("Newsroom CMS (demo)", "Weekly spreadsheet", "Old CMS integration"):
        assert name in tokens
    assert "revoked" in tokens
    assert "Weekly spreadsheet" in page_as("ana@demo.desk", "/account")


def test_saved_views_are_personal_or_shared(page_as):
    ana = page_as("ana@demo.desk", "/desk")
    assert "My overdue claims" in ana and "High priority, by due date" in ana
    assert "Published, newest first" not in ana
    editor = page_as("editor@demo.desk", "/desk")
    assert "Published, newest first" in editor and "My overdue claims" not in editor
    ben = page_as("ben@demo.desk", "/desk")
    assert "High priority, by due date" in ben and "My overdue claims" not in ben


def test_the_worker_has_nothing_to_fetch_from_the_network(demo, session):
    """The outlet and the feeds are paused, and a pasted page's queued fetch finds its draft
    already filled: no poll, no refresh, no fetch."""
    assert schedule_due_outlets() == 0
    assert due_feed_ids(session, utcnow()) == []
    before = {d.id: (d.state, d.error) for d in session.scalars(select(ArticleDraft))}
    for draft_id in before:
        fetch_draft(draft_id)
    session.expire_all()
    assert {d.id: (d.state, d.error) for d in session.scalars(select(ArticleDraft))} == before
