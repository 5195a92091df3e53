"""Split article text into sentences with exact character offsets.

Offsets are Python ``str`` indices into the text as given, so a suggestion can
be turned into a claim whose quote is ``text[start:end]`` without any
re-alignment.  Line breaks always end a sentence; abbreviations, initials and
decimals do not.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_LINE = re.compile(r"[^\r\n]+")
# Terminal punctuation, optional closing quotes/brackets, then horizontal
# whitespace and the first character of whatever follows (captured).
_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*(?=[ \t\f\v\u00a0]+(\S))")
_ACRONYM = re.compile(r"(?:[^\W\d_]\.){2,}$")

ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st gen col lt sgt capt cmdr adm gov sen rep rev hon
    pres supt messrs mme mlle vs etc al eg ie cf approx dept est fig vol no nos
    inc ltd co corp bros jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thurs fri sat sun ft mt ave blvd rd p pp
    г гг млн млрд тыс руб коп ул пр им т е д п проф акад ген см стр рис тел обл р-н
    """.split()
)


class Sentence(NamedTuple):
    """One sentence: ``text == source[start:end]`` with no surrounding space."""

    start: int
    end: int
    text: str
    whole_line: bool


def _is_abbreviation(text: str, dot: int) -> bool:
    """Say whether the full stop at ``dot`` closes an abbreviation or initial."""
    begin = dot
    while begin > 0 and (text[begin - 1].isalpha() or text[begin - 1] == "."):
        begin -= 1
    word = text[begin:dot]
    if not word:
        return False
    if len(word) == 1 and word.isupper():
        return True  # an initial: "John F. Kennedy"
    if _ACRONYM.search(word + "."):
        return True  # "U.S.", "a.m."
    return word.lower() in ABBREVIATIONS


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Move ``start``/``end`` inwards past surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line_sentences(text: str, line_start: int, line_end: int) -> list[tuple[int, int]]:
    """Return (start, end) pairs of the sentences inside one line."""
    pieces: list[tuple[int, int]] = []
    start = line_start
    for match in _END.finditer(text, line_start, line_end):
        follower = match.group(1)
        if follower.islower():
            continue
        if text[match.start()] == "." and match.end() - match.start() == 1:
            if _is_abbreviation(text, match.start()):
                continue
        pieces.append((start, match.end()))
        start = match.end()
    pieces.append((start, line_end))
    return pieces


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, in order, with offsets into ``text``.

    Every non-blank stretch of the text belongs to exactly one sentence, so
    page furniture (navigation links, teaser headlines) comes back as its own
    sentences for the scorer to recognise.
    """
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        pieces = []
        for raw_start, raw_end in _line_sentences(text, line.start(), line.end()):
            start, end = _strip(text, raw_start, raw_end)
            if start < end:
                pieces.append((start, end))
        whole_line = len(pieces) == 1
        for start, end in pieces:
            sentences.append(Sentence(start, end, text[start:end], whole_line))
    return sentences
