"""Words for the lexical index: lowercased, stopwords out, each reduced to its Snowball stem.

BM25 over these stems is the lexical half of "already checked" matching. The Snowball stemmers
(English, and Russian for Cyrillic words, which also serves Ukrainian and Belarusian tolerably)
send "detained"/"detains" and "задержали"/"задержаны" to one stem; stems are cached because the
same few thousand words make up most claims.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from factcheck.matching.normalise import STOPWORDS

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_ENGLISH = snowballstemmer.stemmer("english")
_RUSSIAN = snowballstemmer.stemmer("russian")
_THOUSANDS = re.compile(r"(?<=\d)[, ](?=\d{3}\b)")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: Stopwords kept out of the index on top of :data:`STOPWORDS` (claim furniture words stay out
#: of BM25 too: "claim", "says").
_EXTRA_STOPWORDS = frozenset({"s", "t", "rt", "amp", "via", "u"})
_RUSSIAN_STOPWORDS = frozenset(
    """и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только
    ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть
    был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо
    ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот
    того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда
    зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас
    про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть
    том нельзя такой им более всегда конечно всю между і та що це як на не з у до за від але
    він вона вони ми ви так був була було були також""".split()
)


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """The Snowball stem of a lowercased word (Russian stemmer for Cyrillic)."""
    if _CYRILLIC.search(word):
        return str(_RUSSIAN.stemWord(word))
    return str(_ENGLISH.stemWord(word))


def tokens(text: str) -> list[str]:
    """The stems BM25 indexes and looks up for ``text``."""
    out = []
    text = _THOUSANDS.sub("", text.lower().replace("’", "'"))
    for word in _WORD.findall(text):
        word = word.split("'")[0] if "'" in word else word
        if word in STOPWORDS or word in _EXTRA_STOPWORDS or word in _RUSSIAN_STOPWORDS:
            continue
        out.append(stem_word(word))
    return out
