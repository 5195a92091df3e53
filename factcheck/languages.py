"""Which language an article or a claim is written in: detected when it comes in, editable.

Detection uses lingua (``lingua-language-detector``) restricted to the languages a desk
covering this region meets, in its low-accuracy mode: about 20 MB of models, loaded the first
time a text is detected, and well under a millisecond a sentence after that. A text too short
or too mixed to tell gives ``None``, and the caller keeps what it had.

The code stored is the ISO 639-1 code ("ru"), which is what ``<html lang>`` and ClaimReview's
``inLanguage`` want.
"""

from __future__ import annotations

import threading
from typing import Any

#: The languages offered on the forms and told apart by detection, by ISO 639-1 code.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "ru": "Russian",
    "uk": "Ukrainian",
    "be": "Belarusian",
    "pl": "Polish",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
}
#: Texts longer than this are detected on their start (the language does not change midway).
SAMPLE_CHARS = 2000

_detector: Any = None
_lock = threading.Lock()


def choices() -> list[tuple[str, str]]:
    """``(code, name)`` for every language offered, in the order above."""
    return list(LANGUAGES.items())


def _build() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in LANGUAGES]
    return (LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
            .with_low_accuracy_mode().build())


def detect(text: str | None) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or ``None`` when it cannot
    be told (empty, figures only, or lingua not installed)."""
    global _detector
    sample = (text or "")[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    if _detector is None:
        with _lock:
            if _detector is None:
                try:
                    _detector = _build()
                except ImportError:  # pragma: no cover  (a normal dependency; kept optional)
                    return None
    found = _detector.detect_language_of(sample)
    if found is None:
        return None
    code = found.iso_code_639_1.name.lower()
    return code if code in LANGUAGES else None
