"""The share card of a verdict: a 1200×630 PNG (the size Open Graph and Twitter cards use)
with the rating in its colour, the claim and the one-line verdict, and the organisation.

Drawn with Pillow from the published revision alone, so it is as frozen as the page; the
caller caches it per revision (see :func:`factcheck.public.embeds.share_image`). The text is
set in DejaVu Sans when the system has it (Debian's ``fonts-dejavu-core``: Latin, Cyrillic,
Greek), else in Pillow's own font.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import ImageDraw

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
_FONT_FILES = {
    False: ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    True: ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
           "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
}
INK, MUTED, PAPER = (31, 35, 40), (87, 96, 106), (255, 255, 255)


Font = Any  # PIL.ImageFont.FreeTypeFont or ImageFont (Pillow is imported when a card is drawn)


@functools.cache
def _font(size: int, bold: bool = False) -> Font:
    from PIL import ImageFont

    for name in _FONT_FILES[bold]:
        if Path(name).is_file():
            return ImageFont.truetype(name, size)
    return ImageFont.load_default(size)


def _rgb(colour: str | None) -> tuple[int, int, int]:
    """``#cf222e`` → ``(207, 34, 46)``; grey for anything else (colours are checked when
    saved, but a revision published long ago must still draw)."""
    text = (colour or "").lstrip("#")
    if len(text) != 6:
        return MUTED
    try:
        return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))
    except ValueError:
        return MUTED


def _lines(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int, most: int) -> list[str]:
    """``text`` wrapped to ``width`` pixels, at most ``most`` lines (the last cut with …)."""
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    if len(lines) <= most:
        return lines
    last = lines[most - 1]
    while last and draw.textlength(f"{last}…", font=font) > width:
        last = last[:-1].rstrip()
    return [*lines[: most - 1], f"{last}…"]


def share_card(*, statement: str, heading: str, rating: str, colour: str | None,
               summary: str, footer: str) -> bytes:
    """The PNG bytes of one verdict's card: ``heading`` above the claim ("Claim by …"), the
    ``statement`` in the page's quotation marks and ``footer`` below the verdict
    ("Fact-check: <organisation>"), in the page's language."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    accent = _rgb(colour)
    draw.rectangle((0, 0, 24, HEIGHT), fill=accent)
    inner = WIDTH - 2 * MARGIN
    y = MARGIN - 8
    for line in _lines(draw, heading, _font(30), inner, 1):
        draw.text((MARGIN, y), line, font=_font(30), fill=MUTED)
        y += 44
    statement_font = _font(48, bold=True)
    for line in _lines(draw, statement, statement_font, inner, 4):
        draw.text((MARGIN, y), line, font=statement_font, fill=INK)
        y += 62
    y += 20
    badge_font = _font(40, bold=True)
    label = rating.upper()
    badge_width = int(draw.textlength(label, font=badge_font)) + 48
    draw.rounded_rectangle((MARGIN, y, MARGIN + badge_width, y + 68), radius=12, fill=accent)
    draw.text((MARGIN + 24, y + 10), label, font=badge_font, fill=PAPER)
    y += 92
    for line in _lines(draw, summary, _font(32), inner, 2):
        draw.text((MARGIN, y), line, font=_font(32), fill=INK)
        y += 44
    footer_font = _font(28, bold=True)
    signed = _lines(draw, footer, footer_font, inner, 1)
    if signed:
        draw.text((MARGIN, HEIGHT - MARGIN - 20), signed[0], font=footer_font, fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
