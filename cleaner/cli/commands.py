"""``cleaner clean``, the command group, and the console-script entry point.

``cleaner clean`` walks files and directories like trafilatura's CLI: an
output tree mirroring the input tree, ``txt`` or ``jsonl`` output, worker
processes with ``--jobs``. The work itself is elsewhere: reading and cleaning
in :mod:`cleaner.batch`, where it runs in :mod:`.workers`, writing in
:mod:`.writer`.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import IO

import click

from .. import __version__
from ..batch import FileResult, RunConfig
from ..io import (
    SUPPORTED_SUFFIXES,
    InputError,
    InputFile,
    Unsupported,
    assign_output_names,
    discover,
    first_collision,
    human_bytes,
    output_over_input,
    sniff_stdin,
)
from ..language import unsupported_warning
from .common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    cleaning_options,
    err,
    favor_value,
    input_options,
    model_value,
    stdout_closed,
)
from .lazy import LazyGroup
from .report import stage_times
from .workers import forks, run_inputs
from .writer import OutputCollision, Writer


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
def main() -> None:
    """Turn scraped news text into clean, single-topic article documents."""


@main.command("clean")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False),
    help="Output directory (mirrors the input tree). Default: stdout.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["txt", "jsonl"]),
    default="txt",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Worker processes (0 = one per core).",
)
@input_options
@click.option(
    "--rejects", type=click.Path(file_okay=False), help="Directory to write everything removed, with reasons."
)
@cleaning_options
@click.option("--resume", is_flag=True, help="Skip inputs whose output exists and is newer than the input.")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: when stderr is a terminal).",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary line (errors are still reported).")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Name the files skipped as up to date or unsupported, and print the seconds spent in each "
    "pipeline stage.",
)
@click.option(
    "--time-budget",
    type=float,
    default=120.0,
    show_default=True,
    help="Seconds one input may take before it is reported as failed (0 = no limit).",
)
@click.option(
    "--dask-scheduler",
    metavar="ADDRESS",
    help="Spread the work over a dask.distributed cluster (its workers need cleaner installed and the "
    "input paths visible). Needs the 'dask' extra.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
def clean_cmd(
    paths: tuple[str, ...],
    output: str | None,
    fmt: str,
    jobs: int,
    input_format: str,
    text_field: str,
    rejects: str | None,
    off_topic: str,
    model: str,
    trust_model: bool,
    favor: str,
    resume: bool,
    progress: bool | None,
    quiet: bool,
    verbose: bool,
    time_budget: float,
    dask_scheduler: str | None,
    debug: bool,
    disable_rule: tuple[str, ...] = (),
) -> None:
    """Clean files, directories (recursively) or '-' (stdin).

    \b
    Exit codes:
      0  every input was cleaned
      1  some inputs failed (each is named on stderr with its problem; the others were cleaned),
         or no input file was found
      2  usage error (bad option, unusable --model, an output that is or holds an input,
         two inputs with the same output name); nothing is written
      141  stdout was closed (`cleaner clean DIR | head`): the run stops quietly, as cat does
    """
    refused = output_over_input(paths, [("--output", output), ("--rejects", rejects)])
    if refused:
        err(f"error: {refused}")
        sys.exit(EXIT_USAGE)
    model_opt = model_value(model)
    config = RunConfig(
        off_topic=off_topic,
        model=model_opt,
        trust_model=trust_model,
        text_field=text_field,
        input_format=input_format,
        time_budget=time_budget or None,
        disable=disable_rule,
        favor=favor_value(favor),
        removals=rejects is not None,
    )
    jobs = jobs or os.cpu_count() or 1
    try:
        _check_model(config, preload=jobs > 1 and forks() and not dask_scheduler)
    except Exception as exc:  # a bad --model is a usage error
        if debug:
            raise
        err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    tally = Tally()
    inputs, stdin = _inputs(paths, output, rejects, input_format, verbose, tally)
    inputs = assign_output_names(inputs, fmt)
    _refuse_collisions(inputs, fmt, output, rejects)
    writer = Writer(output, fmt, rejects)
    for inp in inputs:
        writer.claim_first_outputs(inp)
    if resume:
        inputs = _not_done(writer, inputs, verbose, tally)
    _clean_all(inputs, config, jobs, dask_scheduler, stdin, writer, tally, progress, debug)
    if not quiet:
        err(tally.summary(writer.bytes_out, verbose))
        warning = unsupported_warning(tally.languages)
        if warning:
            err(warning)
    if verbose:
        from ..api import get_cleaner

        cleaner = get_cleaner(
            config.off_topic, config.model, config.trust_model, disable=config.disable, favor=config.favor
        )
        err(stage_times(cleaner, jobs, dask_scheduler))
    sys.exit(EXIT_FAILED if tally.failed else EXIT_OK)


def _refuse_collisions(inputs: list[InputFile], fmt: str, output: str | None, rejects: str | None) -> None:
    """Exit (usage error, nothing written) when two inputs would write the same output file."""
    clash = first_collision(inputs, fmt, output, rejects) if output or rejects else None
    if clash:
        first, second, target = clash
        err(
            f"error: {first.path} and {second.path} would both be written to {target}; "
            "rename one of them or clean them in separate runs (nothing was written)"
        )
        sys.exit(EXIT_USAGE)


@dataclass
class Tally:
    """What a run did, for its summary line: counts of files, documents, bytes, removals, failures."""

    files: int = 0
    docs: int = 0
    bytes_in: int = 0
    up_to_date: int = 0
    unsupported: int = 0
    failures: Counter[str] = field(default_factory=Counter)  # by kind
    removed: Counter[str] = field(default_factory=Counter)
    languages: Counter[str | None] = field(default_factory=Counter)

    @property
    def failed(self) -> int:
        return sum(self.failures.values())

    def summary(self, bytes_out: int, verbose: bool) -> str:
        line = (
            f"{self.files} files, {self.docs} documents, {human_bytes(self.bytes_in)} in, "
            f"{human_bytes(bytes_out)} out, {self.failed} failed"
        )
        if self.failures:
            line += " (" + ", ".join(f"{k}: {v}" for k, v in self.failures.most_common()) + ")"
        if self.up_to_date:
            line += f", {self.up_to_date} skipped as up to date"
        if self.unsupported:
            line += f", {self.unsupported} skipped as unsupported" + ("" if verbose else " (-v names them)")
        top = ", ".join(f"{k} {v}" for k, v in self.removed.most_common())
        return line + (f"; removed: {top}" if top else "")


def _inputs(
    paths: tuple[str, ...],
    output: str | None,
    rejects: str | None,
    input_format: str,
    verbose: bool,
    tally: Tally,
) -> tuple[list[InputFile], IO[bytes]]:
    """The inputs named by ``paths`` (exits when there is none), and stdin (sniffed if it is one)."""
    inputs: list[InputFile] = []
    stdin: IO[bytes] = sys.stdin.buffer
    for item in discover(list(paths), exclude=[output or "", rejects or ""], forced_format=input_format):
        if isinstance(item, InputError):
            err(f"error: {item}")
            tally.failures["missing"] += 1
        elif isinstance(item, Unsupported):
            tally.unsupported += 1
            if verbose:
                err(f"skipped (unsupported suffix): {item.path}")
        else:
            if item.format == "auto":  # stdin: JSON Lines if its first line is a JSON object
                sniffed, stdin = sniff_stdin(sys.stdin.buffer)
                item = InputFile(item.path, item.rel, "jsonl" if sniffed == "jsonl" else "text")
            inputs.append(item)
    if not inputs:
        err(
            f"error: no input file found in {' '.join(paths)} "
            f"(supported suffixes: {' '.join(SUPPORTED_SUFFIXES)}, "
            "also .gz-compressed; --input-format reads any file)"
        )
        sys.exit(EXIT_FAILED)
    return inputs, stdin


def _not_done(writer: Writer, inputs: list[InputFile], verbose: bool, tally: Tally) -> list[InputFile]:
    """``--resume``: the inputs whose output is missing or older than they are."""
    todo = []
    for inp in inputs:
        if _is_done(writer, inp):
            tally.up_to_date += 1
            if verbose:
                err(f"skipped (up to date): {inp.path}")
        else:
            todo.append(inp)
    return todo


def _clean_all(
    inputs: list[InputFile],
    config: RunConfig,
    jobs: int,
    dask_scheduler: str | None,
    stdin: IO[bytes],
    writer: Writer,
    tally: Tally,
    progress: bool | None,
    debug: bool,
) -> None:
    """Clean and write every input, reporting each failure as it comes; Ctrl-C and a closed
    stdout end the run with nothing half-written."""
    from tqdm import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=len(inputs), unit="file", disable=not show, file=sys.stderr, dynamic_ncols=True)
    results = run_inputs(inputs, config, jobs, dask_scheduler, stdin)
    try:
        for result in results:
            if result.final:
                bar.update(1)
                tally.files += 1
            _take(result, writer, tally, bar)
        writer.close()
        _report_write_failures(writer, tally, bar)
        tally.docs -= writer.committer.lost()
    except KeyboardInterrupt:
        writer.abort()
        bar.close()
        err("interrupted; outputs written so far are complete, nothing is half-written")
        sys.exit(130)
    except BrokenPipeError:
        writer.abort()
        bar.close()
        results.close()
        stdout_closed()
    except Exception as exc:
        writer.abort()
        if debug:
            raise
        err(f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for a traceback)")
        sys.exit(EXIT_FAILED)
    finally:
        writer.committer.close(discard=True)  # whatever ended the run: the writer's thread is done first
        bar.close()


def _take(result: FileResult, writer: Writer, tally: Tally, bar) -> None:
    """Write one result, or report why it failed; count it either way."""
    tally.bytes_in += result.bytes_in
    for message in result.record_errors:
        bar.clear()
        err(f"error: {message}")
        tally.failures["bad record"] += 1
    if result.error:
        bar.clear()
        err(f"error: {result.inp.path}: {result.error}")
        tally.failures[result.error_kind or result.error] += 1
        writer.abort(result.inp)
        if writer.rejects:
            writer.write_rejects(result)
        return
    try:
        writer.write(result)
    except BrokenPipeError:
        raise
    except OutputCollision as exc:
        bar.clear()
        err(f"error: {result.inp.path}: {exc}")
        tally.failures["output name collision"] += 1
        writer.abort(result.inp)
        return
    except OSError as exc:
        err(f"error: {result.inp.path}: cannot write output: {exc.strerror or exc}")
        tally.failures["cannot write output"] += 1
        return
    tally.docs += len(result.records)
    for rec in result.records:
        tally.removed.update(rec["removed"])
        tally.languages[rec.get("language")] += 1
    _report_write_failures(writer, tally, bar)


def _report_write_failures(writer: Writer, tally: Tally, bar) -> None:
    """Name each input whose outputs the writer's thread could not write (as they are found)."""
    for failure in writer.failures():
        bar.clear()
        why = getattr(failure.error, "strerror", None) or failure.error
        err(f"error: {failure.tag}: cannot write output: {why}")
        tally.failures["cannot write output"] += 1


