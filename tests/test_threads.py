"""Native thread pools are limited to one thread while cleaner runs, and restored after."""

from __future__ import annotations

from threadpoolctl import threadpool_info

import cleaner
from cleaner.threads import single_threaded


def _threads() -> dict[str, int]:
    return {f"{i['user_api']}:{i['filepath']}": i["num_threads"] for i in threadpool_info()}


def test_single_threaded_limits_pools_and_restores_them():
    # loads numpy/sklearn pools
    cleaner.clean("A first paragraph of plain article text that ends with a full stop.")
    before = _threads()
    assert before  # numpy's BLAS at least
    with single_threaded():
        assert all(n == 1 for n in _threads().values())
    assert _threads() == before


def test_pipeline_runs_inside_the_limit():
    seen = []

    class Probe:
        name = "probe"

        def __call__(self, docs):
            seen.append(max(_threads().values()))
            return docs

    c = cleaner.Cleaner(model=None)
    c.pipeline.stages.append(Probe())
    c.clean_documents("Some text here that is long enough to be a paragraph of an article.")
    assert seen == [1]


def test_overlapping_threads_restore_the_pools_once_the_last_one_leaves():
    import threading

    cleaner.clean("A first paragraph of plain article text that ends with a full stop.")
    before = _threads()
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen_in_second = []

    def first():
        with single_threaded():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def second():
        a_in.wait(5)
        with single_threaded():
            b_in.set()
            a_out.wait(5)
            seen_in_second.append(_threads())

    ts = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert seen_in_second  # (what a pool reports inside another thread depends on the library)
    assert _threads() == before  # restored, not left at one thread


def _fresh(code: str, **env: str) -> str:
    import os
    import subprocess
    import sys

    environ = {k: v for k, v in os.environ.items() if k != "OPENBLAS_THREAD_TIMEOUT"} | env
    return subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True,
                          check=True).stdout.split()


_SPIN_PROBE = """
import os, sys
import cleaner
print(os.environ.get("OPENBLAS_THREAD_TIMEOUT", "-"), "numpy" in sys.modules)
cleaner.clean("A first paragraph of plain article text that ends with a full stop.")
print(os.environ.get("OPENBLAS_THREAD_TIMEOUT", "-"))
"""


def test_the_blas_spin_is_shortened_only_until_numpy_has_read_it():
    from cleaner.threads import BLAS_SPIN_EXPONENT

    assert _fresh(_SPIN_PROBE) == [BLAS_SPIN_EXPONENT, "False", "-"]


def test_a_spin_the_user_set_is_left_alone():
    assert _fresh(_SPIN_PROBE, OPENBLAS_THREAD_TIMEOUT="10") == ["10", "False", "10"]
    assert _fresh("import numpy, os, cleaner\ncleaner.clean('Some words of text.')\n"
                  "print(os.environ.get('OPENBLAS_THREAD_TIMEOUT', '-'))") == ["-"]
