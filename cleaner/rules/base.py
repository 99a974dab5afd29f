"""What a rule is, and small text predicates the rules share.

A rule looks at one undecided block in the context of its document and either
drops it, naming itself as the reason, or leaves it for later stages. Rules
only ever drop: keeping is the default, and the classifier decides what no
rule is sure about. Rules are written for a *kind* of junk (an appeal to
subscribe, a caption credit), never for one page's literal strings.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable, Iterable

import regex

from ..document import Block, Document
from ..normalize import any_of, fold

# Quotation marks that signal reported speech: a block quoting somebody who
# says "subscribe" is body text, not an appeal.
QUOTES = "\"“”„«»‘’'"
_SPEECH = regex.compile(r"\b(said|says|told|tells|added|according to|wrote|asked|urged|argued|noted)\b", regex.I)
_TERMINAL = regex.compile(r"[.!?…]['\"”’)\]]*$")
_WORD = regex.compile(r"\w+")


def words(text: str) -> int:
    return len(text.split())


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def is_reported_speech(text: str) -> bool:
    """Text that quotes someone: the quoted words are the article's, not the site's."""
    opens = sum(text.count(q) for q in "\"“„«")
    return opens >= 1 and bool(_SPEECH.search(text))


def norm_key(text: str) -> str:
    """Case- and punctuation-insensitive key used to compare short lines."""
    return " ".join(_WORD.findall(text.casefold()))


_SEPARATORS = regex.compile(r"[\s\p{P}\p{S}\d]+")
_LEADING_SEPARATORS = regex.compile(r"[\s\p{P}\p{S}\d]*")


def phrase_only(text: str, phrases: regex.Pattern[str]) -> bool:
    """True when ``text`` is made only of ``phrases`` and separators.

    This catches glued runs such as ``Request Reprint & LicensingSubmit
    CorrectionView Editorial & AI Guidelines`` without listing the run.
    """
    if not text:
        return False
    # Walk the line phrase by phrase: a phrase must start where the
    # separators end, so an ordinary sentence fails at its first or second
    # word instead of costing a scan of the whole line.
    n = len(text)
    first = text[0]
    # an ASCII letter is no separator: the first phrase starts right there
    pos = 0 if "a" <= first <= "z" or "A" <= first <= "Z" else _LEADING_SEPARATORS.match(text).end()
    if pos >= n:
        return False
    # Case-insensitive phrases: look the next three letters up among the
    # ways a phrase can begin before trying every phrase there.
    starts = _phrase_starts(phrases) if phrases.flags & _IGNORECASE else None
    if starts is not None and _cannot_start(text, pos, starts):
        return False
    m = phrases.match(text, pos)
    if not m:
        return False
    while True:
        if m is None or m.end() == pos:
            # A phrase may itself begin inside the separators ("12 comments",
            # "& Licensing"): settle those rare lines with the full check.
            gap = text[max(0, pos - 12) : pos]
            return bool(_DIGIT_OR_AMP.search(gap)) and _covered(text, phrases)
        pos = _LEADING_SEPARATORS.match(text, m.end()).end()
        if pos >= n:
            return True
        m = None if starts is not None and _cannot_start(text, pos, starts) else phrases.match(text, pos)


def _cannot_start(text: str, pos: int, starts: tuple[frozenset[str], frozenset[str]]) -> bool:
    """True when no match of the phrases behind ``starts`` can begin at ``pos``.

    Case-insensitive, an ASCII text matches where its lower-case form does;
    other text is left to the pattern.
    """
    head = text[pos : pos + 3]
    if not head.isascii():
        return False
    head = head.lower()
    begins, done = starts
    return head not in begins and head[:1] not in done and head[:2] not in done


_DIGIT_OR_AMP = regex.compile(r"[\d&]")
_IGNORECASE = int(regex.IGNORECASE)  # a plain int: '&' with the enum flag is slow
_ASCII_FOLDED = [chr(c) for c in range(128) if not "A" <= chr(c) <= "Z"]


# id(pattern) -> (pattern, starts, done); keyed by identity because hashing
# a compiled pattern costs more than the lookup saves
_STARTS: dict[int, tuple[regex.Pattern[str], frozenset[str], frozenset[str]]] = {}


def _phrase_starts(phrases: regex.Pattern[str]) -> tuple[frozenset[str], frozenset[str]]:
    """How a match of ``phrases`` can begin, as ASCII without capitals: ``(starts, done)``.

    ``starts`` holds the strings of one to three characters that can begin a
    match (or hold one), found with partial matching; ``done`` those of them
    that already hold a whole match, so that anything may follow them.
    """
    entry = _STARTS.get(id(phrases))
    if entry is None or entry[0] is not phrases:
        entry = (phrases, *_compute_starts(phrases))
        _STARTS[id(phrases)] = entry
    return entry[1], entry[2]


def _compute_starts(phrases: regex.Pattern[str]) -> tuple[frozenset[str], frozenset[str]]:
    starts: set[str] = set()
    done: set[str] = set()
    frontier = [""]
    for _ in range(3):
        longer = []
        for head in frontier:
            for ch in _ASCII_FOLDED:
                s = head + ch
                m = phrases.match(s, partial=True)
                if m is None:
                    continue
                starts.add(s)
                if m.partial:
                    longer.append(s)
                else:
                    done.add(s)
        frontier = longer
    return frozenset(starts), frozenset(done)


def _covered(text: str, phrases: regex.Pattern[str]) -> bool:
    rest = phrases.sub(" ", text)
    return not _SEPARATORS.sub("", rest)


def compile_phrases(phrases: list[str]) -> regex.Pattern[str]:
    """One case-insensitive alternation, longest phrase first."""
    alts = sorted(set(phrases), key=len, reverse=True)
    return regex.compile("(?:" + "|".join(alts) + ")", regex.I)


@dataclass(frozen=True)
class Rule:
    """A named drop rule: ``test(block, doc, index)`` says whether the block goes.

    Rules made by :func:`line_rule` look at nothing but the block itself; they
    carry their predicate as ``check(text, block)`` with its word limit and
    literal prefilter, so :func:`apply_local` can run a run of them over a
    document in one pass, with each block's word count and folded text
    computed once for all of them.
    """

    name: str
    description: str
    test: Callable[[Block, Document, int], bool]
    check: Callable[[str, Block], bool] | None = field(default=None, repr=False, compare=False)
    max_words: int | None = field(default=None, repr=False, compare=False)
    # Literals of which at least one occurs whenever check() can be true: in
    # fold(text) (``needs``) or in the text as it is (``needs_exact``).
    needs: tuple[str, ...] | None = field(default=None, repr=False, compare=False)
    needs_exact: tuple[str, ...] | None = field(default=None, repr=False, compare=False)

    @property
    def local(self) -> bool:
        """True when the rule's decision depends on the block alone (not on other blocks)."""
        return self.check is not None

    def apply(self, doc: Document) -> None:
        if self.check is not None:
            apply_local((self,), doc)
            return
        for i, block in enumerate(doc.blocks):
            if block.decision is None and self.test(block, doc, i):
                block.drop(self.name)

    def __call__(self, text: str, kind: str = "paragraph") -> bool:
        """Test the rule on a lone line (handy in tests and notebooks)."""
        block = Block(text=text, start=0, end=len(text), kind=kind)
        doc = Document(blocks=[block])
        return self.test(block, doc, 0)


