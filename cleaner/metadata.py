"""Find the documents in an input and their url, title and date.

Scrapers often concatenate articles into one file, each closed by its source
URL on a line of its own; some prefix a ``date YYYY-MM-DD`` marker to the
title line. This module splits the block list into documents, moves those
markers out of the text into metadata (recording each as a removal), and
picks each document's title.
"""

from __future__ import annotations

import regex

from .document import DROP, Block, Document, Removal
from .text import ends_sentence, norm_key, words

_LABELLED_URL = regex.compile(
    r"^(?:(?:source|url|link|original|via|from|canonical)\s*:\s*)?<?(https?://\S{3,})>?$", regex.I
)
_DATE = (
    r"(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}"
    r"|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{4})"
)
_DATE_MARKER = regex.compile(
    rf"^\s*[\[(]?(?:date|dated|published|posted|updated|pubdate|publish date|publication date)[\])]?"
    rf"\s*[:=]?\s*{_DATE}\b[\s|,;:–—-]*",
    regex.I,
)
_FIELD_MARKER = regex.compile(r"^\s*(title|headline|url|source|author|byline)\s*:\s*(.+)$", regex.I)


def _url_of(block: Block) -> str | None:
    if block.kind not in ("url", "paragraph") or "://" not in block.text:
        return None
    m = _LABELLED_URL.match(block.text)
    return m.group(1) if m else None


def _content_words(blocks: list[Block]) -> int:
    return sum(b.words for b in blocks if b.kind not in ("url", "image", "rule"))


def split_documents(blocks: list[Block], text: str, source: str | None = None) -> list[Document]:
    """Split blocks into documents at source-URL lines.

    A URL line closes the document before it when that document already has
    some text (at least 20 words) and the URL is the last thing in its
    paragraph group (followed by a blank line or the end of the input), and
    only in inputs that follow the "article, then its source URL" convention:
    the input's last block is a URL. A URL line in the middle of an ordinary
    page (a podcast file, a cited paper) is content, not a boundary. A URL at
    the very top of the input opens the first document instead.
    """
    last = next((b for b in reversed(blocks) if b.text or b.kind == "url"), None)
    terminated = last is not None and _url_of(last) is not None
    docs: list[Document] = []
    current: list[Block] = []
    # _content_words(current), summed as the blocks are first needed: a block's
    # word count is taken (and cached on it) at the first source URL after it,
    # as when the sum was taken afresh at every URL, but each block only once
    current_words = 0
    counted = 0  # current[:counted] are in current_words
    text_end = len(text.rstrip())
    pending_url: tuple[str, Block] | None = None

    def close(url_block: Block | None, url: str | None) -> None:
        nonlocal current, pending_url, current_words, counted
        doc = Document(blocks=current, source=source, index=len(docs))
        if pending_url is not None:
            doc.url = pending_url[0]
            url_line = pending_url[1]
            doc.notes.append(Removal("source_url", url_line.text, url_line.start, url_line.end))
            pending_url = None
        if url_block is not None:
            doc.url = url
            doc.notes.append(Removal("source_url", url_block.text, url_block.start, url_block.end))
        docs.append(doc)
        current = []
        current_words = counted = 0

    for k, block in enumerate(blocks):
        url = _url_of(block)
        if url is not None:
            tail = text[block.end : block.end + 2]
            at_break = (
                block.end >= text_end
                or tail.startswith("\n\n")
                or tail == "\n"
                or _next_is_title(text, block.end)
            )
            if terminated:
                current_words += _content_words(current[counted:])
                counted = len(current)
            if terminated and current_words >= 20 and at_break and not _inside_list(current, blocks, k):
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


_LIST_ITEM_START = regex.compile(r"\s*(?:\d{1,3}[.):]\s|#?\d{1,3}\s*[-–—]\s|[-*•+]\s)")


def _inside_list(current: list[Block], blocks: list[Block], k: int) -> bool:
    """Whether the URL line ``blocks[k]`` sits between two items of a list
    (a link after each item of a numbered product list, a reading list):
    the text before or after it is a list item, or both the part it closes
    and the text after it open like numbered items. Such a URL is content,
    never a document boundary."""
    before = next((b for b in reversed(current) if b.text), None)
    after = next((b for b in blocks[k + 1 :] if b.text and _url_of(b) is None), None)
    if after is None:
        return False
    if (before is not None and before.kind == "list_item") or after.kind == "list_item":
        return True
    first = next((b for b in current if b.text), None)
    return (
        first is not None
        and bool(_LIST_ITEM_START.match(first.text))
        and bool(_LIST_ITEM_START.match(after.text))
    )


def _next_is_title(text: str, end: int) -> bool:
    """After a single newline, the next line is short and has no full stop: a headline."""
    nxt = text[end + 1 : end + 400].split("\n", 1)[0].strip()
    return bool(nxt) and words(nxt) <= 25 and not nxt.endswith(".")


