"""The document model every pipeline stage reads and writes.

A source text is parsed once into :class:`Block` objects (paragraphs, headings,
list items, ...). Each block remembers where it came from in the source
(``start``/``end`` character offsets into the normalised input) and carries the
decision taken about it: kept, or dropped with the name of the rule or model
that dropped it. Stages never delete blocks, they only mark them, so ``explain``
can always show the whole input with a reason for every removal, and later
stages (the classifier, the topic segmenter) can still use dropped blocks as
context or as boundary cues.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

KEEP = "keep"
DROP = "drop"


@dataclass(slots=True)
class Block:
    """One paragraph-level unit of the source text.

    ``text`` is the output form: markup removed, hard-wrapped lines joined with
    single spaces. Every character of it is taken from the source, so nothing
    is ever invented or reworded.
    """

    text: str
    start: int
    end: int
    kind: str = "paragraph"  # paragraph | heading | list_item | quote | table | image | url | rule
    level: int = 0  # heading level (1-6) or list nesting depth
    indent: int = 0  # leading spaces of the first source line (inscriptis-style dumps)
    links: int = 0  # number of markdown links in the source of the block
    link_chars: int = 0  # characters of visible link text
    emphasis: bool = False  # the whole block was bold or italic in the source
    decision: str | None = None  # None = undecided, KEEP or DROP
    reason: str | None = None  # rule/model name behind the decision
    certain: bool = False  # decided by a rule that the model must not overturn
    score: float | None = None  # model probability that the block is article body
    inline_removals: list[tuple[str, str]] = field(default_factory=list)  # (reason, removed text)
    info: dict[str, Any] = field(default_factory=dict)  # stage-specific details shown by explain
    _words: int = field(default=-1, repr=False, compare=False)  # cached word count (text never changes)

    @property
    def kept(self) -> bool:
        return self.decision != DROP

    @property
    def words(self) -> int:
        if self._words < 0:
            self._words = len(self.text.split())
        return self._words

    def drop(self, reason: str, *, certain: bool = True) -> None:
        self.decision = DROP
        self.reason = reason
        self.certain = certain

    def keep(self, reason: str, *, certain: bool = False) -> None:
        self.decision = KEEP
        self.reason = reason
        self.certain = certain


@dataclass(slots=True)
class Removal:
    """A span of the input that is not in the output, and why."""

    reason: str
    text: str
    start: int | None = None
    end: int | None = None
    score: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "text": self.text, "start": self.start, "end": self.end,
                "score": self.score}


@dataclass
class Document:
    """One article found in an input, with its blocks and metadata."""

    blocks: list[Block]
    source: str | None = None
    index: int = 0
    url: str | None = None
    title: str | None = None
    date: str | None = None
    author: str | None = None
    sitename: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # carried through from JSONL records
    split_from: str | None = None  # set when this document was split out of another (off-topic split)
    # The DOM extractor the text came from (HTML input). Its text is one
    # container of the page, so the run search for pasted stories stays out
    # (see cleaner/html.py).
    extracted_by: str | None = None
    notes: list[Removal] = field(default_factory=list)  # document-level removals (metadata markers, urls)
    language: str | None = None  # ISO 639-1 code of the clean text's language (see cleaner/language.py)

    # -- views -------------------------------------------------------------
    def kept_blocks(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kept and b.text)

    @property
    def text(self) -> str:
        """The clean article text: kept blocks, one paragraph per line."""
        return "\n".join(b.text for b in self.kept_blocks())

    @property
    def id(self) -> str:
        base = self.source if self.source is not None else "<text>"
        return f"{base}#{self.index}"

    def removals(self) -> list[Removal]:
        out: list[Removal] = list(self.notes)
        for b in self.blocks:
            if not b.kept:
                out.append(Removal(b.reason or "unknown", b.text, b.start, b.end, b.score))
            else:
                out.extend(Removal(r, t, b.start, b.end) for r, t in b.inline_removals)
        return out

    def removal_counts(self, removals: list[Removal] | None = None) -> dict[str, int]:
        """Removals per reason (of ``removals``, when the caller already has them)."""
        if removals is None:
            removals = self.removals()
        return dict(sorted(Counter(r.reason for r in removals).items()))

    def as_record(self, *, with_removals: bool = False, text_field: str = "text",
                  removals: list[Removal] | None = None) -> dict[str, Any]:
        """The JSON-serialisable record written by ``--format jsonl``.

        An input record's fields (``fields``) come back unchanged, in their
        order, except ``text_field``, which holds the clean text. What cleaner
        adds (``id``, ``source``, ``index``, ``title``, ``url``, ``date``,
        ``author``, ``sitename``, ``split_from``, ``language``, ``removed``) fills only the
        fields the record lacks: a record's own ``url`` or ``id`` is never
        replaced, not even by ``null``. ``removals``: the document's, when the
        caller already has them.
        """
        rec: dict[str, Any] = dict(self.fields)
        rec[text_field] = self.text
        found: dict[str, Any] = {"id": self.id, "source": self.source, "index": self.index,
                                 "title": self.title, "url": self.url, "date": self.date}
        if self.author is not None:
            found["author"] = self.author
        if self.sitename is not None:
            found["sitename"] = self.sitename
        if self.split_from is not None:
            found["split_from"] = self.split_from
        if removals is None:
            removals = self.removals()
        found["language"] = self.language
        found["removed"] = self.removal_counts(removals)
        for key, value in found.items():
            rec.setdefault(key, value)
        if with_removals:
            rec["removals"] = [r.as_dict() for r in removals]
        return rec


def main_document(docs: list[Document]) -> Document | None:
    """The main document of an input: the first that has text and was not split out of another."""
    for doc in docs:
        if doc.split_from is None and doc.text:
            return doc
    return None


def main_document_text(docs: list[Document]) -> str:
    """The text of :func:`main_document`, ``""`` when there is none."""
    doc = main_document(docs)
    return doc.text if doc is not None else ""
