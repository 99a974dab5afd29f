"""The HTML audit report: every document's source text with each removal marked by its reason.

People judge a cleaner by what it took out. ``cleaner report`` writes one
self-contained page (inline CSS, JavaScript and SVG; a content security
policy forbids fetching anything) that shows, for each document, its source
text with the kept text plain and every removed span struck through in its
reason's colour, the reason and score on hover.

The documents travel as JSON inside the page, each as its source text plus
``[start, end, reason, score]`` marks, so the page is about the size of the
input; the script renders one page of documents at a time, and only the
head of a long document until it is expanded, so a report of thousands of
documents stays quick to open.
"""

from __future__ import annotations

import heapq
import html
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from .document import Document
from .io import human_bytes
from .normalize import normalize_text
from .rules import RULES
from .rules.catalog import OTHER_REASONS


def reason_descriptions() -> dict[str, str]:
    """What every reason a user can see means: the rules' own descriptions, then the others."""
    out = {r.name: r.description for r in RULES}
    for name, text in OTHER_REASONS.items():
        out.setdefault(name, text)
    return out


def document_marks(doc: Document, source_text: str) -> tuple[int, int, list[list[Any]]]:
    """``(start, end, marks)``: the document's span of ``source_text`` and its removed parts.

    Each mark is ``[start, end, reason, score]`` relative to ``start``, in
    order, never overlapping. Where removals nest (a date marker inside a
    dropped line, an inline image inside a kept paragraph), the innermost
    one names the characters.
    """
    if not doc.blocks and not doc.notes:
        return 0, 0, []
    spans: list[tuple[int, int, str, float | None]] = []
    ends = [b.end for b in doc.blocks] + [n.end for n in doc.notes if n.end is not None]
    starts = [b.start for b in doc.blocks] + [n.start for n in doc.notes if n.start is not None]
    lo = 0 if doc.index == 0 and doc.split_from is None else min(starts, default=0)
    hi = max(ends, default=lo)
    for note in doc.notes:
        if note.start is not None and note.end is not None:
            spans.append((note.start, note.end, note.reason, note.score))
    for b in doc.blocks:
        if not b.kept:
            spans.append((b.start, b.end, b.reason or "unknown", b.score))
            continue
        cursor = b.start
        for reason, removed in b.inline_removals:  # in source order, each taken from the block's source
            at = source_text.find(removed, cursor, b.end)
            if at < 0:
                continue
            spans.append((at, at + len(removed), reason, None))
            cursor = at + len(removed)
    return lo, hi, _paint(spans, lo, hi)


def _paint(spans: list[tuple[int, int, str, float | None]], lo: int, hi: int) -> list[list[Any]]:
    """Flatten possibly nested spans into ordered, disjoint marks (innermost wins)."""
    points = sorted({lo, hi, *(max(lo, min(hi, p)) for s in spans for p in s[:2])})
    order = sorted(range(len(spans)), key=lambda k: spans[k][0])
    active: list[tuple[int, int, int]] = []  # (length, index, end), shortest on top
    marks: list[list[Any]] = []
    nxt = 0
    for a, b in itertools.pairwise(points):
        while nxt < len(order) and spans[order[nxt]][0] <= a:
            k = order[nxt]
            heapq.heappush(active, (spans[k][1] - spans[k][0], k, spans[k][1]))
            nxt += 1
        while active and active[0][2] <= a:
            heapq.heappop(active)
        if not active:
            continue
        _, k, _ = active[0]
        reason, score = spans[k][2], spans[k][3]
        if marks and marks[-1][1] == a - lo and marks[-1][2] == reason and marks[-1][3] == score:
            marks[-1][1] = b - lo
        else:
            marks.append([a - lo, b - lo, reason, score])
    return marks


@dataclass
class Report:
    """What a report shows: documents with their marks, and run totals."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # removals per reason, over every document
    inputs: int = 0
    total_documents: int = 0  # may exceed len(documents) when capped
    bytes_in: int = 0
    bytes_out: int = 0
    errors: list[str] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)

    def add(self, docs: Iterable[Document], source_text: str, limit: int | None = None) -> None:
        """Add one input's documents (``source_text``: the text the pipeline parsed)."""
        source_text = normalize_text(source_text)
        for doc in docs:
            self.total_documents += 1
            removals = doc.removals()
            self.counts.update(r.reason for r in removals)
            kept = doc.text
            self.bytes_out += len(kept.encode())
            language = getattr(doc, "language", None)
            if language:
                self.languages[language] += 1
            if limit is not None and len(self.documents) >= limit:
                continue
            lo, hi, marks = document_marks(doc, source_text)
            self.documents.append({
                "id": doc.id, "source": doc.source, "title": doc.title, "url": doc.url, "date": doc.date,
                "language": language, "split_from": doc.split_from,
                "text": source_text[lo:hi], "marks": marks, "kept_chars": len(kept),
                "counts": dict(Counter(r.reason for r in removals)),
            })


