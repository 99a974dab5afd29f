"""cleaner on a dask.distributed cluster (the ``dask`` extra).

- ``cleaner clean PATH --output DIR --dask-scheduler tcp://host:8786`` spreads
  the files (and the record batches of JSON Lines files) over the cluster's
  workers and writes exactly what a local run writes: results come back in
  input order and are written by the client.
- :func:`clean_bag` cleans a dask bag of texts or of records (dicts with a
  text field); :func:`clean_dataframe_column` cleans a text column of a dask
  DataFrame.

Workers need cleaner installed; each builds its :class:`~cleaner.Cleaner`
once per process (``get_cleaner`` is cached), not once per task.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any


def run_chunks(address: str, fn: Callable, args: Iterable[tuple], window: int | None = None) -> Iterator[Any]:
    """``fn(*a)`` for each ``a`` of ``args`` on the cluster at ``address``, results in order.

    At most ``window`` tasks are in flight (default: four per worker thread),
    so a huge input streams through instead of being submitted at once.
    """
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        if window is None:
            threads = sum(client.nthreads().values()) or 1
            window = 4 * threads
        inflight: deque = deque()
        for a in args:
            inflight.append(client.submit(fn, *a, pure=False))
            if len(inflight) >= window:
                yield inflight.popleft().result()
        while inflight:
            yield inflight.popleft().result()


def _clean_partition(items: list, text_field: str | None, off_topic: str, model: str | None) -> list:
    from ..api import get_cleaner

    cleaner = get_cleaner(off_topic, model)
    if text_field is None:
        texts = [item if isinstance(item, (str, bytes)) else "" for item in items]
        return [result.text for result in cleaner.clean_batch(_numbered(texts))]
    records = [dict(item) for item in items]
    results = cleaner.clean_batch(_numbered([rec.get(text_field) or "" for rec in records]))
    for rec, result in zip(records, results, strict=True):
        main = result.main
        rec[text_field] = result.text
        # A record's own fields are never replaced (not even an empty one): what cleaner found
        # fills the ones it lacks, and removal counts (of every document in it) go under a name of its own.
        for key in ("title", "url", "date"):
            if main is not None and getattr(main, key) and key not in rec:
                rec[key] = getattr(main, key)
        rec["cleaner_removed"] = result.removal_counts()
    return records


def _numbered(texts: list) -> list[tuple[str | bytes, str]]:
    """Texts with a source each (their position), so that clean_batch cleans them together."""
    return [(text, f"item:{k}") for k, text in enumerate(texts)]


def clean_bag(bag, text_field: str | None = None, *, off_topic: str = "drop", model: str | None = "default"):
    """Clean a dask bag: of strings (-> clean strings) or of dicts.

    A dict's ``text_field`` is replaced by the clean text; its other fields are
    kept as they are; ``title``, ``url`` and ``date`` are added where the dict
    has no such field, and ``cleaner_removed`` holds the removal counts by reason.
    """
    return bag.map_partitions(_clean_partition, text_field, off_topic, model)


def clean_dataframe_column(
    ddf,
    column: str = "text",
    *,
    output: str | None = None,
    off_topic: str = "drop",
    model: str | None = "default",
):
    """A dask DataFrame with ``column`` cleaned (in place, or into ``output``)."""
    cleaned = ddf[column].map_partitions(
        _clean_text_series, off_topic, model, meta=(output or column, "object")
    )
    return ddf.assign(**{output or column: cleaned})


def _clean_text_series(series, off_topic: str, model: str | None):
    from ..api import get_cleaner

    texts = [t if isinstance(t, str) else "" for t in series]
    cleaned = [result.text for result in get_cleaner(off_topic, model).clean_batch(_numbered(texts))]
    return series.__class__(cleaned, index=series.index, name=series.name, dtype=object)
