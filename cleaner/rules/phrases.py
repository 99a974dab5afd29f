"""Lines made only of known phrases: interface labels, section headers, ad labels.

:func:`compile_phrases` turns a list of phrases into one case-insensitive
:class:`Phrases` alternation; :func:`phrase_only` tells whether a line is
nothing but such phrases and separators.
"""

from __future__ import annotations

import regex

from .lazy import LazyPattern, lazy_compile

_SEPARATORS = regex.compile(r"[\s\p{P}\p{S}\d]+")
_LEADING_SEPARATORS = regex.compile(r"[\s\p{P}\p{S}\d]*")
_DIGIT_OR_AMP = regex.compile(r"[\d&]")
_IGNORECASE = int(regex.IGNORECASE)  # a plain int: '&' with the enum flag is slow
_MAX_HEADS = 1 << 16  # heads remembered per phrase list: past that, the check is made again


class Phrases:
    """An alternation of phrases, compiled on first use, with how its matches can begin.

    :meth:`cannot_start` lets :func:`phrase_only` reject most positions by
    their first three characters before trying every phrase there; it
    remembers its answer for each three characters it has seen.
    """

    __slots__ = ("pattern", "_heads", "_ignore_case")

    def __init__(self, pattern: LazyPattern | regex.Pattern[str]):
        self.pattern = pattern
        self._heads: dict[str, bool] = {}
        self._ignore_case = bool(pattern.flags & _IGNORECASE)

    def match(self, text: str, pos: int = 0):
        return self.pattern.match(text, pos)

    def fullmatch(self, text: str):
        return self.pattern.fullmatch(text)

    def cannot_start(self, text: str, pos: int) -> bool:
        """True when no match of the phrases can begin at ``pos`` of ``text``.

        Decided from the next three characters alone: none of the phrases
        matches anything that begins with them (a partial match is a match
        cut short by the end of the string). Case-insensitive, an ASCII head
        matches where its lower-case form does; other heads, and the phrases
        of a case-sensitive list, are left to the pattern.
        """
        head = text[pos : pos + 3]
        cannot = self._heads.get(head)
        if cannot is None:
            cannot = (self._ignore_case and head.isascii()
                      and self.pattern.match(head.lower(), partial=True) is None)
            if len(self._heads) < _MAX_HEADS:
                self._heads[head] = cannot
        return cannot


def compile_phrases(phrases: list[str]) -> Phrases:
    """One case-insensitive alternation, longest phrase first (ties alphabetical, so the
    pattern is the same in every process whatever the hash seed)."""
    alts = sorted(set(phrases), key=lambda p: (-len(p), p))
    return Phrases(lazy_compile("(?:" + "|".join(alts) + ")", regex.I))


def phrase_only(text: str, phrases: Phrases) -> bool:
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
    # Look the next three characters up among the ways a phrase can begin
    # before trying every phrase there.
    # (the remembered answer looked up here: most lines end at this test)
    cannot_start = phrases.cannot_start
    cannot = phrases._heads.get(text[pos : pos + 3])
    if cannot or cannot is None and cannot_start(text, pos):
        return False
    match = phrases.pattern.match
    m = match(text, pos)
    if not m:
        return False
    while True:
        if m is None or m.end() == pos:
            # A phrase may itself begin inside the separators ("12 comments",
            # "& Licensing"): settle those rare lines with the full check.
            gap = text[max(0, pos - 12) : pos]
            return bool(_DIGIT_OR_AMP.search(gap)) and _covered(text, phrases.pattern)
        pos = _LEADING_SEPARATORS.match(text, m.end()).end()
        if pos >= n:
            return True
        m = None if cannot_start(text, pos) else match(text, pos)


def _covered(text: str, phrases: LazyPattern | regex.Pattern[str]) -> bool:
    rest = phrases.sub(" ", text)
    return not _SEPARATORS.sub("", rest)
