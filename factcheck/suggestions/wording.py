"""Suggestion reasons in a checker's words: plain sentences, not ``label: evidence``.

The scorer keeps each reason as ``"label: evidence"`` in English (stored with suggestions and
with the claims opened from them, printed by the CLI, compared by the tuning scripts); the desk
pages show them through :func:`plain_reason`, in the reader's language, so stored reasons read
well without rewriting them. The evidence is the article's own words, never translated.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask_babel import gettext, ngettext

from factcheck.workflow.terms import N_

#: Each scorer label as a sentence about the suggested sentence (translated when shown).
_SENTENCES: dict[str, str] = {
    "contains a quantity": N_("It gives a number: %(evidence)s."),
    "contains a percentage": N_("It gives a percentage: %(evidence)s."),
    "mentions money": N_("It mentions money: %(evidence)s."),
    "mentions a date or period": N_("It gives a date or period: %(evidence)s."),
    "attributed statement": N_("It reports what someone said (“%(evidence)s”)."),
    "opinion or framing": N_("It frames or judges (“%(evidence)s”)."),
    "calls for action": N_("It calls for action (“%(evidence)s”)."),
    "counterfactual or speculative": N_("It speculates (“%(evidence)s”)."),
    "names an official": N_("It names an official: %(evidence)s."),
    "names an institution": N_("It names an institution: %(evidence)s."),
    "names people, places or organisations": N_("It names %(evidence)s."),
    "comparison or extent": N_("It compares or measures (“%(evidence)s”)."),
    "reports a past event": N_("It reports a past event (“%(evidence)s”)."),
    "describes a past state": N_("It describes how things were (“%(evidence)s”)."),
    "reports a completed action": N_("It reports something done (“%(evidence)s”)."),
    "hedged or predictive": N_("It hedges or predicts (“%(evidence)s”)."),
    "personal opinion": N_("It gives a personal opinion (“%(evidence)s”)."),
    "speaker talks about themselves": N_("The speaker talks about themselves (“%(evidence)s”)."),
    "addresses the listener": N_("It addresses the listener (“%(evidence)s”)."),
    "says what should happen": N_("It says what should happen (“%(evidence)s”)."),
    "subjective language": N_("Its wording is subjective (“%(evidence)s”)."),
    "commentary on the statements": N_("It comments on what was said (“%(evidence)s”)."),
    "procedural remark": N_("It is a procedural remark (“%(evidence)s”)."),
    "direct quotation": N_("It quotes someone directly (“%(evidence)s”)."),
    "wording often checked": N_("Its words are common in checked claims: %(evidence)s."),
    "wording seldom checked": N_("Its words are rare in checked claims: %(evidence)s."),
    "reads like statements that fact-checkers check":
        N_("It reads like the statements fact-checkers check (similarity %(evidence)s)."),
    "reads unlike statements that fact-checkers check":
        N_("It reads unlike the statements fact-checkers check (similarity %(evidence)s)."),
}

#: Capitalised at the start of a sentence, not names: "We" is no evidence of a name.
_NOT_NAMES = frozenset(
    "A An And As At But He Her His If In It Its My On Our She That The Their There These "
    "They This Those We When You".split()
)
_NAMES = "names people, places or organisations"
#: The length labels' evidence, "12 words", as a sentence with the count in it.
_WORDS = re.compile(r"(\d+) words?")
_LENGTHS: dict[str, Callable[[int], str]] = {
    "very short sentence": lambda n: ngettext(
        "It is very short (%(num)s word).", "It is very short (%(num)s words).", n),
    "short sentence": lambda n: ngettext(
        "It is short (%(num)s word).", "It is short (%(num)s words).", n),
    "detailed sentence": lambda n: ngettext(
        "It is detailed (%(num)s word).", "It is detailed (%(num)s words).", n),
    "very long sentence": lambda n: ngettext(
        "It is very long (%(num)s word).", "It is very long (%(num)s words).", n),
}
#: Labels said as they are (capitalised), without and with their evidence.
_AS_THEY_ARE = {
    "a question": (N_("A question."), N_("A question (%(evidence)s).")),
    "an exclamation": (N_("An exclamation."), N_("An exclamation (%(evidence)s).")),
}


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
    words = _WORDS.fullmatch(evidence)
    if label in _LENGTHS and words:
        return _LENGTHS[label](int(words.group(1)))
    if label in _AS_THEY_ARE:
        bare, with_evidence = _AS_THEY_ARE[label]
        return gettext(with_evidence, evidence=evidence) if evidence else gettext(bare)
    template = _SENTENCES.get(label)
    if template is None or not evidence:
        text = label if not evidence else f"{label} ({evidence})"
        return f"{text[:1].upper()}{text[1:]}."
    return gettext(template, evidence=evidence)


def plain_reasons(reasons: list[str] | None) -> list[str]:
    """Every reason of a list as a sentence, the empty ones left out."""
    return [s for s in (plain_reason(r) for r in reasons or []) if s]


def register(app: Flask) -> None:
    """Make ``|plain_reasons`` available to the templates."""
    app.add_template_filter(plain_reasons)
