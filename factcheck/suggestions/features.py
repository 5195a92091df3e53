"""Readable features of a sentence, each with the words that triggered it.

Every feature is something a fact-checker could name when explaining why a
sentence is (or is not) worth checking: a quantity, an attributed statement, a
named official, hedging, opinion.  The scorer weighs them with weights learned
by ``training/train_suggester.py``; the evidence strings become the reasons
shown to the desk.  Page furniture is recognised by rules, not weights, because
it must never be suggested whatever the model thinks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple


class Feature(NamedTuple):
    """A feature that fired: its name, value and the text that fired it."""

    name: str
    value: float
    evidence: str


def _words(*phrases: str) -> str:
    """Join phrases into a regex alternation (longest first, spaces flexible)."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


_NUMBER_WORDS = _words(
    *"""
    two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
    forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million
    millions billion billions trillion trillions dozen dozens half twice double triple
    tenfold
    """.split(),
    "a third",
    "a quarter",
)
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion|trillion))?"
_NOT_NOUN = r"(?!(?:of|the|and|to|in|a|an|or|for|per|percent|that|is|are|was|were)\b)"
_COUNTED = rf"(?:\s+{_NOT_NOUN}[a-z][a-z-]+(?:\s+and\s+[a-z][a-z-]+)?)?"

