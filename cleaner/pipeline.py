"""The cleaning pipeline: parse, split, then a list of stages over documents.

Each stage is a callable ``stage(docs) -> docs`` with a ``name``. Stages take
lists of documents, not one document, so that a stage with a model can batch
its predictions across every block of every document in a call. Stages mark
blocks; they never delete them. Adding a stage means adding it to the list.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import operator
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from .blocks import parse_blocks
from .document import DROP, KEEP, Block, Document, main_document_text
from .metadata import extract_markers, find_title, split_documents
from .normalize import normalize_text
from .rules import RULES, Rule, RulePlan
from .threads import single_threaded

META_KEYS = ("title", "url", "date", "author", "sitename")


class Stage(Protocol):
    name: str

    def __call__(self, docs: list[Document]) -> list[Document]: ...


class RuleStage:
    """Apply the named drop rules, in order, to every undecided block (see :class:`rules.RulePlan`)."""

    name = "rules"

    def __init__(self, rules: Sequence[Rule] = RULES):
        self.rules = list(rules)
        self._plan = RulePlan(self.rules)

    def __call__(self, docs: list[Document]) -> list[Document]:
        return self._plan(docs)


class TitleStage:
    """Move each document's headline into ``title`` (see :func:`metadata.find_title`)."""

    name = "title"

    def __init__(self, *, keep_plain: bool = False):
        self.keep_plain = keep_plain

    def __call__(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            find_title(doc, keep_plain=self.keep_plain)
        return docs


class TidyStage:
    """Final decisions: headings with no text after them go, the rest is kept.

    A heading whose section was dropped entirely (a "Related Podcasts" header
    the rules did not know, a "Comments" header over removed comments) would
    otherwise dangle at the end of the output.
    """

    name = "tidy"

    def __call__(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            blocks = doc.blocks
            has_body_after = False
            for b in reversed(blocks):
                if b.decision == DROP:
                    continue
                if b.kind == "heading" or (b.emphasis and b.words <= 20):
                    if not has_body_after:
                        b.drop("orphan_heading", certain=False)
                    continue
                elif b.text:
                    has_body_after = True
            for b in blocks:
                if b.decision is None:
                    b.keep("default")
        return docs


class Pipeline:
    """Parse text into documents and run the stages over them."""

    def __init__(self, stages: Iterable[Stage]):
        self.stages = list(stages)
        # Seconds spent in parsing and in each stage, summed over every run of
        # this pipeline in this process (``cleaner clean -v`` prints them).
        self.seconds: dict[str, float] = {}
        self._seconds_lock = threading.Lock()

    def _add_seconds(self, name: str, seconds: float) -> None:
        with self._seconds_lock:
            self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def run(self, text: str, *, source: str | None = None, fields: dict[str, Any] | None = None,
            meta: dict[str, Any] | None = None) -> list[Document]:
        return self.run_many([(text, source, fields, meta)])

    def run_many(self, items: Iterable[tuple]) -> list[Document]:
        """Clean several inputs in one pass, so model stages can batch across them.

        Items are ``(text, source, fields)`` or ``(text, source, fields, meta)``
        where ``meta`` holds metadata known from outside the text (an HTML
        page's title, url, date, author, site name, and ``page_text``: the
        whole page as text, for when the extractor kept too little of it).
        """
        docs: list[Document] = []
        whole_pages: list[tuple[list[Document], tuple]] = []
        started = time.perf_counter()
        for text, source, fields, *rest in items:
            meta = rest[0] if rest else None
            parsed = self.parse(text, source=source, fields=fields, meta=meta)
            docs.extend(parsed)
            if meta and meta.get("page_text"):
                whole_pages.append((parsed, (meta["page_text"], source, fields, meta)))
        self._add_seconds("parse", time.perf_counter() - started)
        docs = self.run_stages(docs)
        for parsed, page in whole_pages:
            docs = self.prefer_whole_page(docs, parsed, page)
        return docs

    def run_stages(self, docs: list[Document]) -> list[Document]:
        """Run the stages over documents :meth:`parse` made."""
        with single_threaded():
            for stage in self.stages:
                started = time.perf_counter()
                docs = stage(docs)
                self._add_seconds(stage.name, time.perf_counter() - started)
        return docs

    def prefer_whole_page(self, docs: list[Document], parsed: list[Document], page: tuple) -> list[Document]:
        """``docs`` with one input's documents replaced by its whole page's, when the
        page's clean text is more than ``PAGE_TEXT_RATIO`` times the extraction's
        (the extractor kept a part of the article only; see :mod:`cleaner.html`).
        ``parsed`` are that input's parsed documents, ``page`` its item with the
        page's text: ``(page_text, source, fields, meta)``. Returns ``docs``
        itself when the extraction stays.

        The page's text is cleaned as a full-page dump: the model and the run
        search for pasted stories both apply, since it holds the whole page.
        """
        from .html import PAGE_TEXT_RATIO

        text, source, fields, meta = page
        ids, objects = {d.id for d in parsed}, {id(d) for d in parsed}
        mine = {id(d) for d in docs if id(d) in objects or (d.split_from in ids and d.source == source)}
        extracted = len(main_document_text([d for d in docs if id(d) in mine]))
        if len(text) <= PAGE_TEXT_RATIO * extracted:
            return docs
        whole = self.run_many([(text, source, fields, {k: v for k, v in meta.items()
                                                        if k not in ("page_text", "extracted_by")})])
        if len(main_document_text(whole)) <= PAGE_TEXT_RATIO * extracted:
            return docs
        at = next((k for k, d in enumerate(docs) if id(d) in mine), len(docs))
        rest = [d for d in docs if id(d) not in mine]
        return rest[:at] + whole + rest[at:]

    def run_grouped(self, items: Iterable[tuple]) -> list[list[Document]]:
        """:meth:`run_many`, with each item's documents (split-out stories
        included) returned as a list of their own, in item order. Documents
        are matched to items by source, so every item needs its own."""
        items = list(items)
        position = {item[1]: k for k, item in enumerate(items)}
        if len(position) < len(items):
            raise ValueError("run_grouped: every item needs a distinct source")
        groups: list[list[Document]] = [[] for _ in items]
        for doc in self.run_many(items):
            groups[position[doc.source]].append(doc)
        return groups

    @staticmethod
    def parse(text: str, *, source: str | None = None, fields: dict[str, Any] | None = None,
              meta: dict[str, Any] | None = None) -> list[Document]:
        text = normalize_text(text)
        docs = split_documents(parse_blocks(text), text, source)
        for doc in docs:
            if fields:
                doc.fields = dict(fields)
            extract_markers(doc)
            for key, value in (meta or {}).items():
                if value and key in META_KEYS and not getattr(doc, key):
                    setattr(doc, key, str(value))
            doc.extracted_by = (meta or {}).get("extracted_by")
        return docs


# Block fields the stages may read: all but the source offsets (and the word count cache).
_BLOCK_FIELDS = tuple(f.name for f in dataclasses.fields(Block) if f.name not in ("start", "end", "_words"))
_DOC_FIELDS = tuple(f.name for f in dataclasses.fields(Document) if f.name not in ("blocks", "notes"))
_block_fields = operator.attrgetter(*_BLOCK_FIELDS)  # a block's fields as one tuple, in that order
_doc_fields = operator.attrgetter(*_DOC_FIELDS)


def parse_signature(docs: list[Document]) -> list:
    """Everything of parsed documents the stages may read: every field of
    every block and document but the source offsets (of blocks and of notes).

    No stage reads an offset (``tests/test_passes.py`` moves them and checks
    that every decision stays), so two texts whose parses have equal
    signatures get the same decisions and the same output.
    """
    return [(_doc_fields(doc), [(r.reason, r.text, r.score) for r in doc.notes],
             list(map(_block_fields, doc.blocks)))
            for doc in docs]


def run_to_fixed_point(pipeline: Pipeline, text: str, meta: dict[str, Any] | None,
                       select: Callable[[list[Document]], str], *, given: str | None,
                       max_passes: int) -> tuple[str, bool]:
    """``select`` of the pipeline's documents, re-run on its own output until
    proven stable; returns the output and whether it was proven a fixed point
    (a pass over it returns it).

    Pass k parses its input ``x_k`` (``text`` with ``meta`` first, then the
    last output alone) and outputs ``x_{k+1}``. ``x_{k+1}`` is proven when

    * it equals ``x_k``: pass k over it returned it (``given`` is the caller's
      ``text`` when that is plain text a later pass would read the same way,
      so that ``x_2 == text`` proves too); or
    * its parse has the signature of ``x_k``'s (:func:`parse_signature`):
      the stages are deterministic and read nothing of their documents but
      what the signature holds, so pass k + 1 would take every decision pass
      k took and output ``x_{k+1}`` again. The pass is not run; the parse is
      the one it would have started with, so only the comparison is added.

    Either way, running the passes until an output equals its input (what
    this replaces) would stop with the same output. At most ``max_passes``
    passes follow the first; the last output is then returned unproven.
    Within the call a :func:`pass_memo` lets stages reuse what they worked
    out in an earlier pass for the same input.
    """
    page_text = (meta or {}).get("page_text")
    with pass_memo():
        docs = pipeline.parse(text, meta=meta)
        previous = given
        for k in range(max_passes + 1):
            signature = parse_signature(docs)
            ran = pipeline.run_stages(docs)
            # The first pass over an HTML extraction may take the whole page
            # instead (see Pipeline.prefer_whole_page); its output then did not
            # come from the stages over ``docs``, and only a later pass proves.
            if k == 0 and page_text:
                taken = pipeline.prefer_whole_page(ran, docs, (page_text, None, None, meta))
                signature, ran = (None if taken is not ran else signature), taken
            out = select(ran)
            if out == previous:
                return out, True
            docs = pipeline.parse(out)
            if parse_signature(docs) == signature:
                return out, True
            previous = out
        return out, False


_memo: contextvars.ContextVar[dict[Hashable, Any] | None] = contextvars.ContextVar("pass_memo", default=None)
_T = TypeVar("_T")


@contextlib.contextmanager
def pass_memo() -> Iterator[None]:
    """Within the block (one :meth:`Cleaner.clean` call, in this thread), :func:`memoized`
    keeps what it computes: a later pass over much the same text asks again."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memoized(key: Hashable, compute: Callable[[], _T]) -> _T:
    """``compute()``, or what it returned for ``key`` earlier in the same :func:`pass_memo`.
    ``key`` must hold everything ``compute`` depends on; the value is shared, never to be changed."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


__all__ = ["Pipeline", "RuleStage", "TitleStage", "TidyStage", "Stage", "KEEP", "DROP", "memoized",
           "pass_memo", "parse_signature", "run_to_fixed_point"]
