"""``flask suggest FILE``: show which sentences of an article are worth checking;
``flask suggest retrain``: let the desk's decisions refine the suggester.

The app factory registers :data:`suggest_command`. ``flask suggest FILE [--all] [--format]``
is a contract scripts depend on, so ``suggest`` is a group whose default is the file command:
anything that is not a subcommand's name is read as ``FILE`` exactly as before (a file that
happens to be called ``retrain`` can be given as ``./retrain``). Suggesting for a file needs no
application context, so it is also usable (and tested) on its own; it uses the shipped model.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

import click
from flask.cli import with_appcontext

from . import SentenceSuggestion, suggest_sentences


def _text_line(suggestion: SentenceSuggestion) -> str:
    """One readable line: mark, score, offsets, sentence and reasons."""
    mark = "*" if suggestion.suggested else " "
    reasons = "; ".join(suggestion.reasons) or "no strong signal"
    return (
        f"{mark} {suggestion.score:.2f} [{suggestion.start}:{suggestion.end}] "
        f"{suggestion.text}\n      {reasons}"
    )


class _DefaultToFile(click.Group):
    """A group that reads ``suggest FILE ...`` as ``suggest file FILE ...``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["file", *args]
        return super().parse_args(ctx, args)


@click.group(
    "suggest",
    cls=_DefaultToFile,
    invoke_without_command=False,
    help="Suggest the check-worthy sentences of FILE (flask suggest FILE [--all] "
    "[--format json|text]), or retrain on the desk's decisions (flask suggest retrain).",
)
def suggest_command() -> None:
    """The ``suggest`` group (see the module docstring)."""


@suggest_command.command("file")
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
def suggest_file(file: BinaryIO, show_all: bool, output_format: str) -> None:
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


@suggest_command.command("retrain")
@with_appcontext
def retrain_command(**_: Any) -> None:
    """Refit the desk's suggestion model on its accept/reject decisions; keep it if better."""
    from factcheck.extensions import db
    from factcheck.operations.retrain import retrain

    result = retrain(db.session)
    db.session.commit()
    for line in result.lines():
        click.echo(line)
