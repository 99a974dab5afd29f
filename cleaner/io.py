"""Finding inputs, naming their outputs, reading them safely, and writing outputs atomically.

The input tree is only ever read. Every output is written to a temporary file
beside its destination and renamed into place, so an interrupted run leaves
either a complete file or none.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".mdown"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
COMPRESSED_SUFFIXES = {".gz"}
SUPPORTED_SUFFIXES = sorted(TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES)
MAX_INPUT_BYTES = 512 * 1024 * 1024  # a single file larger than this is refused, not read into memory
STDIN_SNIFF_LINES = 10_000  # blank lines read from stdin before giving up on finding its first record


class InputError(Exception):
    """A problem with one input; the run reports it and goes on.

    ``kind`` names the problem without its details ("file too large", not
    the sizes): the run's summary counts failures by it. It defaults to the
    message, for messages that carry no details.
    """

    def __init__(self, message: str, kind: str | None = None):
        super().__init__(message)
        self.kind = kind or message


@dataclass(frozen=True)
class InputFile:
    """One input to clean: its path, its path relative to the argument, its format.

    ``name`` is where its outputs go below ``--output`` (its relative path with
    every suffix); ``None`` means ``rel``. It differs from ``rel`` for files
    given by absolute path (or with ``..``): enough trailing components of the
    path to tell them apart (see :func:`assign_output_names`).
    """

    path: str  # filesystem path, or "-" for stdin
    rel: str  # path relative to the directory argument (or as given for a file argument)
    format: str  # "text" | "jsonl" | "html"
    name: str | None = None

    @property
    def out_name(self) -> str:
        return self.name if self.name is not None else self.rel


@dataclass(frozen=True)
class Unsupported:
    """A file inside a directory argument that is not cleaned: its suffix is not a supported one."""

    path: str


def input_format(path: str, forced: str | None = None) -> str:
    """The input format of a file, from ``--input-format`` or its suffix."""
    if forced and forced != "auto":
        return forced
    p = Path(path)
    suffixes = [s.lower() for s in p.suffixes[-2:]]
    if suffixes and suffixes[-1] in COMPRESSED_SUFFIXES:
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    if last in JSONL_SUFFIXES:
        return "jsonl"
    if last in HTML_SUFFIXES:
        return "html"
    return "text"


def _wanted(name: str, forced: str | None) -> bool:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    suffix = os.path.splitext(lower)[1]
    if forced and forced != "auto":
        return True
    return suffix in TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES


def _floating(arg: str) -> bool:
    """A file argument whose path cannot be mirrored as given: absolute, or climbing with ``..``."""
    return os.path.isabs(arg) or ".." in Path(arg).parts


def discover(paths: list[str], *, exclude: list[str] = (), forced_format: str | None = None,
             ) -> Iterator[InputFile | InputError | Unsupported]:
    """Yield the inputs named by ``paths``; directories are walked recursively.

    Hidden files and the output/rejects directories themselves (``exclude``)
    are skipped silently; files with unknown suffixes inside directories are
    yielded as :class:`Unsupported`, so the run can count and name them.
    Symlinked directories are not followed, so a symlink loop cannot trap the
    walk. Problems (a missing path) are yielded as :class:`InputError` so the
    caller can report them and go on. A path named twice is cleaned once.
    """
    excluded = {os.path.realpath(e) for e in exclude if e}
    seen: set[str] = set()
    for arg in paths:
        if arg == "-":
            if "-" not in seen:
                seen.add("-")
                fmt = forced_format if forced_format and forced_format != "auto" else "auto"
                yield InputFile("-", "-", fmt, "-")
            continue
        if os.path.isdir(arg):
            root = arg
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames[:] = sorted(
                    d for d in dirnames
                    if not d.startswith(".") and os.path.realpath(os.path.join(dirpath, d)) not in excluded
                )
                for name in sorted(filenames):
                    if name.startswith("."):
                        continue
                    full = os.path.join(dirpath, name)
                    if not _wanted(name, forced_format):
                        yield Unsupported(full)
                        continue
                    if full in seen:
                        continue
                    seen.add(full)
                    rel = os.path.relpath(full, root)
                    yield InputFile(full, rel, input_format(full, forced_format), rel)
        elif os.path.exists(arg) or os.path.islink(arg):
            if arg in seen:
                continue
            seen.add(arg)
            name = None if _floating(arg) else os.path.normpath(arg)
            yield InputFile(arg, arg, input_format(arg, forced_format), name)
        else:
            yield InputError(f"{arg}: no such file or directory")


# ---------------------------------------------------------------- output names
def _stem(name: str, suffix: str) -> str:
    """``name`` without ``suffix`` when it ends with it (``a/b.txt`` -> ``a/b`` for txt output)."""
    if name == "-":
        return "stdin"
    base = os.path.basename(name)
    if base.endswith(suffix) and len(base) > len(suffix):
        return name[: -len(suffix)]
    return name


def document_filename(name: str, index: int = 0, record: int | None = None) -> str:
    """txt output of a document: the input's name with ``.txt`` appended unless it ends in it.

    ``a/b.txt`` -> ``a/b.txt``, ``a/b.md`` -> ``a/b.md.txt``, ``a/b.html`` ->
    ``a/b.html.txt``; further documents of the input add their index before
    the suffix (``a/b.1.txt``, ``a/b.md.1.txt``), documents of a JSON Lines
    input their record's line number (``a/b.jsonl.17.txt``, then
    ``a/b.jsonl.17.1.txt``). Keeping the input's suffix is what keeps
    ``story.txt``, ``story.md`` and ``story.html`` apart.
    """
    stem = _stem(name, ".txt")
    if record is not None:
        stem = f"{stem}.{record}"
    if index:
        stem = f"{stem}.{index}"
    return stem + ".txt"


def jsonl_filename(name: str) -> str:
    """jsonl output of an input: ``a/b.jsonl`` -> ``a/b.jsonl``, ``a/b.txt`` -> ``a/b.txt.jsonl``."""
    return _stem(name, ".jsonl") + ".jsonl"


def rejects_filename(name: str) -> str:
    """Rejects of an input: ``a/b.txt`` -> ``a/b.rejects.jsonl``, ``a/b.md`` -> ``a/b.md.rejects.jsonl``."""
    return _stem(name, ".txt") + ".rejects.jsonl"


def done_marker_filename(name: str) -> str:
    """The marker that a JSON Lines input was cleaned to txt files (its documents are named by
    record, so no single one of them proves the input complete): ``a/.b.jsonl.done``."""
    head, base = os.path.split(_stem(name, ".txt"))
    return os.path.join(head, f".{base}.done")


def primary_output(name: str, fmt: str) -> str:
    """The output every input gets first (the one ``--resume`` looks for, txt JSON Lines aside)."""
    return jsonl_filename(name) if fmt == "jsonl" else document_filename(name)


def _tail(path: str, k: int) -> str:
    parts = [p for p in Path(os.path.abspath(path)).parts if p != Path(path).anchor and p != os.sep]
    return str(Path(*parts[-k:]))


def assign_output_names(inputs: list[InputFile], fmt: str) -> list[InputFile]:
    """Give files named by absolute path (or with ``..``) the shortest trailing part of their path
    whose output name no other input has: ``/x/in/article.txt`` and ``/y/in/article.txt`` become
    ``x/in/article.txt`` and ``y/in/article.txt``; a lone ``/tmp/a.txt`` stays ``a.txt``."""
    depth = {i: 1 for i, inp in enumerate(inputs) if inp.name is None}
    if not depth:
        return inputs
    max_depth = {i: len(Path(os.path.abspath(inputs[i].path)).parts) - 1 for i in depth}

    def name_of(i: int) -> str:
        return _tail(inputs[i].path, depth[i]) if i in depth else inputs[i].out_name

    while True:
        counts = Counter(primary_output(name_of(i), fmt) for i in range(len(inputs)))
        grow = [i for i in depth if counts[primary_output(name_of(i), fmt)] > 1 and depth[i] < max_depth[i]]
        if not grow:
            break
        for i in grow:
            depth[i] += 1
    return [dataclasses.replace(inp, name=name_of(i)) if i in depth else inp for i, inp in enumerate(inputs)]


def first_collision(inputs: Iterable[InputFile], fmt: str, output: str | None,
                    rejects: str | None) -> tuple[InputFile, InputFile, str] | None:
    """Two inputs whose first outputs (or rejects files) would be the same file, if any."""
    owner: dict[str, InputFile] = {}
    for inp in inputs:
        targets = []
        if output:
            targets.append(os.path.join(output, primary_output(inp.out_name, fmt)))
        if rejects:
            targets.append(os.path.join(rejects, rejects_filename(inp.out_name)))
        for target in targets:
            key = os.path.normpath(os.path.abspath(target))
            other = owner.setdefault(key, inp)
            if other is not inp:
                return other, inp, target
    return None


def _within(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def output_over_input(paths: Iterable[str], outputs: Iterable[tuple[str, str | None]]) -> str | None:
    """Why writing to these output directories could overwrite an input, or None.

    An output (``--output`` or ``--rejects``) that is an input, or holds one,
    is refused. One inside an input directory is fine: the walk skips it.
    """
    for option, out in outputs:
        if not out:
            continue
        real_out = os.path.realpath(out)
        for arg in paths:
            if arg == "-":
                continue
            if _within(os.path.realpath(arg), real_out):
                what = "is" if os.path.realpath(arg) == real_out else "holds"
                return f"{option} {out} {what} the input {arg}: cleaner never writes where its inputs are"
    return None


# ---------------------------------------------------------------- reading
def read_bytes(inp: InputFile, stdin: IO[bytes] | None = None) -> bytes:
    """Read an input's bytes, decompressing ``.gz``; raise :class:`InputError` on failure."""
    if inp.path == "-":
        assert stdin is not None
        return stdin.read()
    try:
        size = os.path.getsize(inp.path)
        if size > MAX_INPUT_BYTES:
            raise InputError(f"file too large ({size} bytes; limit {MAX_INPUT_BYTES})", "file too large")
        if not os.path.isfile(inp.path):
            raise InputError("not a regular file")
        with open(inp.path, "rb") as fh:
            data = fh.read()
    except InputError:
        raise
    except PermissionError:
        raise InputError("permission denied") from None
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    if inp.path.lower().endswith(".gz"):
        import gzip
        import zlib

        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"bad gzip data: {exc}", "bad gzip data") from None
    return data