def extract_markers(doc: Document) -> None:
    """Move leading ``date …`` / ``Title: …`` / ``URL: …`` markers into metadata."""
    for block in doc.blocks[:6]:
        if block.decision == DROP or not block.text:
            continue
        m = _DATE_MARKER.match(block.text)
        if m:
            doc.date = doc.date or m.group(1)
            doc.notes.append(Removal("date_marker", m.group(0).strip(), block.start, block.start + m.end()))
            block.text = block.text[m.end() :].strip()
            if not block.text:
                block.drop("date_marker")
            else:
                block.info["after_marker"] = True  # what follows a date marker is the headline
            continue
        f = _FIELD_MARKER.match(block.text)
        if f and words(f.group(2)) <= 40:
            key, value = f.group(1).lower(), f.group(2).strip()
            if key in ("title", "headline"):
                doc.title = doc.title or value
            elif key in ("url", "source") and value.startswith("http"):
                doc.url = doc.url or value
            elif key in ("author", "byline"):
                doc.author = doc.author or value
            else:
                continue
            block.drop(f"{key}_marker" if key != "headline" else "title_marker")
            continue
        break


_MENU_SEPARATOR = regex.compile(r"(?:^|\s)[|•·»›>/\\](?=\s|$)")
MENU_LINES_SKIPPED = 4


def _menu_like(text: str) -> bool:
    """Three or more items joined by separators (a menu, a breadcrumb trail);
    "Headline | Site" with one separator is still a headline."""
    return len(_MENU_SEPARATOR.findall(text)) >= 2


def _title_like(block: Block) -> bool:
    if block.kind not in ("heading", "paragraph") or not block.text:
        return False
    n = block.words
    if n == 0 or n > 30 or len(block.text) > 250:
        return False
    return (
        block.kind == "heading"
        or block.emphasis
        or not ends_sentence(block.text)
        or block.text.endswith(("?", "!"))
    )


def find_title(doc: Document, *, keep_plain: bool = False) -> None:
    """Pick the headline: the first H1, else the first headline-like line on top.

    The headline goes to ``doc.title`` and leaves the body (reason
    ``title``), as article gold standards and extractors treat it as
    metadata. Repeats of it further down are dropped as ``duplicate_title``.

    With ``keep_plain``, a headline the text does not mark as one (not a
    heading, not bold or italic, not behind a date marker) fills
    ``doc.title`` but stays in the text: in clean text such a line is just
    as often the first line of the body, and :meth:`Cleaner.clean` must be
    able to clean its own output without eating it line by line.
    """
    live = [b for b in doc.blocks if b.decision != DROP and b.text]
    if len(live) < 2:
        if doc.title:
            _drop_duplicates(doc)
        return
    title_block: Block | None = None
    h1 = [b for b in live[: max(3, len(live) * 2 // 3)] if b.kind == "heading" and b.level == 1]
    if len(h1) == 1:
        title_block = h1[0]
    else:
        # The first line that is not a menu or breadcrumb ("Home | World |
        # Politics", "News > Europe > Ukraine"), among the first few: such a
        # line is never the headline, and the real one is right after it.
        first = next((b for b in live[:MENU_LINES_SKIPPED + 1] if not _menu_like(b.text)), None)
        if first is not None and _title_like(first) and first.kind != "list_item":
            title_block = first
    keep_in_text: Block | None = None
    if title_block is not None and not doc.title:
        doc.title = title_block.text
        if not keep_plain or _marked_headline(title_block):
            title_block.drop("title")
        else:
            keep_in_text = title_block
    elif title_block is not None and same_headline(title_block.text, doc.title or ""):
        title_block.drop("duplicate_title")
    _drop_duplicates(doc, keep=keep_in_text)


def _marked_headline(block: Block) -> bool:
    return block.kind == "heading" or block.emphasis or bool(block.info.get("after_marker"))


def same_headline(a: str, b: str) -> bool:
    """Two headlines that differ only in case, punctuation or a word or two."""
    return _same_keys(norm_key(a).split(), norm_key(b).split())


def _same_keys(ka: list[str], kb: list[str]) -> bool:
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    sa, sb = set(ka), set(kb)
    return len(sa) >= 4 and len(sa & sb) / len(sa | sb) >= 0.8


def _drop_duplicates(doc: Document, keep: Block | None = None) -> None:
    if not doc.title:
        return
    # The title's words are worked out once, not once per block. A block can
    # only repeat the title if at least 4/5 of the title's distinct words are
    # words of the block (same_headline), so each of those occurs in the
    # block's case-folded text: count them before building the block's key.
    kb = norm_key(doc.title).split()
    if not kb:
        return  # same_headline is False for every block
    title_words = set(kb)
    needed = len(title_words) * 4 - 1  # 5 * found must reach 4 * |title words| (less one, for rounding)
    for b in doc.blocks:
        if b is not keep and b.decision != DROP and b.kind in ("heading", "paragraph") and b.words <= 40:
            folded = b.text.casefold()
            found = 0
            for w in title_words:
                if w in folded:
                    found += 1
            if 5 * found >= needed and _same_keys(norm_key(b.text).split(), kb):
                b.drop("duplicate_title")
