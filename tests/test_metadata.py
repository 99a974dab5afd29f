"""Titles: the duplicate-title pass drops exactly what same_headline says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.document import DROP, Block, Document
from cleaner.metadata import _drop_duplicates, same_headline

from . import recorded

_WORDS = ["Storm", "storm", "hits", "the", "coast", "Coast,", "as", "thousands", "lose", "power", "STORM",
          "—", "İt", "it", "Straße", "strasse", "ſtorm", "new", "record", "'s", "3", "a"]
_line = st.lists(st.sampled_from(_WORDS), min_size=0, max_size=9).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_line, st.lists(st.tuples(_line, st.sampled_from(["heading", "paragraph", "list_item"])), max_size=6))
def test_drop_duplicates_matches_same_headline(title, lines):
    blocks = [Block(text=t, start=0, end=len(t), kind=k) for t, k in lines]
    doc = Document(blocks=blocks, title=title)
    _drop_duplicates(doc)
    for b in blocks:
        expected = (b.kind in ("heading", "paragraph") and b.words <= 40 and bool(title)
                    and same_headline(b.text, title))
        assert (b.decision == DROP) == expected, (title, b.text)


def test_near_duplicate_title_is_dropped():
    title = "Storm hits the coast as thousands lose power"
    blocks = [Block(text="Storm hits the coast as thousands lose power today", start=0, end=1,
                    kind="heading"),
              Block(text="Storm hits the coast", start=0, end=1)]
    doc = Document(blocks=blocks, title=title)
    _drop_duplicates(doc)
    assert [b.reason for b in blocks] == ["duplicate_title", None]


def test_split_documents_as_recorded():
    # texts of source URLs, dates, titles, bodies, images and rules (tests/recorded.py):
    # each split, after the markers pass, must give the recorded documents
    cases = recorded.load("split_documents")
    assert len(cases) >= 100
    for text, want in cases:
        assert recorded.split_summary(text) == want, repr(text)


def test_split_at_a_source_url_after_a_body():
    # what the recorded summaries stand for: a source URL after 20 words or more closes a document
    body = "A body line with quite a few words in it to count towards the twenty word limit here."
    text = f"{body}\n\n{body}\n\nhttps://example.com/a\n\n{body}\n\n{body}\n\nhttps://example.com/b\n"
    assert [[url, index, notes, [b[1] for b in blocks]] for url, index, _, notes, blocks
            in recorded.split_summary(text)] == [
        ["https://example.com/a", 0, [["source_url", 174]], [0, 87]],
        ["https://example.com/b", 1, [["source_url", 371]], [197, 284]],
    ]


def test_many_source_urls_split_into_documents():
    # 20,000 source-URL lines once cost a quadratic scan (speed: `make bench`).
    from cleaner.blocks import parse_blocks
    from cleaner.metadata import split_documents

    text = "Some words here " * 10 + "\n" + "\n".join(f"https://example.com/{i}" for i in range(20000)) + "\n"
    docs = split_documents(parse_blocks(text), text)
    assert docs and sum(len(d.blocks) for d in docs) >= 1

def test_url_lines_between_list_items_are_not_document_boundaries():
    from cleaner.blocks import parse_blocks
    from cleaner.metadata import split_documents

    items = []
    for n in range(1, 6):
        items.append(f"{n}. Garden tool number {n}\n\nThis tool does a useful job in the garden, and it is "
                     "sturdy, light and cheap enough for most people who grow vegetables at home in small "
                     "plots.\n"
                     f"https://shop.example.com/tool-{n}\n")
    text = "The best garden tools of the year\n\n" + "\n".join(items)
    assert len(split_documents(parse_blocks(text), text)) == 1
    bullets = "".join(f"- Reading number {n} about the history of the city and its many old bridges and "
                      f"parks\nhttps://example.com/read-{n}\n" for n in range(1, 6))
    text = "Further reading on the city\n\n" + bullets
    assert len(split_documents(parse_blocks(text), text)) == 1


def test_a_menu_or_breadcrumb_line_is_never_the_headline():
    from cleaner import Cleaner

    body = ("The city council voted on Tuesday to approve a budget that will fund repairs in all of the "
            "city's parks, after months of debate about how the money should be spent.\n\nOfficials said the "
            "work would begin in the spring and would be finished before the end of the year, with the "
            "largest parks first.\n")
    for menu in ("Home | World | Politics | Business", "News > Europe > Local"):
        text = f"{menu}\n\nCouncil approves new budget for city parks\n\n{body}"
        doc = Cleaner(model=None).clean_documents(text)[0]
        assert doc.title == "Council approves new budget for city parks"
    # one separator: a headline with its site's name
    doc = Cleaner(model=None).clean_documents(f"Council approves new budget | City Times\n\n{body}")[0]
    assert doc.title == "Council approves new budget | City Times"