class ReplayedStream:
    """A binary stream whose first lines were already read (to sniff it) and are read again."""

    def __init__(self, head: list[bytes], rest: IO[bytes]):
        self._head = head
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        head, self._head = b"".join(self._head), []
        return head + self._rest.read()

    def __iter__(self) -> Iterator[bytes]:
        while self._head:
            yield self._head.pop(0)
        yield from self._rest


def sniff_stdin(stdin: IO[bytes]) -> tuple[str, ReplayedStream]:
    """``("jsonl", stream)`` when the first non-blank line of ``stdin`` is a JSON object,
    else ``("auto", stream)`` (text, or HTML detected later); the stream still holds every byte."""
    import orjson

    head: list[bytes] = []
    fmt = "auto"
    for _ in range(STDIN_SNIFF_LINES):
        line = stdin.readline()
        if not line:
            break
        head.append(line)
        if line.strip():
            if line.lstrip().startswith(b"{"):
                with suppress(orjson.JSONDecodeError):
                    fmt = "jsonl" if isinstance(orjson.loads(line), dict) else "auto"
            break
    return fmt, ReplayedStream(head, stdin)


# ---------------------------------------------------------------- writing
def _block_sigint():
    import signal
    import threading

    if hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread():
        return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    return None


def _restore_sigint(previous) -> None:
    import signal

    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