# Each pattern is searched once; the match (trimmed) is the reason's evidence.
PATTERNS: dict[str, re.Pattern[str]] = {
    "number": re.compile(
        rf"(?<![\w.])(?!(?:1[89]|20)\d\d\b)\$?\d[\d,]*(?:\.\d+)?(?:/\d+)?{_SCALE}{_COUNTED}"
    ),
    "number_word": re.compile(rf"(?i:\b(?:{_NUMBER_WORDS})\b){_SCALE}{_COUNTED}"),
    "percent": re.compile(r"\d+(?:\.\d+)?\s?%|(?i:\b(?:per\s?cent|percentage)\b)"),
    "money": re.compile(
        r"[$\u20ac\u00a3]\s?\d[\d,.]*(?:\s+(?:million|billion|trillion))?"
        r"|(?i:\b\d[\d,.]*\s*(?:million\s+|billion\s+|trillion\s+)?"
        r"(?:dollars|euros|pounds|rubles|roubles|yuan)\b)"
    ),
    "date": re.compile(
        r"\b(?:1[89]|20)\d\d(?:s|'s)?\b|'\d0s\b"
        r"|\b(?:January|February|March|April|May|June|July|August|September|"
        r"October|November|December)\s+\d{1,2}\b"
        r"|(?i:\b(?:last|past|previous)\s+(?:year|month|week|decade|century)\b"
        r"|\b\d+\s+(?:years|months|days|weeks)\s+ago\b)"
    ),
    "according_to": re.compile(r"(?i:\baccording\s+to\b)(?:\s+[\w\u2019'-]+){1,2}"),
    "said": re.compile(
        r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[A-Z][\w\u2019'-]+)\s+(?:has\s+|had\s+)?"
        r"(?:said|says|told)\b"
    ),
    "reporting_verb": re.compile(
        r"(?:\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[A-Z][\w\u2019'-]+)\s+(?:has\s+|had\s+|also\s+)?)?"
        r"\b(?:stated|announced|reported|confirmed|claimed|asserted|explained|"
        r"noted|cited|recalled|revealed|acknowledged|admitted|disclosed|declared|"
        r"testified|estimated|found|showed)\b"
    ),
    "emphasis_verb": re.compile(
        r"(?i:\b(?:stress(?:es|ed)|emphasi[sz](?:es|ed)|underscor(?:es|ed)|"
        r"highlight(?:s|ed|ing)|fram(?:es|ed|ing)|characteri[sz](?:es|ed)|portray(?:s|ed)|"
        r"signal(?:s|l?ed|l?ing)|argu(?:es|ed)|suggest(?:s|ed|ing)|insist(?:s|ed)|"
        r"hint(?:s|ed|ing)|reiterat(?:es|ed)|voic(?:es|ed)|caution(?:s|ed)|reflects)\b)"
    ),
    "call_verb": re.compile(
        r"(?i:\b(?:urged|pledged|vowed|promised|demanded|warned|warning|"
        r"called\s+on|called\s+for|pressed\s+for)\b)"
    ),
    "official": re.compile(
        r"(?:\b[A-Z][a-z]+\s+)?\b(?:Vice\s+President|Prime\s+Minister|President|"
        r"Minister|Secretary|Senator|Sen\.|Governor|Gov\.|Ambassador|Chancellor|"
        r"Mayor|Congressman|Congresswoman|Representative|Rep\.|General|Gen\.|"
        r"Director|Chairman|Chairwoman|Judge|Justice|King|Queen|Speaker|"
        r"Commissioner|Spokesman|Spokeswoman|spokesman|spokeswoman|spokesperson)"
        r"(?:\s+[A-Z][\w\u2019'-]+){1,3}"
    ),
    "institution": re.compile(
        r"\b(?:Congress|Senate|Parliament|Duma|Ministry|Council|Department|Agency|"
        r"Court|Commission|Bureau|Administration|Army|Navy|Pentagon|NATO|UN|EU|"
        r"United\s+Nations|European\s+Union|Federal\s+Reserve|Fed|IMF|FBI|CIA)\b"
    ),
    "comparison": re.compile(
        r"(?i:\b(?:more\s+than|less\s+than|fewer|higher|lower|larger|smaller|"
        r"increased?|increases|decreased?|decreases|rose|risen|fell|fallen|"
        r"doubled|tripled|grew|grown|dropped|declined|cut|reduced|raised|"
        r"largest|biggest|highest|lowest|smallest|fastest|most|least|record|"
        r"first|only|every|all|none|never|nobody)\b)"
    ),
    "has_done": re.compile(
        r"(?<!would\s)(?<!could\s)(?<!might\s)(?<!should\s)(?<!must\s)"
        r"\b(?:has|have|had)\s+(?:already\s+|not\s+|never\s+|been\s+)?[a-z]+(?:ed|en|ne|wn)\b"
    ),
    "counterfactual": re.compile(
        r"(?i:\b(?:would|could|might|should|must)(?:n't|\s+not)?\s+have\b"
        r"|\b(?:would|could|might|should)'ve\b)"
    ),
    "modal_future": re.compile(
        r"(?i:\b(?:will|would|could|might|may|shall|going\s+to|gonna|'ll|would've)\b)"
    ),
    "hedge": re.compile(
        r"(?i:\b(?:likely|unlikely|possibly|possible|potentially|potential|perhaps|"
        r"maybe|probably|seems?|seemed|appears?|expects?|expected|predicts?|"
        r"forecasts?|hope|hopes|hoping|intends?|plans?\s+to|readiness|if)\b)"
    ),
    "opinion": re.compile(
        r"(?i:\b(?:i|we)\s+(?:really\s+|do\s+|don't\s+|still\s+)?"
        r"(?:think|believe|feel|hope|want|guess|suppose|wish)\b"
        r"|\bin\s+(?:my|our|his|her|their)\s+(?:view|opinion|judgment|judgement)\b"
        r"|\bi'm\s+(?:sure|convinced|proud|not\s+sure)\b|\blet\s+me\b)"
    ),
    "first_person": re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|we|we're|we've|our|us)\b"),
    "second_person": re.compile(r"(?i:\b(?:you|your|you're|you've|yourself)\b)"),
    "prescriptive": re.compile(
        r"(?i:\b(?:should|shouldn't|must|ought|need\s+to|needs\s+to|have\s+to|has\s+to)\b)"
    ),
    "subjective": re.compile(
        r"(?i:\b(?:great|terrible|wonderful|horrible|awful|tremendous|incredible|"
        r"amazing|fantastic|beautiful|disgrace(?:ful)?|shameful|ridiculous|"
        r"outrageous|sad|proud|strong|firm|tough|decisive|dangerous|important|"
        r"critical|crucial|vital|clear|clearly|absolutely|really|very|truly|"
        r"deeply|wrong|bad|good|best|worst|unfair|fair|serious|huge)\b)"
    ),
    "framing_noun": re.compile(
        r"(?i:\b(?:narrative|stance|posture|message|rhetoric|resolve|dignity|"
        r"vision|values|signal|tone|approach|strategy|vigilance|prudence)\b)"
    ),
    "commentary": re.compile(
        r"^(?:The|These|Those|His|Her|Such)\s+(?:remarks|statements?|comments|narrative|"
        r"language|message|rhetoric|declarations?|words|tone)\b"
        r"|^(?:Observers|Analysts|Commentators|Critics|Experts)\s+(?:will|would|may|might|"
        r"could|noted|say|said|believe|see|argue|suggest)\b"
    ),
    "procedural": re.compile(
        r"(?i:\b(?:thank\s+you|thanks|welcome|good\s+evening|good\s+night|applause|"
        r"laughter|crosstalk|inaudible|ladies\s+and\s+gentlemen|next\s+question|"
        r"time\s+is\s+up|two\s+minutes|rebuttal)\b)"
    ),
    "quote": re.compile(r"[\"\u201c][^\"\u201d]{8,}[\"\u201d]"),
}

