"""One native thread per cleaning call: BLAS and OpenMP pools limited while cleaner runs.

cleaner's numeric work comes in small pieces (one document's blocks, one
document's word vectors). Native thread pools only add cost there: OpenBLAS
and OpenMP threads spin while waiting, which doubles CPU time on an idle
machine and is far worse on a busy one, and an OpenMP pool started in a
parent process hangs forked children (datasets' ``num_proc``, Dask).
Parallelism is cleaner's own business (``--jobs``: processes).

The limits apply only inside :func:`single_threaded` and are restored after
it, so a library user's own numpy or scikit-learn code is unaffected.
Finding the loaded libraries means reading the process's memory map, so the
controller is built once and rebuilt only if new native libraries appear.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from typing import Iterator

_lock = threading.Lock()
_controller = None
_modules_seen = 0


def _get_controller():
    global _controller, _modules_seen
    from threadpoolctl import ThreadpoolController

    with _lock:
        n = len(sys.modules)
        if _controller is None or n != _modules_seen:
            # A module imported since the last scan may have loaded a new pool.
            _controller = ThreadpoolController()
            _modules_seen = n
        return _controller


@contextlib.contextmanager
def single_threaded() -> Iterator[None]:
    """Limit BLAS and OpenMP pools to one thread for the duration of the block."""
    with _get_controller().limit(limits=1):
        yield