_UMASK: int | None = None


def _file_mode() -> int:
    """The mode ``open()`` would give a new file under this process's umask (0644 under 022)."""
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return 0o666 & ~_UMASK


@contextmanager
def atomic_write(path: str | Path, *, binary: bool = False) -> Iterator[IO]:
    """Write ``path`` through a temporary file in the same directory.

    On success the temporary file replaces ``path`` in one rename; on any
    error or interrupt (Ctrl-C included) it is removed and ``path`` is left as
    it was. The file gets the permissions of any file created under the
    user's umask (the temporary file is made private, 0600, by ``mkstemp``).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Ctrl-C while the temporary file is created would leave a .part file behind: SIGINT is held
    # off meanwhile, and a Ctrl-C that arrives as it is let through again is inside the cleanup.
    fd = tmp = fh = None
    blocked = _block_sigint()
    try:
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        finally:
            _restore_sigint(blocked)
        fh = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        with fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), _file_mode())
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if fh is None and fd is not None:
            os.close(fd)
        if tmp is not None:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
        raise


def write_whole(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as :func:`atomic_write` does (a temporary file, flushed to
    disk, renamed into place), for a caller that has the whole content at once."""
    with atomic_write(path, binary=True) as fh:
        fh.write(data)


@dataclass
class CommitFailure:
    """A file the :class:`Committer` could not put in place: the tag it was given, and why."""

    tag: str
    path: str
    error: Exception  # an OSError, unless something else went wrong writing the file
    lost: int  # documents of the tag not written: this file's, then those of the tag's skipped files


