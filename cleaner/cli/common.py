"""What every command shares: exit codes, messages on stderr, and a closed stdout."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import click

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def err(message: str) -> None:
    click.echo(f"cleaner: {message}", err=True)


EXIT_STDOUT_CLOSED = 128 + 13  # what a shell reports for a filter ended by SIGPIPE


def stdout_closed() -> NoReturn:
    """End the run the way ``cat`` or ``grep`` end when the reader of their stdout is gone
    (``cleaner clean DIR | head``): at once, with no message, by SIGPIPE (status 141)."""
    import signal

    try:  # nothing more can reach stdout; keep the interpreter's final flush from complaining
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    if hasattr(signal, "SIGPIPE"):
        sys.stderr.flush()
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)
    os._exit(EXIT_STDOUT_CLOSED)


def _check_rule_names(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    from ..rules import select_rules

    try:
        select_rules(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return tuple(value)


_INPUT_OPTIONS = [
    click.option(
        "--input-format",
        type=click.Choice(["auto", "text", "jsonl", "html"]),
        default="auto",
        show_default=True,
        help="How to read inputs (auto: by file suffix; stdin: JSON Lines when its first line is a JSON "
        "object).",
    ),
    click.option(
        "--text-field", default="text", show_default=True, help="JSON Lines field holding the text."
    ),
]

_CLEANING_OPTIONS = [
    click.option(
        "--off-topic",
        type=click.Choice(["drop", "split", "keep"]),
        default="drop",
        show_default=True,
        help="Unrelated stories pasted into an article: drop them, split them into documents of their own, "
        "or keep them.",
    ),
    click.option(
        "--model",
        default="default",
        show_default=True,
        help="Model file, 'default' for the bundled one, 'none' for rules only.",
    ),
    click.option(
        "--trust-model",
        is_flag=True,
        help="Allow loading a model file whose hash is not pinned in its model card.",
    ),
    click.option(
        "--favor",
        type=click.Choice(["balanced", "precision", "recall"]),
        default="balanced",
        show_default=True,
        help="Shift the model's decision: precision drops more of what is only probably boilerplate, "
        "recall keeps more of what is only probably article (rules are unchanged).",
    ),
    click.option(
        "--disable-rule",
        "disable_rule",
        multiple=True,
        metavar="NAME",
        callback=_check_rule_names,
        help="Switch a rule off (repeatable); 'cleaner rules' lists them.",
    ),
]


def _apply(options, fn):
    for option in reversed(options):
        fn = option(fn)
    return fn


def input_options(fn):
    """``--input-format`` and ``--text-field``: how clean, explain and report read their inputs."""
    return _apply(_INPUT_OPTIONS, fn)


def cleaning_options(fn):
    """``--off-topic``, ``--model``, ``--trust-model``, ``--favor`` and ``--disable-rule``: the
    cleaning clean, explain and report share, so one input is cleaned alike by all three."""
    return _apply(_CLEANING_OPTIONS, fn)


def model_value(model: str) -> str | None:
    """The library's ``model`` for the CLI's ``--model`` (``none``: rules only)."""
    return None if model.lower() == "none" else model


def favor_value(favor: str) -> str | None:
    """The library's ``favor`` for the CLI's choice (``balanced`` is the model's own balance)."""
    return None if favor == "balanced" else favor

