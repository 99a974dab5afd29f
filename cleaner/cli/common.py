"""What every command shares: exit codes, messages on stderr, and a closed stdout."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import click

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def err(message: str) -> None:
    click.echo(f"cleaner: {message}", err=True)


def human_bytes(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


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


def favor_option(fn):
    """``--favor balanced|precision|recall``: shifts the block model's decision (``Cleaner(favor=...)``)."""
    return click.option(
        "--favor",
        type=click.Choice(["balanced", "precision", "recall"]),
        default="balanced",
        show_default=True,
        help="Shift the model's decision: precision drops more of what is only probably boilerplate, "
        "recall keeps more of what is only probably article (rules are unchanged).",
    )(fn)


def favor_value(favor: str) -> str | None:
    """The library's ``favor`` for the CLI's choice (``balanced`` is the model's own balance)."""
    return None if favor == "balanced" else favor

