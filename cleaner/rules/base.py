"""What a rule is: a line rule or a document rule, each with its name, description and example.

A rule looks at the undecided blocks of a document and drops some of them,
naming itself as the reason. Rules only ever drop: keeping is the default,
and the classifier decides what no rule is sure about. Rules are written for a
*kind* of junk (an appeal to subscribe, a caption credit), never for one page's
literal strings.

There are two shapes:

- a :class:`LineRule` decides about one block at a time (see :func:`line_rule`,
  :func:`pattern_rule`); with ``context=True`` it may look at the block's
  neighbours in the document;
- a :class:`DocumentRule` walks the whole document at once, for decisions
  about runs of blocks (see :func:`document_rule`).

Either is called on a text (``rule(text)``, handy in tests and notebooks) to
ask whether it drops anything from that text read as a document.
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import regex

from ..blocks import parse_blocks
from ..document import DROP, Block, Document
from ..text import is_reported_speech
from .lazy import LazyPattern, is_pattern, lazy_compile
from .literals import literal_gate, literals_of_any


def as_document(text: str) -> Document:
    """``text`` parsed into blocks, as the cleaner reads its input, in one document."""
    return Document(blocks=parse_blocks(text))


class Rule(ABC):
    """What both shapes share: a unique ``name`` (the reason users see and pass to
    ``--disable-rule``), a ``description`` and an ``example`` it drops, both shown
    by ``cleaner rules``."""

    name: str
    description: str
    example: str

    @abstractmethod
    def apply(self, doc: Document) -> None:
        """Drop the blocks of ``doc`` this rule is about, giving its name as the reason."""

    def __call__(self, text: str) -> bool:
        """Whether the rule drops any block of ``text`` read as a document (see :func:`as_document`)."""
        doc = as_document(text)
        self.apply(doc)
        return any(b.decision == DROP and b.reason == self.name for b in doc.blocks)


@dataclass(frozen=True, eq=False)
class LineRule(Rule):
    """A rule that decides about each undecided block on its own: ``check(text, block)``.

    ``max_words``: longer blocks are never dropped. ``needs`` / ``needs_exact``:
    literals of which one occurs, in :func:`normalize.fold` of the text or in
    the text as it is, whenever ``check`` can be true; blocks with none skip
    ``check`` (see :func:`line_rule`, which derives them from patterns).

    ``context=True``: ``check(text, block, doc, i)`` also sees the document and
    the block's index; such a rule runs once the rules before it have decided
    every block, so it can rely on its neighbours' reasons.
    """

    name: str
    description: str
    example: str
    check: Callable[..., bool] = field(repr=False)
    max_words: int | None = field(default=None, repr=False)
    needs: tuple[str, ...] | None = field(default=None, repr=False)
    needs_exact: tuple[str, ...] | None = field(default=None, repr=False)
    context: bool = field(default=False, repr=False)
    # Patterns one of which matches whenever ``check`` is true: what ``needs`` are proven against.
    requires: tuple[regex.Pattern[str] | LazyPattern, ...] = field(default=(), repr=False)

    @property
    def prefiltered(self) -> bool:
        return self.needs is not None or self.needs_exact is not None

    def apply(self, doc: Document) -> None:
        self._plan.apply(doc)

    @functools.cached_property
    def _plan(self):
        from .engine import RulePlan  # the engine runs rules of both shapes: it imports this module

        return RulePlan((self,))


@dataclass(frozen=True, eq=False)
class DocumentRule(Rule):
    """A rule over a whole document: ``run(doc, name)`` drops blocks giving ``name`` as the reason."""

    name: str
    description: str
    example: str
    run: Callable[[Document, str], None] = field(repr=False)

    def apply(self, doc: Document) -> None:
        self.run(doc, self.name)


def _union(*parts: Iterable[str] | None) -> tuple[str, ...] | None:
    literals = tuple(dict.fromkeys(lit for p in parts if p is not None for lit in p))
    return literals or None


def line_rule(
    name: str,
    description: str,
    *,
    example: str,
    max_words: int | None = None,
    requires: Iterable[regex.Pattern[str] | LazyPattern | str] = (),
    needs: Iterable[str] | None = None,
    needs_exact: Iterable[str] | None = None,
    context: bool = False,
) -> Callable[[Callable[..., bool]], LineRule]:
    """Decorator: a :class:`LineRule` from its ``check(text, block)`` (with
    ``context=True``: ``check(text, block, doc, i)``).

    The prefilter that spares ``check`` most lines is derived from
    ``requires``: patterns (compiled, or strings compiled case-sensitively)
    one of which matches somewhere in the text whenever ``check`` is true
    (see :mod:`.literals`). Keywords given by hand instead, as ``needs``
    (lower-case, looked for in :func:`normalize.fold` of the text) and
    ``needs_exact`` (looked for in the text as it is), replace the derived
    ones where those would be less selective; tests/test_rules.py proves them
    against ``requires``. Without any of them, ``check`` sees every line.
    """
    patterns = tuple(p if is_pattern(p) else lazy_compile(p) for p in requires)
    if needs is None and needs_exact is None and patterns:
        needs, needs_exact = literals_of_any(patterns)
    anchors = _union(needs)
    exact = _union(needs_exact)

    def wrap(fn: Callable[..., bool]) -> LineRule:
        return LineRule(name, description, example, fn, max_words=max_words, needs=anchors, needs_exact=exact,
                        context=context, requires=patterns)

    return wrap


def pattern_rule(name: str, description: str, *patterns: str, example: str, max_words: int = 50,
                 needs: Iterable[str] | None = None) -> LineRule:
    """A line rule that drops lines matching any of ``patterns`` (case-insensitive), unless reported speech.

    Its prefilter is derived from the patterns, unless ``needs`` are given
    (see :func:`line_rule`).
    """
    # The rule's prefilter is their alternation's literals.
    compiled = lazy_compile("|".join(f"(?:{p})" for p in patterns), regex.I)
    # A line has a match of the alternation when one of the patterns matches
    # in it. Most lines that pass the rule's prefilter have none of the
    # literals of most patterns (a rare word each), so each pattern is
    # searched only where one of its own literals is: a look for a few
    # literals costs far less than searching the whole alternation.
    # (worked out on first use: importing the rules parses no pattern twice; a pattern is
    # compiled when first searched, so one whose literals no line holds never is)
    gated = functools.cache(lambda: tuple((part, literal_gate(part))
                                          for part in (lazy_compile(f"(?:{p})", regex.I) for p in patterns)))

    def check(text: str, block: Block) -> bool:
        for part, has_literal in gated():
            if has_literal(text) and part.search(text):
                return not is_reported_speech(text)
        return False

    make = line_rule(name, description, example=example, max_words=max_words, requires=(compiled,),
                     needs=needs)
    return make(check)


def document_rule(
    name: str, description: str, *, example: str
) -> Callable[[Callable[[Document, str], None]], DocumentRule]:
    """Decorator: a :class:`DocumentRule` from its ``run(doc, name)``."""

    def wrap(fn: Callable[[Document, str], None]) -> DocumentRule:
        return DocumentRule(name, description, example, fn)

    return wrap


__all__ = ["DocumentRule", "LineRule", "Rule", "as_document", "document_rule", "line_rule", "pattern_rule"]
