"""Captions that end in their picture's credit, left in the text without the picture.

Extractors drop an image but keep its caption as a line of text; when the
caption closes with its credit ("The harbour at dawn. Photo: Jane Doe",
"… Photo by: 'Jane Doe'."), the credit marks the whole line as the caption,
wherever it stands. The caption rule needs the image beside the line and the
photo credit rule a credit at the start or an agency's name: a trailing credit
after a sentence, naming a person or studio, is caught by neither.
"""

from __future__ import annotations

import regex

from .base import line_rule
from .lazy import lazy_compile

ORDER = 22.5  # after the image rules, whose credits come first

# A sentence, then the credit to the end of the line: a label and a short name, no further sentence.
_TRAILING_CREDIT = lazy_compile(
    r"[.!?]['\"”’)]?\s+(photo(graph)?|image|picture|credit)s?( by| courtesy( of)?)?\s*:\s*"
    r"['\"“‘]?(?-i:\p{Lu})[^.!?:]{0,50}?['\"”’]?\.?\s*$",
    regex.I,
)
_CREDIT_WORDS = 8  # a credit names a photographer, a studio or an agency


@line_rule(
    "caption_credit",
    "A caption left without its picture, closed by the picture's credit: '… the harbour at dawn. Photo: "
    "Jane Example'.",
    example="Fishing boats wait out the storm in the harbour. Photo: Jane Example",
    max_words=45,
    requires=(_TRAILING_CREDIT,),
)
def caption_credit(text: str, block) -> bool:
    m = _TRAILING_CREDIT.search(text)
    return bool(m) and len(m.group().split()) <= _CREDIT_WORDS + 2
