"""The desk's password rule: long enough, and not one an attacker would guess early.

Length alone lets ``password1234`` through; zxcvbn (the estimator Dropbox wrote and password
managers use) scores a password by how soon a guesser working through common passwords,
dictionary words, names, keyboard walks, dates and l33t substitutions would reach it. The
person's own e-mail and name, and the desk's words, count as the first things tried.
"""

from __future__ import annotations

import re

MIN_LENGTH = 12
MAX_LENGTH = 256
#: zxcvbn's scale runs 0–4; 3 means "safely unguessable" (about 10^8 guesses or more).
MIN_SCORE = 3
#: zxcvbn refuses to look past this many characters; what follows only adds strength.
_ZXCVBN_LIMIT = 72
_DESK_WORDS = ["factcheck", "desk", "newsroom", "verdict"]

RULE = (
    f"At least {MIN_LENGTH} characters and not easy to guess: "
    "a few unrelated words together work well."
)


def personal_words(*texts: str) -> list[str]:
    """The words of an e-mail address or a name that a guesser would try first."""
    words = re.split(r"[\W_]+", " ".join(texts).lower())
    return [word for word in words if len(word) >= 3]


def _built_from(password: str, words: list[str]) -> bool:
    """Whether taking out ``words`` leaves hardly a letter (``ana.checker-2026`` for Ana).

    zxcvbn counts separators and years around known words as random characters, so it rates
    such passwords well; people and guessers both know better.
    """
    rest = password.lower()
    for word in sorted(words, key=len, reverse=True):
        rest = rest.replace(word, "")
    return rest != password.lower() and sum(char.isalpha() for char in rest) < 4


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why ``password`` is refused, in a sentence for the person choosing it, or ``None``."""
    if len(password) < MIN_LENGTH:
        return f"Passwords need at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Passwords can have at most {MAX_LENGTH} characters."
    known = personal_words(email, name) + _DESK_WORDS
    if _built_from(password, known):
        return (
            "Do not build your password from your name, your e-mail address or the desk's "
            "name: those are guessed first."
        )
    from zxcvbn import zxcvbn  # ~12 MB of word lists: only in processes that check one

    result = zxcvbn(password[:_ZXCVBN_LIMIT], user_inputs=known)
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result["feedback"]
    reason = (feedback.get("warning") or "").rstrip(".")
    advice = " ".join(feedback.get("suggestions") or []) or "Add another word or two."
    because = f" ({reason[:1].lower()}{reason[1:]})" if reason else ""
    return f"This password is too easy to guess{because}. {advice}"