_PALETTE = ["#c0392b", "#2471a3", "#7d3c98", "#b9770e", "#117a65", "#a93226", "#1f618d", "#6c3483",
            "#9a7d0a", "#0e6655", "#943126", "#1a5276", "#5b2c6f", "#7e5109", "#0b5345", "#cb4335",
            "#2e86c1", "#884ea0", "#d68910", "#138d75"]


def _colours(reasons: list[str]) -> dict[str, str]:
    return {r: _PALETTE[i % len(_PALETTE)] for i, r in enumerate(reasons)}


def _bar_chart(counts: list[tuple[str, int]], colours: dict[str, str]) -> str:
    """Removals per reason as horizontal SVG bars; a bar click filters by its reason."""
    if not counts:
        return '<p class="none">Nothing was removed.</p>'
    top = max(n for _, n in counts)
    row, label_w, bar_w = 22, 190, 420
    height = row * len(counts) + 4
    parts = [(f'<svg id="reason-chart" role="img" aria-label="Removals per reason" width="{label_w + bar_w + 70}" '
              f'height="{height}" viewBox="0 0 {label_w + bar_w + 70} {height}" xmlns="http://www.w3.org/2000/svg">')]
    for i, (reason, n) in enumerate(counts):
        y = i * row + 2
        w = max(2, round(bar_w * n / top))
        r = html.escape(reason)
        parts.append(
            f'<g class="bar" data-reason="{r}" tabindex="0"><title>{r}: {n}</title>'
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{r}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row - 6}" fill="{colours[reason]}"></rect>'
            f'<text x="{label_w + w + 6}" y="{y + 15}">{n}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _json_for_script(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">`` (no ``</script>``, no ``<!--``)."""
    return orjson.dumps(value).decode().replace("<", "\\u003c")


def render_html(report: Report, *, title: str = "cleaner report") -> str:
    """The whole page as a string."""
    described = reason_descriptions()
    counts = report.counts.most_common()
    reasons = [r for r, _ in counts]
    colours = _colours(reasons)
    data = {
        "reasons": [{"name": r, "count": n, "colour": colours[r], "description": described.get(r, "")} for r, n in counts],
        "documents": report.documents,
    }
    summary = [
        ("inputs", f"{report.inputs}"),
        ("documents", f"{report.total_documents}" + (f" (the first {len(report.documents)} shown)"
                                                    if len(report.documents) < report.total_documents else "")),
        ("bytes in", human_bytes(report.bytes_in)),
        ("bytes out", human_bytes(report.bytes_out)),
        ("removals", f"{sum(report.counts.values())}"),
    ]
    if report.languages:
        summary.append(("languages", ", ".join(f"{k} {v}" for k, v in report.languages.most_common())))
    if report.errors:
        summary.append(("failed inputs", f"{len(report.errors)}"))
    summary_html = "".join(f'<div><dt>{html.escape(k)}</dt><dd id="summary-{k.replace(" ", "-")}">{html.escape(v)}</dd></div>'
                           for k, v in summary)
    options = "".join(f'<option value="{html.escape(r)}">{html.escape(r)} ({n})</option>' for r, n in counts)
    legend = "".join(
        f'<li><span class="swatch" style="background:{colours[r]}"></span><code>{html.escape(r)}</code> '
        f'{html.escape(described.get(r, ""))}</li>' for r, _ in counts
    )
    errors = ""
    from .language import unsupported_warning

    warning = unsupported_warning(report.languages)
    if warning:
        errors += f'<p class="warning" id="language-warning">{html.escape(warning)}</p>'
    if report.errors:
        errors += '<details class="errors"><summary>Inputs that could not be read</summary><ul>' + "".join(
            f"<li>{html.escape(e)}</li>" for e in report.errors) + "</ul></details>"
    return _PAGE.format(
        title=html.escape(title), css=_CSS, js=_JS, summary=summary_html, chart=_bar_chart(counts, colours),
        options=options, legend=legend, errors=errors, data=_json_for_script(data),
    )


