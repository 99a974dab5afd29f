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


# -- fast paths give what the full patterns give --

from hypothesis import given, settings, strategies as st  # noqa: E402

_MARKUP_ALPHABET = "ab Z9*_`\\[]()!<>#|:-=~+.\t\u00a0\u2003•·–›١"


def _kind_of_reference(line: str) -> tuple[str, int]:
    from cleaner import blocks as B

    s = line.strip()
    if not s:
        return "blank", 0
    if B._RULE.match(s):
        return "rule", 0
    m = B._HEADING.match(s)
    if m:
        return "heading", len(m.group(1))
    if B._LIST.match(s):
        return "list_item", 0
    if B._QUOTE.match(s):
        return "quote", 0
    if s.startswith("|") or B._TABLE_SEP.match(s):
        return "table", 0
    return "", 0


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_MARKUP_ALPHABET, max_size=12))
def test_kind_of_fast_path(line):
    from cleaner.blocks import _kind_of

    assert _kind_of(line) == _kind_of_reference(line)


def test_kind_of_every_first_character():
    from cleaner.blocks import _kind_of

    for cp in list(range(0x20, 0x250)) + [0x2022, 0x2013, 0x25AA, 0x25E6, 0x2023, 0x0661, 0x0966, 0xFF11]:
        for rest in ("", "x", " x", "-- ", "1. x", ") x", "\\. x", "##", "--|--"):
            line = chr(cp) + rest
            assert _kind_of(line) == _kind_of_reference(line), repr(line)


def _strip_inline_reference(raw: str):
    """strip_inline as it was before the fast paths: every pattern, always."""
    from cleaner import blocks as B

    removals = []
    s = raw
    if "![" in s:
        s = B._IMAGE.sub(lambda m: removals.append(("image", m.group(0))) or " ", s)
    links = link_chars = 0
    if "](" in s:
        def _link(m):
            nonlocal links, link_chars
            label = m.group(1).strip()
            links += 1
            link_chars += len(label)
            if not label:
                removals.append(("empty_link", m.group(0)))
                return " "
            return B._padded(m, label)

        s = B._LINK.sub(_link, s)
    if "<" in s:
        s = B._AUTOLINK.sub(lambda m: removals.append(("url", m.group(0))) or " ", s)
    t = s.strip()
    emphasis = bool(len(t) > 2 and ((t[:2] in ("**", "__") and t[-2:] == t[:2]) or (t[0] in "*_" and t[-1] == t[0])))
    if "*" in s or "_" in s:
        s = B._BOLD.sub(lambda m: B._padded(m, m.group(2)), s)
        s = B._ITALIC_STAR.sub(lambda m: B._padded(m, m.group(1)), s)
        s = B._ITALIC_US.sub(lambda m: B._padded(m, m.group(1)), s)
        s = B._MARKUP_RUN.sub(" ", s)
    if "\\" in s:
        s = B._ESCAPE.sub(r"\1", s)
    s = B._SPACES.sub(" ", s).strip()
    return s, links, link_chars, removals, emphasis


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=_MARKUP_ALPHABET, max_size=30))
def test_strip_inline_fast_paths(raw):
    assert strip_inline(raw) == _strip_inline_reference(raw)


def test_long_wrapped_link_is_counted_not_rejoined():
    # 3000 lines inside one unclosed "[": joined until the group reaches 4000 characters
    lines = ["[ start of a link"] + ["word " * 3] * 3000
    blocks = parse_blocks("\n".join(lines))
    first = blocks[0]
    # the last line joins while the group is still under 4000 characters
    assert first.start == 0 and 4000 <= len(first.text) < 4000 + len("word word word") + 1
    assert blocks[1].text == "word word word"
