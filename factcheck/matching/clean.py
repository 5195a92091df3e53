"""Strip the noise of social media from a text before it is matched.

People repeat a checked claim in posts full of things the fact-checker never wrote: links
("https://t.co/…", "pic.twitter.com/…"), handles, the sign-off an embedded post carries
("— Jane Doe (@jane) January 6, 2020"), hashtag signs, emphasis and emoji. They add words that
match nothing or, worse, match the wrong claim, so they go; the words of the claim stay.

Quotation marks are written one way (straight double quotes; an apostrophe inside a word stays
one): fact-checkers publish the same claim again with 'single' or “curly” quotes, and the
encoder should read both as the same sentence, so that the copies tie and the first one
imported is shown first (see :mod:`factcheck.matching.checked`).
"""

from __future__ import annotations

import re

_URL = re.compile(r"pic\.twitter\.com/\S+|(?:https?://|www\.)\S+|(?<!\S)[\w.-]+\.(?:com|org|net)/\S*")
#: "— Jane Doe (@jane) January 6, 2020" at the end of an embedded post; the name is kept.
_SIGN_OFF = re.compile(
    r"\s*[—–-]\s*([^()—–]{1,60}?)\s*\(@\w+\)\s*"
    r"(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})?[\s\"'”]*$"
)
_HANDLE = re.compile(r"(?<!\w)@(\w+)")
#: Hashtags run together ("#ImpeachTrump#StopTheHate") are split as well as unglued.
_HASH = re.compile(r"#([^\W\d_]\w*)")
_NOISE = re.compile(r"[*_~|•…]+|[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d\u3164]+")
_RETWEET = re.compile(r"^\s*(?:RT\b|via\b)\s*:?", re.IGNORECASE)
#: Word boundaries inside a handle or hashtag: "StopTheHate", "USArmy", "Vote2020".
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[a-zA-Z])(?=\d)")
#: Quotation marks of every style, and single quotes that open or close a quotation (not the
#: apostrophe of "don't" or "Snopes’s").
_QUOTE = re.compile(r"[“”„‟«»]|(?<![^\W_])['‘’`]|['‘’`](?![^\W_])")


def clean(text: str) -> str:
    """``text`` without links, sign-offs, handle and hashtag signs, emphasis or emoji."""
    text = _URL.sub(" ", text)
    text = _SIGN_OFF.sub(lambda m: " " + m.group(1), text)
    text = _RETWEET.sub(" ", text)
    text = _HANDLE.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)).replace("_", " "), text)
    text = _HASH.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)), text)
    text = _NOISE.sub(" ", text).replace('""', '"')  # a quote doubled by a CSV export
    return " ".join(same_quotes(text).split())


def same_quotes(text: str) -> str:
    """``text`` with every quotation mark a straight double quote and apostrophes straight."""
    return _QUOTE.sub('"', text).replace("’", "'").replace("‘", "'").replace('""', '"')
