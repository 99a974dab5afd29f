"""Every integration is a wrapper over ``Cleaner.clean_batch``: on the same inputs (the seeds) they
report the same main text and the same removal counts (summed over all of an input's documents)
as each other and as ``cleaner clean``. Real components: a Hugging Face batch function, a dask
bag on a LocalCluster (two worker processes on 127.0.0.1), a Scrapy pipeline made by a crawler
with its stats collector, a datatrove filter on datatrove documents, and the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import orjson
import pytest

from .conftest import SEEDS

pytest.importorskip("distributed")
pytest.importorskip("scrapy")
pytest.importorskip("datatrove")
pytest.importorskip("datasets")

pytestmark = pytest.mark.slow

PATHS = sorted(SEEDS.glob("*.txt"))
MODES = ("drop", "split")


@pytest.fixture(scope="module")
def texts():
    return [p.read_text(encoding="utf-8") for p in PATHS]


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=True,
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


def via_hf(texts, mode):
    from cleaner.integrations.hf import clean_batch

    out = clean_batch({"text": texts}, off_topic=mode)
    return [(t, json.loads(r)) for t, r in zip(out["text"], out["cleaner_removed"], strict=True)]


def via_dask(texts, mode, client):
    import dask.bag as db

    from cleaner.integrations.dask import clean_bag

    bag = db.from_sequence([{"text": t, "n": k} for k, t in enumerate(texts)], npartitions=2)
    recs = client.compute(clean_bag(bag, "text", off_topic=mode)).result()
    assert [r["n"] for r in recs] == list(range(len(texts)))
    return [(r["text"], r["cleaner_removed"]) for r in recs]


def via_scrapy(texts, mode):
    from scrapy.exceptions import DropItem
    from scrapy.utils.test import get_crawler

    from cleaner.integrations.scrapy import CleanerPipeline

    out = []
    for text in texts:  # a crawler per item, so that its stats hold that item's counts alone
        crawler = get_crawler(settings_dict={"CLEANER_OFF_TOPIC": mode})
        pipeline = CleanerPipeline.from_crawler(crawler)
        try:
            main = pipeline.process_item({"text": text})["text"]
        except DropItem:
            main = ""
        prefix = "cleaner/removed/"
        out.append(
            (
                main,
                {k[len(prefix) :]: v for k, v in crawler.stats.get_stats().items() if k.startswith(prefix)},
            )
        )
    return out


def via_datatrove(texts, mode):
    from datatrove.data import Document

    from cleaner.integrations.datatrove import CleanerFilter

    step = CleanerFilter(off_topic=mode)
    out = []
    for k, text in enumerate(texts):
        doc = Document(text=text, id=str(k), metadata={})
        kept = step.filter(doc)
        out.append((doc.text if kept is True else "", doc.metadata["cleaner_removed"]))
    return out


def via_cli(mode):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "cleaner",
            "clean",
            *map(str, PATHS),
            "--format",
            "jsonl",
            "--off-topic",
            mode,
            "--no-progress",
        ],
        capture_output=True,
        timeout=600,
        check=True,
    )
    by_source: dict[str, tuple[str, dict[str, int]]] = {}
    for line in proc.stdout.splitlines():
        rec = orjson.loads(line)
        main, counts = by_source.setdefault(rec["source"], ("", {}))
        if not main and rec.get("split_from") is None and rec["text"]:
            main = rec["text"]
        for reason, n in rec["removed"].items():
            counts[reason] = counts.get(reason, 0) + n
        by_source[rec["source"]] = (main, counts)
    return [by_source[str(p)] for p in PATHS]


@pytest.mark.parametrize("mode", MODES)
def test_every_integration_reports_the_same_main_text_and_removal_counts(texts, client, mode):
    results = {
        "hf": via_hf(texts, mode),
        "dask": via_dask(texts, mode, client),
        "scrapy": via_scrapy(texts, mode),
        "datatrove": via_datatrove(texts, mode),
        "cli": via_cli(mode),
    }
    reference = results["hf"]
    assert any(counts for _, counts in reference) and any(main for main, _ in reference)
    for name, got in results.items():
        assert len(got) == len(PATHS), name
        for path, (main, counts), (want_main, want_counts) in zip(PATHS, got, reference, strict=True):
            assert main == want_main, f"{name}: main text of {path.name}"
            assert counts == want_counts, f"{name}: removal counts of {path.name}"
