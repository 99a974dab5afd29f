"""cleaner.clean_batch with a real in-memory Hugging Face Dataset."""

from __future__ import annotations

import pytest

import cleaner

pytest.importorskip("datasets")

from .conftest import seed  # noqa: E402


def test_dataset_map_batched_cleans_the_text_column():
    from datasets import Dataset

    ds = Dataset.from_dict({"text": [seed("001"), seed("003"), seed("004"), ""], "id": [1, 3, 4, 5]})
    out = ds.map(cleaner.clean_batch, batched=True, batch_size=2)
    assert out.column_names == ["text", "id", "title", "url", "date", "cleaner_removed"]
    assert out["id"] == [1, 3, 4, 5]
    assert out["text"][1] == cleaner.clean_documents(seed("003"))[0].text  # one pass, as the CLI
    assert "Every article pushes back against disinformation" not in out["text"][1]
    assert out["text"][3] == ""
    assert out["title"][1].startswith("As Ukraine Prepares")


def test_dataset_map_with_two_processes_matches_one():
    from datasets import Dataset

    ds = Dataset.from_dict({"text": [seed(p) for p in ("001", "002", "003", "004")] * 2})
    one = ds.map(cleaner.clean_batch, batched=True, batch_size=3)
    two = ds.map(cleaner.clean_batch, batched=True, batch_size=3, num_proc=2)
    assert one["text"] == two["text"]
    # Rows are cleaned several per pipeline run; each must be what cleaning it alone gives.
    alone = [next((d.text for d in cleaner.clean_documents(t) if d.split_from is None and d.text), "")
             for t in ds["text"]]
    assert one["text"] == alone


def test_missing_column_is_a_clear_error():
    with pytest.raises(KeyError, match="no 'body' column"):
        cleaner.clean_batch({"text": ["x"]}, text_field="body")
