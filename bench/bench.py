"""``make bench``: speed and memory of whole ``cleaner clean`` processes, with jusText as the yardstick.

Input files are built at run time from the development corpus (never stored
in the project) into a temporary directory: for each input kind, one file
per page. Each measurement is a whole process, as a user would run it (the fastest of
``--repeat`` runs, default 3):

- cleaner, ``--jobs 1`` and ``--jobs 2`` (MB/s, documents/s, speed-up);
- jusText on the same files in the same run (one process, English stop list,
  one ``<p>`` per paragraph, outputs written like cleaner's);
- peak RSS of the cleaner process (``wait4``; with ``--jobs 2`` the main
  process only: each worker is a separate process of similar size);
- one 5 MB document (markdown dumps run together): seconds and peak RSS;
- the library path, for scrapers that call ``cleaner.clean()`` per page:
  the first call in a fresh process, ``import cleaner`` included (timed
  inside the process, from before the import to the first result; the
  fastest of ``--repeat`` processes), and warm milliseconds per call (the
  median of ``LIBRARY_CALLS`` calls) on a 7 kB article (the trafilatura
  extraction closest to 7 kB).

Results go to ``bench/results.md`` and ``bench/results.json`` with the date
and the machine. ``--memory`` adds the streaming check: a JSON Lines file of
``--jsonl-mb`` megabytes (default 1024) cleaned to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.devtools import corpus  # noqa: E402  (run as a script: the project root goes on sys.path first)

KINDS = ("markdown", "plain", "trafilatura", "partial")
LONG_DOC_BYTES = 5_000_000
TRAFILATURA_SCRIPT = """
import sys, pathlib
import trafilatura
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
OPTIONS = {options}
for p in sorted(src.rglob("*.html")):
    t = out / p.relative_to(src).with_suffix(".txt")
    t.parent.mkdir(parents=True, exist_ok=True)
    t.write_text(trafilatura.extract(p.read_bytes(), **OPTIONS) or "", encoding="utf-8")
"""
# trafilatura's default extraction; and, for comparison, with the metadata cleaner's HTML mode also returns.
TRAFILATURA_OPTIONS = {"default": "{}", "with_metadata": '{"with_metadata": True, "output_format": "json"}'}
LIBRARY_BYTES = 7000
LIBRARY_CALLS = 30
LIBRARY_SCRIPT = """
import sys, time, json
t0 = time.perf_counter()
import cleaner
text = open(sys.argv[1], encoding="utf-8").read()
cleaner.clean(text)
first = time.perf_counter() - t0
calls = []
for _ in range({calls}):
    t = time.perf_counter()
    cleaner.clean(text)
    calls.append(time.perf_counter() - t)
