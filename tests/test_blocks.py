"""Parsing scraped text into blocks: wraps, markup, offsets."""

from __future__ import annotations

from cleaner.blocks import parse_blocks, strip_inline

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
