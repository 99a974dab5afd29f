"""Titles: the duplicate-title pass drops exactly what same_headline says."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from cleaner.document import DROP, Block, Document
from cleaner.metadata import _drop_duplicates, same_headline

_WORDS = ["Storm", "storm", "hits", "the", "coast", "Coast,", "as", "thousands", "lose", "power", "STORM", "—", "İt",
          "it", "Straße", "strasse", "ſtorm", "new", "record", "'s", "3", "a"]
_line = st.lists(st.sampled_from(_WORDS), min_size=0, max_size=9).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_line, st.lists(st.tuples(_line, st.sampled_from(["heading", "paragraph", "list_item"])), max_size=6))
def test_drop_duplicates_matches_same_headline(title, lines):
    blocks = [Block(text=t, start=0, end=len(t), kind=k) for t, k in lines]
    doc = Document(blocks=blocks, title=title)
    _drop_duplicates(doc)
    for b in blocks:
        expected = b.kind in ("heading", "paragraph") and b.words <= 40 and bool(title) and same_headline(b.text, title)
        assert (b.decision == DROP) == expected, (title, b.text)


def test_near_duplicate_title_is_dropped():
    title = "Storm hits the coast as thousands lose power"
    blocks = [Block(text="Storm hits the coast as thousands lose power today", start=0, end=1, kind="heading"),
              Block(text="Storm hits the coast", start=0, end=1)]
    doc = Document(blocks=blocks, title=title)
    _drop_duplicates(doc)
    assert [b.reason for b in blocks] == ["duplicate_title", None]
