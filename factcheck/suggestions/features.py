"""Readable features of a sentence, each with the words that triggered it.

Every feature is something a fact-checker could name when explaining why a
sentence is (or is not) worth checking: a quantity, an attributed statement, a
named official, hedging, opinion.  The scorer weighs them with weights learned
by ``training/train_suggester.py``; the evidence strings become the reasons
shown to the desk.

Speed matters (an article is scored on every edit, a debate has thousands of
sentences), so a sentence is tokenised once and every word-list feature is a
dictionary look-up on that one pass (see ``lexicons.py``).  The few features
that need a pattern (quantities with what they count, money, quotations) run
their regular expression only when a cheap test says it can match.  English
and Russian cues feed the same features.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import lexicons as lx
from .furniture import furniture_kind

__all__ = ["LABELS", "Analysis", "Feature", "analyse", "extract", "furniture_kind", "tokens"]


class Feature(NamedTuple):
    """A feature that fired: its name, value and the text that fired it."""

    name: str
    value: float
    evidence: str


class Analysis(NamedTuple):
    """One pass over a sentence: the features that fired and its distinct lower-case words."""

    features: list[Feature]
    words: set[str]


_TOKEN = re.compile(r"[^\W\d_](?:[\w'\u2019-]*[^\W_])?|\d(?:[\d,.]*\d)?")
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion|trillion|тысяч[аи]?|млн|млрд|миллион\w*))?"
_NOT_NOUN = r"(?!(?:of|the|and|to|in|a|an|or|for|per|percent|that|is|are|was|were)\b)"
_COUNTED = rf"(?:\s+{_NOT_NOUN}[^\W\d_][\w-]+(?:\s+(?:and|и)\s+[^\W\d_][\w-]+)?)?"
_NUMBER = re.compile(
    rf"(?<![\w.])(?!(?:1[89]|20)\d\d\b)\$?(?:\d{{1,3}}(?:[,\u00a0\u202f ]\d{{3}})+(?!\d)|\d+)"
    rf"(?:[.,]\d+)?(?:/\d+)?{_SCALE}{_COUNTED}"
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d(?:s|'s)?\b|'\d0s\b")
_PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s?%")
_MONEY = re.compile(r"[$\u20ac\u00a3\u20bd]\s?\d[\d,.]*(?:\s+(?:million|billion|trillion))?")
_QUOTE = re.compile(r"[\"\u201c\u00ab\u201e][^\"\u201d\u00bb\u201c]{8,}[\"\u201d\u00bb\u201c]")
_COMMENTARY = re.compile(
    r"^(?:The|These|Those|His|Her|Such)\s+(?:remarks|statements?|comments|narrative|"
    r"language|message|rhetoric|declarations?|words|tone)\b"
    r"|^(?:Observers|Analysts|Commentators|Critics|Experts)\s+(?:will|would|may|might|"
    r"could|noted|say|said|believe|see|argue|suggest)\b"
    r"|^(?:Эти|Такие|Его|Ее)\s+(?:заявления|слова|высказывания)\b"
    r"|^(?:Эксперты|Аналитики|Наблюдатели)\s+(?:считают|полагают|отмечают)\b"
)
_DIGIT = re.compile(r"\d")
_QUOTE_MARKS = frozenset("\"\u201c\u00ab\u201e")
_CURRENCY = frozenset("$\u20ac\u00a3\u20bd")
_DONE_SKIP = frozenset("already not never been".split())

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


def _is_name(token: str) -> bool:
    return token[0].isupper() and token not in lx.NOT_NAMES


def _with_subject(toks: list[str], i: int) -> str:
    """``"He stated"`` rather than ``"stated"`` when a subject comes just before."""
    if i and (toks[i - 1].lower() in lx.SUBJECTS or toks[i - 1][0].isupper()):
        return f"{toks[i - 1]} {toks[i]}"
    return toks[i]


def _official(toks: list[str], i: int) -> str | None:
    """``"Foreign Minister Vladimir Makei"``: a title followed by a capitalised name."""
    j = i + 1
    while j < len(toks) and j <= i + 3 and toks[j][0].isupper() and toks[j] not in lx.TITLES:
        j += 1
    if j == i + 1:
        return None
    begin = i - 1 if i and toks[i - 1][0].isupper() and toks[i - 1] not in lx.NOT_NAMES else i
    return " ".join(toks[begin:j])


def _names(toks: list[str]) -> list[str]:
    """Runs of capitalised words after the first word (which is capitalised anyway)."""
    runs: list[str] = []
    run: list[str] = []
    for word in toks[1:]:
        if _is_name(word):
            run.append(word)
        elif run and word == "of":
            run.append(word)
        elif run:
            runs.append(" ".join(run[:-1] if run[-1] == "of" else run))
            run = []
    if run:
        runs.append(" ".join(run[:-1] if run[-1] == "of" else run))
    return runs


def _past_tense(token: str, word: str) -> bool:
    """A past-tense verb (English "-ed" or irregular, Russian "-л/-ла/-ли"), not one of saying."""
    if not token.islower() or word in lx.SAYING:
        return False
    if word in lx.IRREGULAR_PAST or (len(word) >= 5 and word.endswith("ed")):
        return True
    return (
        len(word) >= 4
        and word[0] > "z"
        and word.endswith(lx.RUSSIAN_PAST_ENDINGS)
        and word not in lx.WORDS
    )


def _word_features(toks: list[str], low: list[str], fired: dict[str, str]) -> None:
    """Dictionary look-ups for every word and adjacent pair; special cases by position.

    Most words of a sentence matter to no feature: one set look-up (``INTERESTING``) sends
    them past everything but the past-tense test.
    """
    interesting, pair_firsts = lx.INTERESTING, lx.PAIR_FIRSTS
    previous = ""
    for i, word in enumerate(low):
        if previous in pair_firsts:
            for name in lx.PAIRS.get(f"{previous}_{word}", ()):
                if name not in fired:
                    fired[name] = " ".join(toks[i - 1 : i + 3 if name == "according_to" else i + 1])
        if "past_tense" not in fired and _past_tense(toks[i], word):
            fired["past_tense"] = toks[i]
        if word in interesting:
            _special(toks, low, i, previous, fired)
        previous = word


def _special(toks: list[str], low: list[str], i: int, previous: str, fired: dict[str, str]) -> None:
    """Every feature a word of ``INTERESTING`` can fire, by list and by position."""
    word = low[i]
    for name in lx.WORDS.get(word, ()):
        if name not in fired:
            if name in ("said", "reporting_verb"):
                fired[name] = _with_subject(toks, i)
            elif name != "past_state" or toks[i].islower():
                fired[name] = toks[i]
    if word in lx.MONTHS and i + 1 < len(toks) and toks[i + 1][0].isdigit():
        fired.setdefault("date", f"{toks[i]} {toks[i + 1]}")
    elif word in lx.YEAR_WORDS and previous[:1].isdigit():
        fired.setdefault("date", f"{toks[i - 1]} {toks[i]}")
    if (toks[i] in lx.TITLES or word in lx.RUSSIAN_TITLES) and "official" not in fired:
        official = _official(toks, i)
        if official:
            fired["official"] = official
    if toks[i] in lx.INSTITUTIONS:
        fired.setdefault("institution", toks[i])
    if toks[i] in lx.FIRST_PERSON:
        fired.setdefault("first_person", toks[i])
    if word in ("has", "have", "had") and "has_done" not in fired:
        if not (i and low[i - 1] in lx.MODALS):
            j = i + 1
            while j < len(low) and low[j] in _DONE_SKIP:
                j += 1
            if j < len(low) and low[j].endswith(("ed", "en", "ne", "wn")):
                fired["has_done"] = " ".join(toks[i : j + 1])
        if previous in lx.MODALS or (i > 1 and previous == "not" and low[i - 2] in lx.MODALS):
            fired.setdefault("counterfactual", " ".join(toks[i - 1 : i + 1]))


def analyse(text: str) -> Analysis:
    """Return the readable features that fire on one sentence, and its words.

    Binary features have value 1.0; the name count grows slowly (1.0 for one
    name, 1.5 for two, 2.0 for three or more) so that long lists of names do
    not swamp everything else.
    """
    toks = _TOKEN.findall(text)
    low = [t.lower() for t in toks]
    if "\u2019" in text:
        low = [w.replace("\u2019", "'") for w in low]
    fired: dict[str, str] = {}
    _word_features(toks, low, fired)
    if _DIGIT.search(text):
        number = _NUMBER.search(text)
        if number is not None:
            fired["number"] = " ".join(number.group().split())
        year = _YEAR.search(text)
        if year is not None:
            fired.setdefault("date", year.group())
        percent = _PERCENT.search(text)
        if percent is not None:
            fired["percent"] = percent.group()
        if not _CURRENCY.isdisjoint(text):
            money = _MONEY.search(text)
            if money is not None:
                fired["money"] = money.group()
    if not _QUOTE_MARKS.isdisjoint(text):
        quote = _QUOTE.search(text)
        if quote is not None:
            fired["quote"] = quote.group()
    commentary = _COMMENTARY.search(text)
    if commentary is not None:
        fired["commentary"] = commentary.group()
    found = [Feature(name, 1.0, evidence) for name, evidence in fired.items()]
    names = [n for n in _names(toks) if n not in lx.INSTITUTIONS]
    if names:
        found.append(Feature("names", min(len(names), 3) * 0.5 + 0.5, ", ".join(names[:3])))
    stripped = text.rstrip("\"'\u201d\u2019\u00bb) ")
    if stripped.endswith("?"):
        found.append(Feature("question", 1.0, stripped[-40:].lstrip()))
    elif stripped.endswith("!"):
        found.append(Feature("exclamation", 1.0, stripped[-40:].lstrip()))
    count = text.count(" ") + 1
    bucket = next((name for limit, name in _LENGTH_BUCKETS if count <= limit), "length_very_long")
    found.append(Feature(bucket, 1.0, f"{count} word{'' if count == 1 else 's'}"))
    return Analysis(found, set(low))


def extract(text: str) -> list[Feature]:
    """The readable features that fire on ``text`` (see :func:`analyse`)."""
    return analyse(text).features


def tokens(text: str) -> set[str]:
    """The distinct lower-case words of a sentence, for the lexicon."""
    return analyse(text).words
