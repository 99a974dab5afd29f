"""``cleaner report`` (the HTML audit page), ``cleaner rules``, and the ``--disable-rule`` option.

These commands only read inputs and write one page (or a list); the option
is shared by ``clean``, ``explain`` and ``report``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    cleaning_options,
    favor_value,
    input_options,
    model_value,
)


@click.command("rules")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "jsonl"]),
    default="text",
    show_default=True,
    help="text for reading, markdown for docs, jsonl for scripts.",
)
def rules_cmd(fmt: str) -> None:
    """List every rule: its name, what it removes, and an example; then the reasons that are not rules."""
    import orjson

    from ..rules import RULES
    from ..rules.catalog import EXAMPLES, OTHER_REASONS

    if fmt == "jsonl":
        for r in RULES:
            click.echo(
                orjson.dumps(
                    {
                        "name": r.name,
                        "kind": "rule",
                        "description": r.description,
                        "example": EXAMPLES.get(r.name, ""),
                    }
                ).decode()
            )
        for name, text in OTHER_REASONS.items():
            click.echo(orjson.dumps({"name": name, "kind": "other", "description": text}).decode())
        return
    if fmt == "markdown":
        click.echo("| rule | removes | example |\n| --- | --- | --- |")
        for r in RULES:
            example = EXAMPLES.get(r.name, "").replace("\n", " ⏎ ").replace("|", "\\|")
            description = r.description.replace("|", "\\|")
            click.echo(f"| `{r.name}` | {description} | `{example}` |")
        click.echo("\n| other reason | meaning |\n| --- | --- |")
        for name, text in OTHER_REASONS.items():
            click.echo(f"| `{name}` | {text} |")
        return
    click.echo("Rules (switch one off with --disable-rule NAME):\n")
    for r in RULES:
        click.echo(click.style(r.name, bold=True))
        click.echo(f"  removes: {r.description}")
        lines = EXAMPLES.get(r.name, "").splitlines()
        for k, line in enumerate(lines):
            click.echo(f"  {'example: ' if k == 0 else '         '}{line}")
    click.echo("\nOther reasons (not rules; see each for its switch):\n")
    for name, text in OTHER_REASONS.items():
        click.echo(click.style(name, bold=True))
        click.echo(f"  {text}")


@click.command("report")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="The HTML file to write."
)
@input_options
@cleaning_options
@click.option(
    "--max-documents",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Documents shown in the page (the counts at the top cover every document).",
)
@click.option("--title", default="cleaner report", show_default=True, help="The page's title.")
def report_cmd(
    paths: tuple[str, ...],
    output: str,
    input_format: str,
    text_field: str,
    off_topic: str,
    model: str,
    trust_model: bool,
    favor: str,
    disable_rule: tuple[str, ...],
    max_documents: int,
    title: str,
) -> None:
    """Write one self-contained HTML page showing what cleaning PATHS removes, and why.

    \b
    Each document's source text is shown with the kept text plain and every
    removed span struck through in its reason's colour (hover for the reason
    and score), under a summary with removals per reason and a reason filter.
    Exit codes: 0 written, 1 some inputs failed (named on stderr), 2 usage error.
    """
    from ..api import Cleaner
    from ..io import InputError, atomic_write, discover
    from ..report import Report, iter_report_inputs, render_html

    try:
        cleaner = Cleaner(
            off_topic=off_topic,
            model=model_value(model),
            trust_model=trust_model,
            disable=disable_rule,
            favor=favor_value(favor),
        )
    except Exception as exc:  # noqa: BLE001 (a bad --model, whatever it raises, is a usage error)
        click.echo(f"cleaner: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    report = Report()
    inputs = []
    for item in discover(list(paths), exclude=[], forced_format=input_format):
        if isinstance(item, InputError):
            report.errors.append(str(item))
        elif Path(item.path).resolve() != Path(output).resolve():
            inputs.append(item)
    pending: list[tuple] = []
    for _inp, items, size, errors in iter_report_inputs(
        inputs, text_field=text_field, input_format=input_format, stdin=sys.stdin.buffer
    ):
        report.errors.extend(errors)
        if items is None:
            continue
        report.inputs += 1
        report.bytes_in += size
        pending.extend(items)
        if len(pending) >= BATCH:
            _add_batch(report, cleaner, pending, max_documents)
            pending = []
    _add_batch(report, cleaner, pending, max_documents)
    for message in report.errors:
        click.echo(f"cleaner: error: {message}", err=True)
    try:
        with atomic_write(output) as fh:
            fh.write(render_html(report, title=title))
    except OSError as exc:
        click.echo(f"cleaner: error: {output}: cannot write: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_FAILED)
    shown = len(report.documents)
    click.echo(
        f"cleaner: wrote {output}: {report.total_documents} documents"
        + (f" ({shown} shown)" if shown < report.total_documents else "")
        + f", {sum(report.counts.values())} removals",
        err=True,
    )
    sys.exit(EXIT_FAILED if report.errors else EXIT_OK)


BATCH = 16  # texts per pipeline run: one model call scores them all, as in ``cleaner clean``


def _add_batch(report, cleaner, items: list[tuple], limit: int) -> None:
    if not items:
        return
    # Texts are already read (prepare_input): cleaned as they are, one model call for the batch.
    groups = [
        result.documents for result in cleaner.clean_batch(items, input_format="text", chunk_size=len(items))
    ]
    for (text, *_), docs in zip(items, groups, strict=True):
        report.add(docs, text, limit=limit)


def stage_times(cleaner, jobs: int = 1, dask_scheduler: str | None = None) -> str:
    """The ``-v`` line of ``cleaner clean``: seconds spent parsing and in each stage.

    The pipeline sums them in the process that ran it, so with worker
    processes (``--jobs``, Dask) this process saw none of the work.
    """
    if jobs > 1 or dask_scheduler:
        return "stage times: measured in this process only; run with --jobs 1 to see them"
    seconds = cleaner.stage_seconds()
    if not seconds:
        return "stage times: no document went through the pipeline"
    total = sum(seconds.values())
    return (
        "stage times: "
        + ", ".join(f"{name} {s:.2f} s" for name, s in seconds.items())
        + f" (total {total:.2f} s)"
    )
