"""The page of the HTML audit report (see cleaner.report): its style sheet, its script and its frame.

The page is self-contained: the style and the script are inlined, and its
content security policy lets it fetch nothing. ``PAGE`` is a ``str.format``
template with the fields ``title``, ``css``, ``js``, ``summary``, ``chart``,
``options``, ``legend``, ``errors`` and ``data`` (the documents as JSON).
"""

CSS = """
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
.swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; vertical-align: \
middle; }
article.doc { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin: 1rem 0; \
padding: 0.75rem 1rem; }
article.doc h2 { font-size: 1.1rem; margin: 0 0 0.25rem; }
article.doc .meta { font-size: 0.85rem; color: #555; margin-bottom: 0.5rem; word-break: break-all; }
article.doc .meta span + span::before { content: " · "; }
article.doc .counts { font-size: 0.8rem; margin-bottom: 0.5rem; }
article.doc .counts span { display: inline-block; margin-right: 0.6rem; }
.source { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: 0.85rem; \
line-height: 1.45;
  overflow-wrap: anywhere; }
del.rm { color: var(--c); text-decoration: line-through; text-decoration-color: var(--c);
  background: color-mix(in srgb, var(--c) 9%, transparent); }
.more { margin-top: 0.5rem; }
.none, .gap { color: #666; }
.errors, .warning { margin: 1rem 0; color: #922; }
"""

# The script builds every node with textContent: document text is never parsed as HTML.
JS = """
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
      d.title = reason + (score === null || score === undefined ? "" : " · score " + \
Number(score).toFixed(2))
        + (info && info.description ? "\\n" + info.description : "");
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
    for (const [k, v] of [["url", doc.url], ["date", doc.date], ["source", doc.id], ["language", \
doc.language],
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
    pageInfo.textContent = docs.length + " documents" + (pages > 1 ? ", page " + (page + 1) + " of \
" + pages : "");
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
    bar.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { \
e.preventDefault(); pick(); } });
  }
  render();
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
script-src 'unsafe-inline'; img-src data:">
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