# Word-list patterns written in lower case run on the lower-cased sentence
# without IGNORECASE, which Python's regex engine matches several times faster.
_ON_LOWERED = frozenset(
    """
    number_word percent money according_to emphasis_verb call_verb comparison
    counterfactual modal_future hedge opinion second_person prescriptive subjective
    framing_noun procedural
    """.split()
)
_SEARCHES: tuple[tuple[str, re.Pattern[str], bool], ...] = tuple(
    (name, re.compile(pattern.pattern.replace("(?i:", "(?:")), True)
    if name in _ON_LOWERED
    else (name, pattern, False)
    for name, pattern in PATTERNS.items()
)

# Past-tense verbs, except the verbs of saying that every news report uses:
# "he stated that ... detained" is a past event because of "detained".
_PAST = re.compile(
    r"\b(?:took|made|gave|went|came|spent|paid|sent|held|met|built|brought|began|"
    r"became|won|lost|led|left|voted|sold|bought|fought|killed|[a-z]{3,}ed)\b"
)
_PAST_STATE = re.compile(r"\b(?:was|were|had|did)\b")
_SAYING = frozenset(
    """
    stated announced reported confirmed claimed asserted explained noted cited
    recalled revealed acknowledged admitted disclosed declared testified estimated
    stressed emphasized emphasised underscored highlighted framed characterized
    characterised portrayed signaled signalled argued suggested insisted hinted
    reiterated voiced cautioned urged pledged vowed promised demanded warned
    called pressed remarked indicated described referenced contrasted added
    """.split()
)
_CAPITALISED = re.compile(
    r"(?<!^)(?<![.!?:]\s)\b[A-Z][\w\u2019'-]*(?:\s+(?:of\s+)?[A-Z][\w\u2019'-]*)*"
)
_NOT_NAMES = frozenset({"I", "I'm", "I've", "I'd", "I'll", "OK", "Mr", "Mrs"})
_TOKEN = re.compile(r"[a-z][a-z'\u2019]*[a-z]|[a-z]")

# Lengths in words: the bucket name says the length range.
_LENGTH_BUCKETS = ((5, "length_short"), (10, "length_medium"), (25, "length_long"))

LABELS: dict[str, str] = {
    "number": "contains a quantity",
    "number_word": "contains a quantity",
    "percent": "contains a percentage",
    "money": "mentions money",
    "date": "mentions a date or period",
    "according_to": "attributed statement",
    "said": "attributed statement",
    "reporting_verb": "attributed statement",
    "emphasis_verb": "opinion or framing",
    "call_verb": "calls for action",
    "counterfactual": "counterfactual or speculative",
    "official": "names an official",
    "institution": "names an institution",
    "names": "names people, places or organisations",
    "comparison": "comparison or extent",
    "past_tense": "reports a past event",
    "past_state": "describes a past state",
    "has_done": "reports a completed action",
    "modal_future": "hedged or predictive",
    "hedge": "hedged or predictive",
    "opinion": "personal opinion",
    "first_person": "speaker talks about themselves",
    "second_person": "addresses the listener",
    "prescriptive": "says what should happen",
    "subjective": "subjective language",
    "framing_noun": "opinion or framing",
    "commentary": "commentary on the statements",
    "procedural": "procedural remark",
    "quote": "direct quotation",
    "question": "a question",
    "exclamation": "an exclamation",
    "length_short": "very short sentence",
    "length_medium": "short sentence",
    "length_long": "detailed sentence",
    "length_very_long": "very long sentence",
}


