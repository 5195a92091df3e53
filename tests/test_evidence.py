"""Evidence on the claim page: adding, editing, removing, and snapshots that survive link rot."""

from __future__ import annotations

import hashlib
from io import BytesIO

from sqlalchemy import select

from factcheck.models import Claim, Event, Evidence, Snapshot
from factcheck.workflow import Role, State
from tests.evidence_helpers import checker_fixture, claim_fixture, page_text  # noqa: F401

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 4 + b"\n%%EOF"


def event_kinds(session, claim: Claim) -> list[str]:  # type: ignore[no-untyped-def]
    """The kinds of the claim's stored events, oldest first."""
    return list(
        session.scalars(select(Event.kind).where(Event.claim_id == claim.id).order_by(Event.id))
    )


def evidence_fields(claim: Claim, **overrides: object) -> dict[str, object]:
    """A filled-in add-evidence form."""
    fields: dict[str, object] = {
        "version": str(claim.version),
        "title": "Customs statistics for March 2022",
        "kind": "dataset",
        "url": "https://customs.example.org/march-2022",
        "publisher": "State Customs Committee",
        "author": "Statistics unit",
        "source_date": "2022-04-01",
        "accessed_on": "2022-04-10",
        "excerpt": "No detentions of rolling stock were recorded.",
        "stance": "contradicts",
        "notes": "Checked against the February table too.",
        "is_public": "y",
        "private_reason": "",
    }
    fields.update(overrides)
    return fields


def add(client, submit, claim, **overrides):  # type: ignore[no-untyped-def]
    """Post the add-evidence form from the claim page."""
    return submit(
        client, f"/claims/{claim.id}", evidence_fields(claim, **overrides),
        post_url=f"/claims/{claim.id}/evidence",
    )


def test_add_evidence_shows_every_field_and_writes_an_event(
    claim, checker, session, as_user, submit
):
    client = as_user(checker)

    response = add(client, submit, claim)

    assert response.status_code == 302
    evidence = session.scalars(select(Evidence).where(Evidence.claim_id == claim.id)).one()
    assert evidence.stance == "contradicts" and evidence.added_by_id == checker.id
    assert event_kinds(session, claim)[-1] == "evidence_added"
    text = page_text(client.get(f"/claims/{claim.id}"))
    for shown in (
        "Customs statistics for March 2022", 'href="https://customs.example.org/march-2022"',
        "State Customs Committee", "Statistics unit", "1 Apr 2022", "10 Apr 2022",
        "No detentions of rolling stock were recorded.", "Contradicts", "Dataset",
        "Checked against the February table too.", "Public", "Ana Checker added evidence",
    ):
        assert shown in text, shown


def test_private_evidence_needs_a_reason_and_keeps_the_input(
    claim, checker, session, as_user, submit
):
    client = as_user(checker)

    response = add(client, submit, claim, is_public="", private_reason="")
    assert response.status_code == 422
    text = page_text(response)
    assert "Say why this source is kept off the public page." in text
    assert 'value="Customs statistics for March 2022"' in text
    assert session.scalars(select(Evidence)).all() == []

    response = add(client, submit, claim, is_public="", private_reason="Source asked us to")
    assert response.status_code == 302
    assert "Source asked us to" in page_text(client.get(f"/claims/{claim.id}"))


def test_checker_not_on_the_claim_may_not_add_evidence(claim, desk, session, as_user, submit):
    client = as_user(desk.user(Role.CHECKER))

    response = add(client, submit, claim)

    assert response.status_code == 403
    assert "Take the claim first." in page_text(response)
    assert session.scalars(select(Evidence)).all() == []
    assert "evidence_added" not in event_kinds(session, claim)


def test_snapshot_upload_is_stored_and_downloads_byte_identical(
    claim, checker, session, as_user, submit
):
    client = as_user(checker)

    response = add(
        client, submit, claim, snapshot=(BytesIO(PDF), "customs march.pdf", "application/pdf")
    )

    assert response.status_code == 302
    evidence = session.scalars(select(Evidence).where(Evidence.claim_id == claim.id)).one()
    snapshot = evidence.snapshot
    assert snapshot.sha256 == hashlib.sha256(PDF).hexdigest()
    assert snapshot.size == len(PDF) and snapshot.content_type == "application/pdf"
    text = page_text(client.get(f"/claims/{claim.id}"))
    assert snapshot.sha256 in text and "customs march.pdf" in text

    download = client.get(f"/evidence/{evidence.id}/snapshot")
    assert download.status_code == 200
    assert download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "customs" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_oversize_snapshot_is_refused_with_the_fields_kept(
    app, claim, checker, session, as_user, submit
):
    app.config["MAX_SNAPSHOT_BYTES"] = 100
    client = as_user(checker)

    response = add(client, submit, claim, snapshot=(BytesIO(PDF), "big.pdf", "application/pdf"))

    assert response.status_code == 413
    text = page_text(response)
    assert "the limit is" in text
    assert 'value="Customs statistics for March 2022"' in text
    assert "No detentions of rolling stock were recorded." in text
    assert session.scalars(select(Evidence)).all() == []
    assert session.scalars(select(Snapshot)).all() == []


