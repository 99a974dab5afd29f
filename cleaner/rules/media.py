"""Images, image placeholders, captions and photo credits.

Images are not text; their alt text and captions describe a picture the
output does not have, and credits name a photographer, not the story.
"""

from __future__ import annotations

import regex

from ..blocks import IMAGE_EXTENSIONS, is_image_file_line
from ..document import Block, Document
from ..text import words
from .base import line_rule
from .lazy import lazy_compile
from .literals import literal_gate, required_literals

ORDER = 20  # after the site chrome; caption needs the image rules' reasons

_PLACEHOLDER = lazy_compile(
    r"^[\[(]?\s*(image|photo|picture|video|graphic|gallery|illustration|infographic|embed|media)"
    r"(\s+(placeholder|unavailable|not available|loading))?\s*[\])]?:?$",
    regex.I,
)
_CREDIT_LABEL = lazy_compile(
    r"^[\[(]?\s*(photo(graph)?s?|image|picture|pic|video|graphic|illustration|credits?|foto|bild|crédit|"
    r"(photo|image|picture|video) (credit|courtesy|source|by)|courtesy( of)?|file photo|lead image|"
    r"top image|featured image|header image|cover image|main image|image source)\s*[:：|/-]",
    regex.I,
)
_AGENCY = (
    r"(AP|AFP|Reuters|REUTERS|Getty Images?|Shutterstock|Alamy|EPA(-EFE)?|Bloomberg|"
    r"iStock(photo)?|Unsplash|Pexels|Xinhua|ANP|dpa|PA( Wire| Images)?|Anadolu|Sipa|"
    r"NurPhoto|SOPA Images|LightRocket|Wikimedia Commons|Handout|Pool)"
)
_CREDIT_TAIL = lazy_compile(
    rf"(\(\s*(photo|image|picture)?\s*(by|credit|:)?[^()]{{0,80}}\b{_AGENCY}\b[^()]{{0,60}}\)|"
    rf"(/|\||via|©|photo:|image:|credit:)\s*[^/|]{{0,60}}\b{_AGENCY}\b[^/|]{{0,40}})\s*\.?$"
)
# "Photo courtesy of X", "Image provided by X", "Photo by Jane Doe": a credit
# without a separator ("by" must be followed by a name, not "Photos by tourists")
_CREDIT_PHRASE = lazy_compile(
    r"^[\[(]?\s*(photo(graph)?s?|images?|pictures?|videos?|illustrations?|graphics?)"
    r" ((courtesy( of)?|provided by|supplied by|credit to)\s+\S|(taken )?by\s+(?-i:[\p{Lu}@]))",
    regex.I,
)
# (the tail is searched for at every position of the line: most credit-like lines lack an agency)
_may_have_tail = literal_gate(_CREDIT_TAIL)
_COPYRIGHT_CREDIT = lazy_compile(r"^(©|\(c\)|copyright)\s*\d{0,4}\s*[\w .,&'’-]{1,60}$", regex.I)


image = line_rule(
    "image", "Markdown images, with their alt text.", example="![A flooded street](https://img.example.com/flood.jpg)",
)(lambda text, b: b.kind == "image")

# _PLACEHOLDER's words begin with these, in either case; so does nothing else it
# matches but a bracket (non-ASCII letters are left to the pattern: 'İ' matches 'i')
_PLACEHOLDER_FIRST = frozenset("[(ipvgemIPVGEM")


def _image_placeholder(text: str, block: Block) -> bool:
    # an image file name has an extension, hence a '.'; without one, is_image_file_line
    # asks only whether the line is nothing but the marks it strips
    if "." in text:
        if is_image_file_line(text):
            return True
    elif not text.strip(" )(-_|"):
        return bool(text.strip())
    t = text.strip()
    first = t[:1]
    if first.isascii() and first not in _PLACEHOLDER_FIRST:
        return False
    return bool(_PLACEHOLDER.match(t))


image_placeholder = line_rule(
    "image_placeholder",
    "Left-overs of images: bare hashed file names like '-f223fd….jpg)' and labels like '[Image]'.",
    example="[Image]",
    max_words=12,
    requires=(_PLACEHOLDER,),
    # a _PLACEHOLDER word, or an image file name (is_image_file_line: every match of its pattern
    # has one of IMAGE_EXTENSIONS in fold(text)) ...
    needs=(*required_literals(_PLACEHOLDER)[0], *IMAGE_EXTENSIONS),
    # ... or a line of nothing but the marks is_image_file_line strips
    needs_exact=(")", "(", "-", "_", "|"),
)(_image_placeholder)


def _credit(text: str, block: Block) -> bool:
    t = text.strip(" *_")
    if _CREDIT_LABEL.match(t) and words(t) <= 25:
        return True
    if _COPYRIGHT_CREDIT.match(t) or (_CREDIT_PHRASE.match(t) and words(t) <= 15):
        return True
    return words(t) <= 40 and _may_have_tail(t) and bool(_CREDIT_TAIL.search(t))


photo_credit = line_rule(
    "photo_credit",
    "Photo, image and video credits: 'Photo credit: REUTERS/…', '… (AP Photo/…)', '… / Getty Images'.",
    example="Photo credit: Jane Example / Example Agency",
    max_words=40,
    requires=(_CREDIT_LABEL, _COPYRIGHT_CREDIT, _CREDIT_PHRASE, _CREDIT_TAIL),
)(_credit)

_IMAGE_REASONS = ("image", "image_placeholder", "photo_credit")


@line_rule(
    "caption",
    "Short italic lines set right next to an image: its caption.",
    example="![](https://img.example.com/harbour.jpg)\n*Boats lie on their side in the harbour.*\n"
            "The storm surge reached the old harbour wall shortly after midnight, residents said.",
    context=True,
)
def caption(text: str, block: Block, doc: Document, i: int) -> bool:
    """A short line next to an image, set in italics or ending in a credit."""
    if block.kind not in ("paragraph", "quote"):
        return False
    blocks = doc.blocks
    near_image = False
    for j in (i - 1, i + 1):
        if 0 <= j < len(blocks) and (blocks[j].kind == "image" or blocks[j].reason in _IMAGE_REASONS):
            near_image = True
            break
    # (the neighbours first: most lines have no image next to them)
    if not near_image or block.words > 45:
        return False
    return block.emphasis or bool(_CREDIT_TAIL.search(text))
