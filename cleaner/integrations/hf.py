"""Batched cleaning for Hugging Face ``datasets``: ``ds.map(cleaner.clean_batch, batched=True)``."""

from __future__ import annotations

from typing import Any

from ..api import get_cleaner, prepare_input

CHUNK = 16  # rows per pipeline run: one model call each, memory bounded


def _cleaned(cleaner, texts: list) -> Any:
    """Each row's documents, cleaned CHUNK rows per pipeline run."""
    for start in range(0, len(texts), CHUNK):
        items = []
        for i, text in enumerate(texts[start : start + CHUNK]):
            body, meta = prepare_input(text if isinstance(text, (str, bytes)) else "")
            items.append((body, f"row:{start + i}", None, meta))
        yield from cleaner.pipeline.run_grouped(items)


def clean_batch(batch: dict[str, list], text_field: str = "text", *, off_topic: str = "drop",
                model: str | None = "default") -> dict[str, list]:
    """Clean a column-oriented batch: the text column is replaced by the clean article text.

    Adds ``title``, ``url``, ``date`` (``None`` where not found) and
    ``cleaner_removed`` (removal counts by reason, as a JSON string so every
    row has the same type). Other columns pass through. Picklable and
    stateless, so ``num_proc=N`` works; each process builds its cleaner once.
    """
    if text_field not in batch:
        raise KeyError(f"clean_batch: the batch has no {text_field!r} column (columns: {', '.join(batch)})")
    import orjson

    cleaner = get_cleaner(off_topic, model)
    texts = batch[text_field]
    out: dict[str, list[Any]] = {k: list(v) for k, v in batch.items()}
    cleaned, titles, urls, dates, removed = [], [], [], [], []
    for docs in _cleaned(cleaner, texts):
        main = next((d for d in docs if d.split_from is None and d.text), docs[0] if docs else None)
        cleaned.append(main.text if main else "")
        titles.append(main.title if main else None)
        urls.append(main.url if main else None)
        dates.append(main.date if main else None)
        counts: dict[str, int] = {}
        for d in docs:
            for reason, n in d.removal_counts().items():
                counts[reason] = counts.get(reason, 0) + n
        removed.append(orjson.dumps(counts).decode())
    out[text_field] = cleaned
    for name, col in (("title", titles), ("url", urls), ("date", dates), ("cleaner_removed", removed)):
        if name not in batch:
            out[name] = col
    return out
