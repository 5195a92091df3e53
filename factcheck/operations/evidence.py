"""Attaching, editing and removing evidence, with uploaded snapshots."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from factcheck.archive import CAPTURE_JOB
from factcheck.jobs.runner import enqueue_job
from factcheck.models import (
    CaptureState,
    Claim,
    Evidence,
    EvidenceKind,
    Snapshot,
    Stance,
    User,
    utcnow,
)
from factcheck.operations.errors import InvalidInput
from factcheck.operations.events import desk_rules, ensure_current, record
from factcheck.operations.session import DbSession
from factcheck.operations.snapshot_types import human_size, sniff_type
from factcheck.workflow import Action, check
from factcheck.workflow.terms import N_


@dataclass
class EvidenceDetails:
    """What a checker types about a source."""

    title: str
    kind: EvidenceKind = EvidenceKind.OTHER
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    source_date: date | None = None
    accessed_on: date | None = None
    excerpt: str | None = None
    stance: Stance = Stance.CONTEXT
    notes: str | None = None
    is_public: bool = True
    private_reason: str | None = None

    def validate(self) -> None:
        """Refuse an entry a reader could not follow."""
        if not self.title or not self.title.strip():
            raise InvalidInput(N_("Give the source a title."), field="title")
        if not self.is_public and not (self.private_reason and self.private_reason.strip()):
            raise InvalidInput(
                N_("Say why this source is kept off the public page."), field="private_reason"
            )

    def apply(self, evidence: Evidence) -> dict[str, Any]:
        """Copy onto ``evidence``; return what changed for the event."""
        changes = {}
        for field in fields(self):
            new = getattr(self, field.name)
            if isinstance(new, str):
                new = new.strip() or None
            if field.name == "private_reason" and self.is_public:
                new = None
            old = getattr(evidence, field.name)
            if new != old:
                changes[field.name] = {"from": _jsonable(old), "to": _jsonable(new)}
                setattr(evidence, field.name, new)
        return changes


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@dataclass
class Upload:
    """A file a checker uploaded as a snapshot of the source."""

    filename: str
    content_type: str
    data: bytes


def make_snapshot(upload: Upload, allowed_types: list[str], max_bytes: int) -> Snapshot:
    """Check an upload's size and type and turn it into a stored snapshot.

    The type stored is the one the content shows (:func:`sniff_type`), never the browser's
    claim, so a page saved as ``photo.png`` is stored — and served — as the HTML it is.
    """
    if len(upload.data) == 0:
        raise InvalidInput(N_("The uploaded file is empty."), field="snapshot")
    if len(upload.data) > max_bytes:
        raise InvalidInput(
            N_("The snapshot is %(size)s; the limit is %(limit)s."),
            field="snapshot",
            size=human_size(len(upload.data)),
            limit=human_size(max_bytes),
        )
    declared = upload.content_type.split(";")[0].strip().lower()
    content_type = sniff_type(upload.data, declared)
    if content_type not in allowed_types:
        raise InvalidInput(
            N_(
                "Files of type %(type)s cannot be stored as snapshots (judged by the file's "
                "contents). Upload a PDF, an image, HTML, text, CSV, JSON or an office document."
            ),
            field="snapshot",
            type=content_type,
        )
    return Snapshot(
        filename=upload.filename[:255] or "snapshot",
        content_type=content_type,
        size=len(upload.data),
        sha256=Snapshot.hash(upload.data),
        data=upload.data,
        created_at=utcnow(),
    )


def add_evidence(
    session: DbSession,
    actor: User,
    claim: Claim,
    details: EvidenceDetails,
    snapshot: Snapshot | None = None,
) -> Evidence:
    """Attach a source to a claim."""
    check(Action.ADD_EVIDENCE, actor, claim, desk_rules(session))
    details.validate()
    evidence = Evidence(added_by=actor, created_at=utcnow(), snapshot=snapshot)
    details.apply(evidence)
    claim.evidence.append(evidence)
    session.flush()
    record(
        session, claim, actor, "evidence_added",
        payload={"evidence_id": evidence.id, "title": evidence.title,
                 "snapshot_sha256": snapshot.sha256 if snapshot else None},
    )
    queue_capture(session, evidence)
    session.flush()
    return evidence


def queue_capture(session: DbSession, evidence: Evidence) -> None:
    """Forget any copy of an earlier URL and send a job to capture the current one (in this
    transaction: a refused change captures nothing)."""
    evidence.capture = evidence.warc = None
    evidence.capture_error = evidence.link_state = evidence.link_error = None
    evidence.link_status = evidence.link_checked_at = None
    evidence.capture_state = CaptureState.PENDING if evidence.url else None
    if evidence.url:
        session.flush()
        enqueue_job(session, CAPTURE_JOB, evidence_id=evidence.id)


def edit_evidence(
    session: DbSession,
    actor: User,
    evidence: Evidence,
    version: int | None,
    details: EvidenceDetails,
    snapshot: Snapshot | None = None,
) -> None:
    """Change an evidence entry (a new snapshot replaces the old one)."""
    claim = evidence.claim
    ensure_current(claim, version)
    check(Action.EDIT_EVIDENCE, actor, claim, desk_rules(session))
    details.validate()
    changes = details.apply(evidence)
    if snapshot is not None:
        evidence.snapshot = snapshot
        changes["snapshot_sha256"] = {"to": snapshot.sha256}
    if "url" in changes:
        queue_capture(session, evidence)
    if changes:
        record(
            session, claim, actor, "evidence_edited",
            payload={"evidence_id": evidence.id, "title": evidence.title, "changes": changes},
        )
    session.flush()


def remove_evidence(
    session: DbSession, actor: User, evidence: Evidence, version: int | None
) -> None:
    """Detach a source from a claim (published revisions keep their copy)."""
    claim = evidence.claim
    ensure_current(claim, version)
    check(Action.REMOVE_EVIDENCE, actor, claim, desk_rules(session))
    record(
        session, claim, actor, "evidence_removed",
        payload={"evidence_id": evidence.id, "title": evidence.title},
    )
    claim.evidence.remove(evidence)
    session.flush()
