"""A claim's history in words: "Ana marked it sourced", in the reader's language.

Events are stored with their kind and an English-free payload; the words are chosen when the
page is drawn, so a Russian and an English reader each read the same event in their own.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from factcheck.models import Event
from factcheck.workflow.terms import N_

#: What each kind of claim event says in the history and on the audit page.
EVENT_WORDS = {
    "created": N_("created the claim"),
    "edited": N_("edited the claim"),
    "planned": N_("changed priority, due date or tags"),
    "mark_sourced": N_("marked it sourced"),
    "rate": N_("rated it"),
    "send_back": N_("sent it back"),
    "publish": N_("published the verdict"),
    "correct": N_("published a correction"),
    "dismiss": N_("dismissed it"),
    "reopen": N_("reopened it"),
    "evidence_added": N_("added evidence"),
    "evidence_edited": N_("edited evidence"),
    "evidence_removed": N_("removed evidence"),
    "commented": N_("commented"),
}


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return _("(none)")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


#: Names of the fields an "edited" or "planned" event lists, as the claim page says them.
CHANGED_FIELDS = {
    "statement": N_("Statement"),
    "claimant": N_("Claimant"),
    "claim_date": N_("Claim date"),
    "priority": N_("Priority"),
    "due_date": N_("Due date"),
    "tags": N_("Tags"),
    "language": N_("Language"),
    "article_id": N_("Article"),
}


def event_words(kind: str, payload: dict[str, Any] | None = None) -> str:
    """What the actor did, in the reader's language: "marked it sourced"."""
    payload = payload or {}
    if kind == "assigned":
        if payload.get("taken"):
            return _("took the claim")
        if payload.get("released"):
            return _("released the claim")
        if payload.get("assignee"):
            return _("assigned it to %(name)s", name=payload["assignee"])
        return _("unassigned the claim")
    words = EVENT_WORDS.get(kind)
    return _(words) if words else kind.replace("_", " ")


def describe_event(event: Event) -> dict[str, Any]:
    """An event in words: "Ana marked it sourced", plus the details worth reading."""
    payload = event.payload or {}
    actor = event.actor.name if event.actor else _("The system")
    details = []
    if payload.get("title"):
        details.append(_("Source: %(title)s", title=payload["title"]))
    rating = payload.get("rating")
    if isinstance(rating, dict):
        details.append(
            _("Rating: %(old)s → %(new)s", old=_show(rating.get("from")),
              new=_show(rating.get("to")))
        )
    elif rating:
        details.append(_("Rating: %(rating)s", rating=rating))
    if payload.get("revision"):
        details.append(_("Revision %(number)s", number=payload["revision"]))
    if payload.get("duplicate_of"):
        details.append(_("Duplicate of claim #%(id)s", id=payload["duplicate_of"]))
    for field, change in (payload.get("changes") or {}).items():
        known = CHANGED_FIELDS.get(field)
        label = _(known) if known else field.replace("_", " ").capitalize()
        if isinstance(change, dict) and "from" in change:
            details.append(f"{label}: {_show(change['from'])} → {_show(change.get('to'))}")
        elif isinstance(change, dict):
            details.append(f"{label}: {_show(change.get('to'))}")
    return {
        "event": event,
        "sentence": _("%(actor)s %(did)s", actor=actor, did=event_words(event.kind, payload)),
        "details": details,
        "note": event.note if event.kind != "commented" else None,
    }
