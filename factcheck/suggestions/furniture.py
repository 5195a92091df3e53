"""Page furniture: navigation, teasers, bylines and citation tags, in English and Russian.

Furniture is recognised by rules, not weights, because it must never be
suggested whatever the model thinks: a headline teaser for another article
often reads exactly like a claim.
"""

from __future__ import annotations

import re

_FURNITURE_PHRASES = frozenset(
    phrase.strip()
    for phrase in """
    no time to read? | get a summary | previous article | next article | read more |
    read next | related articles | related | more stories | most read | recommended |
    advertisement | sponsored | share | share this | share this article | tweet |
    subscribe | subscribe now | sign up | log in | sign in | follow us | comments |
    leave a comment | print | email | back to top | top stories | latest news |
    see also | continue reading | show more | load more | click here |
    читайте также | читать далее | читать полностью | подробнее | поделиться | реклама |
    подписывайтесь | подписаться | комментарии | главное | новости | популярное |
    по теме | смотрите также | нет времени читать? | предыдущая статья | следующая статья |
    все новости | фото | видео
    """.split("|")
)
_FURNITURE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("citation tag", re.compile(r"^\[[^\]]{1,80}\]$|^\((?:Source|Citation|Photo)[^)]{0,80}\)$")),
    (
        "byline",
        re.compile(
            r"^(?:By|Author:|Written\s+by|Reporting\s+by|Editing\s+by|Photo:|Image:|"
            r"Source:|Credit:|Updated:|Published:|Автор:|Источник:|Фото:|Обновлено:|"
            r"Опубликовано:)\s*\S.{0,60}$"
        ),
    ),
    (
        "share prompt",
        re.compile(
            r"^(?i:(?:share|post|send)\s+(?:on|to|via)\s+\w+|follow\s+us\s+on\s+\w+"
            r"|subscribe\s+to\s+.{1,40}|sign\s+up\s+for\s+.{1,40}|click\s+here.{0,40}"
            r"|подпишитесь\s+на\s+.{1,40}|подписывайтесь\s+на\s+.{1,40}"
            r"|читайте\s+нас\s+в\s+.{1,40})[.!]?$"
        ),
    ),
)
_FINAL_PUNCTUATION = re.compile(r"[.!?:;\"\u201d\u2019\u00bb)]$")
# Russian headlines are in sentence case: a Cyrillic line without closing punctuation is one.
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_TITLE_WORD = re.compile(r"[^\W\d_][\w\u2019'-]*")
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
        if count <= 4 or (count <= 20 and (_title_like(text) or _CYRILLIC.search(text))):
            return "headline or teaser"
    return None
