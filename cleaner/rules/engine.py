"""Running a list of rules over documents in as few passes as the rules allow.

Applying the rules one after the other, each over every undecided block, is
the meaning of a rule list. :class:`RulePlan` gives the same decisions faster:

- consecutive line rules without context run as one pass over the blocks: a
  block tried against them in order, stopping at the first that drops it,
  gets the reason it would get from applying them one at a time, since each
  decides from the block alone;
- each block's :func:`fold` and a scan for the prefilter literals of *all* the
  plan's line rules are made once (:class:`SharedScan`): a block with none of
  them (most blocks) skips every prefiltered rule of every pass;
- context line rules and document rules run on their own, in their place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..document import Block, Document
from ..normalize import any_of, fold
from .base import LineRule, Rule


class SharedScan:
    """What every pass of line rules over one document would compute again.

    The fold is made once per block, and one scan for the literals of all the
    passes settles most blocks at once. Whether it proves anything is the test
    each pass makes for its own literals, on a superset of them, so the
    decisions are unchanged.
    """

    __slots__ = ("entries", "_exact", "_fold")

    def __init__(self, doc: Document, find_fold: Callable[[str], bool], find_exact: Callable[[str], bool]):
        self.entries: list[tuple[str, bool, int] | None] = [None] * len(doc.blocks)
        self._exact = find_exact
        self._fold = find_fold

    def entry(self, i: int, block: Block) -> tuple[str, bool, int]:
        """``(fold(text), whether any literal of any pass can occur, words)`` for block ``i``."""
        e = self.entries[i]
        if e is None:
            text = block.text
            low = fold(text)
            e = self.entries[i] = (low, self._exact(text) or self._fold(low), block.words)
        return e


def _literals(rules: Iterable[LineRule]) -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    rules = list(rules)
    return (any_of(tuple(a for r in rules for a in r.needs or ())),
            any_of(tuple(a for r in rules for a in r.needs_exact or ())))


def _line_pass(rules: tuple[LineRule, ...]) -> Callable[[Document, SharedScan | None], None]:
    """One pass of context-free line rules over a document, as applying them in order would."""
    specs = [
        (
            r.name,
            r.check,
            r.max_words,
            r.prefiltered,
            any_of(r.needs) if r.needs is not None else None,
            any_of(r.needs_exact) if r.needs_exact is not None else None,
        )
        for r in rules
    ]
    # One scan for the literals of all the rules: most lines have none, and
    # then no rule with a prefilter needs a look of its own.
    gate_fold, gate_exact = _literals(rules)

    def run(doc: Document, shared: SharedScan | None = None) -> None:
        entries = shared.entries if shared is not None else None
        for i, block in enumerate(doc.blocks):
            if block.decision is not None:
                continue
            text = block.text
            if entries is None:
                n = block.words
                low = None
                gate = None
            else:
                low, maybe, n = entries[i] or shared.entry(i, block)
                gate = None if maybe else False  # no literal of any pass: no prefiltered rule can fire
            for name, check, max_words, filtered, find_fold, find_exact in specs:
                if max_words is not None and n > max_words:
                    continue
                if filtered:
                    if gate is None:
                        gate = gate_exact(text)
                        if not gate:
                            if low is None:
                                low = fold(text)
                            gate = gate_fold(low)
                    if not gate:
                        continue
                    if find_exact is None or not find_exact(text):
                        if find_fold is None:
                            continue
                        if low is None:
                            low = fold(text)
                        if not find_fold(low):
                            continue
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
        self._passes = [
            _line_pass(tuple(g)) if isinstance(g, list)
            else _context_pass(g) if isinstance(g, LineRule)
            else _document_pass(g)
            for g in groups
        ]
        self._line_rules = [r for g in groups if isinstance(g, list) for r in g]
        self._shared = len([g for g in groups if isinstance(g, list)]) > 1
        self._gate_fold, self._gate_exact = _literals(self._line_rules)

    def apply(self, doc: Document) -> None:
        shared = SharedScan(doc, self._gate_fold, self._gate_exact) if self._shared else None
        for run in self._passes:
            run(doc, shared)

    def __call__(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            self.apply(doc)
        return docs


__all__ = ["RulePlan", "SharedScan"]
