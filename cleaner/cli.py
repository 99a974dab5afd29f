"""The ``cleaner`` command line.

``cleaner clean`` walks files and directories like trafilatura's CLI: an
output tree mirroring the input tree, ``txt`` or ``jsonl`` output, worker
processes with ``--jobs``. ``cleaner explain`` shows every block of one input
with its keep/drop decision and reason.

Exit codes: 0 all inputs cleaned, 1 some inputs failed (each named on
stderr), 2 usage error.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any, IO, Iterable, Iterator, NoReturn

import click
import orjson

from . import __version__
from .batch import clean_jsonl_batch, iter_jsonl_batches, FileResult, RunConfig, process_input, process_many
from .cli_report import disable_rule_option, report_cmd, rules_cmd, stage_times
from .io import (
    SUPPORTED_SUFFIXES, InputError, InputFile, Unsupported, assign_output_names, atomic_write, discover, document_filename,
    done_marker_filename, first_collision, jsonl_filename, output_over_input, primary_output, rejects_filename, sniff_stdin,
)
from .language import unsupported_warning

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    click.echo(f"cleaner: {message}", err=True)


def _human_bytes(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
def main() -> None:
    """Turn scraped news text into clean, single-topic article documents."""


class OutputCollision(Exception):
    """Two inputs would write the same output file; the later one fails instead."""


class Writer:
    """Writes results in input order: txt files, jsonl files or jsonl on stdout, plus rejects.

    Every output path is claimed by one input (see :meth:`claim`): an input
    whose output another input of the run already wrote fails, naming both,
    rather than overwriting it.
    """

    def __init__(self, output: str | None, fmt: str, rejects: str | None):
        self.output = output
        self.fmt = fmt
        self.rejects = rejects
        self.stdout = sys.stdout.buffer
        self.bytes_out = 0
        self._open: dict[tuple[str, str], tuple[Any, IO[bytes]]] = {}  # (kind, target) -> (context, file)
        self._owner: dict[str, str] = {}  # output path -> path of the input it belongs to

    def claim(self, inp: InputFile, targets: Iterable[Path]) -> None:
        """Make ``targets`` the outputs of ``inp``; :class:`OutputCollision` if one is another input's."""
        keys = [os.path.normpath(os.path.abspath(t)) for t in targets]
        for key, target in zip(keys, targets):
            owner = self._owner.get(key)
            if owner is not None and owner != inp.path:
                raise OutputCollision(f"its output {target} is also the output of {owner} (rename one of them)")
        for key in keys:
            self._owner[key] = inp.path

    def claim_first_outputs(self, inp: InputFile) -> None:
        targets = []
        if self.output:
            targets.append(Path(self.output) / primary_output(inp.out_name, self.fmt))
        if self.rejects:
            targets.append(Path(self.rejects) / rejects_filename(inp.out_name))
        self.claim(inp, targets)

    def _file(self, kind: str, target: Path) -> IO[bytes]:
        """An atomic output file that stays open across the parts of a streamed input."""
        key = (kind, str(target))
        if key not in self._open:
            cm = atomic_write(target, binary=True)
            self._open[key] = (cm, cm.__enter__())
        return self._open[key][1]

    def _close(self, kind: str, target: Path, *, commit: bool = True) -> None:
        entry = self._open.pop((kind, str(target)), None)
        if entry is None:
            return
        cm, _ = entry
        if commit:
            cm.__exit__(None, None, None)
        else:
            err = InputError("aborted")
            cm.__exit__(type(err), err, None)

    def abort(self, inp: InputFile | None = None) -> None:
        """Discard unfinished streamed outputs (of one input, or all): nothing half-written remains."""
        for kind, target in list(self._open):
            if inp is None or kind.split(":", 1)[1] == inp.path:
                self._close(kind, Path(target), commit=False)

    def write(self, result: FileResult) -> None:
        records = result.records
        inp = result.inp
        if self.output and self.fmt == "txt":
            targets = [Path(self.output) / document_filename(inp.out_name, r["index"], r["record"]) for r in records]
            self.claim(inp, targets)
        if self.rejects:
            self._write_rejects(result)
        if self.fmt == "jsonl":
            lines = b"".join(orjson.dumps(r["out"]) + b"\n" for r in records)
            self.bytes_out += sum(len(r["text"].encode()) for r in records)
            if self.output:
                target = Path(self.output) / jsonl_filename(inp.out_name)
                self._file("out:" + inp.path, target).write(lines)
                if result.final:
                    self._close("out:" + inp.path, target)
            else:
                self.stdout.write(lines)
                self.stdout.flush()
            return
        # txt: one file per document; the first document of an input is written last, so its
        # presence means the whole input is done (used by --resume). A JSON Lines input's
        # documents are named by record: a marker written after its last one says it is done.
        if self.output:
            ordered = sorted(zip(records, targets), key=lambda rt: (rt[0]["index"] == 0 and rt[0]["record"] is None,
                                                                      rt[0]["record"] or 0, rt[0]["index"]))
            for rec, target in ordered:
                data = rec["text"].encode("utf-8") + (b"\n" if rec["text"] else b"")
                with atomic_write(target, binary=True) as fh:
                    fh.write(data)
                self.bytes_out += len(rec["text"].encode())
            if inp.format == "jsonl" and result.final and inp.path != "-":
                with atomic_write(Path(self.output) / done_marker_filename(inp.out_name)) as fh:
                    fh.write(f"{inp.path}\n")
        else:
            for rec in records:
                if rec["text"]:
                    self.stdout.write(rec["text"].encode("utf-8") + b"\n\n")
                    self.bytes_out += len(rec["text"].encode())
            self.stdout.flush()

    def _write_rejects(self, result: FileResult) -> None:
        rows = []
        for rec in result.records:
            for r in rec["removals"]:
                rows.append(orjson.dumps({"source": rec["source"], "index": rec["index"], **r}) + b"\n")
        if result.error:
            rows.append(orjson.dumps({"source": result.inp.rel, "error": result.error}) + b"\n")
        target = Path(self.rejects) / rejects_filename(result.inp.out_name)
        self._file("rejects:" + result.inp.path, target).writelines(rows)
        if result.final or result.error:
            self._close("rejects:" + result.inp.path, target)

    def done_path(self, inp: InputFile) -> Path | None:
        """The output whose presence means ``inp`` was fully cleaned (for --resume)."""
        if not self.output or inp.path == "-":
            return None
        if self.fmt == "jsonl":
            return Path(self.output) / jsonl_filename(inp.out_name)
        if inp.format == "jsonl":
            return Path(self.output) / done_marker_filename(inp.out_name)
        return Path(self.output) / document_filename(inp.out_name)


