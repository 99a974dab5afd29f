"""Finding inputs, reading them safely, and writing outputs atomically.

The input tree is only ever read. Every output is written to a temporary file
beside its destination and renamed into place, so an interrupted run leaves
either a complete file or none.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".mdown"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
COMPRESSED_SUFFIXES = {".gz"}
MAX_INPUT_BYTES = 512 * 1024 * 1024  # a single file larger than this is refused, not read into memory


class InputError(Exception):
    """A problem with one input; the run reports it and goes on."""


@dataclass(frozen=True)
class InputFile:
    """One input to clean: its path, its path relative to the argument, its format."""

    path: str  # filesystem path, or "-" for stdin
    rel: str  # path relative to the directory argument (or as given for a file argument)
    format: str  # "text" | "jsonl" | "html"


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
    if name.startswith("."):
        return False
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    suffix = os.path.splitext(lower)[1]
    if forced and forced != "auto":
        return True
    return suffix in TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES


def discover(paths: list[str], *, exclude: list[str] = (), forced_format: str | None = None) -> Iterator[InputFile | InputError]:
    """Yield the inputs named by ``paths``; directories are walked recursively.

    Hidden files, files with unknown suffixes inside directories, and the
    output/rejects directories themselves (``exclude``) are skipped. Symlinked
    directories are not followed, so a symlink loop cannot trap the walk.
    Problems (a missing path) are yielded as :class:`InputError` so the caller
    can report them and go on.
    """
    excluded = {os.path.realpath(e) for e in exclude if e}
    for arg in paths:
        if arg == "-":
            yield InputFile("-", "-", forced_format if forced_format and forced_format != "auto" else "text")
            continue
        if os.path.isdir(arg):
            root = arg
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames[:] = sorted(
                    d for d in dirnames if not d.startswith(".") and os.path.realpath(os.path.join(dirpath, d)) not in excluded
                )
                for name in sorted(filenames):
                    if not _wanted(name, forced_format):
                        continue
                    full = os.path.join(dirpath, name)
                    rel = os.path.relpath(full, root)
                    yield InputFile(full, rel, input_format(full, forced_format))
        elif os.path.exists(arg) or os.path.islink(arg):
            yield InputFile(arg, arg, input_format(arg, forced_format))
        else:
            yield InputError(f"{arg}: no such file or directory")


def read_bytes(inp: InputFile, stdin: IO[bytes] | None = None) -> bytes:
    """Read an input's bytes, decompressing ``.gz``; raise :class:`InputError` on failure."""
    if inp.path == "-":
        assert stdin is not None
        return stdin.read()
    try:
        size = os.path.getsize(inp.path)
        if size > MAX_INPUT_BYTES:
            raise InputError(f"file too large ({size} bytes; limit {MAX_INPUT_BYTES})")
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
            raise InputError(f"bad gzip data: {exc}") from None
    return data


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


@contextmanager
def atomic_write(path: str | Path, *, binary: bool = False) -> Iterator[IO]:
    """Write ``path`` through a temporary file in the same directory.

    On success the temporary file replaces ``path`` in one rename; on any
    error or interrupt (Ctrl-C included) it is removed and ``path`` is left as
    it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Ctrl-C between creating the temporary file and entering the cleanup
    # block below would leave a .part file behind: hold SIGINT off meanwhile.
    blocked = _block_sigint()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    finally:
        _restore_sigint(blocked)
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def output_stem(rel: str) -> str:
    """The output path of an input without its suffixes: ``a/b.txt.gz`` -> ``a/b``."""
    if rel == "-":
        return "stdin"
    p = Path(rel)
    name = p.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem = os.path.splitext(name)[0] or name
    # A relative path is mirrored below the output directory; an absolute one
    # or one climbing with ".." keeps only its file name (never a tree of
    # /tmp/... inside the output, never a path outside it).
    if p.is_absolute() or ".." in p.parts:
        return stem
    parts = [part for part in p.parent.parts if part not in (".", "")]
    return str(Path(*parts, stem)) if parts else stem


def document_filename(rel: str, index: int, record: int | None = None, suffix: str = ".txt") -> str:
    """Output file for a document: ``a/b.txt`` for the first, ``a/b.1.txt`` for the second, ...

    Documents from JSON Lines records carry the record's line number:
    ``a/b.17.txt`` (and ``a/b.17.1.txt`` for a second document in it).
    """
    stem = output_stem(rel)
    if record is not None:
        stem = f"{stem}.{record}"
    if index:
        stem = f"{stem}.{index}"
    return stem + suffix
