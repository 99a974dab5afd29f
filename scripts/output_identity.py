"""Show that a change leaves cleaner's output byte-identical.

A refactor must not change what cleaner writes. This script digests every
output cleaner produces for the bundled fixtures and for every corpus page of
a split in every input kind (``markdown``, ``plain``, ``trafilatura``,
``partial``, ``html``): each document's record (text, metadata, removals with
their reasons and offsets) as JSON, hashed per input. Only hashes are written,
never corpus text.

    python scripts/output_identity.py record digests.json     # this checkout
    python scripts/output_identity.py check digests.json      # compare with a recording
    python scripts/output_identity.py compare REV              # REV's code vs this checkout's

``compare`` checks REV out into a temporary git worktree, records there with
REV's code, records here, and lists every input whose output differs. Exit
status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("markdown", "plain", "trafilatura", "partial", "html")


def _corpus():
    """The corpus module, wherever this checkout keeps it."""
    try:
        from cleaner.devtools import corpus
    except ImportError:
        from cleaner import corpus
    return corpus


def _digest(docs) -> str:
    records = [d.as_record(with_removals=True) for d in docs]
    blob = json.dumps(records, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def record(split: str, corpus_path: str | None, limit: int | None) -> dict[str, str]:
    """``{input name: digest of its documents}`` for the fixtures and the split's pages."""
    from cleaner import Cleaner

    cleaner = Cleaner()
    out: dict[str, str] = {}
    for path in sorted((ROOT / "fixtures").rglob("*")):
        wanted = path.suffix in {".txt", ".md", ".html", ".jsonl"} and "expected" not in path.parts
        if path.is_file() and wanted:
            name = str(path.relative_to(ROOT))
            try:
                out[name] = _digest(cleaner.clean_documents(path.read_bytes(), source=path.name))
            except Exception as exc:  # a failure is an output too
                out[name] = f"error: {type(exc).__name__}: {exc}"
    corpus = _corpus()
    pages = corpus.load_pages(split if split != "all" else None, path=corpus_path, limit=limit)
    for kind in KINDS:
        for page in pages:
            text = corpus.derive(page, kind)
            fmt = "html" if kind == "html" else "auto"
            docs = cleaner.clean_documents(text, source=page.id, input_format=fmt)
            out[f"{kind}/{page.id}"] = _digest(docs)
    return out


def diff(before: dict[str, str], after: dict[str, str]) -> list[str]:
    names = sorted(set(before) | set(after))
    return [n for n in names if before.get(n) != after.get(n)]


def _report(before: dict[str, str], after: dict[str, str]) -> int:
    changed = diff(before, after)
    for name in changed:
        print(f"differs: {name}")
    print(f"{len(before)} inputs compared, {len(changed)} differ")
    return 1 if changed else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["record", "check", "compare"])
    ap.add_argument("target", help="digest file (record, check) or git revision (compare)")
    ap.add_argument("--split", default="dev", choices=["dev", "train", "all"])
    ap.add_argument("--corpus", default=None, help="articles directory (default ../shared/data/articles)")
    ap.add_argument("--limit", type=int, default=None, help="first N pages only (a quick look)")
    args = ap.parse_args(argv)
    if args.command == "record":
        Path(args.target).write_text(json.dumps(record(args.split, args.corpus, args.limit), indent=1))
        return 0
    if args.command == "check":
        before = json.loads(Path(args.target).read_text())
        return _report(before, record(args.split, args.corpus, args.limit))
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "rev"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), args.target],
                       check=True)
        try:
            digests = Path(tmp) / "before.json"
            corpus = args.corpus or str(ROOT.parent / "shared" / "data" / "articles")
            cmd = [sys.executable, str(Path(__file__).resolve()), "record", str(digests),
                   "--split", args.split, "--corpus", corpus]
            if args.limit:
                cmd += ["--limit", str(args.limit)]
            # REV's package on the path, REV's model beside it; this script's own code
            env = dict(os.environ, PYTHONPATH=str(tree), CLEANER_OUTPUT_IDENTITY_ROOT=str(tree))
            subprocess.run(cmd, check=True, env=env, cwd=tree)
            before = json.loads(digests.read_text())
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True)
    return _report(before, record(args.split, args.corpus, args.limit))


if __name__ == "__main__":
    ROOT = Path(os.environ.get("CLEANER_OUTPUT_IDENTITY_ROOT", ROOT))
    sys.exit(main())
