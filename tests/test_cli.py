"""The command line, run as users run it: real processes, real files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SEEDS, seed

CLI = [sys.executable, "-m", "cleaner.cli"]
BODY = (
    "The city council voted on Tuesday to expand the tram network to the northern suburbs, a project "
    "expected to cost 400 million euros over the next decade.\n"
    "Supporters said the line would cut commuting times in half, while opponents questioned the budget.\n"
    "Share this article\n"
    "Related: Council approves new bike lanes\n"
)


def run(*args, input=None, cwd=None):
    return subprocess.run([*CLI, *args], input=input, capture_output=True, cwd=cwd)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def thousand(tmp_path_factory):
    root = tmp_path_factory.mktemp("in")
    for i in range(1000):
        sub = root / f"d{i % 7}" / f"e{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"f{i}.txt").write_text(f"Report number {i}\n\n" + BODY)
    return root


def test_directory_of_1000_files_is_mirrored(thousand, tmp_path):
    before = tree(thousand)
    out = tmp_path / "out"
    proc = run("clean", str(thousand), "-o", str(out), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr.decode()
    got = tree(out)
    assert len(got) == 1000
    for name in before:
        text = got[name].decode()
        assert text.startswith("The city council voted")
        assert "Share this" not in text and "Related:" not in text
    assert tree(thousand) == before  # input untouched
    summary = proc.stderr.decode().strip().splitlines()[-1]
    assert summary.startswith("1000 files, 1000 documents") or "1000 files, 1000 documents" in summary
    # --jobs 1 gives identical output
    out1 = tmp_path / "out1"
    assert run("clean", str(thousand), "-o", str(out1)).returncode == 0
    assert tree(out1) == got


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_interrupt_leaves_no_half_written_file(thousand, tmp_path, jobs):
    """Ctrl-C (SIGINT to the whole process group, workers included) ends the
    run promptly and leaves only whole outputs."""
    out = tmp_path / "out"
    proc = subprocess.Popen([*CLI, "clean", str(thousand), "-o", str(out), "--jobs", jobs],
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + 60
    # interrupt at the first whole output: later, a fast machine may have finished the run
    while time.time() < deadline and proc.poll() is None and not (out.exists() and any(out.rglob("*.txt"))):
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGINT)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    assert not list(out.rglob("*.part"))
    files = list(out.rglob("*.txt"))
    assert files and len(files) < 1000
    for f in files:
        assert f.read_text().startswith("The city council voted") and f.read_text().endswith("the budget.\n")
    # --resume finishes the job
    proc = run("clean", str(thousand), "-o", str(out), "--resume")
    assert proc.returncode == 0
    assert len(list(out.rglob("*.txt"))) == 1000


def test_jsonl_to_stdout_has_the_promised_fields():
    proc = run("clean", str(SEEDS), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr.decode()
    records = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(records) == 10
    for r in records:
        for key in ("id", "source", "index", "text", "title", "url", "date", "removed"):
            assert key in r
    first = [r for r in records if r["source"].startswith("000_")]
    assert [r["index"] for r in first] == list(range(6))
    assert all(r["url"].startswith("https://") for r in first)
    assert records[-1]["removed"]["teaser"] >= 10


def test_file_argument_source_is_the_path_as_given(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(BODY)
    proc = run("clean", "a.txt", "--format", "jsonl", cwd=tmp_path)
    [rec] = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert rec["source"] == "a.txt" and rec["index"] == 0


def test_stdin_is_read_with_dash():
    proc = run("clean", "-", input=BODY.encode())
    assert proc.returncode == 0
    assert proc.stdout.decode().startswith("The city council voted")
    assert "Related:" not in proc.stdout.decode()


def test_jsonl_input_carries_fields_through(tmp_path):
    f = tmp_path / "in.jsonl"
    rows = [{"content": BODY, "lang": "en", "n": 1}, {"content": 5}, "not json",
            {"content": BODY, "lang": "de"}]
    f.write_text("\n".join(json.dumps(r) if not isinstance(r, str) else r for r in rows) + "\n")
    proc = run("clean", str(f), "--format", "jsonl", "--text-field", "content")
    assert proc.returncode == 1
    records = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [r["lang"] for r in records] == ["en", "de"]
    # the clean text goes back into the record's own text field; no "text" field is added
    assert records[0]["n"] == 1 and records[0]["content"].startswith("The city council")
    assert "text" not in records[0]
    err = proc.stderr.decode()
    assert f"{f}:2:" in err and f"{f}:3:" in err and "Traceback" not in err


def test_bad_file_is_named_and_others_go_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(BODY)
    (src / "bad.txt").write_bytes(b"\x00\x01\x02\x03" * 1000 + bytes(range(256)) * 10)
    out = tmp_path / "out"
    proc = run("clean", str(src), "-o", str(out))
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "bad.txt" in err and "binary" in err and "Traceback" not in err
    assert (out / "good.txt").exists() and not (out / "bad.txt").exists()


def test_output_that_cannot_be_written_is_named_and_others_go_on(tmp_path):
    """Outputs are written in a thread of their own: a failure there still names its input,
    counts as a failure, and leaves no temporary file."""
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (src / name).write_text(BODY)
    out = tmp_path / "out"
    (out / "b.txt").mkdir(parents=True)  # a directory where b's output goes: the rename fails
    proc = run("clean", str(src), "-o", str(out))
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert f"{src / 'b.txt'}: cannot write output" in err and "Traceback" not in err
    assert "2 documents" in err.splitlines()[-1] and "1 failed" in err.splitlines()[-1]
    assert (out / "a.txt").is_file() and (out / "c.txt").is_file() and (out / "b.txt").is_dir()
    assert not list(out.rglob("*.part"))


def test_rejects_directory_keeps_everything_removed(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(BODY)
    rej = tmp_path / "rejects"
    proc = run("clean", str(f), "-o", str(tmp_path / "out"), "--rejects", str(rej))
    assert proc.returncode == 0
    assert (tmp_path / "out" / "a.txt").is_file()  # an absolute file argument keeps only its name
    rows = [json.loads(x) for x in (rej / "a.rejects.jsonl").read_text().splitlines()]
    reasons = {r["reason"]: r["text"] for r in rows}
    assert reasons["share_links"] == "Share this article"
    assert reasons["related_link"].startswith("Related:")


def test_explain_names_every_reason():
    [path] = SEEDS.glob("004_*.txt")
    proc = run("explain", str(path), "--no-color", "--width", "0")
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert "DROP teaser" in out and "DROP share_links" in out and "KEEP model" in out


def test_usage_error_exit_code():
    assert run("clean").returncode == 2
    assert run("clean", "x", "--format", "pdf").returncode == 2


def test_missing_path_is_reported(tmp_path):
    proc = run("clean", str(tmp_path / "nope.txt"))
    assert proc.returncode == 1 and "nope.txt" in proc.stderr.decode()


def test_large_jsonl_is_streamed_in_parts_into_one_complete_file(tmp_path):
    """600 records = three streamed batches; the jsonl output is one complete file, same with --jobs 2."""
    import orjson

    src = tmp_path / "big.jsonl"
    texts = [seed(p) for p in ("001", "003", "004")]
    src.write_bytes(b"".join(orjson.dumps({"text": texts[i % 3], "id": f"r{i}"}) + b"\n" for i in range(600)))
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        proc = run("clean", str(src), "--format", "jsonl", "--output", str(out), "--jobs", jobs)
        assert proc.returncode == 0, proc.stderr
        lines = (out / "big.jsonl").read_bytes().splitlines()
        assert [orjson.loads(x)["id"] for x in lines] == [f"r{i}" for i in range(600)]
        assert not list(out.rglob("*.part"))
        outs.append(lines)
    assert outs[0] == outs[1]


def test_files_cleaned_together_match_files_cleaned_alone(tmp_path):
    """The CLI runs the pipeline over a chunk of files at once (one model call);
    each file's records must be exactly what cleaning it alone gives, and a bad
    file in the chunk fails alone."""
    from cleaner.batch import RunConfig, process_input, process_many
    from cleaner.io import InputFile

    inputs = []
    for i, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        dst = tmp_path / f"s{i}.txt"
        dst.write_bytes(path.read_bytes())
        inputs.append(InputFile(str(dst), dst.name, "text"))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02\x03" * 1000)
    inputs.insert(2, InputFile(str(bad), bad.name, "text"))
    for mode in ("drop", "split"):
        config = RunConfig(off_topic=mode)
        together = process_many(inputs, config)
        alone = [process_input(inp, config) for inp in inputs]
        assert [r.records for r in together] == [r.records for r in alone]
        assert [r.error for r in together] == [r.error for r in alone]
        assert together[2].error and not together[2].records
        assert all(r.records for i, r in enumerate(together) if i != 2)


def test_chunk_over_its_time_budget_falls_back_to_one_file_at_a_time(tmp_path):
    """A chunk that runs out of time is cleaned again file by file, so the run
    ends with a result (records or a named time-budget error) for every file."""
    from cleaner.batch import RunConfig, process_many
    from cleaner.io import InputFile

    inputs = []
    for i, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        dst = tmp_path / f"s{i}.txt"
        dst.write_bytes(path.read_bytes())
        inputs.append(InputFile(str(dst), dst.name, "text"))
    # Reading a seed takes well under the budget; cleaning all five together does not.
    results = process_many(inputs, RunConfig(time_budget=0.05))
    assert [r.inp for r in results] == inputs
    for r in results:
        assert (r.records and r.error is None) or (
            r.error == "time budget exceeded (0.05 s)" and not r.records)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worker pids read from /proc")
def test_killed_worker_ends_the_run_with_an_error(thousand, tmp_path):
    """A --jobs worker killed mid-run (as the kernel's OOM killer would) makes the
    run fail with a message instead of hanging; finished outputs stay whole."""
    out = tmp_path / "out"
    proc = subprocess.Popen([*CLI, "clean", str(thousand), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while not workers and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
            workers = [int(p) for p in children.read_text().split()] if children.exists() else []
        if not workers:
            pytest.skip("the run ended before a worker could be seen")
        os.kill(workers[0], signal.SIGKILL)
        _, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    if proc.returncode == 0:
        pytest.skip("the killed process was not a busy worker")
    assert proc.returncode != 0
    assert b"error" in stderr and b"Traceback" not in stderr
    assert not list(out.rglob("*.part"))


def _sleep_then_echo(k: int, delay: float) -> int:
    time.sleep(delay)
    return k


def test_parallel_map_keeps_input_order_past_a_slow_call():
    """Results come back in input order even when an early call is the slowest
    (the window lets later calls finish meanwhile), and the collector's freeze
    taken before forking is released afterwards."""
    import gc

    from cleaner.cli.workers import parallel_map

    args = [(k, 0.5 if k == 0 else 0.01) for k in range(40)]
    assert list(parallel_map(2, _sleep_then_echo, iter(args), window=8)) == list(range(40))
    assert gc.get_freeze_count() == 0
