"""Which line rules' prefilter literals occur in a text: one scan per mode, as a bitmask.

A prefiltered rule is tried on a line only when one of its literals occurs in
it (``needs`` in :func:`normalize.fold` of the text, ``needs_exact`` in the
text as it is). Looking each rule's literals up on their own costs a scan per
rule; :class:`LiteralIndex` finds the literals of all the rules at once.

Its scanner matches, at every position of the text, the longest literal that
begins there (a trie, longer continuations tried first, inside a lookahead so
that overlapping literals are all seen). Every other literal beginning at that
position is a prefix of that longest one, so the bits of a literal include
those of its prefixes, and the union of the bits of what the scanner finds
is exactly the set of rules with a literal in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from ..normalize import fold


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
    text; a rule with an empty literal has it in every text. The scanners are
    compiled on first use.
    """

    def __init__(self, rules: Sequence):
        self.fold_bits: dict[str, int] = {}
        self.exact_bits: dict[str, int] = {}
        self.everywhere = 0  # rules with an empty literal: one occurs in every text
        for k, rule in enumerate(rules):
            for lits, table in ((rule.needs, self.fold_bits), (rule.needs_exact, self.exact_bits)):
                for lit in lits or ():
                    if lit:
                        table[lit] = table.get(lit, 0) | 1 << k
                    else:
                        self.everywhere |= 1 << k
        self._scanners: tuple[Callable[[str], int], Callable[[str], int]] | None = None

    def scan(self, text: str) -> int:
        """The bits of the rules one of whose literals occurs in ``text`` (or its fold)."""
        if self._scanners is None:
            self._scanners = (_scanner(self.exact_bits), _scanner(self.fold_bits))
        exact, folded = self._scanners
        m = self.everywhere | exact(text)
        if self.fold_bits:
            m |= folded(fold(text))
        return m


__all__ = ["LiteralIndex"]
