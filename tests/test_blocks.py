"""Parsing scraped text into blocks: wraps, markup, offsets."""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.blocks import parse_blocks, strip_inline

from . import recorded

WRAPPED = (
    "# A headline\n\n"
    "This paragraph was hard-wrapped by html2text at seventy-eight columns so\n"
    "that every line stops short of the margin and the next word goes on the\n"
    "following line, which the parser must join back into a single paragraph.\n\n"
    "  * a bullet item that is long enough to be wrapped onto the next line by\n"
    "    the converter, with an indented continuation\n"
    "  * a second item\n\n"
    "Short line one.\nShort line two that follows it without a blank line.\n"
)


def test_hard_wrapped_paragraphs_are_joined():
    blocks = parse_blocks(WRAPPED)
    kinds = [b.kind for b in blocks]
    assert kinds[0] == "heading" and blocks[0].text == "A headline"
    para = blocks[1]
    assert para.kind == "paragraph"
    assert para.text.startswith("This paragraph was hard-wrapped") and para.text.endswith("single paragraph.")
    assert "  " not in para.text
    items = [b for b in blocks if b.kind == "list_item"]
    assert len(items) == 2 and items[0].text.endswith("with an indented continuation")


def test_list_numbers_are_text_bullets_are_markup():
    # "3. Use a VPN": the number is part of the article (gold bodies keep it)
    blocks = parse_blocks("* a bullet\n\n1. First step\n\n2\\. Escaped step\n\n3) Third step\n")
    assert [b.kind for b in blocks] == ["list_item"] * 4
    assert [b.text for b in blocks] == ["a bullet", "1. First step", "2. Escaped step", "3) Third step"]


def test_short_lines_are_not_joined():
    blocks = parse_blocks(WRAPPED)
    assert blocks[-2].text == "Short line one."
    assert blocks[-1].text.startswith("Short line two")


def test_long_unwrapped_lines_are_one_block_each():
    text = ("word " * 300).strip() + "\n" + ("other " * 200).strip() + "\nA heading line\n"
    blocks = parse_blocks(text)
    assert [b.words for b in blocks] == [300, 200, 3]


def test_offsets_point_into_the_source():
    for b in parse_blocks(WRAPPED):
        src = WRAPPED[b.start : b.end]
        # every word of the block text is in its source span
        for w in b.text.split():
            assert w in src


def test_inline_markup_is_removed_not_rewritten():
    text, links, link_chars, removals, emphasis = strip_inline(
        "**Bold** and _italic_ with a [link text](https://x.org/a) and ![alt](img.png) here\\."
    )
    assert text == "Bold and italic with a link text and here."
    assert links == 1 and link_chars == len("link text")
    assert removals == [("image", "![alt](img.png)")]
    assert not emphasis
    assert strip_inline("*Claim your seat now.*")[4] is True


def test_snake_case_and_arithmetic_survive():
    assert strip_inline("call my_var_name with 2 * 3 * 4")[0] == "call my_var_name with 2 * 3 * 4"


def test_image_only_line_is_an_image_block():
    [b] = parse_blocks("![People take shelter](https://example.com/p.jpg)")
    assert b.kind == "image" and b.text == ""


def test_link_wrapped_across_lines_is_joined():
    text = "[ ![](https://a.io/x.png) Featured Case Study\n](/case-studies/x) tail words here and more\n"
    blocks = parse_blocks(text)
    assert blocks[0].text.startswith("Featured Case Study")


def test_pathological_markup_line_parses():
    line = "[" * 200_000 + "*_" * 100_000 + "](" * 50_000
    [b] = parse_blocks(line)
    assert b.end == len(line)


# -- recorded outputs (tests/recorded.py): synthetic markup that reaches every
# fast path of the parser (kind of a line, headings, inline markup, hard wraps)
# must come out as it was recorded --

_PARSED = recorded.load("parse_blocks")


@pytest.mark.parametrize("group", ["markdown", "markup_soup", "any_text"])
def test_parse_blocks_as_recorded(group):
    cases = [(text, want) for g, text, want in _PARSED if g == group]
    assert len(cases) >= 100
    changed = [text for text, want in cases
               if recorded.digest(recorded.block_fields(parse_blocks(text))) != want]
    assert not changed, (
        f"{len(changed)} of {len(cases)} inputs parse otherwise than recorded: {changed[:3]!r}"
    )


def test_line_kinds_as_recorded():
    cases = recorded.load("line_kinds")
    assert [cp for cp, _ in cases] == recorded.KIND_FIRST
    changed = [chr(cp) for cp, want in cases if recorded.digest(recorded.line_kinds(cp)) != want]
    assert not changed, f"lines that start with these parse otherwise than recorded: {changed!r}"


def test_strip_inline_as_recorded():
    cases = recorded.load("strip_inline")
    assert len(cases) >= 100
    for raw, want in cases:
        text, links, link_chars, removals, emphasis = strip_inline(raw)
        assert [text, links, link_chars, [list(r) for r in removals], emphasis] == want, repr(raw)


def test_line_kinds_table():
    # what the recorded digests stand for, readably: the kind and level a line opens
    cases = {
        "# Title": ("heading", 1, "Title"), "###### Six": ("heading", 6, "Six"),
        "####### Seven": ("paragraph", 0, None), "#NoSpace": ("paragraph", 0, None),
        "## Closed ##": ("heading", 2, "Closed"), "---": ("rule", 0, ""), "* * *": ("rule", 0, ""),
        "•••": ("rule", 0, ""), "- item": ("list_item", 0, "item"), "• item": ("list_item", 0, "item"),
        "١. item": ("list_item", 0, "١. item"), "12) item": ("list_item", 0, None),
        "> quoted": ("quote", 0, "quoted"), "| a | b |": ("table", 0, "a b"), "|--|--|": ("table", 0, ""),
        "www.example.org/page": ("url", 0, None), "plain words": ("paragraph", 0, "plain words"),
    }
    for line, (kind, level, text) in cases.items():
        [b] = parse_blocks(line)
        assert (b.kind, b.level) == (kind, level), line
        if text is not None:
            assert b.text == text, line
    assert parse_blocks("   \t ") == []


def test_long_wrapped_link_is_counted_not_rejoined():
    # 3000 lines inside one unclosed "[": joined until the group reaches 4000 characters
    lines = ["[ start of a link"] + ["word " * 3] * 3000
    blocks = parse_blocks("\n".join(lines))
    first = blocks[0]
    # the last line joins while the group is still under 4000 characters
    assert first.start == 0 and 4000 <= len(first.text) < 4000 + len("word word word") + 1
    assert blocks[1].text == "word word word"


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="# \ta\u00a0\n\r\u2028\x85", max_size=14))
def test_heading_is_the_heading_pattern(line):
    from cleaner.blocks import _HEADING, _heading

    s = line.strip()
    m = _HEADING.match(s)
    assert _heading(s) == ((len(m.group(1)), m.group(2)) if m else None)


def test_ws_is_regex_white_space():
    # the class the re patterns use for regex's \s (and, negated, \S)
    from cleaner.blocks import _WS

    ws = re.compile("[" + _WS + "]")
    for cp in range(0x110000):
        c = chr(cp)
        assert bool(ws.match(c)) == bool(regex.match(r"\s", c)), hex(cp)