_CSS = """
:root { font-family: system-ui, sans-serif; color: #1b1b1b; background: #fafafa; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 4rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 1rem; }
dl.summary { display: flex; flex-wrap: wrap; gap: 0.5rem 2rem; margin: 0 0 1rem; }
dl.summary div { display: flex; flex-direction: column; }
dl.summary dt { font-size: 0.75rem; text-transform: uppercase; color: #666; }
dl.summary dd { margin: 0; font-size: 1.1rem; font-weight: 600; }
#reason-chart text { font-size: 12px; fill: #333; }
#reason-chart .bar { cursor: pointer; }
#reason-chart .bar:hover rect, #reason-chart .bar:focus rect { opacity: 0.75; }
#reason-chart .bar.selected text { font-weight: 700; }
.controls { position: sticky; top: 0; background: #fafafa; padding: 0.5rem 0; border-bottom: 1px solid #ddd;
  display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; z-index: 1; }
.controls button { font: inherit; }
details.legend ul { list-style: none; padding: 0; columns: 2 28rem; font-size: 0.9rem; }
details.legend li { margin: 0.15rem 0; break-inside: avoid; }
.swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; vertical-align: middle; }
article.doc { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin: 1rem 0; padding: 0.75rem 1rem; }
article.doc h2 { font-size: 1.1rem; margin: 0 0 0.25rem; }
article.doc .meta { font-size: 0.85rem; color: #555; margin-bottom: 0.5rem; word-break: break-all; }
article.doc .meta span + span::before { content: " · "; }
article.doc .counts { font-size: 0.8rem; margin-bottom: 0.5rem; }
article.doc .counts span { display: inline-block; margin-right: 0.6rem; }
.source { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: 0.85rem; line-height: 1.45;
  overflow-wrap: anywhere; }
del.rm { color: var(--c); text-decoration: line-through; text-decoration-color: var(--c);
  background: color-mix(in srgb, var(--c) 9%, transparent); }
.more { margin-top: 0.5rem; }
.none, .gap { color: #666; }
.errors, .warning { margin: 1rem 0; color: #922; }
"""