class Committer:
    """Writes whole files in a thread of its own, in the order they were handed over.

    Flushing a file to disk waits on the device, for milliseconds per file on
    a busy machine, while the run could be cleaning the next input. Each file
    is still written by :func:`write_whole` (temporary file, flushed, renamed),
    one after the other, so a file that exists is complete and files appear in
    submission order (``--resume`` relies on an input's first document
    appearing last). The caller hands over bytes only: it never holds a
    temporary file, so a Ctrl-C in the caller cannot leave one behind, and
    :meth:`close` (or :meth:`abort`) waits for the file being written, so
    neither does the thread. Once a file of a tag fails, the tag's later files
    are skipped (as a synchronous writer stops at its first error), and the
    failure is kept for :meth:`failures`.
    """

    QUEUED = 64  # files waiting at most: bounds the memory held and the wait in close()

    def __init__(self) -> None:
        import queue

        self._queue: queue.Queue = queue.Queue(maxsize=self.QUEUED)
        self._thread = None
        self._failed: dict[str, CommitFailure] = {}  # by tag: its first failure
        self._all: list[CommitFailure] = []
        self._new: list[CommitFailure] = []
        self._lock = threading.Lock()
        self._discard = False

    def submit(self, path: str | Path, data: bytes, tag: str = "", docs: int = 0) -> None:
        """Queue ``data`` for ``path``; ``docs``: how many documents the file holds (for failures)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="cleaner-commit", daemon=True)
            self._thread.start()
        self._queue.put((path, data, tag, docs))

    def _run(self) -> None:
        import signal

        # Ctrl-C is the main thread's to handle, and atomic_write holds it off there while a
        # temporary file is made: a signal this thread took would get past that.
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        while True:
            job = self._queue.get()
            if job is None:
                return
            path, data, tag, docs = job
            with self._lock:
                failed = self._failed.get(tag) if tag else None
                if failed is not None or self._discard:
                    if failed is not None:
                        failed.lost += docs
                    continue
            try:
                write_whole(path, data)
            except Exception as exc:  # noqa: BLE001 (any error is the file's: the thread must go on taking jobs)
                failure = CommitFailure(tag, str(path), exc, docs)
                with self._lock:
                    if tag:
                        self._failed[tag] = failure
                    self._all.append(failure)
                    self._new.append(failure)

    def failures(self) -> list[CommitFailure]:
        """The failures not yet returned (each tag's first); call :meth:`close` first for all of them."""
        with self._lock:
            new, self._new = self._new, []
        return new

    def lost(self) -> int:
        """Documents not written because of a failure, over the whole run (after :meth:`close`)."""
        with self._lock:
            return sum(f.lost for f in self._all)

    def close(self, *, discard: bool = False) -> None:
        """Wait until every queued file is written (``discard``: drop those not started)."""
        if self._thread is None:
            return
        with self._lock:
            self._discard = self._discard or discard
        self._queue.put(None)
        self._thread.join()
        self._thread = None


def human_bytes(n: float) -> str:
    """``1234567`` as ``1.2 MB`` (decimal units, as file sizes are shown)."""
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"