def apply_local(rules: Iterable[Rule], doc: Document, shared: "SharedScan | None" = None) -> None:
    """Apply local rules in order, as ``rule.apply`` one after the other would.

    A local rule decides from the block alone, so trying each undecided block
    against the rules in order, and stopping at the first that drops it,
    gives every block the same reason as applying the rules one at a time.
    ``shared``: a :class:`SharedScan` of the document, when several runs of
    local rules pass over it (see :class:`pipeline.RuleStage`).
    """
    _local_pass(tuple(rules))(doc, shared)


class SharedScan:
    """What every run of local rules over one document would compute again.

    A document meets several runs of local rules (non-local rules sit between
    them). Each run needs each block's :func:`fold` and a scan for its rules'
    literals. Here the fold is made once per block, and one scan for the
    literals of *all* the runs settles most blocks at once: a block with none
    of them (most blocks) skips every run's literal scan and every prefiltered
    rule. Whether it proves anything is the same test each run makes for its
    own literals, on a superset of them, so the decisions are unchanged.
    """

    __slots__ = ("entries", "_exact", "_fold")

    def __init__(self, doc: Document, needs: tuple[str, ...], needs_exact: tuple[str, ...]):
        self.entries: list[tuple[str, bool, int] | None] = [None] * len(doc.blocks)
        self._exact = any_of(needs_exact)
        self._fold = any_of(needs)

    def entry(self, i: int, block: Block) -> tuple[str, bool, int]:
        """``(fold(text), whether any literal of any run can occur, words)`` for block ``i``."""
        e = self.entries[i]
        if e is None:
            text = block.text
            low = fold(text)
            e = self.entries[i] = (low, self._exact(text) or self._fold(low), block.words)
        return e


