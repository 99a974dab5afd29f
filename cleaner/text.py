"""Small text predicates every stage may use (metadata, rules, later steps).

They live below every stage so that an early stage (metadata extraction)
never imports from a later one (the rules).
"""

from __future__ import annotations

import regex

_SPEECH = regex.compile(
    r"\b(said|says|told|tells|added|according to|wrote|asked|urged|argued|noted)\b", regex.I
)
_TERMINAL = regex.compile(r"[.!?…]['\"”’)\]]*$")
_WORD = regex.compile(r"\w+")


def words(text: str) -> int:
    return len(text.split())


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def is_reported_speech(text: str) -> bool:
    """Text that quotes someone: the quoted words are the article's, not the site's.

    A block quoting somebody who says "subscribe" is body text, not an appeal.
    """
    opens = sum(text.count(q) for q in "\"“„«")
    return opens >= 1 and bool(_SPEECH.search(text))


def norm_key(text: str) -> str:
    """Case- and punctuation-insensitive key used to compare short lines."""
    return " ".join(_WORD.findall(text.casefold()))


__all__ = ["ends_sentence", "is_reported_speech", "norm_key", "words"]
