"""A real datatrove pipeline: JsonlReader -> CleanerFilter -> JsonlWriter in a LocalPipelineExecutor."""

from __future__ import annotations

import gzip
import json

import orjson
import pytest

pytest.importorskip("datatrove")

from .conftest import seed  # noqa: E402


def _lines(path) -> list[str]:
    with gzip.open(path, "rt") as fh:
        return list(fh)


def test_local_pipeline_cleans_documents_and_records_stats(tmp_path):
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleaner.integrations.datatrove import CleanerFilter

    raw = tmp_path / "raw"
    raw.mkdir()
    records = [
        {"text": seed("003"), "id": "d3", "metadata": {"source": "seeds"}},
        {"text": seed("004"), "id": "d4", "metadata": {"source": "seeds"}},
        {"text": "Share\n\nSubscribe\n\nFollow us on X", "id": "junk", "metadata": {}},
    ]
    (raw / "part.jsonl").write_bytes(b"\n".join(orjson.dumps(r) for r in records) + b"\n")
    out, rejected, logs = tmp_path / "clean", tmp_path / "rejected", tmp_path / "logs"
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(raw)),
            CleanerFilter(exclusion_writer=JsonlWriter(str(rejected))),
            JsonlWriter(str(out)),
        ],
        tasks=1, workers=1, logging_dir=str(logs),
    ).run()
    docs = [json.loads(line) for f in sorted(out.glob("*.jsonl.gz")) for line in _lines(f)]
    assert [d["id"] for d in docs] == ["d3", "d4"]
    assert "Every article pushes back against disinformation" not in docs[0]["text"]  # donation appeal gone
    assert docs[0]["text"].startswith("Washington launched a new effort")
    assert docs[0]["metadata"]["source"] == "seeds" and docs[0]["metadata"]["cleaner_removed"]
    assert docs[0]["metadata"]["title"].startswith("As Ukraine Prepares for Peace Talks")
    dropped = [json.loads(line) for f in rejected.glob("*.jsonl.gz") for line in _lines(f)]
    assert [d["id"] for d in dropped] == ["junk"] and dropped[0]["metadata"]["filter_reason"] == "no_article"
    stats = json.loads((logs / "stats.json").read_text())
    cleaner_stats = next(s for s in stats if "cleaner" in s["name"])
    assert cleaner_stats["stats"]["dropped_no_article"] == 1
    assert any(k.startswith("removed_") for k in cleaner_stats["stats"])


def test_cli_round_trips_datatrove_records(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "in.jsonl"
    path.write_bytes(orjson.dumps({"text": seed("003"), "id": "doc-7", "metadata": {"lang": "en"}}) + b"\n")
    proc = subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", str(path), "--format", "jsonl"],
                          capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()
    [rec] = [orjson.loads(line) for line in proc.stdout.splitlines()]
    assert rec["id"] == "doc-7" and rec["metadata"] == {"lang": "en"}
    assert rec["text"].startswith("Washington launched")


def test_filter_keeps_the_documents_own_metadata_and_a_dropped_documents_text():
    from datatrove.data import Document

    from cleaner.integrations.datatrove import CleanerFilter

    step = CleanerFilter()
    doc = Document(text=seed("003"), id="d3", metadata={"title": "", "url": None})
    assert step.filter(doc) is True
    assert doc.metadata["title"] == "" and doc.metadata["url"] is None and doc.metadata["cleaner_removed"]
    junk_text = "Share\n\nSubscribe\n\nFollow us on X"
    junk = Document(text=junk_text, id="junk", metadata={})
    assert step.filter(junk) == (False, "no_article")
    assert junk.text == junk_text  # the exclusion writer keeps what was dropped, as it came
