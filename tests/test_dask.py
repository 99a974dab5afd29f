"""A real dask.distributed cluster (scheduler and two worker processes on 127.0.0.1)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import orjson
import pytest

pytest.importorskip("distributed")

from .conftest import SEEDS, seed  # noqa: E402

pytestmark = pytest.mark.slow  # (the cluster tests; the bag test below runs without one)


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=True) as c:
        yield c


def _tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_cli_on_the_cluster_writes_what_a_local_run_writes(cluster, tmp_path):
    src = tmp_path / "in"
    for k in range(6):
        shutil.copytree(SEEDS, src / f"batch{k}")
    records = [{"text": seed(p), "id": p} for p in ("001", "003", "004") * 200]
    (src / "records.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    local, remote = tmp_path / "local", tmp_path / "remote"
    for out, extra in ((local, []), (remote, ["--dask-scheduler", cluster.scheduler_address])):
        proc = subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", str(src), "--output", str(out),
                               *extra], capture_output=True, timeout=900)
        assert proc.returncode == 0, proc.stderr.decode()
    assert _tree(local) == _tree(remote)
    assert len(_tree(local)) == 6 * 10 + 600 + 1  # and the marker that records.jsonl is done (for --resume)


def test_bag_and_dataframe_helpers(cluster):
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client

    import cleaner
    from cleaner.integrations.dask import clean_bag, clean_dataframe_column

    texts = [seed(p) for p in ("001", "003", "004")]
    with Client(cluster.scheduler_address) as client:
        assert client.nthreads() and len(client.nthreads()) == 2
        got = clean_bag(db.from_sequence(texts, npartitions=2)).compute()
        assert got == [cleaner.main_document_text(cleaner.clean_documents(t)) for t in texts]
        assert all("Every article pushes back" not in g for g in got)
        bag = db.from_sequence([{"text": t, "id": i} for i, t in enumerate(texts)], npartitions=2)
        recs = clean_bag(bag, "text").compute()
        assert [r["id"] for r in recs] == [0, 1, 2] and recs[1]["title"].startswith("As Ukraine Prepares")
        ddf = dd.from_pandas(pd.DataFrame({"text": texts, "n": [1, 2, 3]}), npartitions=2)
        df = clean_dataframe_column(ddf, "text", output="clean").compute()
        assert list(df["n"]) == [1, 2, 3] and list(df["clean"]) == got


def test_bag_of_records_keeps_their_fields_and_adds_up_removals():
    """Without a cluster (dask's synchronous scheduler): a record's own fields, even empty ones,
    are kept, and ``cleaner_removed`` counts the removals of all its documents (seed 000 holds six)."""
    import dask.bag as db

    import cleaner
    from cleaner.integrations.dask import clean_bag

    text = seed("000")
    bag = db.from_sequence([{"text": text, "url": "", "title": None, "id": 7}], npartitions=1)
    [rec] = clean_bag(bag, "text").compute(scheduler="sync")
    assert rec["url"] == "" and rec["title"] is None and rec["id"] == 7
    want: dict[str, int] = {}
    for d in cleaner.clean_documents(text):
        for reason, n in d.removal_counts().items():
            want[reason] = want.get(reason, 0) + n
    assert rec["cleaner_removed"] == want and want["source_url"] == 6