calls.sort()
print(json.dumps({{"first_call_s": first, "warm_ms": 1000 * calls[len(calls) // 2],
                  "sklearn_imported": any(m.split(".")[0] == "sklearn" for m in sys.modules)}}))
"""
JUSTEXT_SCRIPT = """
import sys, pathlib
sys.path.insert(0, {root!r})
from cleaner.devtools.quality import justext_text
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for p in sorted(src.rglob("*.txt")):
    t = out / p.relative_to(src)
    t.parent.mkdir(parents=True, exist_ok=True)
    t.write_text(justext_text(p.read_text(encoding="utf-8")), encoding="utf-8")
"""


def run(cmd: list[str], **kw) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one whole process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=kw.get("stdout", subprocess.DEVNULL), stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_maxrss


def best(cmd: list[str], repeat: int) -> tuple[float, int]:
    """The fastest of ``repeat`` runs (and the largest peak RSS): on a shared or
    virtual machine a single run can be slowed by its neighbours, never sped up."""
    runs = [run(cmd) for _ in range(max(1, repeat))]
    return min(w for w, _ in runs), max(r for _, r in runs)


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=None, help="pages per kind (default: all)")
    ap.add_argument("--memory", action="store_true", help="also stream a large JSON Lines file")
    ap.add_argument("--jsonl-mb", type=int, default=1024)
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest counts")
    ap.add_argument("--output", default=str(ROOT / "bench"))
    args = ap.parse_args()
    cleaner_cmd = [sys.executable, "-m", "cleaner.cli", "clean"]
    rows, extra = [], {}
    with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as tmp:
        tmp = Path(tmp)
        for kind in KINDS:
            src = tmp / kind
            src.mkdir()
            size = n = 0
            for page, text in corpus.iter_inputs(kind, None, limit=args.limit):
                data = text.encode("utf-8")
                (src / f"{page.id}.txt").write_bytes(data)
                size += len(data)
                n += 1
            row = {"kind": kind, "files": n, "mb": size / 1e6}
            for jobs in (1, 2):
                cmd = cleaner_cmd + [str(src), "--output", str(tmp / f"out-{kind}-{jobs}"),
                                     "--jobs", str(jobs), "--no-progress"]
                wall, rss = best(cmd, args.repeat)
                row[f"cleaner_j{jobs}_s"] = wall
                row[f"cleaner_j{jobs}_rss_mib"] = rss / 1024
            script = tmp / "justext_run.py"
            script.write_text(JUSTEXT_SCRIPT.format(root=str(ROOT)))
            cmd = [sys.executable, str(script), str(src), str(tmp / f"justext-{kind}")]
            wall, rss = best(cmd, args.repeat)
            row["justext_s"] = wall
            row["justext_rss_mib"] = rss / 1024
            rows.append(row)
            print(json.dumps(row), flush=True)
        # One long document (markdown dumps run together to 5 MB): nothing may be
        # quadratic in a document's length, in time or in memory.
        long_doc = tmp / "long" / "long.txt"
        long_doc.parent.mkdir()
        with open(long_doc, "wb") as fh:
            written = 0
            for p in sorted((tmp / "markdown").glob("*.txt")):
                if written >= LONG_DOC_BYTES:
                    break
                written += fh.write(p.read_bytes() + b"\n\n")
        cmd = cleaner_cmd + [str(long_doc), "--output", str(tmp / "out-long"), "--no-progress"]
        wall, rss = best(cmd, args.repeat)
        extra["long_document"] = {"mb": written / 1e6, "seconds": wall, "rss_mib": rss / 1024}
        print(json.dumps(extra["long_document"]), flush=True)
        # The library path: cleaner.clean() on one 7 kB article, in fresh processes.
        article = min(sorted((tmp / "trafilatura").glob("*.txt")),
                      key=lambda p: abs(p.stat().st_size - LIBRARY_BYTES))
        script = tmp / "library_run.py"
        script.write_text(LIBRARY_SCRIPT.format(calls=LIBRARY_CALLS))
        runs = []
        for _ in range(max(1, args.repeat)):
            out = subprocess.run([sys.executable, str(script), str(article)],
                                 capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout))
        extra["library"] = {"bytes": article.stat().st_size,
                            "first_call_s": min(r["first_call_s"] for r in runs),
                            "warm_ms": min(r["warm_ms"] for r in runs),
                            "sklearn_imported": any(r["sklearn_imported"] for r in runs)}
        print(json.dumps(extra["library"]), flush=True)
        # HTML: cleaner's HTML mode against trafilatura's own extraction (default settings) of the same pages.
        src = tmp / "html"
        src.mkdir()
        size = n = 0
        for page in corpus.load_pages(None, limit=args.limit):
            data = page.html_bytes()
            (src / f"{page.id}.html").write_bytes(data)
            size += len(data)
            n += 1
        html_row = {"kind": "html", "files": n, "mb": size / 1e6}
        cmd = cleaner_cmd + [str(src), "--output", str(tmp / "out-html"), "--no-progress"]
        html_row["cleaner_j1_s"], rss = best(cmd, args.repeat)
        html_row["cleaner_j1_rss_mib"] = rss / 1024
        for name, options in TRAFILATURA_OPTIONS.items():
            script = tmp / f"trafilatura_{name}.py"
            script.write_text(TRAFILATURA_SCRIPT.replace("{options}", options))
            key = "trafilatura_s" if name == "default" else f"trafilatura_{name}_s"
            cmd = [sys.executable, str(script), str(src), str(tmp / f"trafilatura-{name}")]
            html_row[key], rss = best(cmd, args.repeat)
        extra["html"] = html_row
        print(json.dumps(html_row), flush=True)
        if args.memory:
            big = tmp / "big.jsonl"
            records = [json.dumps({"text": t, "id": p.id}).encode() + b"\n"
                       for p, t in corpus.iter_inputs("markdown", None, limit=200)]
            target, written = args.jsonl_mb * 1_000_000, 0
            with open(big, "wb") as fh:
                while written < target:
                    for r in records:
                        fh.write(r)
                        written += len(r)
                        if written >= target:
                            break
            wall, rss = run(cleaner_cmd + [str(big), "--format", "jsonl", "--jobs", "2", "--no-progress"])
            extra["jsonl_stream"] = {"mb": written / 1e6, "seconds": wall, "rss_mib": rss / 1024}
            print(json.dumps(extra), flush=True)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    meta = {"date": date.today().isoformat(), "machine": machine()}
    (out / "results.json").write_text(json.dumps({**meta, "rows": rows, **extra}, indent=2) + "\n")
    lines = [f"Measured {meta['date']} on {meta['machine']} by `make bench` (whole processes, fastest of "
             f"{args.repeat} runs each; inputs derived from the "
             f"{rows[0]['files'] if rows else 0} pages of the development corpus).", "",
             "| input | files | MB | cleaner --jobs 1 MB/s | docs/s | --jobs 2 speed-up | peak RSS MiB "
             "| jusText MB/s | cleaner vs jusText |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(
            f"| {r['kind']} | {r['files']} | {r['mb']:.1f} | {r['mb'] / r['cleaner_j1_s']:.2f} "
            f"| {r['files'] / r['cleaner_j1_s']:.0f} | "
            f"{r['cleaner_j1_s'] / r['cleaner_j2_s']:.2f}x | {r['cleaner_j1_rss_mib']:.0f} "
            f"| {r['mb'] / r['justext_s']:.2f} | "
            f"{r['justext_s'] / r['cleaner_j1_s']:.2f}x |")
    if "html" in extra:
        h = extra["html"]
        lines += ["", f"HTML pages ({h['files']} files, {h['mb']:.1f} MB, one process): cleaner's HTML mode "
                      f"{h['cleaner_j1_s']:.1f} s, "
                      f"trafilatura's own extraction {h['trafilatura_s']:.1f} s: "
                      f"{h['cleaner_j1_s'] / h['trafilatura_s']:.2f}x "
                      f"trafilatura's time (peak RSS {h['cleaner_j1_rss_mib']:.0f} MiB)."]
        if "trafilatura_with_metadata_s" in h:
            lines[-1] += (" trafilatura with metadata (`with_metadata=True`, JSON output, "
                          "as cleaner's records carry) "
                          f"{h['trafilatura_with_metadata_s']:.1f} s: "
                          f"{h['cleaner_j1_s'] / h['trafilatura_with_metadata_s']:.2f}x.")
    if "long_document" in extra:
        d = extra["long_document"]
        lines += ["", f"One {d['mb']:.1f} MB document (markdown dumps run together, one process): "
                      f"{d['seconds']:.1f} s, "
                      f"peak RSS {d['rss_mib']:.0f} MiB."]
    if "library" in extra:
        lib = extra["library"]
        lines += ["", "| library path (`cleaner.clean()`, one article of "
                      f"{lib['bytes'] / 1000:.1f} kB) | |", "| --- | ---: |",
                  "| first call in a fresh process, `import cleaner` included "
                  f"| {lib['first_call_s']:.2f} s |",
                  f"| warm call (median of {LIBRARY_CALLS}) | {lib['warm_ms']:.1f} ms |",
                  f"| scikit-learn imported | {'yes' if lib['sklearn_imported'] else 'no'} |"]
    if "jsonl_stream" in extra:
        j = extra["jsonl_stream"]
        lines += ["", f"Streaming a {j['mb']:.0f} MB JSON Lines file to stdout (`--jobs 2`): "
                      f"{j['seconds']:.0f} s, "
                      f"peak RSS of the main process {j['rss_mib']:.0f} MiB."]
    (out / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
