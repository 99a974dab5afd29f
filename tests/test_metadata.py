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


def _split_reference(blocks, text, source=None):
    """split_documents as it was: content words summed afresh at every URL."""
    from cleaner import metadata as M
    from cleaner.document import Removal

    last = next((b for b in reversed(blocks) if b.text or b.kind == "url"), None)
    terminated = last is not None and M._url_of(last) is not None
    docs, current, pending_url = [], [], None

    def close(url_block, url):
        nonlocal current, pending_url
        doc = Document(blocks=current, source=source, index=len(docs))
        if pending_url is not None:
            doc.url = pending_url[0]
            doc.notes.append(Removal("source_url", pending_url[1].text, pending_url[1].start, pending_url[1].end))
            pending_url = None
        if url_block is not None:
            doc.url = url
            doc.notes.append(Removal("source_url", url_block.text, url_block.start, url_block.end))
        docs.append(doc)
        current = []

    for block in blocks:
        url = M._url_of(block)
        if url is not None:
            tail = text[block.end : block.end + 2]
            at_break = block.end >= len(text.rstrip()) or tail.startswith("\n\n") or tail == "\n" or M._next_is_title(text, block.end)
            if terminated and M._content_words(current) >= 20 and at_break:
                close(block, url)
                continue
            if not current and pending_url is None and not docs:
                pending_url = (url, block)
                continue
        current.append(block)
    if current or not docs:
        if current and all(b.kind in ("url", "rule") or not b.text for b in current) and docs:
            docs[-1].blocks.extend(current)
        else:
            close(None, None)
    return docs


_PIECES = ["https://example.com/a", "Source: https://example.com/b", "date 2025-01-02 Storm hits coast",
           "A body line with quite a few words in it to count towards the twenty word limit here.", "Short title",
           "", "", "![img](x.png)", "---", "www.example.org"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16), st.sampled_from(["\n", "\n\n"]))
def test_split_documents_matches_reference(pieces, sep):
    from cleaner.blocks import parse_blocks
    from cleaner.metadata import extract_markers, split_documents

    text = sep.join(pieces) + "\n"

    def summary(docs):
        for d in docs:
            extract_markers(d)  # after the split, as the pipeline does: word counts cached by the split must agree
        return [(d.url, d.index, d.date, [(n.reason, n.start) for n in d.notes],
                 [(b.text, b.start, b.words, b.decision) for b in d.blocks]) for d in docs]

    assert summary(split_documents(parse_blocks(text), text)) == summary(_split_reference(parse_blocks(text), text))


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
        items.append(f"{n}. Garden tool number {n}\n\nThis tool does a useful job in the garden, and it is sturdy, light and "
                     f"cheap enough for most people who grow vegetables at home in small plots.\nhttps://shop.example.com/tool-{n}\n")
    text = "The best garden tools of the year\n\n" + "\n".join(items)
    assert len(split_documents(parse_blocks(text), text)) == 1
    bullets = "".join(f"- Reading number {n} about the history of the city and its many old bridges and parks\n"
                      f"https://example.com/read-{n}\n" for n in range(1, 6))
    text = "Further reading on the city\n\n" + bullets
    assert len(split_documents(parse_blocks(text), text)) == 1


def test_a_menu_or_breadcrumb_line_is_never_the_headline():
    from cleaner import Cleaner

    body = ("The city council voted on Tuesday to approve a budget that will fund repairs in all of the city's parks, "
            "after months of debate about how the money should be spent.\n\nOfficials said the work would begin in "
            "the spring and would be finished before the end of the year, with the largest parks first.\n")
    for menu in ("Home | World | Politics | Business", "News > Europe > Local"):
        doc = Cleaner(model=None).clean_documents(f"{menu}\n\nCouncil approves new budget for city parks\n\n{body}")[0]
        assert doc.title == "Council approves new budget for city parks"
    # one separator: a headline with its site's name
    doc = Cleaner(model=None).clean_documents(f"Council approves new budget | City Times\n\n{body}")[0]
    assert doc.title == "Council approves new budget | City Times"
