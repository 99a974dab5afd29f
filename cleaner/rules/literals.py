"""The literals a pattern cannot match without: the prefilter keywords of a rule, derived.

A rule's prefilter skips a line unless one of its keywords occurs in it, so the
keywords must include a literal of *every* possible match. Written by hand, a
forgotten keyword silently disables part of a pattern; here they are read off
the pattern itself. :func:`required_literals` walks the pattern's syntax and
returns literals such that every match contains one of them: lower-case ones
(for :func:`normalize.fold` of the text) from case-insensitive parts, exact ones
(for the text as it is) from case-sensitive parts. It understands the syntax
the rules use and refuses, with :class:`Unsupported`, anything it does not.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import NamedTuple

import regex

from ..normalize import any_of, fold

# Literals are (mode, text): mode FOLD is matched in fold(text), EXACT in the text as it is.
FOLD, EXACT = "fold", "exact"
_MAX_EXACT = 64  # a node with more exact strings than this keeps only its required literals
_CLASS_ESCAPES = set("dDwWsSpPhHvV")
_ZERO_WIDTH_ESCAPES = set("bBAZzGmM")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "e": "\x1b"}


class Unsupported(ValueError):
    """The pattern uses syntax the analysis does not know: declare its keywords by hand."""


class Info(NamedTuple):
    """What is known of a node: the strings it matches, or literals every match contains.

    ``exact``: every string the node can match (at most _MAX_EXACT), or None;
    ``mode``: the mode of those strings (None when they are all empty);
    ``required``: (mode, literal) pairs one of which occurs in every match, or None.
    """

    exact: frozenset[str] | None
    mode: str | None
    required: frozenset[tuple[str, str]] | None


_EMPTY = Info(frozenset({""}), None, None)
_UNKNOWN = Info(None, None, None)


def _required(info: Info) -> frozenset[tuple[str, str]] | None:
    if info.exact is not None:
        if "" in info.exact:
            return None
        return frozenset((info.mode, s) for s in info.exact)
    return info.required


def _better(a, b):
    """The more selective of two required sets: longer shortest literal, then fewer literals."""
    if a is None:
        return b
    if b is None:
        return a
    score_a = (min(len(s) for _, s in a), -len(a))
    score_b = (min(len(s) for _, s in b), -len(b))
    return a if score_a >= score_b else b


def _runs(items: list[Info]) -> tuple[list[tuple[frozenset[str], str | None]], bool]:
    """The runs of consecutive items whose strings are known, each joined into ``(strings, mode)``,
    and whether one run spans all the items."""
    runs: list[tuple[frozenset[str], str | None]] = []
    exact: frozenset[str] | None = frozenset({""})
    mode: str | None = None
    whole = True
    for item in items:
        fits = (
            exact is not None
            and item.exact is not None
            and (mode is None or item.mode is None or mode == item.mode)
            and len(exact) * len(item.exact) <= _MAX_EXACT
        )
        if fits:
            exact = frozenset(a + b for a in exact for b in item.exact)
            mode = mode or item.mode
            continue
        whole = False
        if exact is not None:
            runs.append((exact, mode))
        exact, mode = item.exact, item.mode
    if exact is not None:
        runs.append((exact, mode))
    return runs, whole


def _concat(items: list[Info]) -> Info:
    runs, whole = _runs(items)
    if whole:
        return Info(runs[0][0], runs[0][1], None)
    best = None
    for exact, mode in runs:
        best = _better(best, _required(Info(exact, mode, None)))
    for item in items:
        if item.exact is None:
            best = _better(best, item.required)
    return Info(None, None, best)


def _alternate(branches: list[Info]) -> Info:
    modes = {b.mode for b in branches if b.mode is not None}
    if all(b.exact is not None for b in branches) and len(modes) <= 1:
        exact = frozenset().union(*(b.exact for b in branches))
        if len(exact) <= _MAX_EXACT:
            return Info(exact, next(iter(modes), None), None)
    required = [_required(b) for b in branches]
    if any(r is None for r in required):
        return _UNKNOWN
    return Info(None, None, frozenset().union(*required))


def _repeat(info: Info, low: int, high: int | None) -> Info:
    if low == 0 and high == 1 and info.exact is not None:
        return Info(info.exact | {""}, info.mode, None)
    if low == 0:
        return _UNKNOWN  # may match nothing at all
    if high == 1:
        return info
    return Info(None, None, _required(info))


class _Parser:
    """Parses a pattern into a small tree: ``("lit", text, mode)``, ``("any",)`` (a
    character of a class), ``("empty",)`` (an anchor or lookaround), ``("cat", items)``,
    ``("alt", branches)``, ``("rep", node, low, high)``."""

    def __init__(self, pattern: str, ignore_case: bool):
        self.p = pattern
        self.i = 0
        self.ignore_case = ignore_case

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.p[j : j + 1]

    def alternation(self) -> tuple:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def sequence(self) -> tuple:
        items: list[tuple] = []
        while self.peek() and self.peek() not in "|)":
            item = self.quantified(self.atom())
            if item[0] == "lit" and items and items[-1][0] == "lit" and items[-1][2] == item[2]:
                items[-1] = ("lit", items[-1][1] + item[1], item[2])  # a run of literals: one string
            else:
                items.append(item)
        return ("cat", items)

    def quantified(self, atom: tuple) -> tuple:
        while True:
            c = self.peek()
            if c == "?":
                low, high = 0, 1
                self.i += 1
            elif c == "*":
                low, high = 0, None
                self.i += 1
            elif c == "+":
                low, high = 1, None
                self.i += 1
            elif c == "{" and (m := regex.match(r"\{(\d*)(?:(,)(\d*))?\}", self.p[self.i :])):
                low = int(m.group(1) or 0)
                high = low if m.group(2) is None else (int(m.group(3)) if m.group(3) else None)
                self.i += m.end()
            else:
                return atom
            if self.peek() in ("?", "+"):  # lazy or possessive: the same strings
                self.i += 1
            atom = ("rep", atom, low, high)

    def literal(self, ch: str) -> tuple:
        if not self.ignore_case:
            return ("lit", ch, EXACT)
        if ch.isascii():
            return ("lit", ch.lower(), FOLD)
        # A symbol or punctuation mark has no case: nothing else folds to it.
        if unicodedata.category(ch)[0] in "PSZ" and ch.casefold() == ch:
            return ("lit", ch, FOLD)
        return ("any",)

    def atom(self) -> tuple:
        c = self.peek()
        self.i += 1
        if c == "(":
            return self.group()
        if c == "[":
            self.char_class()
            return ("any",)
        if c in "^$":
            return ("empty",)
        if c == ".":
            return ("any",)
        if c == "\\":
            return self.escape()
        if c in "*+?":
            raise Unsupported(f"nothing to repeat at {self.i - 1}")
        return self.literal(c)

    def escape(self) -> tuple:
        c = self.peek()
        self.i += 1
        if c in _CLASS_ESCAPES:
            if c in "pP" and self.peek() == "{":
                self.i = self.p.index("}", self.i) + 1
            return ("any",)
        if c in _ZERO_WIDTH_ESCAPES:
            return ("empty",)
        if c in _SIMPLE_ESCAPES:
            return self.literal(_SIMPLE_ESCAPES[c])
        if c in "xu":
            width = 2 if c == "x" else 4
            ch = chr(int(self.p[self.i : self.i + width], 16))
            self.i += width
            return self.literal(ch)
        if c.isalnum() or not c:
            raise Unsupported(f"escape \\{c}")
        return self.literal(c)

    def char_class(self) -> None:
        if self.peek() == "^":
            self.i += 1
        if self.peek() == "]":
            self.i += 1
        while self.peek() != "]":
            if not self.peek():
                raise Unsupported("unterminated character class")
            self.i += 2 if self.peek() == "\\" else 1
        self.i += 1

    def group(self) -> tuple:
        saved = self.ignore_case
        zero_width = False
        if self.peek() == "?":
            self.i += 1
            c = self.peek()
            if c == ":":
                self.i += 1
            elif c in "=!" or (c == "<" and self.peek(1) in "=!"):
                self.i += 1 if c in "=!" else 2
                zero_width = True
            elif c == "P" and self.peek(1) == "<" or c == "<":
                self.i = self.p.index(">", self.i) + 1
            else:
                m = regex.match(r"([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])", self.p[self.i :])
                if not m or set((m.group(1) or "") + (m.group(2) or "")) - {"i"}:
                    raise Unsupported(f"group at {self.i}")
                self.i += m.end()
                on = "i" in (m.group(1) or "")
                self.ignore_case = on or (self.ignore_case and "i" not in (m.group(2) or ""))
                if m.group(3) == ")":
                    return ("empty",)  # a global flag: it holds after the group
        tree = self.alternation()
        if self.peek() != ")":
            raise Unsupported(f"unbalanced group at {self.i}")
        self.i += 1
        self.ignore_case = saved
        return ("empty",) if zero_width else tree


def _parse(pattern: str | regex.Pattern[str]) -> tuple:
    ignore_case = False
    if not isinstance(pattern, str):  # compiled, or to be compiled on first use (.lazy)
        ignore_case = bool(pattern.flags & regex.IGNORECASE)
        if pattern.flags & regex.VERBOSE:
            raise Unsupported("verbose patterns")
        pattern = pattern.pattern
    parser = _Parser(pattern, ignore_case)
    tree = parser.alternation()
    if parser.i != len(pattern):
        raise Unsupported(f"unbalanced ')' at {parser.i}")
    return tree


def _info(tree: tuple) -> Info:
    kind = tree[0]
    if kind == "lit":
        return Info(frozenset({tree[1]}), tree[2], None)
    if kind == "any":
        return _UNKNOWN
    if kind == "empty":
        return _EMPTY
    if kind == "cat":
        return _concat([_info(t) for t in tree[1]])
    if kind == "alt":
        return _alternate([_info(t) for t in tree[1]])
    return _repeat(_info(tree[1]), tree[2], tree[3])


def required_literals(pattern: str | regex.Pattern[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(fold_literals, exact_literals)``: every match of ``pattern`` contains one of them.

    A match contains one of the ``fold_literals`` in :func:`normalize.fold` of
    the text, or one of the ``exact_literals`` in the text itself. Raises
    :class:`Unsupported` for syntax the analysis does not know, or when some
    match needs no literal at all (then no keyword can prefilter the pattern).
    """
    required = _required(_info(_parse(pattern)))
    if not required:
        raise Unsupported("a match may contain no literal")
    fold_lits = _shortest({s for mode, s in required if mode == FOLD})
    return fold_lits, _shortest({s for mode, s in required if mode == EXACT})


