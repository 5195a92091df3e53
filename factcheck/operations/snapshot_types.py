"""What an uploaded snapshot really is, read from its bytes rather than from the browser.

The browser's declared type is whatever the file's extension suggested (or what an attacker
chose). Binary formats are recognised by their magic bytes with ``filetype`` (pure Python, no
libmagic to install; it also opens Office files' zip to tell DOCX from XLSX). Text has no magic
bytes, so it is classified here: anything that looks like markup a browser would run is
HTML or SVG — and every snapshot is served as an attachment under ``sandbox`` anyway.
"""

from __future__ import annotations

import json

import filetype

from factcheck.workflow.terms import N_, say

#: How much of a text file is read to decide whether it is markup.
_HEAD = 4096
_HTML_MARKERS = ("<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<meta")


def _as_text(data: bytes) -> str | None:
    """The file as text, or ``None`` when it is binary."""
    if b"\x00" in data[:_HEAD] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _text_type(text: str, declared: str) -> str:
    head = text[:_HEAD].lstrip().lower()
    if "<svg" in head and not any(marker in head for marker in ("<html", "<!doctype html")):
        return "image/svg+xml"
    if any(marker in head for marker in _HTML_MARKERS):
        return "text/html"
    if declared == "application/json" or head.startswith(("{", "[")):
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            return "application/json"
    if declared == "text/csv":
        return "text/csv"
    return "text/plain"


def sniff_type(data: bytes, declared: str) -> str:
    """The MIME type of ``data`` judged by its content; ``declared`` only separates the text
    types that look alike (CSV from plain text). Unknown binary data is
    ``application/octet-stream``."""
    guessed = filetype.guess_mime(data)
    if guessed:
        return str(guessed)
    text = _as_text(data)
    if text is None:
        return "application/octet-stream"
    return _text_type(text, declared)


def human_size(size: int) -> str:
    """A byte count as a person reads it: "250 kB", "1.5 MB", "20 MB" (in the reader's
    language)."""
    if size >= 1_000_000:
        return say(N_("%(size)s MB"), {"size": f"{size / 1_000_000:.1f}".removesuffix(".0")})
    if size >= 1_000:
        return say(N_("%(size)s kB"), {"size": f"{size / 1_000:.0f}"})
    return say(N_("%(size)s bytes"), {"size": str(size)})
