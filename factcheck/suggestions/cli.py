"""``flask suggest FILE``: show which sentences of an article are worth checking.

The app factory registers :data:`suggest_command`; the command itself needs no
application context, so it is also usable (and tested) on its own.
"""

from __future__ import annotations

import json
from typing import BinaryIO

import click

from . import SentenceSuggestion, suggest_sentences


def _text_line(suggestion: SentenceSuggestion) -> str:
    """One readable line: mark, score, offsets, sentence and reasons."""
    mark = "*" if suggestion.suggested else " "
    reasons = "; ".join(suggestion.reasons) or "no strong signal"
    return (
        f"{mark} {suggestion.score:.2f} [{suggestion.start}:{suggestion.end}] "
        f"{suggestion.text}\n      {reasons}"
    )


@click.command("suggest")
@click.argument("file", type=click.File("rb"))
@click.option("--all", "show_all", is_flag=True, help="Show every sentence, not only suggestions.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "text"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def suggest_command(file: BinaryIO, show_all: bool, output_format: str) -> None:
    """Suggest the check-worthy sentences of FILE (UTF-8 text; - for stdin).

    The file is decoded without newline translation, so offsets are exact
    indices into the file's text.
    """
    text = file.read().decode("utf-8")
    suggestions = [s for s in suggest_sentences(text) if show_all or s.suggested]
    if output_format == "json":
        click.echo(json.dumps([s.to_dict() for s in suggestions], ensure_ascii=False, indent=1))
        return
    for suggestion in suggestions:
        click.echo(_text_line(suggestion))
