"""Writing a run's results: txt or jsonl files (or stdout) in input order, and the rejects.

Every output goes through :func:`~cleaner.io.atomic_write`, so an interrupted
run leaves complete files or none. Files whose whole content is at hand are
handed to a :class:`~cleaner.io.Committer`, which writes them in order in a
thread of its own, so the run goes on cleaning while each is flushed to disk;
the parts of a streamed input's output are written here, as they come.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import orjson

from ..batch import FileResult
from ..io import (
    CommitFailure,
    Committer,
    InputError,
    InputFile,
    atomic_write,
    document_filename,
    done_marker_filename,
    jsonl_filename,
    primary_output,
    rejects_filename,
)


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
        self.committer = Committer()

    def claim(self, inp: InputFile, targets: Iterable[Path]) -> None:
        """Make ``targets`` the outputs of ``inp``; :class:`OutputCollision` if one is another input's."""
        keys = [os.path.normpath(os.path.abspath(t)) for t in targets]
        for key, target in zip(keys, targets, strict=True):
            owner = self._owner.get(key)
            if owner is not None and owner != inp.path:
                raise OutputCollision(
                    f"its output {target} is also the output of {owner} (rename one of them)"
                )
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
        """Discard unfinished streamed outputs (of one input, or all): nothing half-written remains.
        For the whole run, files queued and not yet started are dropped too."""
        for kind, target in list(self._open):
            if inp is None or kind.split(":", 1)[1] == inp.path:
                self._close(kind, Path(target), commit=False)
        if inp is None:
            self.committer.close(discard=True)

    def close(self) -> None:
        """Wait until every output is in place (then :meth:`failures` has them all)."""
        self.committer.close()

    def failures(self) -> list[CommitFailure]:
        """Outputs that could not be written since the last call (see :class:`~cleaner.io.Committer`)."""
        return self.committer.failures()

    def _whole(self, kind: str, inp: InputFile, target: Path, data: bytes, docs: int) -> None:
        """Write one whole output of ``inp``: queued, unless earlier parts of it are being streamed."""
        if (kind + ":" + inp.path, str(target)) in self._open:
            self._file(kind + ":" + inp.path, target).write(data)
            self._close(kind + ":" + inp.path, target)
        else:
            self.committer.submit(target, data, tag=inp.path, docs=docs)

    def write(self, result: FileResult) -> None:
        records = result.records
        inp = result.inp
        if self.output and self.fmt == "txt":
            targets = [
                Path(self.output) / document_filename(inp.out_name, r["index"], r["record"]) for r in records
            ]
            self.claim(inp, targets)
        if self.rejects:
            self.write_rejects(result)
        if self.fmt == "jsonl":
            lines = b"".join(orjson.dumps(r["out"]) + b"\n" for r in records)
            self.bytes_out += sum(len(r["text"].encode()) for r in records)
            if self.output:
                target = Path(self.output) / jsonl_filename(inp.out_name)
                if result.final:
                    self._whole("out", inp, target, lines, len(records))
                else:
                    self._file("out:" + inp.path, target).write(lines)
            else:
                self.stdout.write(lines)
                self.stdout.flush()
            return
        # txt: one file per document; the first document of an input is written last, so its
        # presence means the whole input is done (used by --resume). A JSON Lines input's
        # documents are named by record: a marker written after its last one says it is done.
        if self.output:
            ordered = sorted(
                zip(records, targets, strict=True),
                key=lambda rt: (
                    rt[0]["index"] == 0 and rt[0]["record"] is None,
                    rt[0]["record"] or 0,
                    rt[0]["index"],
                ),
            )
            for rec, target in ordered:
                data = rec["text"].encode("utf-8")
                self.bytes_out += len(data)
                self.committer.submit(target, data + b"\n" if data else data, tag=inp.path, docs=1)
            if inp.format == "jsonl" and result.final and inp.path != "-":
                marker = Path(self.output) / done_marker_filename(inp.out_name)
                self.committer.submit(marker, f"{inp.path}\n".encode(), tag=inp.path)
        else:
            for rec in records:
                if rec["text"]:
                    self.stdout.write(rec["text"].encode("utf-8") + b"\n\n")
                    self.bytes_out += len(rec["text"].encode())
            self.stdout.flush()

    def write_rejects(self, result: FileResult) -> None:
        rows = []
        for rec in result.records:
            for r in rec["removals"]:
                rows.append(orjson.dumps({"source": rec["source"], "index": rec["index"], **r}) + b"\n")
        if result.error:
            rows.append(orjson.dumps({"source": result.inp.rel, "error": result.error}) + b"\n")
        target = Path(self.rejects) / rejects_filename(result.inp.out_name)
        if result.final or result.error:
            self._whole("rejects", result.inp, target, b"".join(rows), 0)
        else:
            self._file("rejects:" + result.inp.path, target).writelines(rows)

    def done_path(self, inp: InputFile) -> Path | None:
        """The output whose presence means ``inp`` was fully cleaned (for --resume)."""
        if not self.output or inp.path == "-":
            return None
        if self.fmt == "jsonl":
            return Path(self.output) / jsonl_filename(inp.out_name)
        if inp.format == "jsonl":
            return Path(self.output) / done_marker_filename(inp.out_name)
        return Path(self.output) / document_filename(inp.out_name)
