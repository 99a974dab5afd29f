"""One native thread per cleaning call: BLAS and OpenMP pools limited while cleaner runs.

cleaner's numeric work comes in small pieces (one document's blocks, one
document's word vectors). Native thread pools only add cost there: OpenBLAS
and OpenMP threads spin while waiting, which costs CPU time (on a busy
2-core machine it doubled cleaner's), and an OpenMP pool started in a
parent process hangs forked children (datasets' ``num_proc``, Dask).
Parallelism is cleaner's own business (``--jobs``: processes).

The limits apply only inside :func:`single_threaded` and are restored
after it (BLAS pools, which are per process, when the last cleaning thread
leaves), so a library user's own numpy or scikit-learn code is unaffected.
Finding the loaded libraries means reading the process's memory map, so the
controller is built once and rebuilt only if new native libraries appear.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_controller = None
_modules_seen = 0
_active = 0  # threads inside single_threaded()
_blas = None  # the process-wide BLAS limit in force while _active > 0


def _get_controller():
    """The process's thread pools (call with ``_lock`` held)."""
    global _controller, _modules_seen
    from threadpoolctl import ThreadpoolController

    n = len(sys.modules)
    if _controller is None or n != _modules_seen:
        # A module imported since the last scan may have loaded a new pool.
        _controller = ThreadpoolController()
        _modules_seen = n
    return _controller


@contextlib.contextmanager
def single_threaded() -> Iterator[None]:
    """Limit BLAS and OpenMP pools to one thread for the duration of the block.

    Re-entrant and thread-safe. OpenMP's setting belongs to the calling
    thread, so each thread limits and restores its own. BLAS pools belong to
    the process: the first thread in limits them, the last one out restores
    them as they were.
    """
    global _active, _blas
    with _lock:
        controller = _get_controller()
        if _active == 0:
            _blas = controller.limit(limits=1, user_api="blas")
        _active += 1
    openmp = controller.limit(limits=1, user_api="openmp")
    try:
        yield
    finally:
        openmp.restore_original_limits()
        with _lock:
            _active -= 1
            if _active == 0 and _blas is not None:
                _blas.restore_original_limits()
                _blas = None
