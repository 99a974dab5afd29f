"""What a rule is, and small text predicates the rules share.

A rule looks at one undecided block in the context of its document and either
drops it, naming itself as the reason, or leaves it for later stages. Rules
only ever drop: keeping is the default, and the classifier decides what no
rule is sure about. Rules are written for a *kind* of junk (an appeal to
subscribe, a caption credit), never for one page's literal strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

import regex

from ..document import Block, Document
from ..normalize import contains_any as _contains_any, fold

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
    pos = _LEADING_SEPARATORS.match(text).end()
    if pos >= n or not phrases.match(text, pos):
        return False
    while pos < n:
        m = phrases.match(text, pos)
        if m is None or m.end() == pos:
            # A phrase may itself begin inside the separators ("12 comments",
            # "& Licensing"): settle those rare lines with the full check.
            gap = text[max(0, pos - 12) : pos]
            return bool(_DIGIT_OR_AMP.search(gap)) and _covered(text, phrases)
        pos = _LEADING_SEPARATORS.match(text, m.end()).end()
    return True


_DIGIT_OR_AMP = regex.compile(r"[\d&]")


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


def apply_local(rules: Iterable[Rule], doc: Document) -> None:
    """Apply local rules in order, as ``rule.apply`` one after the other would.

    A local rule decides from the block alone, so trying each undecided block
    against the rules in order, and stopping at the first that drops it,
    gives every block the same reason as applying the rules one at a time.
    """
    specs = [(r.name, r.check, r.max_words, r.needs, r.needs_exact) for r in rules]
    for block in doc.blocks:
        if block.decision is not None:
            continue
        text = block.text
        n = block.words
        low = None
        for name, check, max_words, needs, needs_exact in specs:
            if max_words is not None and n > max_words:
                continue
            if needs is not None or needs_exact is not None:
                if needs_exact is None or not _contains_any(text, needs_exact):
                    if needs is None:
                        continue
                    if low is None:
                        low = fold(text)
                    if not _contains_any(low, needs):
                        continue
            if check(text, block):
                block.drop(name)
                break


def passes(text: str, needs: tuple[str, ...] | None, needs_exact: tuple[str, ...] | None) -> bool:
    """Whether ``text`` has one of the literals a prefiltered predicate needs (see :func:`line_rule`)."""
    if needs is None and needs_exact is None:
        return True
    if needs_exact is not None and _contains_any(text, needs_exact):
        return True
    return needs is not None and _contains_any(fold(text), needs)


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
