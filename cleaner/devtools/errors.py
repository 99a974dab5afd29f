"""Error table: the article text cleaner drops and the junk it keeps, on train pages.

Run as ``python -m cleaner.devtools.errors --kind trafilatura``. Each block of
the cleaned input is labelled as training labels it (most of its shingles in
the gold body, see :mod:`.labels`); a body block that was dropped is a miss
(FN), a junk block that was kept is a leftover (FP). Both are summed by the
reason behind the decision, the block kind and where the block lies relative
to the article (before its first body block, among its body blocks, after its
last one), as shares of the gold body's shingles averaged over pages, so the
rows are in the unit the score loses.

Only the train split is read: what this table shows is what a fix is made
from, and a fix found on dev pages would be tuned on the figures it reports.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import corpus
from .labels import GoldIndex

Key = tuple[str, str, str]  # (reason, block kind, place)


@dataclass
class ErrorTable:
    """Summed misses and leftovers over ``pages`` pages, with example blocks."""

    pages: int = 0
    missed: Counter[Key] = field(default_factory=Counter)
    kept: Counter[Key] = field(default_factory=Counter)
    examples: dict[tuple[str, Key], list[tuple[str, float, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def rows(self, which: str) -> list[tuple[Key, float, int]]:
        """``(key, mean share of the gold body, blocks)`` for "missed" or "kept", largest first."""
        counts = self.missed if which == "missed" else self.kept
        n = max(self.pages, 1)
        return [(k, v / n, len(self.examples[(which, k)])) for k, v in counts.most_common()]


def _shingle_count(text: str) -> int:
    """The 4-word shingles a block adds to the output (a shorter block is one)."""
    return max(len(text.split()) - 3, 1)


def add_page(table: ErrorTable, page_id: str, gold: str, docs: Iterable) -> None:
    """Add one cleaned input (its documents, the main one first) to ``table``."""
    from ..api import main_document

    docs = list(docs)
    main = main_document(docs)
    index = GoldIndex(gold)
    total = max(len(index.shingles), 1)
    main_blocks = {id(b) for b in main.blocks} if main is not None else set()
    blocks = [b for d in docs for b in d.blocks if b.text]
    body = [index.overlap(b.text) >= 0.5 for b in blocks]
    at = [i for i, is_body in enumerate(body) if is_body]
    first, last = (at[0], at[-1]) if at else (len(blocks), -1)
    table.pages += 1
    for i, b in enumerate(blocks):
        kept = b.kept and id(b) in main_blocks
        if kept == body[i]:
            continue
        place = "before" if i < first else "after" if i > last else "among"
        key = (b.reason or "-", b.kind, place)
        which = "missed" if body[i] else "kept"
        (table.missed if body[i] else table.kept)[key] += _shingle_count(b.text) / total
        score = -1.0 if b.score is None else round(b.score, 2)
        table.examples[(which, key)].append((page_id, score, b.text))


def error_table(kind: str, path=None, limit: int | None = None, model: str | None = "default") -> ErrorTable:
    """The error table of cleaner on the train split's pages as input kind ``kind``."""
    from ..api import Cleaner

    cleaner = Cleaner(model=model)
    table = ErrorTable()
    for page, text in corpus.iter_inputs(kind, "train", path, limit):
        add_page(table, page.id, page.gold, cleaner.clean_documents(text))
    return table


def format_table(table: ErrorTable, top: int = 15, examples: int = 3, width: int = 100) -> str:
    lines = [f"{table.pages} train pages; shares of the gold body's shingles, averaged over pages"]
    for which, title in (("missed", "body dropped (FN)"), ("kept", "junk kept (FP)")):
        rows = table.rows(which)
        lines.append(f"\n{title}: {sum(v for _, v, _ in rows):.4f} in all")
        lines.append(f"{'share':>7}  {'blocks':>6}  reason / kind / place")
        for key, share, n in rows[:top]:
            lines.append(f"{share:7.4f}  {n:6d}  {' / '.join(key)}")
            biggest = sorted(table.examples[(which, key)], key=lambda e: -len(e[2]))[:examples]
            for page_id, score, text in biggest:
                lines.append(f"{'':17}{page_id} p={score:.2f} {text[:width]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=[k for k in corpus.KINDS if k != "html"], default="trafilatura")
    parser.add_argument("--corpus", default=None, help="corpus directory (default ../shared/data/articles)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N train pages")
    parser.add_argument("--model", default="default", help="model file, 'default', or 'none' for rules only")
    parser.add_argument("--top", type=int, default=15, help="rows per table")
    parser.add_argument("--examples", type=int, default=3, help="longest example blocks per row")
    args = parser.parse_args(argv)
    model = None if args.model == "none" else args.model
    table = error_table(args.kind, args.corpus, args.limit, model)
    print(format_table(table, args.top, args.examples))


if __name__ == "__main__":
    main()
