"""Recorded outputs: synthetic inputs, and what the current code makes of them.

The tests of the parser, the block features and the document split compare
today's output with outputs recorded in ``tests/data/*.json``. The inputs are
synthetic (drawn from small alphabets of markup, odd whitespace, case-folding
traps and news-like phrases by a seeded generator) and stored with their
outputs, so a test needs neither the generator nor the code that made them.

A change that is meant to change these outputs re-records them:

    python -m tests.recorded

and the diff of ``tests/data/`` shows what changed. A refactor must leave
that diff empty.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"

# -- inputs ------------------------------------------------------------------

MARKUP_ALPHABET = "ab Z9*_`\\[]()!<>#|:-=~+.\t\u00a0\u2003•·–›١"
_MARKDOWN_PIECES = [
    "word", "other words here", "[a link](https://x.org/a)", "[ ](/empty)", "![alt](img.png)", "**bold**",
    "__strong__", "*it*", "_it_", "my_var", "2 * 3", "<https://a.b/c>", "\\*", "\\.", "`code`", "  ", "\t",
    "\u00a0", "\u2003", "\x1c", "\x85", "\u2028", "\r", "·", "١", "\U00010d40", "[", "]", "](", "![", "#",
    "|",
]
_LINE_STARTS = ["", "", "", "* ", "  * ", "- ", "+ ", "• ", "1. ", "12) ", "3\\. ", "\U00010d41. ", "# ",
                "### ", "####### ", "> ", ">", "| ", "|--|--|", "---", "* * *", "~~~", ":--", "    ", "www.", "http://"]
# First characters that reach every branch of a line's kind: markup, digits
# of other scripts, bullets, and the Latin range around them.
KIND_FIRST = [*range(0x20, 0x250), 0x2022, 0x2013, 0x25AA, 0x25E6, 0x2023, 0x0661, 0x0966, 0xFF11]
KIND_RESTS = ("", "x", " x", "-- ", "1. x", ") x", "\\. x", "##", "--|--")
# Characters that trip up counting and case folding: odd whitespace, combining
# marks, İ, ß, final sigma, lone surrogates, astral characters.
ODD = list(".!?…\"'”’)],;:|•·»›>/©()cC-_") + [
    "\n", "\r", "\t", " ", "\xa0", "\x1c", "\x1f", "\x85", "\u2028", "\u3000", "é", "É", "ß", "İ", "ı", "ﬁ",
    "Σ", "ς", "ǅ", "٣", "\u0301", "\u200d", "\ud800", "𝐀", "😀", "Ⅻ", "0", "7"]
_WORDS = ["copyright", "All rights reserved", "(c)", "Sign up", "log in", "Read more", "ADVERTISEMENT",
          "click", "the", "and", "der", "la", "12/05/2020", "2020-01-02", "Jan 5 2020", "Mr. Smith.",
          'said."', "end.”", "ok?”", "wow!)"]
KINDS = ("paragraph", "heading", "list_item", "quote", "table", "image", "url", "rule", "other")
SPLIT_PIECES = ["https://example.com/a", "Source: https://example.com/b", "date 2025-01-02 Storm hits coast",
                "A body line with quite a few words in it to count towards the twenty word limit here.",
                "Short title", "", "", "![img](x.png)", "---", "www.example.org"]


def _any_char(rng: random.Random) -> str:
    """A character from anywhere in Unicode, weighted towards the ranges text uses."""
    pick = rng.random()
    if pick < 0.4:
        return chr(rng.randrange(0x20, 0x7F))
    if pick < 0.55:
        return rng.choice("\n\r\t\x0b\x0c\x1c\x85\u2028\u2029 \xa0")
    if pick < 0.8:
        return chr(rng.randrange(0xA0, 0x3000))
    if pick < 0.9:
        return chr(rng.randrange(0xD800, 0xE000))  # lone surrogates
    return chr(rng.randrange(0x10000, 0x110000))


def _markdown_text(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randrange(0, 13)):
        words = [rng.choice(_MARKDOWN_PIECES) for _ in range(rng.randrange(0, 17))]
        line = rng.choice(_LINE_STARTS) + " ".join(words)
        if rng.random() < 0.5:  # html2text's hard wraps: long lines cut near one column
            line = (line + " filler" * 12)[: rng.choice([60, 70, 76, 78])]
        lines.append(line + rng.choice(["", "", " ", "\t", "  #", " ##"]))
    return "\n".join(lines)


def block_inputs(rng: random.Random) -> dict[str, list[str]]:
    soup = MARKUP_ALPHABET + "\n\n\r\x0b\x1c\x85\u2028"
    return {
        "markdown": [_markdown_text(rng) for _ in range(200)],
        "markup_soup": ["".join(rng.choice(soup) for _ in range(rng.randrange(0, 81))) for _ in range(300)],
        "any_text": ["".join(_any_char(rng) for _ in range(rng.randrange(0, 61))) for _ in range(200)],
    }


def inline_inputs(rng: random.Random) -> list[str]:
    return ["".join(rng.choice(MARKUP_ALPHABET) for _ in range(rng.randrange(0, 31))) for _ in range(500)]


def _feature_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randrange(0, 31)):
        pick = rng.random()
        if pick < 0.4:
            parts.append(rng.choice(_WORDS))
        elif pick < 0.8:
            parts.append(rng.choice(ODD))
        else:
            parts.append("".join(_any_char(rng) for _ in range(rng.randrange(0, 7))))
    return " ".join(parts)


# The fields of a block that the features read, in the order a feature input lists them.
FEATURE_BLOCK_FIELDS = ("text", "kind", "decision", "links", "link_chars", "emphasis", "indent", "level",
                        "removals")


def feature_inputs(rng: random.Random) -> list[list[Any]]:
    """Documents as plain data: ``[title, blocks]``, each block its FEATURE_BLOCK_FIELDS."""
    docs = []
    for _ in range(120):
        blocks = []
        for _ in range(rng.randrange(1, 13)):
            text = _feature_text(rng)
            links = rng.randrange(0, 26)
            blocks.append([text, rng.choice(KINDS), rng.choice([None, None, "keep", "drop"]), links,
                           min(links * 7, len(text) + 3), rng.random() < 0.5, rng.choice([0, 2, 50]),
                           rng.choice([0, 0, 1, 3]), rng.randrange(0, 13)])
        docs.append([None if rng.random() < 0.3 else _feature_text(rng), blocks])
    return docs


def split_inputs(rng: random.Random) -> list[str]:
    texts = []
    for _ in range(200):
        pieces = [rng.choice(SPLIT_PIECES) for _ in range(rng.randrange(0, 17))]
        texts.append(rng.choice(["\n", "\n\n"]).join(pieces) + "\n")
    return texts


# -- outputs -----------------------------------------------------------------


def block_fields(blocks) -> list[list[Any]]:
    """Everything the parser sets on a block (the decision fields are checked to be unset)."""
    for b in blocks:
        assert (b.decision, b.reason, b.certain, b.score, b.info) == (None, None, False, None, {})
        assert type(b.emphasis) is bool
    return [[b.text, b.start, b.end, b.kind, b.level, b.indent, b.links, b.link_chars, b.emphasis,
             [list(r) for r in b.inline_removals]] for b in blocks]


def feature_document(spec: list[Any]):
    from cleaner.document import Block, Document

    title, rows = spec
    blocks = []
    for row in rows:
        b = dict(zip(FEATURE_BLOCK_FIELDS, row, strict=True))
        removals = [("image", "x")] * b.pop("removals")
        blocks.append(Block(start=0, end=len(b["text"]), inline_removals=removals, **b))
    return Document(blocks=blocks, title=title)


def feature_digest(matrix) -> str:
    """The matrix's shape and every bit of its values."""
    return hashlib.sha256(repr(matrix.shape).encode() + matrix.tobytes()).hexdigest()[:24]


