"""Running a list of rules over documents in as few passes as the rules allow.

Applying the rules one after the other, each over every undecided block, is
the meaning of a rule list. :class:`RulePlan` gives the same decisions faster:

- consecutive line rules without context run as one pass over the blocks: a
  block tried against them in order, stopping at the first that drops it,
  gets the reason it would get from applying them one at a time, since each
  decides from the block alone;
- one scan of each block finds the prefilter literals of *all* the plan's
  line rules at once (:class:`SharedScan`, :class:`.scan.LiteralIndex`): its
  bitmask, with the rules the block is short enough for, names the rules
  worth trying, so every other rule of every pass is skipped without a look;
- context line rules and document rules run on their own, in their place.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from ..document import Document
from ..normalize import any_of, fold
from .base import LineRule, Rule
from .scan import LiteralIndex

_Pass = Callable[[Document, "SharedScan | None"], None]

# Lines recur across pages (menus, footers, share bars): their scans are kept.
_SCAN_CACHE = 16_384


class SharedScan:
    """Which line rules could fire on each block of one document, found once for every pass.

    ``masks[i]`` holds the bits (in :class:`_LineRules` numbering) of the rules
    block ``i`` is long enough for and whose literals it has, or that have no
    prefilter. A rule outside the mask would skip the block in any case, so
    trying only the rules inside it gives the same decisions.
    """

    __slots__ = ("masks", "_line_rules")

    def __init__(self, doc: Document, line_rules: _LineRules):
        self.masks: list[int | None] = [None] * len(doc.blocks)
        self._line_rules = line_rules

    def mask(self, i: int, block) -> int:
        m = self.masks[i]
        if m is None:
            m = self.masks[i] = self._line_rules.mask(block)
        return m


class _LineRules:
    """The context-free line rules of a plan, rule ``k`` being bit ``1 << k``."""

    def __init__(self, rules: Sequence[LineRule]):
        self.rules = tuple(rules)
        index = LiteralIndex(self.rules)
        self.filtered = sum(1 << k for k, r in enumerate(self.rules) if r.prefiltered)
        unfiltered = ((1 << len(self.rules)) - 1) & ~self.filtered
        limits = [r.max_words for r in self.rules]
        self._longest = max((n for n in limits if n is not None), default=-1)
        # by word count (the last for every count above every limit): the rules a block that long may meet
        self._fits = [sum(1 << k for k, lim in enumerate(limits) if lim is None or n <= lim)
                      for n in range(self._longest + 2)]
        self._unfiltered = unfiltered
        # by word count, as _fits: whose literals are looked for. Only the rules a block is short
        # enough for need be, but each set of rules costs a scanner compiled for it: a long block
        # gets one of its own only where most literals are left out (few rules take long lines).
        sizes = [len(r.needs or ()) for r in self.rules]

        def looked_for(tried: int) -> int:
            kept = sum(size for k, size in enumerate(sizes) if tried >> k & 1)
            return tried if 2 * kept <= sum(sizes) else self.filtered

        # (a cache per set: a cache keyed by the text alone is the faster one)
        scans = {w: functools.lru_cache(maxsize=_SCAN_CACHE)(index.scanner(w))
                 for w in dict.fromkeys(looked_for(f & self.filtered) for f in self._fits)}
        self._scan = [scans[looked_for(f & self.filtered)] for f in self._fits]

    def mask(self, block) -> int:
        n = block.words
        at = n if n <= self._longest else self._longest + 1
        fits = self._fits[at]
        if fits & self.filtered:
            return (self._scan[at](block.text) | self._unfiltered) & fits
        return self._unfiltered & fits


def _line_pass(line_rules: _LineRules, first: int, count: int) -> _Pass:
    """One pass of context-free line rules (bits ``first`` to ``first + count - 1`` of
    ``line_rules``) over a document, as applying them in order would: a block
    is tried against them in order and the first that drops it names the reason."""
    rules = line_rules.rules
    bits = ((1 << count) - 1) << first
    # what the rules of a mask are, in order: made when a mask is first met
    todo: dict[int, tuple[tuple[str, Callable[..., bool]], ...]] = {}

    def checks(m: int) -> tuple[tuple[str, Callable[..., bool]], ...]:
        found = todo[m] = tuple((rules[k].name, rules[k].check)
                                for k in range(first, first + count) if m >> k & 1)
        return found

    def run(doc: Document, shared: SharedScan | None = None) -> None:
        if shared is None:
            shared = SharedScan(doc, line_rules)
        masks = shared.masks
        for i, block in enumerate(doc.blocks):
            if block.decision is not None:
                continue
            m = masks[i]
            if m is None:
                m = shared.mask(i, block)
            m &= bits
            if not m:
                continue
            text = block.text
            for name, check in todo.get(m) or checks(m):
                if check(text, block):
                    block.drop(name)
                    break

    return run


def _context_pass(rule: LineRule) -> Callable[[Document, SharedScan | None], None]:
    """A context line rule over a document: every block, with its document and index."""
    name, check, max_words = rule.name, rule.check, rule.max_words
    find_fold = any_of(rule.needs) if rule.needs is not None else None
    find_exact = any_of(rule.needs_exact) if rule.needs_exact is not None else None

    def run(doc: Document, shared: SharedScan | None = None) -> None:
        for i, block in enumerate(doc.blocks):
            if block.decision is not None or max_words is not None and block.words > max_words:
                continue
            text = block.text
            if rule.prefiltered and not (find_exact is not None and find_exact(text)
                                         or find_fold is not None and find_fold(fold(text))):
                continue
            if check(text, block, doc, i):
                block.drop(name)

    return run


def _document_pass(rule: Rule) -> Callable[[Document, SharedScan | None], None]:
    apply = rule.apply
    return lambda doc, shared=None: apply(doc)


class RulePlan:
    """``rules`` compiled into passes; :meth:`apply` gives the decisions of applying them in order."""

    def __init__(self, rules: Sequence[Rule]):
        self.rules = tuple(rules)
        groups: list[Rule | list[LineRule]] = []
        for rule in self.rules:
            if isinstance(rule, LineRule) and not rule.context:
                if groups and isinstance(groups[-1], list):
                    groups[-1].append(rule)
                else:
                    groups.append([rule])
            else:
                groups.append(rule)
        self._line_rules = _LineRules([r for g in groups if isinstance(g, list) for r in g])
        self._passes = []
        first = 0
        for g in groups:
            if isinstance(g, list):
                self._passes.append(_line_pass(self._line_rules, first, len(g)))
                first += len(g)
            elif isinstance(g, LineRule):
                self._passes.append(_context_pass(g))
            else:
                self._passes.append(_document_pass(g))

    def apply(self, doc: Document) -> None:
        shared = SharedScan(doc, self._line_rules)
        for run in self._passes:
            run(doc, shared)

    def __call__(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            self.apply(doc)
        return docs


__all__ = ["RulePlan", "SharedScan"]
