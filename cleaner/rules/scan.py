"""Which line rules' prefilter literals occur in a text: one scan per mode, as a bitmask.

A prefiltered rule is tried on a line only when one of its literals occurs in
it (``needs`` in :func:`normalize.fold` of the text, ``needs_exact`` in the
text as it is). Looking each rule's literals up on their own costs a scan per
rule; :class:`LiteralIndex` finds the literals of all the rules at once.

Its scanner of the folded text matches, at every position, the longest literal that
begins there (a trie, longer continuations tried first, inside a lookahead so
that overlapping literals are all seen). Every other literal beginning at that
position is a prefix of that longest one, so the bits of a literal include
those of its prefixes, and the union of the bits of what the scanner finds
is exactly the set of rules with a literal in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from ..normalize import any_of, fold


def _longest_trie(literals: Iterable[str]) -> str:
    """A pattern matching the longest of ``literals`` that begins where it is tried."""
    trie: dict[str, dict] = {}
    for lit in literals:
        node = trie
        for ch in lit:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # a literal ends here: the longer ones first, then this one
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def sum_bits(masks: Iterable[int]) -> int:
    """The union of bitmasks."""
    m = 0
    for b in masks:
        m |= b
    return m


def _scanner(bits: dict[str, int]) -> Callable[[str], int]:
    """``text -> the union of bits[lit] over the literals in text``."""
    if not bits:
        return lambda text: 0
    # the bits of a literal with those of every literal it begins with
    closure = {lit: sum_bits(bits.get(lit[:j], 0) for j in range(1, len(lit) + 1)) for lit in bits}
    if len(bits) == 1:
        ((lit, b),) = bits.items()
        return lambda text: b if lit in text else 0
    findall = re.compile(f"(?=({_longest_trie(bits)}))").findall
    get = closure.__getitem__

    def scan(text: str) -> int:
        found = findall(text)
        if not found:
            return 0
        m = 0
        for lit in set(found):
            m |= get(lit)
        return m

    return scan


class LiteralIndex:
    """The prefilter literals of ``rules``, rule ``k`` being bit ``1 << k``.

    :meth:`scan` gives the bits of the prefiltered rules with a literal in a
    text; a rule with an empty literal has it in every text. ``within``
    restricts the answer to some rules (those a line is short enough for),
    whose literals alone are then looked for: a smaller trie costs less per
    character. The scanners are compiled on first use, one set per ``within``.

    The exact literals are looked for rule by rule: each rule's are few and
    most begin with characters most positions of a line lack (``/``, ``(``,
    capitals), which a search skips without entering the pattern, where the
    trie's lookahead is entered at every position.
    """

    def __init__(self, rules: Sequence):
        self.rules = tuple(rules)
        self.everywhere = 0  # rules with an empty literal: one occurs in every text
        self._fold: list[tuple[int, tuple[str, ...]]] = []  # (bit, non-empty literals) per rule that has some
        self._exact: list[tuple[int, tuple[str, ...]]] = []
        for k, rule in enumerate(self.rules):
            for lits, table in ((rule.needs, self._fold), (rule.needs_exact, self._exact)):
                found = tuple(dict.fromkeys(lit for lit in lits or () if lit))
                if any(not lit for lit in lits or ()):
                    self.everywhere |= 1 << k
                if found:
                    table.append((1 << k, found))
        self.all = (1 << len(self.rules)) - 1
        self._scanners: dict[int, Callable[[str], int]] = {}

    @property
    def fold_bits(self) -> dict[str, int]:
        """Each literal looked for in the folded text, with the bits of the rules that have it."""
        return _bits_of(self._fold, self.all)

    @property
    def exact_bits(self) -> dict[str, int]:
        """Each literal looked for in the text as it is, with the bits of the rules that have it."""
        return _bits_of(self._exact, self.all)

    def scan(self, text: str, within: int | None = None) -> int:
        """The bits of the rules (of ``within``, default all) one of whose literals occurs
        in ``text`` (or its fold)."""
        return self.scanner(within)(text)

    def scanner(self, within: int | None = None) -> Callable[[str], int]:
        """:meth:`scan` with ``within`` fixed, as a function of the text."""
        within = self.all if within is None else within & self.all
        scanner = self._scanners.get(within)
        if scanner is None:
            scanner = self._scanners[within] = self._scanner(within)
        return scanner

    def _scanner(self, within: int) -> Callable[[str], int]:
        everywhere = self.everywhere & within
        exact = tuple((bit, any_of(lits)) for bit, lits in self._exact if bit & within)
        folded = _scanner(_bits_of(self._fold, within))
        has_fold = any(bit & within for bit, _ in self._fold)

        def scan(text: str) -> int:
            m = everywhere
            for bit, has in exact:
                if has(text):
                    m |= bit
            if has_fold:
                m |= folded(fold(text))
            return m

        return scan


def _bits_of(table: list[tuple[int, tuple[str, ...]]], within: int) -> dict[str, int]:
    bits: dict[str, int] = {}
    for bit, lits in table:
        if bit & within:
            for lit in lits:
                bits[lit] = bits.get(lit, 0) | bit
    return bits


__all__ = ["LiteralIndex"]