def digest(value: Any) -> str:
    """A short hash of a JSON-able value (outputs too long to keep whole)."""
    return hashlib.sha256(json.dumps(value, ensure_ascii=True).encode()).hexdigest()[:24]


def line_kinds(cp: int) -> list[list[Any]]:
    """What the parser makes of a line that starts with ``chr(cp)``, for every one of KIND_RESTS."""
    from cleaner.blocks import parse_blocks

    return [block_fields(parse_blocks(chr(cp) + rest)) for rest in KIND_RESTS]


def split_summary(text: str) -> list[list[Any]]:
    """Each document of the split: url, index, date, notes and blocks (after the markers pass)."""
    from cleaner.blocks import parse_blocks
    from cleaner.metadata import extract_markers, split_documents

    docs = split_documents(parse_blocks(text), text)
    for d in docs:
        extract_markers(d)  # as the pipeline does: word counts cached by the split must agree
    return [[d.url, d.index, d.date, [[n.reason, n.start] for n in d.notes],
             [[b.text, b.start, b.words, b.decision] for b in d.blocks]] for d in docs]


def load(name: str) -> Any:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def _write(name: str, entries: list[Any]) -> None:
    """A JSON list, one entry a line (so that a diff shows which inputs changed)."""
    DATA.mkdir(exist_ok=True)
    lines = [json.dumps(e, ensure_ascii=True, separators=(",", ":")) for e in entries]
    (DATA / f"{name}.json").write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")


def _as_stored(value: Any) -> Any:
    """``value`` as it reads back from JSON (a lone high surrogate before a lone low one reads back as
    the pair's one character), so that what is recorded is what the tests run on."""
    return json.loads(json.dumps(value, ensure_ascii=True))


def record() -> None:
    """Write every ``tests/data/*.json`` from this checkout's code."""
    from cleaner.blocks import parse_blocks, strip_inline
    from cleaner.classify.features import document_features

    rng = random.Random(20)
    _write("parse_blocks", [[group, text, digest(block_fields(parse_blocks(text)))]
                            for group, texts in _as_stored(block_inputs(rng)).items() for text in texts])
    _write("line_kinds", [[cp, digest(line_kinds(cp))] for cp in KIND_FIRST])
    _write("strip_inline", [[raw, list(strip_inline(raw))] for raw in _as_stored(inline_inputs(rng))])
    _write("features", [[spec, feature_digest(document_features(feature_document(spec)))]
                        for spec in _as_stored(feature_inputs(rng))])
    _write("split_documents", [[text, split_summary(text)] for text in _as_stored(split_inputs(rng))])


if __name__ == "__main__":
    record()
