"""Author boxes after the article: "About the author" and the writer's bio.

Blogs and magazines close a post with a box about who wrote or reviewed it:
a header ("About the Author", "Written by", "Medically reviewed by"), the
name, a job title and a paragraph of career ("Jane Doe is a freelance writer
with ten years of experience ..."). None of it is the article. Inside a story
the same grammar introduces the people the story is about, so a bio without
a header is dropped only in the document's tail, where no article prose comes
after it.
"""

from __future__ import annotations

import regex

from ..document import DROP, Block, Document
from ..text import ends_sentence
from .base import document_rule
from .lazy import lazy_compile

ORDER = 45  # after the appeals, before the bylines: a box may hold a "By …" line

_BOX_HEADER = lazy_compile(
    r"^[\s*_#|:–—-]*(about (the|this|our) (author|writer|contributor|reviewer|expert|editor)s?|"
    r"meet (the|our) (author|writer|expert)s?|author (bio|biography|profile|info)|"
    r"(article |post |content )?(written|authored|reviewed|edited|fact[- ]checked) by|"
    r"(medically|clinically|expert|financially) reviewed by|the authors?|authors?|contributors?)"
    r"[\s*_:.|–—-]*$",
    regex.I,
)
# Headers that may run on into the name on the same line: "Written by Jane Doe".
_BOX_HEADER_INLINE = lazy_compile(
    r"^[\s*_#|]*(about the (author|writer)s?|(article |post )?(written|reviewed|authored) by|"
    r"(medically|clinically|expert|financially) reviewed by)\b\s*:?\s*\S",
    regex.I,
)

_NAME = r"(?:\p{Lu}[\p{Ll}'’.-]+|\p{Lu}\.)"
_ROLE = (
    r"(writer|editor|journalist|reporter|author|contributor|columnist|correspondent|blogger|copywriter|"
    r"content (creator|writer|strategist|marketer|manager|specialist|producer|lead)|freelancer|"
    r"photographer|videographer|marketer|strategist|consultant|founder|co-founder|cofounder|ceo|cto|coo|"
    r"president|director|professor|researcher|analyst|expert|specialist|practitioner|physician|doctor|"
    r"dietitian|nutritionist|therapist|coach|trainer|designer|engineer|developer|lawyer|attorney|"
    r"planner|advisor|adviser|owner|entrepreneur|storyteller|enthusiast|professional|veteran|student|"
    r"fellow|scientist|economist|manager|head|lead|officer|partner|associate|member)s?"
)
# "Jane Doe is a freelance writer …", "Irene is an experienced writer with …",
# "Joe is the co-founder and CEO of …", "Jane Doe, MD, is a board-certified physician …".
_BIO = lazy_compile(
    rf"^(?:{_NAME}(?: {_NAME}){{0,3}})(?:,? (?:\p{{Lu}}[\p{{L}}.]*,? ?){{1,4}})?,? "
    rf"(?:is|was|has been|serves as|works as) (?:a|an|the|our|one of the)\b"
    rf"(?: [\p{{L}}&/-]+,?){{0,8}}? {_ROLE}\b",
)
# Further sentences of a bio: career, experience, where the writer lives.
_BIO_DETAIL = lazy_compile(
    r"\b(years of experience|years' experience|experience (in|covering|writing)|specializ|specialis|"
    r"based in|lives in|holds (a|an)|graduated|degree in|(her|his|their) (work|writing) has (been )?"
    r"(appeared|featured|published)|when (she|he|they)('s| is| are|'re)? not|in (her|his|their) "
    r"(free|spare) time|passionate about|has written (for|about)|is the author of)\b",
    regex.I,
)

_BOX_SPAN = 8  # blocks after a header that can belong to its box
_BOX_WORDS = 150  # a box block is a name, a title or a bio paragraph, never a long section


def _is_header(b: Block) -> bool:
    return b.words <= 6 and bool(_BOX_HEADER.match(b.text))


def _is_bio(b: Block) -> bool:
    return b.words <= _BOX_WORDS and bool(_BIO.match(b.text.strip(" *_")))


def _prose(b: Block) -> bool:
    return b.words >= 25 and ends_sentence(b.text)


@document_rule(
    "author_bio",
    "The box about the writer after the article: 'About the Author', the name, the title and the bio.",
    example=(
        "The storm surge reached the old harbour wall shortly after midnight, residents said. "
        "Crews worked through the night to clear the coast road before the morning ferries.\n\n"
        "About the Author\n\nJane Example\n\n"
        "Jane Example is a freelance writer based in Portsmouth with ten years of experience covering "
        "the coast.\n"
    ),
)
def author_bio(doc: Document, name: str) -> None:
    """A header of an author box and the short blocks under it; a bio in the document's tail.

    Under a header, blocks are taken while they are short (a name, a job
    title) or read as a bio, up to the next heading, a block that is neither,
    or a short line after the bio (the page's links, not the box's). Without
    a header, a paragraph that opens as a bio ("Jane Doe is a freelance
    writer …") is dropped when no article prose follows it, with its detail
    sentences and the name and title lines right before it. The short lines
    after a bio are left to the model: taking them changes what it sees
    around the page's other leftovers.
    """
    blocks = doc.blocks
    n = len(blocks)
    # boxes under a header
    for i, b in enumerate(blocks):
        opens = _is_header(b) or b.words <= 30 and bool(_BOX_HEADER_INLINE.match(b.text))
        if b.decision is not None or not opens:
            continue
        if i < n // 3:
            continue  # the top of a document is the story's own
        inline = not _is_header(b)
        if inline and not _is_bio(b) and b.words > 12:
            continue
        box = [b]
        box_has_bio = inline and _is_bio(b)
        for nb in blocks[i + 1 : i + 1 + _BOX_SPAN]:
            if nb.decision == DROP:
                continue
            if nb.kind == "heading" and not _is_header(nb):
                break
            if box_has_bio and _label(nb):
                break  # the box ends with its bio: the labels after it are the page's
            if _label(nb) or _is_bio(nb) or _is_header(nb) or (
                box[-1] is not b and nb.words <= _BOX_WORDS and _BIO_DETAIL.search(nb.text)
            ):
                box.append(nb)
                box_has_bio = box_has_bio or _is_bio(nb)
                continue
            break
        # a header alone is not a box: it must hold a name or a bio
        if len(box) > 1 or inline:
            for x in box:
                if x.decision is None:
                    x.drop(name)
    # a bio in the tail: from the end back to the first article prose
    tail: list[Block] = []
    bio_at = None
    for j in range(n - 1, n // 2, -1):
        b = blocks[j]
        if b.decision == DROP:
            continue
        if _is_bio(b):
            bio_at = len(tail)
            tail.append(b)
            continue
        if _prose(b) and not (tail and _BIO_DETAIL.search(b.text) and b.words <= _BOX_WORDS):
            break
        tail.append(b)
    if bio_at is None:
        return
    # the bio and its detail sentences, then the name and title lines right before it
    for x in tail[: bio_at + 1]:
        if x.decision is None and (_is_bio(x) or _BIO_DETAIL.search(x.text)):
            x.drop(name)
    for x in tail[bio_at + 1 : bio_at + 4]:
        if not _label(x):
            break
        x.drop(name)


def _label(b: Block) -> bool:
    """A name or job title line of a box: short, not a sentence."""
    return b.words <= 12 and not ends_sentence(b.text)
