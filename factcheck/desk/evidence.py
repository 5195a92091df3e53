"""Desk: adding, editing and removing evidence, and downloading stored snapshots."""

from __future__ import annotations

from pathlib import PurePosixPath

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from factcheck.archive import storage
from factcheck.archive.serving import send_snapshot
from factcheck.desk.blueprint import bp
from factcheck.desk.claim_forms import ButtonForm, EvidenceForm
from factcheck.desk.claims import (
    PageResponse,
    load_claim,
    me,
    refused,
    render_claim_page,
    scope_ids,
)
from factcheck.extensions import db
from factcheck.models import Claim, Evidence, Snapshot
from factcheck.operations import evidence as evidence_ops
from factcheck.operations.events import desk_rules
from factcheck.workflow import Action, WorkflowError, check


def snapshot_from(form: EvidenceForm) -> Snapshot | None:
    """The uploaded file as a snapshot, checked for size and type; ``None`` without a file."""
    upload = form.snapshot.data
    if upload is None or not upload.filename:
        return None
    snapshot = evidence_ops.make_snapshot(
        evidence_ops.Upload(
            filename=PurePosixPath(upload.filename.replace("\\", "/")).name,
            content_type=upload.content_type or "",
            data=upload.read(),
        ),
        current_app.config["SNAPSHOT_TYPES"],
        current_app.config["MAX_SNAPSHOT_BYTES"],
    )
    return storage.place(snapshot)


@bp.post("/claims/<int:claim_id>/evidence")
@login_required
def add_evidence(claim_id: int) -> Response | PageResponse:
    """Attach a source (and optionally a snapshot of it) to a claim."""
    claim = db.get_or_404(Claim, claim_id)  # the whole page only if it is shown again
    form = EvidenceForm()
    if not form.validate_on_submit():
        return render_claim_page(
            load_claim(claim_id),
            evidence_form=form,
            error=form.refusal_message("Please check the evidence form."),
            status=form.refusal_status(),
        )
    try:
        evidence_ops.add_evidence(db.session, me(), claim, form.details(), snapshot_from(form))
    except (WorkflowError, StaleDataError) as error:
        message, status = refused(error, form)
        db.session.rollback()
        return render_claim_page(
            load_claim(claim_id), evidence_form=form, error=message, status=status
        )
    flash(_("The evidence has been added."), "success")
    return redirect(url_for("desk.claim", claim_id=claim_id, _anchor="evidence"))


def _edit_page(
    evidence: Evidence, form: EvidenceForm, error: str | None, status: int
) -> PageResponse:
    """The evidence edit page, with ``error`` shown above the form."""
    scope_ids(form, "evidence")
    page = render_template(
        "desk/evidence_edit.html", evidence=evidence, claim=evidence.claim, form=form, error=error
    )
    return page, status


@bp.route("/evidence/<int:evidence_id>/edit", methods=["GET", "POST"])
@login_required
def edit_evidence(evidence_id: int) -> Response | PageResponse:
    """Change an evidence entry; a new upload replaces its snapshot."""
    evidence = db.get_or_404(Evidence, evidence_id)
    if request.method == "GET":
        check(Action.EDIT_EVIDENCE, me(), evidence.claim, desk_rules(db.session))
        return _edit_page(evidence, EvidenceForm.for_evidence(evidence), None, 200)
    form = EvidenceForm()
    if not form.validate():
        return _edit_page(evidence, form, form.refusal_message(), form.refusal_status())
    try:
        evidence_ops.edit_evidence(
            db.session, me(), evidence, form.expected_version(), form.details(),
            snapshot_from(form),
        )
    except (WorkflowError, StaleDataError) as error:
        message, status = refused(error, form)
        db.session.rollback()
        evidence = db.get_or_404(Evidence, evidence_id, populate_existing=True)
        form.version.data = evidence.claim.version
        return _edit_page(evidence, form, message, status)
    flash(_("The evidence has been updated."), "success")
    return redirect(
        url_for("desk.claim", claim_id=evidence.claim_id, _anchor=f"evidence-{evidence.id}")
    )


@bp.post("/evidence/<int:evidence_id>/delete")
@login_required
def delete_evidence(evidence_id: int) -> Response | PageResponse:
    """Remove an evidence entry from its claim (published revisions keep their copy)."""
    evidence = db.get_or_404(Evidence, evidence_id)
    claim_id = evidence.claim_id
    form = ButtonForm()
    if not form.validate_on_submit():
        return render_claim_page(
            load_claim(claim_id),
            error=form.refusal_message(),
            status=form.refusal_status(),
        )
    try:
        evidence_ops.remove_evidence(db.session, me(), evidence, form.expected_version())
    except (WorkflowError, StaleDataError) as error:
        message, status = refused(error, None)
        db.session.rollback()
        return render_claim_page(load_claim(claim_id), error=message, status=status)
    flash(_("The evidence has been removed."), "success")
    return redirect(url_for("desk.claim", claim_id=claim_id, _anchor="evidence"))


@bp.get("/evidence/<int:evidence_id>/snapshot")
@login_required
def snapshot(evidence_id: int) -> Response:
    """Download the uploaded snapshot, sandboxed (see :func:`send_snapshot`)."""
    return send_snapshot(db.get_or_404(Evidence, evidence_id).snapshot)


@bp.get("/evidence/<int:evidence_id>/archived")
@login_required
def archived_copy(evidence_id: int) -> Response:
    """Open the desk's own capture of the evidence URL, sandboxed."""
    return send_snapshot(db.get_or_404(Evidence, evidence_id).capture)


@bp.get("/evidence/<int:evidence_id>/warc")
@login_required
def archived_warc(evidence_id: int) -> Response:
    """Download the capture as a WARC record, for archive tools."""
    return send_snapshot(db.get_or_404(Evidence, evidence_id).warc)
