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
