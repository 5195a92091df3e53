"""Turn a claim's text into what matching compares: content terms and canonical numbers.

Two claims "say the same thing" when they share their content words and their figures, whatever
the word order, the inflection or the way a number is written. So the text is lowercased,
numbers are read into one canonical form ("1,500", "1500", "1.5 thousand" and "1.5k" are all
``1500``), words are stemmed by a small suffix stripper, stopwords are dropped and a short list of
synonyms (below, kept small on purpose so a reviewer can read every entry) maps words that the
desk treats as interchangeable onto one term.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

STOPWORDS = frozenset(
    """
    a about above after again all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    according claim claimed claims say says said saying stated states statement told tells
    reportedly allegedly per cent percent than nearly almost around roughly approximately some
    about over more less least lately recently total
    """.split()
)

#: Words the desk treats as the same fact. Each key maps to the term it is counted as; keep the
#: list short and obvious, since a wrong entry makes different claims look alike.
SYNONYMS = {
    # detaining / seizing things
    "seize": "detain", "confiscate": "detain", "impound": "detain", "arrest": "detain",
    # vehicles
    "car": "vehicle", "automobile": "vehicle", "truck": "vehicle", "lorry": "vehicle",
    "wagon": "vehicle",
    # going up / down
    "rise": "increase", "rose": "increase", "risen": "increase", "grow": "increase",
    "grew": "increase", "grown": "increase", "climb": "increase", "jump": "increase",
    "surge": "increase", "soar": "increase",
    "fall": "decrease", "fell": "decrease", "fallen": "decrease", "drop": "decrease",
    "decline": "decrease", "plunge": "decrease", "shrink": "decrease", "shrank": "decrease",
    "cut": "decrease", "raise": "increase", "raised": "increase",
    # death
    "kill": "die", "dead": "die", "death": "die", "died": "die", "fatality": "die",
    # people
    "person": "people", "resident": "people", "citizen": "people", "individual": "people",
    "child": "child", "kid": "child", "children": "child",
    # money
    "dollar": "usd", "$": "usd", "euro": "eur", "€": "eur",
    # places written several ways
    "us": "usa", "america": "usa", "uk": "britain",
    # building / making
    "build": "construct", "built": "construct",
    # paying / spending
    "spend": "spend", "spent": "spend", "pay": "spend", "paid": "spend",
    # doubling and the like are numbers, handled by NUMBER_WORDS
    "annual": "year", "yearly": "year", "annually": "year",
    "doctor": "physician", "medic": "physician",
    "job": "employment", "employ": "employment", "unemploy": "unemployment",
    "jobless": "unemployment",
    # names of countries and their adjectives
    "ukrainian": "ukraine", "russian": "russia", "belarusian": "belarus", "american": "usa",
    "british": "britain", "chinese": "china", "german": "germany", "french": "france",
}

#: Multi-word spellings rewritten before splitting into words.
PHRASES = {
    "united states": "usa",
    "united kingdom": "britain",
    "great britain": "britain",
    "per cent": "percent",
    "a half": "0.5",
}

#: Ordinary words that appear in every other news claim: they count, but less than the words
#: that say what the claim is about ("inflation", "wagons").
LIGHT_TERMS = frozenset(
    """
    year month week day time people country government official report new
    last first since percent number figure show data million billion thousand today now
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)
LIGHT_WEIGHT = 0.4

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
SCALES = {
    "hundred": 100, "thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000,
    "mn": 1_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000, "b": 1_000_000_000,
    "trillion": 1_000_000_000_000, "tn": 1_000_000_000_000,
}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_NUMBER_RE = re.compile(
    rf"(?<![\w.])(?P<value>{_DIGITS}|{_NUMBER_WORD})"
    rf"(?:\s*(?P<scale>{_SCALE})\b)?"
    rf"(?:\s*(?P<percent>%|percent\b|per\s+cent\b))?",
)
_WORD_RE = re.compile(r"[a-z]+|[$€]")


#: Words that turn a claim into its opposite; a claim with one and a claim without are different.
NEGATIONS = frozenset({"not", "no", "never", "against", "without", "nor", "none"})

_ATTRIBUTION_RE = re.compile(
    r"(?:^(?:[\w'.-]+\s+){1,6}(?:said|says|claimed|claims|stated|told \w+)(?:\s+that)?\s+"
    r"|,?\s+according to [^,.;]*)"
)


@dataclass(frozen=True)
class Normalised:
    """A text reduced to what matching compares.

    ``terms`` maps each term to the words it was written as (for "shared terms: detained"),
    ``numbers`` maps each canonical number ("1500", "5%") to how it was written.
    """

    terms: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)
    negations: frozenset[str] = frozenset()


