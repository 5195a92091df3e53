"""The scale benches' generated desk (bench/desk_scale.py), small, on both databases: the rows
go in through each database's bulk path with its triggers, so the desk reads as one the app
made — state counts, the search index and the editor's login all work."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench.desk_scale import EDITOR, MISSING_WORD, PASSWORD, RARE_WORD, generate
from factcheck.models import Claim, Event, VerdictRevision
from factcheck.workflow import State


def test_a_generated_desk_reads_as_a_real_one(
    app: Flask, session: Session, submit: Any
) -> None:
    # Not analysed: VACUUM runs on a connection of its own, which cannot see this test's rows
    # (it would record the tables as empty and the planner would choose accordingly).
    counts = generate(600, analyse=False)
    assert counts["claims"] == 600 == session.scalar(select(func.count()).select_from(Claim))
    states = dict(session.execute(select(Claim.state, func.count()).group_by(Claim.state)).all())
    assert states[State.DISMISSED] > states[State.PUBLISHED] > states[State.UNVERIFIED] > 0
    published = states[State.PUBLISHED]
    assert session.scalar(select(func.count(func.distinct(VerdictRevision.claim_id)))) == published
    assert session.scalar(select(func.count()).select_from(Event)) >= 600

    client = app.test_client()
    response = submit(client, "/login", {"email": EDITOR, "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(f"/desk?state=all&q={RARE_WORD}").get_data(as_text=True)
    hits = re.findall(rf'<a href="/claims/\d+">Detained {RARE_WORD} and cars', page)
    assert len(hits) == 3  # one claim in 200, whatever its state
    page = client.get(f"/desk?state=all&q={MISSING_WORD}").get_data(as_text=True)
    assert "No claims match" in page
    # The state counts the triggers keep match the rows.
    page = client.get("/desk?state=unverified").get_data(as_text=True)
    for state, count in states.items():
        assert re.search(rf'class="count-{state}"><span[^>]*>[^<]* {count}</span>', page), state
