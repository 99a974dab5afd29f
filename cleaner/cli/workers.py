"""Where a run's inputs are cleaned: here, in forked worker processes, or on a Dask cluster.

Results always come back in input order, so the writer writes what a
one-process run writes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ..batch import FileResult, RunConfig, clean_jsonl_batch, iter_jsonl_batches, process_input, process_many
from ..io import InputError, InputFile

LOCAL_CHUNK = 16  # files per pipeline run in one process: one model call each


def chunks(items: list[InputFile], size: int) -> Iterator[list[InputFile]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def run_inputs(
    inputs: list[InputFile],
    config: RunConfig,
    jobs: int,
    dask_scheduler: str | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[FileResult]:
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


def forks() -> bool:
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


def parallel_map(jobs: int, func, arg_tuples: Iterable[tuple], window: int = 2) -> Iterator[Any]:
    """``func(*args)`` for each tuple, in ``jobs`` worker processes, in order.

    At most ``window * jobs`` calls are pending at once, so a streamed input
    (JSON Lines batches) is read only as fast as it is cleaned. Results are
    yielded in order, so one slow call holds back the ones after it: a wider
    window keeps the other workers busy meanwhile, at the cost of holding
    more finished results. A worker that dies (killed for memory, say)
    raises here instead of hanging the run.
    """
    if not forks():
        from joblib import Parallel, delayed

        yield from Parallel(
            n_jobs=jobs, return_as="generator", backend="loky", batch_size=1, pre_dispatch=f"{window}*n_jobs"
        )(delayed(func)(*args) for args in arg_tuples)
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


def _run_files(
    inputs: list[InputFile], config: RunConfig, jobs: int, dask_scheduler: str | None, stdin: IO[bytes]
) -> Iterator[FileResult]:
    if not inputs:
        return
    if dask_scheduler:
        from ..integrations.dask import run_chunks

        chunk = max(1, min(64, len(inputs) // 64 or 1))
        for results in run_chunks(dask_scheduler, process_many, [(c, config) for c in chunks(inputs, chunk)]):
            yield from results
        return
    if jobs <= 1 or len(inputs) <= 1:
        files = [inp for inp in inputs if inp.path != "-"]
        if len(files) < len(inputs):  # stdin is read here, in order
            for inp in inputs:
                yield process_input(inp, config, stdin=stdin)
            return
        for chunk in chunks(files, LOCAL_CHUNK):
            yield from process_many(chunk, config)
        return
    # About 32 chunks per worker: few enough that per-call overhead stays small,
    # many enough that no worker is left alone with a long last chunk. Chunks
    # of files vary in cost (one long page can make a chunk several times
    # slower), so eight per worker may be pending while a slow one finishes.
    chunk = max(1, min(64, len(inputs) // (jobs * 32) or 1))
    for results in parallel_map(jobs, process_many, ((c, config) for c in chunks(inputs, chunk)), window=8):
        yield from results


def _run_jsonl(
    inp: InputFile, config: RunConfig, jobs: int, dask_scheduler: str | None, stdin: IO[bytes]
) -> Iterator[FileResult]:
    batches = iter_jsonl_batches(inp, stdin)
    try:
        if dask_scheduler:
            from ..integrations.dask import run_chunks

            results = run_chunks(dask_scheduler, clean_jsonl_batch, ((inp, b, config) for b in batches))
        elif jobs > 1:
            results = parallel_map(jobs, clean_jsonl_batch, ((inp, b, config) for b in batches))
        else:
            results = (clean_jsonl_batch(inp, b, config) for b in batches)
        yield from results
    except InputError as exc:
        yield FileResult(inp, error=str(exc), error_kind=exc.kind)
        return
    yield FileResult(inp, final=True)