def term_weight(term: str) -> float:
    """Topic words count fully, everyday news words less."""
    return LIGHT_WEIGHT if term in _LIGHT_STEMS else 1.0


def stem(word: str) -> str:
    """Strip common English suffixes: "detained" → "detain", "countries" → "country".

    Deliberately simple (no dictionary): it only has to send the inflections of one word to the
    same string, not produce real words.
    """
    if len(word) <= 3:
        return word
    for suffix, replacement in (
        ("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ing", ""), ("edly", ""), ("ed", ""),
        ("ions", ""), ("ion", ""), ("ly", ""), ("es", ""), ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                return word
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "zes", "sses")):
                continue
            base = word[: -len(suffix)] + replacement
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2]:
                base = base[:-1]  # "stopped" → "stop"
            return _drop_final_e(base)
    return _drop_final_e(word)


def _drop_final_e(word: str) -> str:
    """"seize" and "seized" both become "seiz"."""
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def term_of(word: str) -> str | None:
    """The term ``word`` counts as, or ``None`` for a stopword."""
    if word in STOPWORDS:
        return None
    if word in _SYNONYM_TERMS:
        return _SYNONYM_TERMS[word]
    stemmed = stem(word)
    return _SYNONYM_TERMS.get(stemmed, stemmed)


def canonical_number(value: str, scale: str | None = None, percent: bool = False) -> str:
    """One spelling for a number: "1,500" → "1500", ("1.5", "thousand") → "1500", "5 %" → "5%"."""
    if value in NUMBER_WORDS:
        number = float(NUMBER_WORDS[value])
    else:
        number = float(value.replace(",", ""))
    if scale:
        number *= SCALES[scale]
    text = f"{number:.6f}".rstrip("0").rstrip(".")
    return text + ("%" if percent else "")


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("\u2019", "'").replace("n't", " not").replace("'s", "")
    for phrase, replacement in PHRASES.items():
        text = text.replace(phrase, replacement)
    return text


def normalise(text: str) -> Normalised:
    """Reduce ``text`` to its terms and canonical numbers."""
    plain = _plain(text)
    numbers: dict[str, str] = {}

    def take_number(match: re.Match[str]) -> str:
        canonical = canonical_number(
            match.group("value"), match.group("scale"), bool(match.group("percent"))
        )
        numbers.setdefault(canonical, match.group(0).strip())
        return " "

    rest = _NUMBER_RE.sub(take_number, _ATTRIBUTION_RE.sub(" ", plain))
    terms: dict[str, str] = {}
    words = _WORD_RE.findall(rest)
    for word in words:
        term = term_of(word)
        if term is not None:
            terms.setdefault(term, word)
    return Normalised(terms=terms, numbers=numbers, negations=NEGATIONS.intersection(words))


def search_words(text: str) -> list[list[str]]:
    """The words to look ``text`` up with in a full-text index, one group per term.

    Each group holds the words as written plus the other spellings the synonym list gives, so
    an index that only knows surface words still finds "seized" for "detained". Who said it
    ("the prime minister said that …") is left out, as :func:`normalise` leaves it out.
    """
    plain = _ATTRIBUTION_RE.sub(" ", _plain(text))
    plain = _NUMBER_RE.sub(lambda m: f" {canonical_number(m['value'], m['scale'])} ", plain)
    groups: dict[str, list[str]] = {}
    for word in re.findall(r"[a-z]+|\d+(?:\.\d+)?", plain):
        if word[0].isdigit():
            groups.setdefault(word, [word])
            continue
        term = term_of(word)
        if term is None:
            continue
        group = groups.setdefault(term, [])
        for spelling in (word, *_SPELLINGS.get(_TERM_NAMES.get(term, term), ())):
            if spelling not in group and spelling.isalpha():
                group.append(spelling)
    return list(groups.values())


def _spellings() -> dict[str, list[str]]:
    reverse: dict[str, list[str]] = {}
    for word, term in SYNONYMS.items():
        reverse.setdefault(term, [])
        for spelling in (word, term):
            if spelling not in reverse[term]:
                reverse[term].append(spelling)
    return reverse


_SPELLINGS = _spellings()
#: SYNONYMS keyed by both the word and its stem, each mapped to the stem of its term.
_LIGHT_STEMS = frozenset(stem(word) for word in LIGHT_TERMS)
_TERM_NAMES = {stem(term): term for term in SYNONYMS.values()}
_SYNONYM_TERMS = {
    key: stem(term) for word, term in SYNONYMS.items() for key in (word, stem(word))
}
