"""Hostile and broken input: a generated corpus mixing good files with every bad case.

The real CLI runs over it in a subprocess. Every good file must be cleaned,
every bad one named on stderr with its reason, the exit code must be 1, no
traceback may appear, and the input tree must be byte-for-byte unchanged.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from cleaner.io import document_filename

ARTICLE = (
    "The council voted on Tuesday to repair the old bridge over the river. Engineers said the winter "
    "floods had damaged its foundations and that the work could not wait another year.\n\n"
    "Residents welcomed the decision, although several asked why the repairs had taken so long to approve. "
    "The mayor said the money would come from the regional government.\n"
)


def _tree_digest(root: Path) -> dict[str, str]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = os.fsdecode(p.relative_to(root))
            if p.is_symlink():
                out[rel] = "link:" + os.readlink(p)
            elif p.is_file():
                try:
                    out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
                except PermissionError:
                    out[rel] = "unreadable"
            else:
                out[rel] = "dir"
    return out


def build_corpus(root: Path) -> tuple[list[str], list[str]]:
    """Write the corpus; return (good relative names expected in the output, bad names expected on stderr)."""
    good, bad = [], []

    def put(rel: str, data: bytes, ok: bool = True):
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        (good if ok else bad).append(rel)

    put("plain.txt", ARTICLE.encode())
    put("enc/cp1252.txt", ("Café society — “quoted” text. " + ARTICLE).encode("cp1252"))
    put("enc/latin1.txt", ("Señor Müller’s report. ".replace("’", "'") + ARTICLE).encode("latin-1"))
    put("enc/utf16.txt", ARTICLE.encode("utf-16"))
    put("enc/utf8-bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode())
    put("enc/nul-and-controls.txt", ARTICLE.replace("bridge", "bri\x00dge\x07").encode())
    put("patho/one-huge-line.txt", (ARTICLE.replace("\n", " ") * 60_000)[:20_000_000].encode())
    put("patho/long-word.txt", ("x" * 100_000 + " " + ARTICLE).encode())
    put("patho/brackets.txt", ("[" * 200_000 + "(" * 200_000 + "*" * 200_000 + "\n\n" + ARTICLE).encode())
    put(
        "patho/url-monster.txt",
        ("https://" + "a." * 300_000 + "com/" + "?q=" * 100_000 + "\n\n" + ARTICLE).encode(),
    )
    put("patho/blank-lines.txt", ("\n" * 1_000_000 + ARTICLE).encode())
    put("patho/markdown-soup.md", ("**_[![](" * 50_000 + "\n\n" + ARTICLE).encode())
    put("odd names/with space.txt", ARTICLE.encode())
    put("odd names/-leading-dash.txt", ARTICLE.encode())
    put("odd names/" + "n" * 200 + ".txt", ARTICLE.encode())
    put("empty.txt", b"")
    put("page.html", f"<html><body><article><p>{ARTICLE}</p></article></body></html>".encode())
    # 50,000 nested elements: the parser's depth limit applies; a result (maybe empty) or an error,
    # never a crash
    (root / "deep.html").write_bytes(
        ("<html><body>" + "<div>" * 50_000 + f"<p>{ARTICLE}</p></body></html>").encode()
    )
    lines = [
        orjson.dumps({"text": ARTICLE, "id": "ok1"}),
        b"{not json",
        orjson.dumps({"text": 42}),
        orjson.dumps(["a", "list"]),
        orjson.dumps({"text": ARTICLE, "id": "ok2"}),
    ]
    put("records.jsonl", b"\n".join(lines) + b"\n")
    # bad inputs
    put("bad/binary.txt", bytes(range(256)) * 400 + b"\x00" * 10_000, ok=False)
    put("bad/png-named.txt", b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02\x03" * 5000, ok=False)
    put("bad/broken.txt.gz", b"\x1f\x8b\x08\x00this is not gzip", ok=False)
    # files and links
    (root / "links").mkdir()
    os.symlink("..", root / "links" / "loop")  # a directory symlink loop: not followed
    os.symlink("does-not-exist.txt", root / "links" / "dangling.txt")
    bad.append("links/dangling.txt")
    if os.name == "posix":
        weird = os.fsencode(root) + b"/odd names/bad-\xff-bytes.txt"
        with open(weird, "wb") as fh:
            fh.write(ARTICLE.encode())
        good.append(os.fsdecode(b"odd names/bad-\xff-bytes.txt"))
    if os.geteuid() != 0:  # root reads everything
        put("bad/unreadable.txt", ARTICLE.encode(), ok=False)
        os.chmod(root / "bad" / "unreadable.txt", 0)
    return good, bad


@pytest.mark.slow
def test_hostile_corpus_is_cleaned_reported_and_left_untouched(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    good, bad = build_corpus(src)
    out = src / "out-inside-input"  # an output directory inside the input tree
    before = _tree_digest(src)
    proc = subprocess.run(
        [sys.executable, "-m", "cleaner.cli", "clean", str(src), "--output", str(out), "--jobs", "2"],
        capture_output=True,
        timeout=1200,
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, stderr
    assert "Traceback" not in stderr
    for rel in bad:
        assert any(rel in line for line in stderr.splitlines() if "error:" in line), (
            f"{rel} not reported:\n{stderr}"
        )
    assert "records.jsonl:2: malformed JSON" in stderr
    assert "records.jsonl:3: field 'text' is a int" in stderr
    assert "records.jsonl:4: record is a list" in stderr
    written = {os.fsdecode(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    for rel in good:
        if rel == "empty.txt":
            continue  # nothing to write for an empty input
        if rel.endswith(".jsonl"):
            assert {document_filename(rel, 0, 1), document_filename(rel, 0, 5)} <= written, written
            continue
        name = document_filename(rel)
        assert name in written, f"{rel}: no output among {sorted(written)[:20]}"
        text = (out / name).read_text(encoding="utf-8")
        assert "regional government" in text, rel
    assert not [p for p in out.rglob("*.part")]
    after = _tree_digest(src)
    assert {k: v for k, v in after.items() if not k.startswith("out-inside-input")} == before
    # a second run (output now inside the input) must not read its own outputs
    again = subprocess.run(
        [sys.executable, "-m", "cleaner.cli", "clean", str(src), "--output", str(out), "--resume"],
        capture_output=True,
        timeout=600,
    )
    assert "out-inside-input" not in again.stderr.decode("utf-8", "replace")


def test_time_budget_reports_instead_of_hanging(tmp_path):
    from cleaner.batch import RunConfig, TimeBudgetExceeded, process_input, time_budget
    from cleaner.io import InputFile

    with pytest.raises(TimeBudgetExceeded), time_budget(0.05):
        while True:
            pass
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 20_000)
    result = process_input(InputFile(str(big), "big.txt", "text"), RunConfig(time_budget=0.001))
    assert result.error and "time budget exceeded" in result.error and result.records == []
