"""The error table (cleaner/devtools/errors.py): misses and leftovers, by reason, kind and place."""

from __future__ import annotations

import pytest

from cleaner.blocks import parse_blocks
from cleaner.devtools import corpus
from cleaner.devtools.errors import ErrorTable, add_page, error_table, format_table
from cleaner.document import Document

BODY = [
    "The council voted on Tuesday to extend the harbour wall by another forty metres this year.",
    "Engineers said the work would take a year and cost less than the repairs of the last two winters.",
    "Residents of the lower streets welcomed the decision at a crowded meeting in the town hall.",
]
MENU = "Home News Sport Weather Contact"
COMMENT = "Great article, thanks so much for writing it, I shared it with all of my friends today."


def _table(decide) -> ErrorTable:
    text = "\n\n".join([MENU, *BODY, COMMENT]) + "\n"
    blocks = parse_blocks(text)
    decide(blocks)
    table = ErrorTable()
    add_page(table, "p1", "\n".join(BODY), [Document(blocks=blocks)])
    return table


def test_a_dropped_body_block_is_a_miss_among_the_body():
    def decide(blocks):
        blocks[0].drop("breadcrumb")
        blocks[2].drop("boilerplate", certain=False)
        blocks[4].drop("boilerplate", certain=False)

    table = _table(decide)
    assert table.pages == 1
    [(key, share, n)] = table.rows("missed")
    assert key == ("boilerplate", "paragraph", "among") and n == 1
    gold_shingles = sum(len(p.split()) for p in BODY) - 3
    assert share == pytest.approx((len(BODY[1].split()) - 3) / gold_shingles, rel=0.2)
    assert table.rows("kept") == []


def test_kept_junk_is_a_leftover_before_or_after_the_article():
    def decide(blocks):
        for b in blocks:
            b.keep("model")

    table = _table(decide)
    assert table.rows("missed") == []
    kept = {key: n for key, _, n in table.rows("kept")}
    assert kept == {("model", "paragraph", "before"): 1, ("model", "paragraph", "after"): 1}
    shown = format_table(table)
    assert "junk kept (FP)" in shown and COMMENT[:40] in shown


@pytest.mark.slow
@pytest.mark.skipif(not corpus.available(), reason="development corpus not available")
def test_error_table_reads_train_pages_only():
    table = error_table("trafilatura", limit=3, model=None)
    assert table.pages == 3
    train = {p.id for p in corpus.load_pages("train", limit=3)}
    seen = {page_id for examples in table.examples.values() for page_id, _, _ in examples}
    assert seen <= train
