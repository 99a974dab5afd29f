"""A user's data is never lost or damaged: inputs are never written to, every document reaches
its own output file, record fields come back as they were, outputs are ordinary files, and the
command behaves as a Unix filter. Real processes on real files."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from .conftest import SEEDS, seed
from .test_cli import BODY, run, tree


def _write(path: Path, text: str = BODY) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# ---------------------------------------------------------------- inputs are never written to
@pytest.mark.parametrize("option", ["--output", "--rejects"])
def test_output_equal_to_the_input_directory_is_refused(tmp_path, option):
    src = tmp_path / "in"
    for i in range(3):
        _write(src / f"f{i}.txt")
    before = tree(src)
    proc = run("clean", str(src), option, str(src))
    assert proc.returncode == 2, proc.stderr.decode()
    assert "the input" in proc.stderr.decode() and str(src) in proc.stderr.decode()
    assert tree(src) == before  # nothing written, nothing overwritten


def test_output_holding_an_input_is_refused(tmp_path):
    src = tmp_path / "in"
    _write(src / "sub" / "a.txt")
    before = tree(src)
    proc = run("clean", str(src / "sub"), "--output", str(src))
    assert proc.returncode == 2 and "holds the input" in proc.stderr.decode()
    assert tree(src) == before


def test_output_inside_the_input_is_never_read_back(tmp_path):
    src = tmp_path / "in"
    for i in range(7):
        _write(src / f"f{i}.txt")
    out = src / "cleaned"
    for _ in range(2):
        proc = run("clean", str(src), "--output", str(out))
        assert proc.returncode == 0, proc.stderr.decode()
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == [f"f{i}.txt" for i in range(7)]


# ---------------------------------------------------------------- every document reaches the output
def test_same_stem_different_suffixes_get_their_own_outputs(tmp_path):
    src = tmp_path / "in"
    _write(src / "story.txt", "Plain text version. " + BODY)
    _write(src / "story.md", "Markdown version. " + BODY)
    _write(src / "story.html", f"<html><body><article><p>HTML version. {BODY}</p></article></body></html>")
    out = tmp_path / "out"
    proc = run("clean", str(src), "--output", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    got = tree(out)
    assert sorted(got) == ["story.html.txt", "story.md.txt", "story.txt"]
    assert got["story.txt"].startswith(b"Plain text version.") and got["story.md.txt"].startswith(
        b"Markdown version."
    )
    assert b"HTML version." in got["story.html.txt"]
    jout = tmp_path / "jout"
    assert run("clean", str(src), "--output", str(jout), "--format", "jsonl").returncode == 0
    assert sorted(tree(jout)) == ["story.html.jsonl", "story.md.jsonl", "story.txt.jsonl"]


def test_absolute_file_arguments_with_one_name_keep_enough_of_their_path(tmp_path):
    a = _write(tmp_path / "x" / "in" / "article.txt", "First article. " + BODY)
    b = _write(tmp_path / "y" / "in" / "article.txt", "Second article. " + BODY)
    out = tmp_path / "out"
    proc = run("clean", str(a), str(b), "--output", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    got = tree(out)
    assert sorted(got) == ["x/in/article.txt", "y/in/article.txt"]
    assert got["x/in/article.txt"].startswith(b"First") and got["y/in/article.txt"].startswith(b"Second")
    # the names are the same on every run, so --resume finds them
    again = run("clean", str(a), str(b), "--output", str(out), "--resume")
    assert again.returncode == 0 and "2 skipped as up to date" in again.stderr.decode()


def test_a_collision_that_naming_cannot_avoid_fails_naming_both_inputs(tmp_path):
    _write(tmp_path / "d1" / "f.txt")
    _write(tmp_path / "d2" / "f.txt")
    out = tmp_path / "out"
    proc = run("clean", str(tmp_path / "d1"), str(tmp_path / "d2"), "--output", str(out))
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert str(tmp_path / "d1" / "f.txt") in err and str(tmp_path / "d2" / "f.txt") in err
    assert not out.exists()


def test_a_further_document_never_overwrites_another_inputs_output(tmp_path):
    """s.txt holds six documents (s.txt, s.1.txt, ...); an input named s.1.txt beside it has the
    same output name as the second of them: one of the two fails, naming both, none is overwritten."""
    src = tmp_path / "in"
    _write(src / "s.txt", seed("000"))
    _write(src / "s.1.txt", "The other input. " + BODY)
    out = tmp_path / "out"
    proc = run("clean", str(src), "--output", str(out))
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "s.1.txt" in err and "s.txt" in err and "also the output of" in err
    assert (out / "s.1.txt").read_text().startswith("The other input.")


# ---------------------------------------------------------------- ordinary files
def test_outputs_get_the_permissions_of_the_umask(tmp_path):
    f = _write(tmp_path / "a.txt")
    out, rej = tmp_path / "out", tmp_path / "rej"
    for fmt in ("txt", "jsonl"):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "cleaner.cli",
                "clean",
                str(f),
                "-o",
                str(out / fmt),
                "--rejects",
                str(rej),
                "--format",
                fmt,
            ],
            check=True,
            capture_output=True,
            preexec_fn=lambda: os.umask(0o022),
        )
    modes = {p.name: p.stat().st_mode & 0o777 for p in [*out.rglob("*"), *rej.rglob("*")] if p.is_file()}
    assert modes == {"a.txt": 0o644, "a.txt.jsonl": 0o644, "a.rejects.jsonl": 0o644}


# ---------------------------------------------------------------- record fields are sacred
def test_jsonl_record_fields_come_back_unchanged_but_the_text(tmp_path):
    rows = [
        {
            "id": 17,
            "text": BODY,
            "url": "https://example.org/own",
            "title": "",
            "date": None,
            "removed": "mine",
            "record": 3,
        },
        {"meta": {"a": [1, 2]}, "text": BODY, "source": "crawl-7", "index": "x"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    proc = run("clean", str(src), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr.decode()
    got = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(got) == 2
    for row, rec in zip(rows, got, strict=True):
        assert list(rec)[: len(row)] == list(row)  # the record's own fields first, in their order
        assert {k: rec[k] for k in row if k != "text"} == {k: v for k, v in row.items() if k != "text"}
        assert rec["text"].startswith("The city council voted") and "Share this" not in rec["text"]
    assert "removed" not in got[1] or isinstance(got[1]["removed"], dict)  # filled where the record lacks it


# ---------------------------------------------------------------- unix manners
def test_closed_stdout_ends_the_run_quietly(tmp_path):
    src = tmp_path / "in"
    for i in range(300):
        _write(src / f"f{i:03}.txt", f"Report {i}.\n\n" + BODY)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleaner.cli", "clean", str(src)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.readline()
    proc.stdout.close()  # as `head -n 1` does
    _, err = proc.communicate(timeout=120)
    assert proc.returncode in (-signal.SIGPIPE, 128 + signal.SIGPIPE), (proc.returncode, err.decode())
    assert err == b"", err.decode()


def test_jsonl_on_stdin_is_detected_and_can_be_forced():
    lines = "\n\n" + "".join(json.dumps({"text": BODY, "n": n}) + "\n" for n in range(3))
    for args in ([], ["--input-format", "jsonl"]):
        proc = run("clean", "-", "--format", "jsonl", *args, input=lines.encode())
        assert proc.returncode == 0, proc.stderr.decode()
        got = [json.loads(line) for line in proc.stdout.decode().splitlines()]
        assert [r["n"] for r in got] == [0, 1, 2] and all(
            r["text"].startswith("The city council") for r in got
        )
    # text on stdin that merely starts with a brace stays text
    proc = run("clean", "-", input=("{not json}\n\n" + BODY).encode())
    assert proc.returncode == 0 and b"The city council voted" in proc.stdout


def test_resume_skips_jsonl_inputs_in_txt_mode_and_says_so(tmp_path):
    src = tmp_path / "in"
    (src).mkdir()
    (src / "r.jsonl").write_text(
        "".join(json.dumps({"text": f"Report {i}.\n\n" + BODY}) + "\n" for i in range(3))
    )
    _write(src / "a.txt")
    out = tmp_path / "out"
    assert run("clean", str(src), "--output", str(out)).returncode == 0
    first = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    proc = run("clean", str(src), "--output", str(out), "--resume", "-v")
    err = proc.stderr.decode()
    assert proc.returncode == 0 and "0 files" in err and "2 skipped as up to date" in err, err
    assert f"skipped (up to date): {src / 'r.jsonl'}" in err
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == first


def test_unsupported_files_are_counted_and_named_with_verbose(tmp_path):
    src = tmp_path / "in"
    _write(src / "a.txt")
    _write(src / "table.csv", "a,b\n1,2\n")
    (src / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    proc = run("clean", str(src))
    assert "2 skipped as unsupported" in proc.stderr.decode() and "table.csv" not in proc.stderr.decode()
    proc = run("clean", str(src), "-v")
    err = proc.stderr.decode()
    assert f"skipped (unsupported suffix): {src / 'table.csv'}" in err and "photo.jpg" in err
    quiet = run("clean", str(src), "-q")
    assert quiet.returncode == 0 and quiet.stderr == b"" and quiet.stdout.startswith(b"The city council")


def test_no_input_file_at_all_is_an_error(tmp_path):
    src = tmp_path / "in"
    _write(src / "table.csv", "a,b\n")
    proc = run("clean", str(src))
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "no input file found" in err and ".txt" in err and ".jsonl" in err, err


# ---------------------------------------------------------------- not text is not text
SIZES = [1000, 4000, 8192, 20_000, 200_000]


def _random_bytes(seed_: int) -> bytes:
    r = random.Random(seed_)
    size = r.choice(SIZES)
    return r.randbytes(size)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
@example(16412)  # 20 kB that charset detection reads as CJK text: it passed as text before
def test_random_bytes_are_never_text(seed_):
    from cleaner.normalize import DecodeError, decode_bytes

    with pytest.raises(DecodeError, match="not text"):
        decode_bytes(_random_bytes(seed_))


def test_a_random_bytes_file_fails_as_not_text(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "noise.txt").write_bytes(_random_bytes(16412))
    _write(src / "good.txt")
    out = tmp_path / "out"
    proc = run("clean", str(src), "--output", str(out))
    err = proc.stderr.decode()
    assert proc.returncode == 1 and f"{src / 'noise.txt'}: not text" in err, err
    assert sorted(tree(out)) == ["good.txt"]


def test_real_text_in_every_encoding_is_still_text():
    from cleaner.normalize import decode_bytes

    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert decode_bytes(text.encode("utf-8")) == text
        assert decode_bytes(text.encode("utf-16")) == text
        assert decode_bytes(text.encode("utf-16-le")) == text  # no BOM
    latin = "Señor Müller's café report. " + BODY
    assert decode_bytes(latin.encode("latin-1")).endswith(BODY)  # (which 8-bit charset is detection's call)


def test_copy_of_a_seed_tree_keeps_its_names(tmp_path):
    """Inputs ending in .txt keep their names: the seed tree gives fixtures/expected's names."""
    shutil.copytree(SEEDS, tmp_path / "in")
    out = tmp_path / "out"
    assert run("clean", str(tmp_path / "in"), "--output", str(out)).returncode == 0
    assert sorted(tree(out)) == sorted(p.name for p in (SEEDS.parent / "expected").glob("*.txt"))