def extract(text: str) -> list[Feature]:
    """Return the readable features that fire on one sentence.

    Binary features have value 1.0; the name count grows slowly (1.0 for one
    name, 1.5 for two, 2.0 for three or more) so that long lists of names do
    not swamp everything else.
    """
    found: list[Feature] = []
    lowered = text.lower()
    aligned = len(lowered) == len(text)
    for name, pattern, on_lowered in _SEARCHES:
        match = pattern.search(lowered if on_lowered else text)
        if match is not None:
            shown = text[match.start() : match.end()] if aligned else match.group()
            found.append(Feature(name, 1.0, " ".join(shown.split())))
    for match in _PAST.finditer(text):
        if match.group() not in _SAYING:
            found.append(Feature("past_tense", 1.0, match.group()))
            break
    state = _PAST_STATE.search(text)
    if state is not None:
        found.append(Feature("past_state", 1.0, state.group()))
    names = [m.group() for m in _CAPITALISED.finditer(text) if m.group() not in _NOT_NAMES]
    if names:
        found.append(Feature("names", min(len(names), 3) * 0.5 + 0.5, ", ".join(names[:3])))
    stripped = text.rstrip("\"'\u201d\u2019) ")
    if stripped.endswith("?"):
        found.append(Feature("question", 1.0, stripped[-40:].lstrip()))
    elif stripped.endswith("!"):
        found.append(Feature("exclamation", 1.0, stripped[-40:].lstrip()))
    count = text.count(" ") + 1
    bucket = next((name for limit, name in _LENGTH_BUCKETS if count <= limit), "length_very_long")
    found.append(Feature(bucket, 1.0, f"{count} word{'' if count == 1 else 's'}"))
    return found


def tokens(text: str) -> Iterator[str]:
    """Yield the distinct lower-case words of a sentence, for the lexicon."""
    return iter(set(_TOKEN.findall(text.lower())))


# --- page furniture --------------------------------------------------------

_FURNITURE_PHRASES = frozenset(
    phrase.strip()
    for phrase in """
    no time to read? | get a summary | previous article | next article | read more |
    read next | related articles | related | more stories | most read | recommended |
    advertisement | sponsored | share | share this | share this article | tweet |
    subscribe | subscribe now | sign up | log in | sign in | follow us | comments |
    leave a comment | print | email | back to top | top stories | latest news |
    see also | continue reading | show more | load more | click here
    """.split("|")
)
_FURNITURE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("citation tag", re.compile(r"^\[[^\]]{1,80}\]$|^\((?:Source|Citation|Photo)[^)]{0,80}\)$")),
    (
        "byline",
        re.compile(
            r"^(?:By|Author:|Written\s+by|Reporting\s+by|Editing\s+by|Photo:|Image:|"
            r"Source:|Credit:|Updated:|Published:)\s*\S.{0,60}$"
        ),
    ),
    (
        "share prompt",
        re.compile(
            r"^(?i:(?:share|post|send)\s+(?:on|to|via)\s+\w+|follow\s+us\s+on\s+\w+"
            r"|subscribe\s+to\s+.{1,40}|sign\s+up\s+for\s+.{1,40}|click\s+here.{0,40})[.!]?$"
        ),
    ),
)
_FINAL_PUNCTUATION = re.compile(r"[.!?:;\"\u201d\u2019)]$")
_TITLE_WORD = re.compile(r"[A-Za-z][\w\u2019'-]*")
_MINOR_WORDS = frozenset(
    "a an the and or but nor of in on at to for from by with as if vs via into over".split()
)


def _title_like(text: str) -> bool:
    """Say whether a line reads as a headline: mostly capitalised words."""
    words = [w for w in _TITLE_WORD.findall(text) if w.lower() not in _MINOR_WORDS]
    if not words:
        return True
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.75


def furniture_kind(text: str, whole_line: bool) -> str | None:
    """Name the kind of page furniture ``text`` is, or None for prose.

    Headlines and teasers are recognised only when they stand on a line of
    their own, have no closing punctuation and are short or title-cased.
    """
    key = " ".join(text.lower().split()).rstrip(".!:")
    if key in _FURNITURE_PHRASES or key + "?" in _FURNITURE_PHRASES:
        return "navigation"
    for kind, pattern in _FURNITURE_RULES:
        if pattern.search(text):
            return kind
    if whole_line and not _FINAL_PUNCTUATION.search(text):
        count = text.count(" ") + 1
        if count <= 4 or (count <= 20 and _title_like(text)):
            return "headline or teaser"
    return None
