"""Quality measurement on the development corpus: cleaner against baselines.

Used by ``cleaner eval --corpus`` (and ``make bench-quality``) and by
``cleaner train`` for the model card, so that every published figure comes
from the same code. Figures are only ever computed on the dev split.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import corpus
from .evaluate import Report, score

System = Callable[[str], str]


def identity(text: str) -> str:
    """No cleaning at all: the floor every cleaner must beat."""
    return text


def justext_text(text: str) -> str:
    """jusText given the same text: one ``<p>`` per paragraph, English stop list.

    jusText reads HTML; plain text is handed to it the only way it can take
    it, one paragraph element per blank-line-separated paragraph.
    """
    import justext

    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    if not paras:
        return ""
    page = (
        "<html><body>"
        + "".join(f"<p>{html.escape(' '.join(p.split()))}</p>" for p in paras)
        + "</body></html>"
    )
    out = justext.justext(page.encode("utf-8"), justext.get_stoplist("English"), encoding="utf-8")
    return "\n".join(p.text for p in out if not p.is_boilerplate)


def cleaner_system(
    off_topic: str = "drop",
    model: str | None = "default",
    trust_model: bool = False,
    favor: str | None = None,
) -> System:
    from ..api import Cleaner, main_document_text

    c = Cleaner(off_topic=off_topic, model=model, trust_model=trust_model, favor=favor)
    # One pass, as the CLI writes it (``Cleaner.clean`` adds passes to a fixed point).
    return lambda text: main_document_text(c.clean_documents(text))


@dataclass
class Row:
    kind: str
    system: str
    report: Report
    seconds: float
    docs: int


def evaluate_kind(
    kind: str, systems: dict[str, System], split: str = "dev", path=None, limit: int | None = None
) -> list[Row]:
    """Score each system on the split's pages turned into input kind ``kind``."""
    pages = [(p, t) for p, t in corpus.iter_inputs(kind, split, path, limit)]
    rows = []
    for name, fn in systems.items():
        t0 = time.perf_counter()
        outs = [(p.id, fn(text), p.gold) for p, text in pages]
        rows.append(Row(kind, name, score(outs), time.perf_counter() - t0, len(pages)))
    return rows


def table(rows: Iterable[Row]) -> str:
    """A markdown table of precision, recall and F1 per input kind and system."""
    lines = [
        "| input | system | precision | recall | F1 | docs |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        rep = r.report
        lines.append(
            f"| {r.kind} | {r.system} | {rep.precision:.3f} | {rep.recall:.3f} | {rep.f1:.3f} | {r.docs} |"
        )
    return "\n".join(lines)


def pasted_story_cases(n: int, split: str = "dev", seed: int = 7, path=None):
    """``(article, pasted, combined)`` triples built from gold bodies at run time.

    A contiguous half of an unrelated article is inserted at a paragraph
    boundary of another (never before its lead), the way live pages and
    careless scrapers paste stories together. Deterministic for a seed.
    """
    import random

    pages = [p for p in corpus.load_pages(split, path) if len(p.gold.split()) > 200]
    rng = random.Random(seed)
    made = 0
    while made < n and len(pages) >= 2:
        host, donor = rng.sample(pages, 2)
        a = [x for x in host.gold.split("\n") if x.strip()]
        b = [x for x in donor.gold.split("\n") if x.strip()]
        if len(a) < 3 or len(b) < 2:
            continue
        half = max(1, len(b) // 2)
        start = rng.randrange(0, len(b) - half + 1)
        chunk = b[start : start + half]
        pos = rng.randrange(1, len(a))
        made += 1
        yield "\n\n".join(a), "\n\n".join(chunk), "\n\n".join(a[:pos] + chunk + a[pos:])


@dataclass
class PastedResult:
    cases: int
    survival: float  # mean share of the pasted story's shingles left in the output
    report: Report  # output against the original article


def evaluate_pasted(
    system: System, n: int = 60, split: str = "dev", seed: int = 7, path=None
) -> PastedResult:
    """How much of a pasted story survives ``system``, and F1 against the original article."""
    from .evaluate import shingles

    survival, pairs = [], []
    for k, (article, pasted, combined) in enumerate(pasted_story_cases(n, split, seed, path)):
        out = system(combined)
        ps, os_ = shingles(pasted), shingles(out)
        survival.append(sum((ps & os_).values()) / max(sum(ps.values()), 1))
        pairs.append((str(k), out, article))
    return PastedResult(len(pairs), sum(survival) / max(len(survival), 1), score(pairs))


def justext_html(html_text: str) -> str:
    """jusText on the page itself (its natural input), English stop list."""
    import justext

    if not html_text.strip():
        return ""
    try:
        paras = justext.justext(
            html_text.encode("utf-8", "replace"), justext.get_stoplist("English"), encoding="utf-8"
        )
    except Exception:  # jusText raises on pages lxml cannot parse
        return ""
    return "\n".join(p.text for p in paras if not p.is_boilerplate)


def cleaner_html_system(
    off_topic: str = "drop", model: str | None = "default", trust_model: bool = False
) -> System:
    from ..api import Cleaner, main_document_text

    c = Cleaner(off_topic=off_topic, model=model, trust_model=trust_model)
    return lambda page: main_document_text(c.clean_documents(page, input_format="html"))


def trafilatura_html(html_text: str) -> str:
    """trafilatura alone on the page, default settings: the yardstick for HTML input."""
    import trafilatura

    return trafilatura.extract(html_text) or ""


def evaluate_html(
    systems: dict[str, System], split: str = "dev", path=None, limit: int | None = None
) -> list[Row]:
    """Score systems that take the raw HTML page (decoded), with their run time."""
    pages = [(p, p.html()) for p in corpus.load_pages(split, path, limit)]
    rows = []
    for name, fn in systems.items():
        t0 = time.perf_counter()
        outs = [(p.id, fn(h), p.gold) for p, h in pages]
        rows.append(Row("html", name, score(outs), time.perf_counter() - t0, len(pages)))
    return rows