# The script builds every node with textContent: document text is never parsed as HTML.
_JS = r"""
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const PAGE = 50, HEAD = 4000, CONTEXT = 300;
  const reasons = {};
  for (const r of data.reasons) reasons[r.name] = r;
  const docsEl = document.getElementById("documents");
  const filterEl = document.getElementById("reason-filter");
  const pageInfo = document.getElementById("page-info");
  const prevBtn = document.getElementById("prev-page"), nextBtn = document.getElementById("next-page");
  const filterStyle = document.getElementById("filter-style");
  let filter = "", page = 0;

  function visible() {
    return filter ? data.documents.filter(d => d.counts[filter]) : data.documents;
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  // Text of doc.text[from, to) with its marks, appended to frag.
  function renderRange(frag, doc, from, to) {
    const text = doc.text;
    let at = from;
    for (const [s, e, reason, score] of doc.marks) {
      if (e <= from) continue;
      if (s >= to) break;
      const a = Math.max(s, from), b = Math.min(e, to);
      if (a > at) frag.appendChild(document.createTextNode(text.slice(at, a)));
      const d = el("del", "rm", text.slice(a, b));
      d.dataset.reason = reason;
      const info = reasons[reason];
      d.style.setProperty("--c", info ? info.colour : "#c0392b");
      d.title = reason + (score === null || score === undefined ? "" : " · score " + Number(score).toFixed(2))
        + (info && info.description ? "\n" + info.description : "");
      frag.appendChild(d);
      at = b;
    }
    if (at < to) frag.appendChild(document.createTextNode(text.slice(at, to)));
  }

  // A collapsed document shows its head, or with a reason chosen, the text around that reason's marks.
  function renderSource(box, doc, whole) {
    box.textContent = "";
    const frag = document.createDocumentFragment();
    const n = doc.text.length;
    if (whole || n <= HEAD) {
      renderRange(frag, doc, 0, n);
    } else if (!filter) {
      renderRange(frag, doc, 0, HEAD);
      frag.appendChild(el("span", "gap", " …"));
    } else {
      const windows = [];
      for (const [s, e, reason] of doc.marks) {
        if (reason !== filter) continue;
        const a = Math.max(0, s - CONTEXT), b = Math.min(n, e + CONTEXT);
        if (windows.length && a <= windows[windows.length - 1][1]) windows[windows.length - 1][1] = b;
        else windows.push([a, b]);
      }
      let budget = 4 * HEAD;
      for (const [a, b] of windows) {
        if (budget <= 0) break;
        if (a > 0) frag.appendChild(el("span", "gap", " … "));
        renderRange(frag, doc, a, Math.min(b, a + budget));
        budget -= b - a;
      }
      frag.appendChild(el("span", "gap", " …"));
    }
    box.appendChild(frag);
  }

  function renderDoc(doc) {
    const art = el("article", "doc");
    art.dataset.id = doc.id;
    art.dataset.reasons = Object.keys(doc.counts).join(" ");
    art.appendChild(el("h2", "", doc.title || doc.source || doc.id));
    const meta = el("div", "meta");
    for (const [k, v] of [["url", doc.url], ["date", doc.date], ["source", doc.id], ["language", doc.language],
                          ["split from", doc.split_from]]) {
      if (v) meta.appendChild(el("span", "", k + ": " + v));
    }
    meta.appendChild(el("span", "", doc.kept_chars + " of " + doc.text.length + " characters kept"));
    art.appendChild(meta);
    const counts = el("div", "counts");
    for (const [r, n] of Object.entries(doc.counts)) {
      const c = el("span", "", r + " " + n);
      c.style.color = reasons[r] ? reasons[r].colour : "";
      counts.appendChild(c);
    }
    art.appendChild(counts);
    const box = el("div", "source");
    art.appendChild(box);
    renderSource(box, doc, false);
    if (doc.text.length > HEAD) {
      art.classList.add("collapsed");
      const label = "Show the whole document (" + doc.text.length + " characters)";
      const more = el("button", "more", label);
      more.addEventListener("click", () => {
        const collapsed = art.classList.toggle("collapsed");
        renderSource(box, doc, !collapsed);
        more.textContent = collapsed ? label : "Collapse";
      });
      art.appendChild(more);
    }
    return art;
  }

  function render() {
    const docs = visible();
    const pages = Math.max(1, Math.ceil(docs.length / PAGE));
    page = Math.min(page, pages - 1);
    docsEl.textContent = "";
    const frag = document.createDocumentFragment();
    for (const doc of docs.slice(page * PAGE, (page + 1) * PAGE)) frag.appendChild(renderDoc(doc));
    if (!docs.length) frag.appendChild(el("p", "none", "No document has removals of this reason."));
    docsEl.appendChild(frag);
    pageInfo.textContent = docs.length + " documents" + (pages > 1 ? ", page " + (page + 1) + " of " + pages : "");
    prevBtn.disabled = page === 0;
    nextBtn.disabled = page >= pages - 1;
    filterStyle.textContent = filter
      ? 'del.rm:not([data-reason="' + CSS.escape(filter) + '"]) { display: none; }' : "";
    for (const bar of document.querySelectorAll("#reason-chart .bar")) {
      bar.classList.toggle("selected", bar.dataset.reason === filter);
    }
  }

  function setFilter(value) {
    filter = value;
    filterEl.value = value;
    page = 0;
    render();
  }

  filterEl.addEventListener("change", () => setFilter(filterEl.value));
  prevBtn.addEventListener("click", () => { page -= 1; render(); window.scrollTo(0, 0); });
  nextBtn.addEventListener("click", () => { page += 1; render(); window.scrollTo(0, 0); });
  for (const bar of document.querySelectorAll("#reason-chart .bar")) {
    const pick = () => setFilter(filter === bar.dataset.reason ? "" : bar.dataset.reason);
    bar.addEventListener("click", pick);
    bar.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
  }
  render();
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title}</title>
<style>{css}</style>
<style id="filter-style"></style>
</head>
<body>
<h1>{title}</h1>
<dl class="summary">{summary}</dl>
<section aria-label="Removals per reason">{chart}</section>
<details class="legend"><summary>What each reason means</summary><ul>{legend}</ul></details>
{errors}
<div class="controls">
<label>Reason <select id="reason-filter"><option value="">all reasons</option>{options}</select></label>
<button id="prev-page" type="button">&larr; previous</button>
<span id="page-info"></span>
<button id="next-page" type="button">next &rarr;</button>
</div>
<main id="documents"><noscript>This report needs JavaScript to show the documents.</noscript></main>
<script type="application/json" id="report-data">{data}</script>
<script>{js}</script>
</body>
</html>
"""


ReportItem = tuple[str, str, dict[str, Any] | None, dict[str, Any] | None]  # (text, source, fields, meta)


def iter_report_inputs(inputs: Iterable[Any], *, text_field: str = "text", input_format: str = "auto",
                       stdin: Any = None) -> Iterator[tuple[Any, list[ReportItem] | None, int, list[str]]]:
    """For each input: ``(input, items, bytes, errors)`` with items ``(text, source, fields, meta)``.

    Read by ``cleaner clean``'s own reader (:func:`cleaner.batch.read_items`), so the
    page shows what ``clean`` cleans; a bad input gives ``items=None`` and its error, a bad
    JSON Lines record an error of its own while the others go on.
    """
    from .batch import RunConfig, read_items
    from .io import InputError
    from .normalize import DecodeError

    config = RunConfig(text_field=text_field, input_format=input_format)
    for inp in inputs:
        try:
            items, errors, size = read_items(inp, config, stdin)
        except (InputError, DecodeError) as exc:
            yield inp, None, 0, [f"{inp.path}: {exc}"]
            continue
        yield inp, items, size, errors