def _check_model(config: RunConfig, *, preload: bool = False) -> None:
    """Check the model up front so a bad --model fails fast, not per file.

    A model file pinned by its card is loaded only when a document first
    needs it (HTML pages never do), in whichever process cleans it; with
    ``preload`` it is loaded here, for forked workers to inherit.
    """
    from ..api import get_cleaner

    cleaner = get_cleaner(
        config.off_topic, config.model, config.trust_model, disable=config.disable, favor=config.favor
    )
    if preload:
        cleaner.load_model()


def _is_done(writer: Writer, inp: InputFile) -> bool:
    target = writer.done_path(inp)
    if target is None or not target.exists():
        return False
    try:
        return target.stat().st_mtime >= os.stat(inp.path).st_mtime
    except OSError:
        return False


def _register() -> None:
    """The commands that live in modules of their own; the development tools are imported
    only when one of them is looked up, so ``cleaner clean`` never loads them."""
    from .explain import explain_cmd
    from .report import report_cmd, rules_cmd

    for command in (explain_cmd, report_cmd, rules_cmd):
        main.add_command(command)
    main.lazy_commands.update(
        {
            "train": "cleaner.devtools.commands:train_cmd",
            "eval": "cleaner.devtools.commands:eval_cmd",
            "eval-topics": "cleaner.devtools.commands:eval_topics_cmd",
        }
    )


_register()


def run() -> None:
    """The console-script entry point: a closed stdout ends any command quietly."""
    try:
        main()
    except BrokenPipeError:
        stdout_closed()