LOCAL_CHUNK = 16  # files per pipeline run in one process: one model call each


def _chunks(items: list[InputFile], size: int) -> Iterator[list[InputFile]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _run(inputs: list[InputFile], config: RunConfig, jobs: int, dask_scheduler: str | None = None,
         stdin: IO[bytes] | None = None) -> Iterator[FileResult]:
    """Results in input order, computed here, in ``jobs`` worker processes, or on a Dask cluster.

    JSON Lines inputs are streamed: read in batches of records, cleaned (in
    parallel when ``jobs`` > 1) and written batch by batch, so memory stays
    bounded whatever the file size. Other inputs are cleaned a chunk of files
    per worker call.
    """
    stdin = stdin if stdin is not None else sys.stdin.buffer
    pending: list[InputFile] = []
    for inp in inputs:
        if inp.format == "jsonl":
            yield from _run_files(pending, config, jobs, dask_scheduler, stdin)
            pending = []
            yield from _run_jsonl(inp, config, jobs, dask_scheduler, stdin)
        else:
            pending.append(inp)
    yield from _run_files(pending, config, jobs, dask_scheduler, stdin)


def _forks() -> bool:
    """Whether ``--jobs`` workers are forked from this process.

    On Linux they are: a forked worker starts with this process's modules
    and loaded model, where a fresh one (joblib's loky workers) spends about
    1.5 s importing scikit-learn and loading the model before its first
    file, which is most of what kept ``--jobs 2`` short of twice the speed
    on a few thousand small files. Elsewhere fork is unsafe or missing, and
    joblib's loky workers are used.
    """
    import multiprocessing

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _parallel_map(jobs: int, func, arg_tuples: Iterable[tuple], window: int = 2) -> Iterator[Any]:
    """``func(*args)`` for each tuple, in ``jobs`` worker processes, in order.

    At most ``window * jobs`` calls are pending at once, so a streamed input
    (JSON Lines batches) is read only as fast as it is cleaned. Results are
    yielded in order, so one slow call holds back the ones after it: a wider
    window keeps the other workers busy meanwhile, at the cost of holding
    more finished results. A worker that dies (killed for memory, say)
    raises here instead of hanging the run.
    """
    if not _forks():
        from joblib import Parallel, delayed

        yield from Parallel(n_jobs=jobs, return_as="generator", backend="loky", batch_size=1,
                            pre_dispatch=f"{window}*n_jobs")(delayed(func)(*args) for args in arg_tuples)
        return
    import gc
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    # Objects inherited from this process (modules, compiled patterns, the
    # model) go to the collector's permanent generation, so a worker's
    # collections do not touch, and so copy, the pages they share with it.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            pending: deque = deque()
            try:
                for args in arg_tuples:
                    pending.append(pool.submit(func, *args))
                    if len(pending) >= window * jobs:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
            finally:  # the caller stopped early (a closed stdout, say): drop the work not started
                pool.shutdown(wait=True, cancel_futures=True)
    finally:
        gc.unfreeze()


def _run_files(inputs: list[InputFile], config: RunConfig, jobs: int, dask_scheduler: str | None,
               stdin: IO[bytes]) -> Iterator[FileResult]:
    if not inputs:
        return
    if dask_scheduler:
        from .integrations.dask import run_chunks

        chunk = max(1, min(64, len(inputs) // 64 or 1))
        for results in run_chunks(dask_scheduler, process_many, [(c, config) for c in _chunks(inputs, chunk)]):
            yield from results
        return
    if jobs <= 1 or len(inputs) <= 1:
        files = [inp for inp in inputs if inp.path != "-"]
        if len(files) < len(inputs):  # stdin is read here, in order
            for inp in inputs:
                yield process_input(inp, config, stdin=stdin)
            return
        for chunk in _chunks(files, LOCAL_CHUNK):
            yield from process_many(chunk, config)
        return
    # About 32 chunks per worker: few enough that per-call overhead stays small,
    # many enough that no worker is left alone with a long last chunk. Chunks
    # of files vary in cost (one long page can make a chunk several times
    # slower), so eight per worker may be pending while a slow one finishes.
    chunk = max(1, min(64, len(inputs) // (jobs * 32) or 1))
    for results in _parallel_map(jobs, process_many, ((c, config) for c in _chunks(inputs, chunk)), window=8):
        yield from results


def _run_jsonl(inp: InputFile, config: RunConfig, jobs: int, dask_scheduler: str | None,
               stdin: IO[bytes]) -> Iterator[FileResult]:
    batches = iter_jsonl_batches(inp, stdin)
    try:
        if dask_scheduler:
            from .integrations.dask import run_chunks

            results = run_chunks(dask_scheduler, clean_jsonl_batch, ((inp, b, config) for b in batches))
        elif jobs > 1:
            results = _parallel_map(jobs, clean_jsonl_batch, ((inp, b, config) for b in batches))
        else:
            results = (clean_jsonl_batch(inp, b, config) for b in batches)
        for result in results:
            yield result
    except InputError as exc:
        yield FileResult(inp, error=str(exc))
        return
    yield FileResult(inp, final=True)


@main.command("clean")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(file_okay=False), help="Output directory (mirrors the input tree). Default: stdout.")
@click.option("-f", "--format", "fmt", type=click.Choice(["txt", "jsonl"]), default="txt", show_default=True, help="Output format.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True, help="Worker processes (0 = one per core).")
@click.option("--input-format", type=click.Choice(["auto", "text", "jsonl", "html"]), default="auto", show_default=True, help="How to read inputs (auto: by file suffix; stdin: JSON Lines when its first line is a JSON object).")
@click.option("--text-field", default="text", show_default=True, help="JSON Lines field holding the text.")
@click.option("--rejects", type=click.Path(file_okay=False), help="Directory to write everything removed, with reasons.")
@click.option("--off-topic", type=click.Choice(["drop", "split", "keep"]), default="drop", show_default=True, help="Unrelated stories pasted into an article: drop them, split them into documents of their own, or keep them.")
@click.option("--model", "model", default="default", show_default=True, help="Model file, 'default' for the bundled one, 'none' for rules only.")
@click.option("--trust-model", is_flag=True, help="Allow loading a model file whose hash is not pinned in its model card.")
@click.option("--resume", is_flag=True, help="Skip inputs whose output exists and is newer than the input.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal).")
@click.option("-q", "--quiet", is_flag=True, help="No summary line (errors are still reported).")
@click.option("-v", "--verbose", is_flag=True, help="Name the files skipped as up to date or unsupported, and print the seconds spent in each pipeline stage.")
@click.option("--time-budget", type=float, default=120.0, show_default=True, help="Seconds one input may take before it is reported as failed (0 = no limit).")
@click.option("--dask-scheduler", metavar="ADDRESS", help="Spread the work over a dask.distributed cluster (its workers need cleaner installed and the input paths visible). Needs the 'dask' extra.")
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
@disable_rule_option
def clean_cmd(paths: tuple[str, ...], output: str | None, fmt: str, jobs: int, input_format: str, text_field: str,
              rejects: str | None, off_topic: str, model: str, trust_model: bool, resume: bool, progress: bool | None,
              quiet: bool, verbose: bool, time_budget: float, dask_scheduler: str | None, debug: bool,
              disable_rule: tuple[str, ...] = ()) -> None:
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
        _err(f"error: {refused}")
        sys.exit(EXIT_USAGE)
    model_opt: str | None = None if model.lower() == "none" else model
    config = RunConfig(off_topic=off_topic, model=model_opt, trust_model=trust_model, text_field=text_field, input_format=input_format,
                       time_budget=time_budget or None, disable=disable_rule)
    jobs = jobs or os.cpu_count() or 1
    try:
        _check_model(config, preload=jobs > 1 and _forks() and not dask_scheduler)
    except Exception as exc:  # a bad --model is a usage error
        if debug:
            raise
        _err(f"error: {exc}")
        sys.exit(EXIT_USAGE)

    failures: Counter[str] = Counter()
    inputs: list[InputFile] = []
    unsupported: list[str] = []
    stdin: IO[bytes] = sys.stdin.buffer
    for item in discover(list(paths), exclude=[output or "", rejects or ""], forced_format=input_format):
        if isinstance(item, InputError):
            _err(f"error: {item}")
            failures["missing"] += 1
        elif isinstance(item, Unsupported):
            unsupported.append(item.path)
            if verbose:
                _err(f"skipped (unsupported suffix): {item.path}")
        else:
            if item.format == "auto":  # stdin: JSON Lines if its first line is a JSON object
                sniffed, stdin = sniff_stdin(sys.stdin.buffer)
                item = InputFile(item.path, item.rel, "jsonl" if sniffed == "jsonl" else "text")
            inputs.append(item)
    if not inputs:
        _err(f"error: no input file found in {' '.join(paths)} (supported suffixes: {' '.join(SUPPORTED_SUFFIXES)}, "
             "also .gz-compressed; --input-format reads any file)")
        sys.exit(EXIT_FAILED)
    inputs = assign_output_names(inputs, fmt)
    if output or rejects:
        clash = first_collision(inputs, fmt, output, rejects)
        if clash:
            first, second, target = clash
            _err(f"error: {first.path} and {second.path} would both be written to {target}; "
                 "rename one of them or clean them in separate runs (nothing was written)")
            sys.exit(EXIT_USAGE)
    writer = Writer(output, fmt, rejects)
    for inp in inputs:
        writer.claim_first_outputs(inp)
    up_to_date = 0
    if resume:
        todo = []
        for inp in inputs:
            if _is_done(writer, inp):
                up_to_date += 1
                if verbose:
                    _err(f"skipped (up to date): {inp.path}")
            else:
                todo.append(inp)
        inputs = todo

    from tqdm import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=len(inputs), unit="file", disable=not show, file=sys.stderr, dynamic_ncols=True)
    files = docs = 0
    bytes_in = 0
    removed: Counter[str] = Counter()
    languages: Counter[str | None] = Counter()
    results = _run(inputs, config, jobs, dask_scheduler, stdin)
    try:
        for result in results:
            if result.final:
                bar.update(1)
                files += 1
            bytes_in += result.bytes_in
            for message in result.record_errors:
                bar.clear()
                _err(f"error: {message}")
                failures["bad record"] += 1
            if result.error:
                bar.clear()
                _err(f"error: {result.inp.path}: {result.error}")
                failures[result.error.split(" (")[0].split(":")[0]] += 1
                writer.abort(result.inp)
                if rejects:
                    writer._write_rejects(result)
                continue
            try:
                writer.write(result)
            except BrokenPipeError:
                raise
            except OutputCollision as exc:
                bar.clear()
                _err(f"error: {result.inp.path}: {exc}")
                failures["output name collision"] += 1
                writer.abort(result.inp)
                continue
            except OSError as exc:
                _err(f"error: {result.inp.path}: cannot write output: {exc.strerror or exc}")
                failures["cannot write output"] += 1
                continue
            docs += len(result.records)
            for rec in result.records:
                removed.update(rec["removed"])
                languages[rec.get("language")] += 1
    except KeyboardInterrupt:
        writer.abort()
        bar.close()
        _err("interrupted; outputs written so far are complete, nothing is half-written")
        sys.exit(130)
    except BrokenPipeError:
        writer.abort()
        bar.close()
        results.close()
        _stdout_closed()
    except Exception as exc:
        writer.abort()
        if debug:
            raise
        _err(f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for a traceback)")
        sys.exit(EXIT_FAILED)
    finally:
        bar.close()
    top = ", ".join(f"{k} {v}" for k, v in removed.most_common())
    n_failed = sum(failures.values())
    summary = (
        f"{files} files, {docs} documents, {_human_bytes(bytes_in)} in, {_human_bytes(writer.bytes_out)} out, "
        f"{n_failed} failed"
    )
    if failures:
        summary += " (" + ", ".join(f"{k}: {v}" for k, v in failures.most_common()) + ")"
    if up_to_date:
        summary += f", {up_to_date} skipped as up to date"
    if unsupported:
        summary += f", {len(unsupported)} skipped as unsupported" + ("" if verbose else " (-v names them)")
    if not quiet:
        _err(summary + (f"; removed: {top}" if top else ""))
        warning = unsupported_warning(languages)
        if warning:
            _err(warning)
    if verbose:
        from .api import get_cleaner

        _err(stage_times(get_cleaner(config.off_topic, config.model, config.trust_model, config.disable), jobs, dask_scheduler))
    sys.exit(EXIT_FAILED if n_failed else EXIT_OK)


EXIT_STDOUT_CLOSED = 128 + 13  # what a shell reports for a filter ended by SIGPIPE


def _stdout_closed() -> NoReturn:
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


def _check_model(config: RunConfig, *, preload: bool = False) -> None:
    """Check the model up front so a bad --model fails fast, not per file.

    A model file pinned by its card is unpickled only when a document first
    needs it (HTML pages never do), in whichever process cleans it; with
    ``preload`` it is loaded here, for forked workers to inherit.
    """
    from .api import get_cleaner

    cleaner = get_cleaner(config.off_topic, config.model, config.trust_model, config.disable)
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


# ---------------------------------------------------------------- explain
_COLOURS = {"keep": "green", "drop": "red"}


@main.command("explain")
@click.argument("path")
@click.option("--input-format", type=click.Choice(["auto", "text", "jsonl", "html"]), default="auto")
@click.option("--text-field", default="text", show_default=True)
@click.option("--off-topic", type=click.Choice(["drop", "split", "keep"]), default="drop", show_default=True)
@click.option("--model", default="default", show_default=True)
@click.option("--trust-model", is_flag=True)
@click.option("--color/--no-color", default=None, help="Colour the output (default: when stdout is a terminal).")
@click.option("--width", type=int, default=100, show_default=True, help="Characters of each block to show (0 = all).")
@disable_rule_option
def explain_cmd(path: str, input_format: str, text_field: str, off_topic: str, model: str, trust_model: bool, color: bool | None, width: int,
                disable_rule: tuple[str, ...] = ()) -> None:
    """Show every block of PATH with keep/drop and the reason."""
    from .api import get_cleaner
    from .batch import _looks_like_html
    from .io import input_format as detect_format, read_bytes
    from .normalize import decode_bytes

    stdin: IO[bytes] = sys.stdin.buffer
    if path != "-":
        fmt = detect_format(path, input_format)
    elif input_format != "auto":
        fmt = input_format
    else:
        sniffed, stdin = sniff_stdin(stdin)
        fmt = "jsonl" if sniffed == "jsonl" else "text"
    inp = InputFile(path, path, fmt)
    try:
        data = read_bytes(inp, stdin)
        cleaner = get_cleaner(off_topic, None if model.lower() == "none" else model, trust_model, disable_rule)
        texts: list[tuple[str | bytes, str]] = []
        if fmt == "jsonl":
            from .batch import iter_jsonl

            for number, line in iter_jsonl(data):
                obj = orjson.loads(line)
                texts.append((obj.get(text_field, ""), f"{path}:{number}"))
        elif fmt == "html" or _looks_like_html(data[:2000].decode("utf-8", "replace")):
            texts.append((data, path))
        else:
            texts.append((decode_bytes(data), path))
    except Exception as exc:
        _err(f"error: {path}: {exc}")
        sys.exit(EXIT_FAILED)
    try:
        _explain(cleaner, texts, color, width)
    except BrokenPipeError:  # `cleaner explain FILE | head`
        _stdout_closed()


def _explain(cleaner, texts: list[tuple[str | bytes, str]], color: bool | None, width: int) -> None:
    for text, source in texts:
        for doc in cleaner.clean_documents(text, source=source, input_format="html" if isinstance(text, bytes) else "text"):
            header = f"== document {doc.index} of {source}"
            for key in ("title", "url", "date"):
                if getattr(doc, key):
                    header += f"  {key}={getattr(doc, key)!r}"
            click.echo(click.style(header, bold=True), color=color)
            for note in doc.notes:
                click.echo(click.style(f"  DROP {note.reason:24} {note.text[: width or None]}", fg="yellow"), color=color)
            for b in doc.blocks:
                state = "keep" if b.kept else "drop"
                score = f" p={b.score:.2f}" if b.score is not None else ""
                line = f"  {state.upper()} {(b.reason or ''):24} [{b.kind}{score}] {b.text[: width or None]}"
                click.echo(click.style(line, fg=_COLOURS[state]), color=color)
                for reason, removed in b.inline_removals if b.kept else ():
                    click.echo(click.style(f"       - {reason}: {removed[: width or None]}", fg="yellow"), color=color)


from .cli_quality import eval_cmd, eval_topics_cmd, train_cmd  # noqa: E402

main.add_command(train_cmd)
main.add_command(eval_cmd)
main.add_command(eval_topics_cmd)
main.add_command(report_cmd)
main.add_command(rules_cmd)


def run() -> None:  # console-script entry point: a closed stdout ends any command quietly
    try:
        main()
    except BrokenPipeError:
        _stdout_closed()


if __name__ == "__main__":  # pragma: no cover
    run()