@functools.lru_cache(maxsize=None)
def _local_pass(rules: tuple[Rule, ...]) -> Callable[[Document, SharedScan | None], None]:
    specs = [
        (
            r.name,
            r.check,
            r.max_words,
            r.needs is not None or r.needs_exact is not None,
            any_of(r.needs) if r.needs is not None else None,
            any_of(r.needs_exact) if r.needs_exact is not None else None,
        )
        for r in rules
    ]
    # One scan for the literals of all the rules: most lines have none, and
    # then no rule with a prefilter needs a look of its own.
    gate_fold = any_of(tuple(a for r in rules for a in r.needs or ()))
    gate_exact = any_of(tuple(a for r in rules for a in r.needs_exact or ()))

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
                gate = None if maybe else False  # no literal of any run: no prefiltered rule can fire
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


def passes(text: str, needs: tuple[str, ...] | None, needs_exact: tuple[str, ...] | None) -> bool:
    """Whether ``text`` has one of the literals a prefiltered predicate needs (see :func:`line_rule`)."""
    if needs is None and needs_exact is None:
        return True
    if needs_exact is not None and any_of(needs_exact)(text):
        return True
    return needs is not None and any_of(needs)(fold(text))


def line_rule(
    name: str,
    description: str,
    max_words: int | None = None,
    needs: Iterable[str] | None = None,
    needs_exact: Iterable[str] | None = None,
):
    """Decorator: build a :class:`Rule` from a predicate on the block text.

    ``needs`` and ``needs_exact`` are a cheap test that spares the patterns
    most lines: the predicate can only be true when one of the ``needs``
    (lower-case literals) occurs in :func:`fold` of the text, or one of the
    ``needs_exact`` occurs in the text as it is.
    """
    anchors = tuple(needs) if needs is not None else None
    exact = tuple(needs_exact) if needs_exact is not None else None

    def wrap(fn: Callable[[str, Block], bool]) -> Rule:
        def test(block: Block, doc: Document, i: int) -> bool:
            if max_words is not None and block.words > max_words:
                return False
            if not passes(block.text, anchors, exact):
                return False
            return fn(block.text, block)

        return Rule(name, description, test, check=fn, max_words=max_words, needs=anchors, needs_exact=exact)

    return wrap


def pattern_rule(name: str, description: str, *patterns: str, needs: tuple[str, ...], max_words: int = 50) -> Rule:
    """A line rule that drops lines matching any of ``patterns`` (case-insensitive), unless reported speech.

    ``needs``: lower-case literals, one of which every match of every pattern
    contains (see :func:`fold`); lines without any of them skip the scan.
    """
    # One alternation: a single scan per line instead of one per pattern.
    compiled = regex.compile("|".join(f"(?:{p})" for p in patterns), regex.I)

    def test(text: str, block) -> bool:
        return bool(compiled.search(text)) and not is_reported_speech(text)

    return line_rule(name, description, max_words=max_words, needs=needs)(test)