def test_refused_snapshot_type_is_rejected_with_the_fields_kept(
    claim, checker, session, as_user, submit
):
    client = as_user(checker)

    response = add(
        client, submit, claim,
        snapshot=(BytesIO(b"MZ\x90\x00"), "tool.exe", "application/x-msdownload"),
    )

    assert response.status_code == 422
    text = page_text(response)
    assert "application/x-msdownload cannot be stored as snapshots" in text
    assert 'value="State Customs Committee"' in text
    assert session.scalars(select(Evidence)).all() == []


def test_edit_evidence_prefills_saves_and_records_the_change(
    claim, checker, desk, session, as_user, submit
):
    evidence = desk.evidence(claim, checker, title="Old title")
    client = as_user(checker)
    url = f"/evidence/{evidence.id}/edit"

    page = page_text(client.get(url))
    assert 'value="Old title"' in page

    response = submit(
        client, url, evidence_fields(claim, title="New title", stance="supports")
    )

    assert response.status_code == 302
    session.expire_all()
    assert session.get(Evidence, evidence.id).title == "New title"
    assert event_kinds(session, claim)[-1] == "evidence_edited"
    text = page_text(client.get(f"/claims/{claim.id}"))
    assert "Ana Checker edited evidence" in text and "Title: Old title → New title" in text


def test_edit_evidence_from_a_stale_form_is_refused(claim, checker, desk, session, as_user, submit):
    evidence = desk.evidence(claim, checker, title="Old title")
    stale_version = str(claim.version)
    desk.evidence(claim, checker, title="Another source")  # someone else's change
    client = as_user(checker)

    response = submit(
        client, f"/evidence/{evidence.id}/edit",
        evidence_fields(claim, version=stale_version, title="My edit"),
    )

    assert response.status_code == 409
    assert "Someone else changed this claim" in page_text(response)
    assert 'value="My edit"' in page_text(response)
    session.expire_all()
    assert session.get(Evidence, evidence.id).title == "Old title"


def test_others_may_not_open_the_edit_page(claim, checker, desk, session, as_user):
    evidence = desk.evidence(claim, checker)
    client = as_user(desk.user(Role.CHECKER))

    response = client.get(f"/evidence/{evidence.id}/edit")

    assert response.status_code == 403
    assert "Only an editor or the checker assigned" in page_text(response)


def test_remove_evidence_writes_an_event(claim, checker, desk, session, as_user, submit):
    evidence = desk.evidence(claim, checker, title="To be removed")
    client = as_user(checker)

    response = submit(
        client, f"/claims/{claim.id}", {"version": str(claim.version)},
        post_url=f"/evidence/{evidence.id}/delete",
    )

    assert response.status_code == 302
    session.expire_all()
    assert session.get(Evidence, evidence.id) is None
    assert event_kinds(session, claim)[-1] == "evidence_removed"
    assert "removed evidence" in page_text(client.get(f"/claims/{claim.id}"))


def test_published_claim_keeps_its_sources_when_evidence_is_removed(desk, session, as_user, submit):
    claim = desk.claim(State.PUBLISHED)
    evidence = claim.evidence[0]
    desk.evidence(claim, title="Replacement source")
    client = as_user(desk.editor())

    response = submit(
        client, f"/claims/{claim.id}", {"version": str(claim.version)},
        post_url=f"/evidence/{evidence.id}/delete",
    )

    assert response.status_code == 302
    session.expire_all()
    assert session.get(Claim, claim.id).verdicts[0].sources[0]["title"] == evidence.title


def test_the_only_source_of_a_sourced_claim_cannot_be_removed(
    desk, session, as_user, submit
):
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(State.SOURCED, assignee=checker)
    evidence = claim.evidence[0]
    client = as_user(checker)

    response = submit(
        client, f"/claims/{claim.id}", {"version": str(claim.version)},
        post_url=f"/evidence/{evidence.id}/delete",
    )

    assert response.status_code == 409
    assert "only source" in page_text(response)
    session.expire_all()
    assert session.get(Evidence, evidence.id) is not None
    assert event_kinds(session, claim)[-1] != "evidence_removed"


def test_unknown_evidence_is_404_and_downloads_need_login(
    app, claim, checker, desk, session, as_user, submit
):
    evidence = desk.evidence(claim, checker)
    session.commit()
    anonymous = app.test_client()
    assert anonymous.get(f"/evidence/{evidence.id}/snapshot").status_code == 302

    client = as_user(checker)
    assert client.get("/evidence/999999/edit").status_code == 404
    assert client.get("/evidence/999999/snapshot").status_code == 404
    assert client.get(f"/evidence/{evidence.id}/snapshot").status_code == 404  # none stored
    response = submit(
        client, f"/claims/{claim.id}", {"version": "1"}, post_url="/evidence/999999/delete"
    )
    assert response.status_code == 404
    response = submit(client, f"/claims/{claim.id}", evidence_fields(claim),
                      post_url="/claims/999999/evidence")
    assert response.status_code == 404
