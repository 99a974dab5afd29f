"""Lines made only of known phrases: interface labels, section headers, ad labels.

:func:`compile_phrases` turns a list of phrases into one case-insensitive
:class:`Phrases` alternation; :func:`phrase_only` tells whether a line is
nothing but such phrases and separators.
"""

from __future__ import annotations

import regex

_SEPARATORS = regex.compile(r"[\s\p{P}\p{S}\d]+")
_LEADING_SEPARATORS = regex.compile(r"[\s\p{P}\p{S}\d]*")
_DIGIT_OR_AMP = regex.compile(r"[\d&]")
_IGNORECASE = int(regex.IGNORECASE)  # a plain int: '&' with the enum flag is slow
_ASCII_FOLDED = [chr(c) for c in range(128) if not "A" <= chr(c) <= "Z"]


class Phrases:
    """A compiled alternation of phrases, with how its matches can begin.

    ``starts`` (found on first use, see :meth:`starts`) lets :func:`phrase_only`
    reject most positions by their first three letters before trying every
    phrase there.
    """

    __slots__ = ("pattern", "match", "fullmatch", "_starts")

    def __init__(self, pattern: regex.Pattern[str]):
        self.pattern = pattern
        self.match = pattern.match
        self.fullmatch = pattern.fullmatch
        self._starts: tuple[frozenset[str], frozenset[str]] | None = None

    def starts(self) -> tuple[frozenset[str], frozenset[str]] | None:
        """How a match can begin, as ASCII without capitals: ``(starts, done)``; None if case-sensitive.

        ``starts`` holds the strings of one to three characters that can begin
        a match (or hold one), found with partial matching; ``done`` those of
        them that already hold a whole match, so that anything may follow them.
        """
        if self._starts is None and self.pattern.flags & _IGNORECASE:
            self._starts = _compute_starts(self.pattern)
        return self._starts


def compile_phrases(phrases: list[str]) -> Phrases:
    """One case-insensitive alternation, longest phrase first (ties alphabetical, so the
    pattern is the same in every process whatever the hash seed)."""
    alts = sorted(set(phrases), key=lambda p: (-len(p), p))
    return Phrases(regex.compile("(?:" + "|".join(alts) + ")", regex.I))


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
    # Case-insensitive phrases: look the next three letters up among the
    # ways a phrase can begin before trying every phrase there.
    starts = phrases._starts or phrases.starts()
    if starts is not None and _cannot_start(text, pos, starts):
        return False
    match = phrases.match
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
        m = None if starts is not None and _cannot_start(text, pos, starts) else match(text, pos)


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
