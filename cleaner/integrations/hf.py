"""Batched cleaning for Hugging Face ``datasets``: ``ds.map(cleaner.clean_batch, batched=True)``."""

from __future__ import annotations

from typing import Any

from ..api import get_cleaner


def clean_batch(
    batch: dict[str, list],
    text_field: str = "text",
    *,
    off_topic: str = "drop",
    model: str | None = "default",
) -> dict[str, list]:
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
    rows = [(text if isinstance(text, (str, bytes)) else "", f"row:{i}") for i, text in enumerate(texts)]
    for result in cleaner.clean_batch(rows):
        main = result.main
        cleaned.append(result.text)
        titles.append(main.title if main else None)
        urls.append(main.url if main else None)
        dates.append(main.date if main else None)
        removed.append(orjson.dumps(result.removal_counts()).decode())
    out[text_field] = cleaned
    for name, col in (("title", titles), ("url", urls), ("date", dates), ("cleaner_removed", removed)):
        if name not in batch:
            out[name] = col
    return out