def literal_gate(pattern: str | regex.Pattern[str]) -> Callable[[str], bool]:
    """A test true of every text ``pattern`` can match in (it holds one of the pattern's
    :func:`required_literals`), false of most others; for a pattern with none (or syntax
    the analysis does not know), true of every text. Cheaper than a search where the
    literals are rare: each mode is one scan of the text."""
    try:
        fold_lits, exact_lits = required_literals(pattern)
    except Unsupported:
        return lambda text: True
    has_fold = any_of(fold_lits) if fold_lits else None
    has_exact = any_of(exact_lits) if exact_lits else None
    if has_fold is None:
        return has_exact
    if has_exact is None:
        return lambda text: has_fold(fold(text))
    return lambda text: has_exact(text) or has_fold(fold(text))


def covers(pattern: str | regex.Pattern[str], needs: Iterable[str] | None = (),
           needs_exact: Iterable[str] | None = ()) -> bool:
    """Whether every match of ``pattern`` contains one of the keywords: one of ``needs`` in
    :func:`normalize.fold` of it or one of ``needs_exact`` in it as it is.

    This proves keywords chosen by hand (where the derived ones would be less
    selective). False means "not proven": a keyword may be missing, or the
    proof needs a keyword inside a run of literals too long to spell out.
    """
    fold_keys = tuple(needs or ())
    exact_keys = tuple(needs_exact or ())

    def contains(strings: frozenset[str] | None, mode: str | None) -> bool:
        if strings is None or mode is None:
            return False
        for s in strings:
            if not (any(k in s for k in fold_keys) if mode == FOLD
                    else any(k in s for k in exact_keys) or any(k in fold(s) for k in fold_keys)):
                return False
        return True

    def walk(tree: tuple) -> tuple[Info, bool]:
        kind = tree[0]
        if kind in ("lit", "any", "empty"):
            info = _info(tree)
            return info, contains(info.exact, info.mode)
        if kind == "rep":
            child, covered = walk(tree[1])
            return _repeat(child, tree[2], tree[3]), covered and tree[2] >= 1
        walked = [walk(t) for t in tree[1]]
        infos = [info for info, _ in walked]
        if kind == "alt":
            info = _alternate(infos)
            return info, all(c for _, c in walked) or contains(info.exact, info.mode)
        info = _concat(infos)
        return info, any(c for _, c in walked) or any(contains(e, m) for e, m in _runs(infos)[0])

    return walk(_parse(pattern))[1]


def _shortest(literals: set[str]) -> tuple[str, ...]:
    """``literals`` without those that contain another one: where a long one occurs, so does the short one."""
    kept: list[str] = []
    for lit in sorted(literals, key=len):
        if not any(map(lit.__contains__, kept)):
            kept.append(lit)
    return tuple(sorted(kept))


def literals_of_any(patterns) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """:func:`required_literals` of "one of ``patterns`` matches": the union of theirs."""
    fold_lits: set[str] = set()
    exact_lits: set[str] = set()
    for p in patterns:
        f, e = required_literals(p)
        fold_lits.update(f)
        exact_lits.update(e)
    return _shortest(fold_lits), _shortest(exact_lits)
