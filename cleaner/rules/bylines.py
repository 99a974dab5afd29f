"""Bylines and contributor lines that stand apart from the body.

"By Jane Doe", "— By REUTERS", "Reporting by …; Editing by …" and
"X and Y contributed to this report." name the people behind a story; they
are not its text. Only whole blocks are dropped: a contributor sentence at the
end of a body paragraph stays with the paragraph it belongs to.
"""

from __future__ import annotations

import regex

from .base import line_rule
from .lazy import lazy_compile

ORDER = 50  # last: bylines

_NAME = r"[\p{Lu}][\p{L}.'’-]*"
_NAME_RUN = rf"{_NAME}(?:[ ,]+(?:{_NAME}|and|&|de|da|del|van|von|der|den|la|le|al|bin|el|y)){{0,12}}"
_BYLINE = lazy_compile(
    rf"^[—–\-|·•*_ ]*(?i:by|written by|words by|story by|text by|reported by|von|par|por|di)[: ]+{_NAME_RUN}"
    rf"(\s*[,|·•—–-]\s*[\p{{L}}\d ,.:'’/&-]{{0,80}})?\.?[*_ ]*$",
)
_REUTERS_SIGNOFF = lazy_compile(
    r"^[(\[]?\s*((additional )?(reporting|writing|editing|research|compiled|graphics|production|"
    r"fact-checking)"
    # a name follows: "Editing by Jane Doe"
    r" (by|from)\s+(?-i:\p{Lu})[^.;]{0,200}?[;,]?\s*){1,5}[)\]]?\.?$",
    regex.I,
)
_CONTRIBUTED = lazy_compile(
    r"(contributed (reporting|to this (report|story|article))|contributed additional reporting|"
    r"contributed to (the|this) reporting|is a (staff |senior |freelance )?"
    r"(writer|reporter|correspondent|editor|journalist) "
    r"(for|at|with)|writes (for|about)|can be reached at|follow (him|her|them) on)\b",
    regex.I,
)
_AUTHOR_LABEL = lazy_compile(
    r"^(author|authors|written by|posted by|published by|reporter|editor|story by|byline)\s*:\s*\S.{0,100}$",
    regex.I,
)

byline = line_rule(
    "byline", "Bylines standing on their own line: 'By Jane Doe', '— By REUTERS', 'Author: …'.",
    example="By Jane Example", max_words=20, requires=(_BYLINE, _AUTHOR_LABEL),
)(lambda text, b: bool(_BYLINE.match(text.strip()) or _AUTHOR_LABEL.match(text.strip())))

contributor_line = line_rule(
    "contributor_line",
    "Contributor and sign-off lines: '… contributed to this report.', 'Reporting by …; Editing by …'.",
    example="Reporting by Jane Example; Editing by John Sample",
    max_words=45,
    requires=(_CONTRIBUTED, _REUTERS_SIGNOFF),
)(lambda text, b: bool(_CONTRIBUTED.search(text) or _REUTERS_SIGNOFF.match(text.strip())))
