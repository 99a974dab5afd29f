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
from .report_page import CSS, JS, PAGE
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
    width = label_w + bar_w + 70  # room for the count after the longest bar
    parts = [(f'<svg id="reason-chart" role="img" aria-label="Removals per reason" width="{width}" '
              f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">')]
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
        "reasons": [{"name": r, "count": n, "colour": colours[r], "description": described.get(r, "")}
                    for r, n in counts],
        "documents": report.documents,
    }
    n_shown = len(report.documents)
    shown = f" (the first {n_shown} shown)" if n_shown < report.total_documents else ""
    summary = [
        ("inputs", f"{report.inputs}"),
        ("documents", f"{report.total_documents}{shown}"),
        ("bytes in", human_bytes(report.bytes_in)),
        ("bytes out", human_bytes(report.bytes_out)),
        ("removals", f"{sum(report.counts.values())}"),
    ]
    if report.languages:
        summary.append(("languages", ", ".join(f"{k} {v}" for k, v in report.languages.most_common())))
    if report.errors:
        summary.append(("failed inputs", f"{len(report.errors)}"))
    summary_html = "".join(
        f'<div><dt>{html.escape(k)}</dt><dd id="summary-{k.replace(" ", "-")}">{html.escape(v)}</dd></div>'
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
    return PAGE.format(
        title=html.escape(title), css=CSS, js=JS, summary=summary_html, chart=_bar_chart(counts, colours),
        options=options, legend=legend, errors=errors, data=_json_for_script(data),
    )


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
