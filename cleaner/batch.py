"""Clean one input file (text, JSON Lines or HTML) into output records.

This is the unit of work the CLI, its worker processes and the Dask helpers
share: it takes an :class:`~cleaner.io.InputFile` and a :class:`RunConfig`,
and returns plain, picklable records. It never raises for bad input: problems
come back as an error message naming the file (and the line, for JSON Lines).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

import orjson

from .api import get_cleaner, looks_like_html, prepare_input
from .document import Document
from .io import InputError, InputFile, read_bytes
from .normalize import DecodeError, decode_bytes


@dataclass(frozen=True)
class RunConfig:
    """Options of a run, passed to worker processes."""

    off_topic: str = "drop"
    model: str | None = "default"
    trust_model: bool = False
    text_field: str = "text"
    input_format: str = "auto"
    time_budget: float | None = 120.0  # seconds per input; None or 0 = no limit
    disable: tuple[str, ...] = ()  # rules switched off (--disable-rule)
    favor: str | None = None  # Cleaner(favor=...): "precision", "recall" or None
    # Whether records carry every removal's text and offsets (what --rejects writes). Without
    # them a record still has its counts per reason; a run without --rejects has no use for the
    # rest, which workers would otherwise build and send back for nothing.
    removals: bool = True


@dataclass
class FileResult:
    """What cleaning one input produced."""

    inp: InputFile
    records: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None  # the input as a whole failed: what went wrong, for the user
    error_kind: str | None = None  # ... and its kind, without details (the run's summary counts by it)
    record_errors: list[str] = field(default_factory=list)  # JSON Lines records that failed
    bytes_in: int = 0
    seconds: float = 0.0
    final: bool = True  # False for all but the last part of a streamed JSON Lines input

    def fail(self, message: str, kind: str) -> None:
        """The input as a whole failed (the writer writes none of its records)."""
        self.error, self.error_kind = message, kind


def _record(doc: Document, record_line: int | None, text_field: str = "text",
            removals: bool = True) -> dict[str, Any]:
    """What the CLI writes for one document: the public record (``out``) and, beside it, what
    the writer needs (its text, source, index, record line, removals), kept apart so that no
    field of an input record is ever taken for cleaner's own or dropped as one. ``removals``:
    whether to list every removal (see ``RunConfig.removals``); the counts are always there."""
    found = doc.removals()
    out = doc.as_record(text_field=text_field, removals=found)
    if record_line is not None:
        out.setdefault("record", record_line)
    return {
        "out": out,
        # as_record sets the text field to the document's text before anything else: the same
        # string, so it is neither joined twice nor pickled twice on its way back from a worker.
        "text": out[text_field],
        "source": doc.source,
        "index": doc.index,
        "record": record_line,
        "language": doc.language,
        "removed": out["removed"] if "removed" not in doc.fields else doc.removal_counts(found),
        "removals": [r.as_dict() for r in found] if removals else [],
    }


PIPELINE_BATCH = 16  # records cleaned in one pipeline run (one model call), bounding memory


def _jsonl_lines(lines, inp: InputFile, config: RunConfig, result: FileResult) -> None:
    """Clean JSON Lines records, a few per pipeline run; a bad record is an error of its own."""
    pending: list[tuple[int, str, dict[str, Any] | None, dict[str, Any]]] = []
    for record in jsonl_records(lines, inp, config, result.record_errors):
        pending.append(record)
        if len(pending) >= PIPELINE_BATCH:
            _clean_records(pending, inp, config, result)
            pending = []
    _clean_records(pending, inp, config, result)


def jsonl_records(
    lines: Iterable[tuple[int, bytes]], inp: InputFile, config: RunConfig, errors: list[str]
) -> Iterator[tuple[int, str, dict[str, Any] | None, dict[str, Any]]]:
    """``(line number, text, meta, fields)`` of each good record of ``lines``, read as
    :func:`prepare_input` reads it; a bad record's message (naming file and line) goes to ``errors``."""
    for number, line in lines:
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            errors.append(f"{inp.path}:{number}: malformed JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            errors.append(f"{inp.path}:{number}: record is a {type(obj).__name__}, not an object")
            continue
        value = obj.get(config.text_field)
        if not isinstance(value, str):
            what = "missing" if value is None else f"a {type(value).__name__}, not a string"
            errors.append(f"{inp.path}:{number}: field {config.text_field!r} is {what}")
            continue
        # The text field stays in its place (its value is replaced by the clean text on output).
        fields = {k: (None if k == config.text_field else v) for k, v in obj.items()}
        html = config.input_format == "html" or (config.input_format != "text" and looks_like_html(value))
        try:
            text, meta = prepare_input(value, input_format="html" if html else "text")
        except InputError as exc:
            errors.append(f"{inp.path}:{number}: {exc}")
            continue
        yield number, text, meta, fields


def read_document(inp: InputFile, stdin: IO[bytes] | None = None) -> tuple[str, dict[str, Any] | None, int]:
    """``(text, meta, bytes read)`` of a text or HTML input: read, decoded and (HTML) extracted.

    Raises :class:`InputError` or :class:`DecodeError` for an input that cannot be read.
    """
    data = read_bytes(inp, stdin)
    return (*_extract(inp, data), len(data))


def _extract(inp: InputFile, data: bytes) -> tuple[str, dict[str, Any] | None]:
    if inp.format == "html":
        return prepare_input(data, input_format="html")
    return prepare_input(decode_bytes(data), input_format="auto")


def read_items(
    inp: InputFile, config: RunConfig, stdin: IO[bytes] | None = None
) -> tuple[list[tuple], list[str], int]:
    """Everything one input holds as :meth:`~cleaner.Cleaner.clean_batch` items
    ``(text, source, fields, meta)`` (already read: clean them with ``input_format="text"``),
    the messages of its bad JSON Lines records, and the bytes read. The reader of ``cleaner
    clean``, for the commands that show one input whole (``explain``, ``report``). Raises
    :class:`InputError` or :class:`DecodeError` for an input that cannot be read at all."""
    if inp.format != "jsonl":
        text, meta, size = read_document(inp, stdin)
        return [(text, inp.rel, None, meta)], [], size
    errors: list[str] = []
    lines = []
    size = 0
    for number, line in iter_jsonl_lines(inp, stdin):
        size += len(line)
        lines.append((number, line))
    items = [
        (text, f"{inp.rel}:{number}", fields, meta)
        for number, text, meta, fields in jsonl_records(lines, inp, config, errors)
    ]
    return items, errors, size


def _clean_records(pending, inp: InputFile, config: RunConfig, result: FileResult) -> None:
    if not pending:
        return
    cleaner = get_cleaner(config.off_topic, config.model, config.trust_model, config.disable, config.favor)
    batch = cleaner.clean_batch(
        [(text, f"{inp.rel}:{number}", fields, meta) for number, text, meta, fields in pending],
        input_format="text",
        chunk_size=len(pending),
    )
    for (number, *_), item in zip(pending, batch, strict=True):
        result.records.extend(_record(d, number, config.text_field, config.removals) for d in item.documents)


class TimeBudgetExceeded(Exception):
    """Raised inside a worker when one input has used up its time budget."""


TIME_BUDGET = "time budget exceeded"  # the kind of failure TimeBudgetExceeded makes


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Interrupt the work inside after ``seconds`` (POSIX main thread only).

    Every pattern in cleaner is linear, so this never fires on real input; it
    is the guarantee that one pathological file reports instead of hanging a
    worker. Where a timer signal cannot be used (threads, Windows) it does
    nothing.
    """
    usable = (
        bool(seconds)
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def _expired(signum, frame):
        raise TimeBudgetExceeded()

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process_input(inp: InputFile, config: RunConfig, stdin: IO[bytes] | None = None) -> FileResult:
    """Clean one input. Never raises for bad input; see ``FileResult.error``."""
    result = FileResult(inp)
    started = time.perf_counter()
    try:
        with time_budget(config.time_budget):
            _process(inp, config, stdin, result)
    except TimeBudgetExceeded:
        result.records = []
        result.fail(f"time budget exceeded ({config.time_budget:g} s)", TIME_BUDGET)
    result.seconds = time.perf_counter() - started
    return result


@contextmanager
def _errors_into(result: FileResult) -> Iterator[None]:
    """Turn what bad input raises into ``result.error`` (a message naming the problem)."""
    try:
        yield
    except (InputError, DecodeError) as exc:
        result.fail(str(exc), exc.kind)
    except RecursionError:
        result.fail("input too deeply nested", "input too deeply nested")
    except MemoryError:
        result.fail("out of memory cleaning this input", "out of memory cleaning this input")


def _process(inp: InputFile, config: RunConfig, stdin: IO[bytes] | None, result: FileResult) -> None:
    if inp.format == "jsonl":
        with _errors_into(result):
            lines = list(iter_jsonl_lines(inp, stdin))
            result.bytes_in = sum(len(line) for _, line in lines)
            _jsonl_lines(lines, inp, config, result)
        return
    item = _prepare(inp, result, stdin)
    if item is not None:
        with _errors_into(result):
            cleaner = get_cleaner(
                config.off_topic, config.model, config.trust_model, config.disable, config.favor
            )
            docs = cleaner.clean_batch([(item[0], inp.rel, None, item[1])], input_format="text")[0].documents
            result.records = [_record(d, None, removals=config.removals) for d in docs]


def _prepare(
    inp: InputFile, result: FileResult, stdin: IO[bytes] | None = None
) -> tuple[str, dict[str, Any] | None] | None:
    """:func:`read_document`; None with ``result.error`` set if the input cannot be read."""
    with _errors_into(result):
        data = read_bytes(inp, stdin)
        result.bytes_in = len(data)
        return _extract(inp, data)
    return None


def process_many(inputs: list[InputFile], config: RunConfig) -> list[FileResult]:
    """Clean a chunk of files in one call: each is read on its own (its errors
    stay its own), then all their documents go through the pipeline together,
    so the classifier scores the whole chunk in one model call (a call costs
    about 2.5 ms whatever its size, as much as a small document's own work).

    Output is the same as cleaning the files one by one. If the chunk as a
    whole runs over one input's time budget, its files are cleaned again one
    by one, each with its own budget, so only a pathological file is reported.
    """
    results: list[FileResult | None] = [None] * len(inputs)
    prepared: list[tuple[int, str, dict[str, Any] | None]] = []
    for i, inp in enumerate(inputs):
        if inp.format == "jsonl" or inp.path == "-":
            results[i] = process_input(inp, config)
            continue
        result = FileResult(inp)
        started = time.perf_counter()
        item = None
        try:
            with time_budget(config.time_budget):
                item = _prepare(inp, result)
        except TimeBudgetExceeded:
            result.fail(f"time budget exceeded ({config.time_budget:g} s)", TIME_BUDGET)
        result.seconds = time.perf_counter() - started
        results[i] = result
        if item is not None:
            prepared.append((i, *item))
    if len({inputs[i].rel for i, _, _ in prepared}) < len(
        prepared
    ):  # documents are matched to files by source
        for i, _, _ in prepared:
            results[i] = process_input(inputs[i], config)
        prepared = []
    if prepared:
        cleaner = get_cleaner(
            config.off_topic, config.model, config.trust_model, disable=config.disable, favor=config.favor
        )
        started = time.perf_counter()
        try:
            # One input's budget for the whole chunk: real chunks take a fraction
            # of it, and a pathological file is found (cleaned alone) after one
            # budget, not one per file in the chunk.
            with time_budget(config.time_budget):
                batch = cleaner.clean_batch(
                    [(text, inputs[i].rel, None, meta) for i, text, meta in prepared],
                    input_format="text",
                    chunk_size=len(prepared),
                )
        except (TimeBudgetExceeded, RecursionError, MemoryError):
            # Clean the files alone: each gets its own budget and error message.
            for i, _, _ in prepared:
                results[i] = process_input(inputs[i], config)
        else:
            elapsed = time.perf_counter() - started
            total = sum(results[i].bytes_in for i, _, _ in prepared) or 1
            for (i, _, _), item in zip(prepared, batch, strict=True):
                r = results[i]
                r.records = [_record(d, None, removals=config.removals) for d in item.documents]
                r.seconds += elapsed * r.bytes_in / total
    return results  # type: ignore[return-value]


STREAM_BATCH = 256  # JSON Lines records per part of a streamed input


def iter_jsonl_lines(inp: InputFile, stdin: IO[bytes] | None = None) -> Iterator[tuple[int, bytes]]:
    """``(line number, line)`` of a JSON Lines input, read as a stream (``.gz`` too)."""
    import gzip

    if inp.path == "-":
        fh = stdin
        close = False
    else:
        try:
            # closed in the finally below, once the lines are read
            fh = gzip.open(inp.path, "rb") if inp.path.lower().endswith(".gz") else open(inp.path, "rb")  # noqa: SIM115
        except PermissionError:
            raise InputError("permission denied") from None
        except OSError as exc:
            raise InputError(exc.strerror or str(exc)) from None
        close = True
    try:
        for number, line in enumerate(fh, start=1):
            if line.strip():
                yield number, line
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read: {exc}", "cannot read") from None
    finally:
        if close:
            fh.close()


def clean_jsonl_batch(inp: InputFile, lines: list[tuple[int, bytes]], config: RunConfig) -> FileResult:
    """Clean one batch of JSON Lines records (a part of a streamed input)."""
    result = FileResult(inp, final=False)
    result.bytes_in = sum(len(line) for _, line in lines)
    started = time.perf_counter()
    try:
        with time_budget(config.time_budget):
            _jsonl_lines(lines, inp, config, result)
    except TimeBudgetExceeded:
        result.records = []
        first, last = lines[0][0], lines[-1][0]
        result.record_errors.append(
            f"{inp.path}:{first}-{last}: time budget exceeded ({config.time_budget:g} s)"
        )
    result.seconds = time.perf_counter() - started
    return result


def iter_jsonl_batches(
    inp: InputFile, stdin: IO[bytes] | None = None, size: int = STREAM_BATCH
) -> Iterator[list[tuple[int, bytes]]]:
    batch: list[tuple[int, bytes]] = []
    for item in iter_jsonl_lines(inp, stdin):
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
