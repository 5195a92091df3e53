"""Suggestion reasons in a checker's words: plain sentences, not ``label: evidence``.

The scorer keeps each reason as ``"label: evidence"`` (stored with suggestions and with the
claims opened from them, printed by the CLI, compared by the tuning scripts); the desk pages
show them through :func:`plain_reason`, so stored reasons read well without rewriting them.
"""

from __future__ import annotations

from flask import Flask

#: Each scorer label as a sentence about the suggested sentence; ``{}`` is the evidence.
_SENTENCES: dict[str, str] = {
    "contains a quantity": "It gives a number: {}.",
    "contains a percentage": "It gives a percentage: {}.",
    "mentions money": "It mentions money: {}.",
    "mentions a date or period": "It gives a date or period: {}.",
    "attributed statement": "It reports what someone said (“{}”).",
    "opinion or framing": "It frames or judges (“{}”).",
    "calls for action": "It calls for action (“{}”).",
    "counterfactual or speculative": "It speculates (“{}”).",
    "names an official": "It names an official: {}.",
    "names an institution": "It names an institution: {}.",
    "names people, places or organisations": "It names {}.",
    "comparison or extent": "It compares or measures (“{}”).",
    "reports a past event": "It reports a past event (“{}”).",
    "describes a past state": "It describes how things were (“{}”).",
    "reports a completed action": "It reports something done (“{}”).",
    "hedged or predictive": "It hedges or predicts (“{}”).",
    "personal opinion": "It gives a personal opinion (“{}”).",
    "speaker talks about themselves": "The speaker talks about themselves (“{}”).",
    "addresses the listener": "It addresses the listener (“{}”).",
    "says what should happen": "It says what should happen (“{}”).",
    "subjective language": "Its wording is subjective (“{}”).",
    "commentary on the statements": "It comments on what was said (“{}”).",
    "procedural remark": "It is a procedural remark (“{}”).",
    "direct quotation": "It quotes someone directly (“{}”).",
    "very short sentence": "It is very short ({}).",
    "short sentence": "It is short ({}).",
    "detailed sentence": "It is detailed ({}).",
    "very long sentence": "It is very long ({}).",
    "wording often checked": "Its words are common in checked claims: {}.",
    "wording seldom checked": "Its words are rare in checked claims: {}.",
    "reads like statements that fact-checkers check":
        "It reads like the statements fact-checkers check (similarity {}).",
    "reads unlike statements that fact-checkers check":
        "It reads unlike the statements fact-checkers check (similarity {}).",
}

#: Capitalised at the start of a sentence, not names: "We" is no evidence of a name.
_NOT_NAMES = frozenset(
    "A An And As At But He Her His If In It Its My On Our She That The Their There These "
    "They This Those We When You".split()
)
_NAMES = "names people, places or organisations"


def plain_reason(reason: str) -> str | None:
    """``reason`` as a sentence; ``None`` when nothing worth saying is left of it (a "name"
    that is only a capitalised pronoun)."""
    label, _, evidence = reason.partition(": ")
    evidence = evidence.strip()
    if label == _NAMES:
        names = [n.strip() for n in evidence.split(",") if n.strip() not in _NOT_NAMES]
        if not any(names):
            return None
        evidence = ", ".join(n for n in names if n)
    template = _SENTENCES.get(label)
    if template is None or not evidence:
        text = label if not evidence else f"{label} ({evidence})"
        return f"{text[:1].upper()}{text[1:]}."
    return template.format(evidence)


def plain_reasons(reasons: list[str] | None) -> list[str]:
    """Every reason of a list as a sentence, the empty ones left out."""
    return [s for s in (plain_reason(r) for r in reasons or []) if s]


def register(app: Flask) -> None:
    """Make ``|plain_reasons`` available to the templates."""
    app.add_template_filter(plain_reasons)
