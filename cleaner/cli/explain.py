"""``cleaner explain``: every block of one input with its keep/drop decision and reason.

It reads the input with ``cleaner clean``'s own reader (:func:`cleaner.batch.read_items`),
so it shows exactly the documents ``clean`` writes.
"""

from __future__ import annotations

import sys
from typing import IO

import click

from ..io import InputError, InputFile, sniff_stdin
from ..io import input_format as detect_format
from ..normalize import DecodeError
from .common import EXIT_FAILED, cleaning_options, err, favor_value, input_options, model_value, stdout_closed

_COLOURS = {"keep": "green", "drop": "red"}


@click.command("explain")
@click.argument("path")
@input_options
@cleaning_options
@click.option(
    "--color/--no-color", default=None, help="Colour the output (default: when stdout is a terminal)."
)
@click.option(
    "--width", type=int, default=100, show_default=True, help="Characters of each block to show (0 = all)."
)
def explain_cmd(
    path: str,
    input_format: str,
    text_field: str,
    off_topic: str,
    model: str,
    trust_model: bool,
    favor: str,
    color: bool | None,
    width: int,
    disable_rule: tuple[str, ...] = (),
) -> None:
    """Show every block of PATH with keep/drop and the reason."""
    from ..api import get_cleaner
    from ..batch import RunConfig, read_items

    stdin: IO[bytes] = sys.stdin.buffer
    if path != "-":
        fmt = detect_format(path, input_format)
    elif input_format != "auto":
        fmt = input_format
    else:
        sniffed, stdin = sniff_stdin(stdin)
        fmt = "jsonl" if sniffed == "jsonl" else "text"
    config = RunConfig(text_field=text_field, input_format=input_format)
    try:
        cleaner = get_cleaner(
            off_topic,
            model_value(model),
            trust_model,
            disable_rule,
            favor_value(favor),
        )
        items, errors, _ = read_items(InputFile(path, path, fmt), config, stdin)
    except (InputError, DecodeError) as exc:
        err(f"error: {path}: {exc}")
        sys.exit(EXIT_FAILED)
    except Exception as exc:  # a bad --model
        err(f"error: {path}: {exc}")
        sys.exit(EXIT_FAILED)
    for message in errors:
        err(f"error: {message}")
    try:
        _explain(cleaner, items, color, width)
    except BrokenPipeError:  # `cleaner explain FILE | head`
        stdout_closed()
    if errors:
        sys.exit(EXIT_FAILED)


def _explain(cleaner, items: list[tuple], color: bool | None, width: int) -> None:
    for result in cleaner.clean_batch(items, input_format="text"):
        for doc in result.documents:
            _show(doc, color, width)


def _show(doc, color: bool | None, width: int) -> None:
    header = f"== document {doc.index} of {doc.source}"
    for key in ("title", "url", "date"):
        if getattr(doc, key):
            header += f"  {key}={getattr(doc, key)!r}"
    click.echo(click.style(header, bold=True), color=color)
    for note in doc.notes:
        click.echo(
            click.style(f"  DROP {note.reason:24} {note.text[: width or None]}", fg="yellow"), color=color
        )
    for b in doc.blocks:
        state = "keep" if b.kept else "drop"
        score = f" p={b.score:.2f}" if b.score is not None else ""
        line = f"  {state.upper()} {(b.reason or ''):24} [{b.kind}{score}] {b.text[: width or None]}"
        click.echo(click.style(line, fg=_COLOURS[state]), color=color)
        for reason, removed in b.inline_removals if b.kept else ():
            click.echo(
                click.style(f"       - {reason}: {removed[: width or None]}", fg="yellow"), color=color
            )
