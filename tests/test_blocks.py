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


def _strip_inline_reference(raw: str, image=None, link=None, bold=None, markup_run=None, padded=None):
    """strip_inline as it was before the fast paths: every pattern, always.

    The patterns and the padding helper default to the module's own; the
    parser reference below passes the ones the module had before."""
    from cleaner import blocks as B

    image, link, bold = image or B._IMAGE, link or B._LINK, bold or B._BOLD
    markup_run, padded = markup_run or B._MARKUP_RUN, padded or B._padded
    removals = []
    s = raw
    if "![" in s:
        s = image.sub(lambda m: removals.append(("image", m.group(0))) or " ", s)
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
            return padded(m, label)

        s = link.sub(_link, s)
    if "<" in s:
        s = B._AUTOLINK.sub(lambda m: removals.append(("url", m.group(0))) or " ", s)
    t = s.strip()
    emphasis = bool(len(t) > 2 and ((t[:2] in ("**", "__") and t[-2:] == t[:2]) or (t[0] in "*_" and t[-1] == t[0])))
    if "*" in s or "_" in s:
        s = bold.sub(lambda m: padded(m, m.group(2)), s)
        s = B._ITALIC_STAR.sub(lambda m: padded(m, m.group(1)), s)
        s = B._ITALIC_US.sub(lambda m: padded(m, m.group(1)), s)
        s = markup_run.sub(" ", s)
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


# -- the parser as it was before lines became parallel lists, headings string
# operations and the hot inline patterns re: every block must come out the same --

import functools  # noqa: E402
from dataclasses import dataclass as _dataclass  # noqa: E402

import regex  # noqa: E402

from cleaner.document import Block  # noqa: E402

# the inline patterns as they were, in regex
_REF_IMAGE = regex.compile(r"!\[([^\[\]\n]{0,1000})\]\(([^()\s]{0,2000}(?:[ \t]+\"[^\"\n]{0,500}\")?)[ \t]*\)")
_REF_LINK = regex.compile(r"\[([^\[\]\n]{0,2000})\]\(([^()\s]{0,4000}(?:[ \t]+\"[^\"\n]{0,500}\")?)[ \t]*\)")
_REF_BOLD = regex.compile(r"(\*\*|__)(?=\S)([^\n]{1,2000}?)(?<=\S)\1")
_REF_MARKUP_RUN = regex.compile(r"(?<!\S)(?:_{1,4}|\*{2,4}|`{1,3})(?!\S)")


@_dataclass(slots=True)
class _RefLine:
    text: str
    start: int
    indent: int
    stripped: str


def _ref_split_lines(text):
    lines = []
    pos = 0
    for raw in text.split("\n"):
        indent = len(raw) - len(raw.lstrip(" \t"))
        rstripped = raw.rstrip()
        lines.append(_RefLine(rstripped, pos, indent, rstripped.lstrip()))
        pos += len(raw) + 1
    return lines


def _ref_wrap_width(lines):
    long_lines = [len(ln.text) for ln in lines if len(ln.text) >= 40]
    if len(long_lines) < 3:
        return None
    short = [n for n in long_lines if n <= 100]
    if len(short) < 0.8 * len(long_lines):
        return None
    width = max(short)
    near = sum(1 for n in short if n >= width - 20)
    return width if near >= 3 else None


def _ref_padded(m, repl):
    src = m.string
    if repl and m.start() > 0 and src[m.start() - 1].isalnum() and repl[0].isalnum():
        repl = " " + repl
    if repl and m.end() < len(src) and src[m.end()].isalnum() and repl[-1].isalnum():
        repl = repl + " "
    return repl


_ref_strip_inline = functools.partial(_strip_inline_reference, image=_REF_IMAGE, link=_REF_LINK, bold=_REF_BOLD,
                                      markup_run=_REF_MARKUP_RUN, padded=_ref_padded)


def _ref_make_block(lines, kind, level):
    from cleaner import blocks as B

    first, last = lines[0], lines[-1]
    start = first.start + first.indent
    end = last.start + len(last.text)
    raw = first.stripped if len(lines) == 1 else " ".join(ln.stripped for ln in lines)
    body = raw
    if kind == "heading":
        m = B._HEADING.match(raw)
        body = m.group(2) if m else raw.lstrip("#").strip()
    elif kind == "list_item":
        body = raw if raw[:1].isdigit() else B._LIST.sub("", raw, count=1)
    elif kind == "quote":
        body = " ".join(B._QUOTE.sub("", ln.stripped, count=1) for ln in lines)
    elif kind == "table":
        body = " ".join(cell.strip() for cell in raw.split("|") if cell.strip() and not B._TABLE_SEP.match(cell.strip()))
    text, links, link_chars, removals, emphasis = _ref_strip_inline(body)
    if kind in ("paragraph", "list_item") and not text and removals and all(r == "image" for r, _ in removals):
        kind = "image"
    elif kind == "paragraph" and text[:1] in B._URL_START and B._URL_LINE.match(text):
        kind = "url"
    return Block(text=text, start=start, end=end, kind=kind, level=level if kind == "heading" else first.indent // 2,
                 indent=first.indent, links=links, link_chars=link_chars, emphasis=emphasis, inline_removals=removals)


def _ref_continues(prev, line, width, unclosed_link):
    if unclosed_link:
        return True
    if width is None:
        return False
    first_word = line.stripped.split(" ", 1)[0]
    return len(prev.text) + 1 + len(first_word) > width - 2


def _ref_parse_blocks(text):
    lines = _ref_split_lines(text)
    width = _ref_wrap_width(lines)
    blocks = []
    group = []
    group_kind = ""
    group_level = 0
    opens = closes = joined_len = 0

    def flush():
        nonlocal group, group_kind, opens, closes, joined_len
        if group:
            blocks.append(_ref_make_block(group, group_kind or "paragraph", group_level))
        group = []
        group_kind = ""
        opens = closes = joined_len = 0

    for line in lines:
        kind, level = _kind_of_reference(line.stripped)
        if kind == "blank":
            flush()
            continue
        if kind == "rule":
            flush()
            blocks.append(Block(text="", start=line.start + line.indent, end=line.start + len(line.text), kind="rule"))
            continue
        if (
            group
            and not kind
            and group_kind in ("", "list_item", "quote")
            and _ref_continues(group[-1], line, width, opens > closes and joined_len < 4000)
        ) or (group and kind == "quote" and group_kind == "quote" and width):
            group.append(line)
        else:
            flush()
            group = [line]
            group_kind = kind
            group_level = level
        st = line.stripped
        opens += st.count("[")
        closes += st.count("]")
        joined_len += len(st) + (1 if len(group) > 1 else 0)
    flush()
    return blocks


def _fields(blocks):
    return [
        (b.text, b.start, b.end, b.kind, b.level, b.indent, b.links, b.link_chars, b.emphasis, type(b.emphasis),
         b.inline_removals, b.decision, b.reason, b.certain, b.score, b.info)
        for b in blocks
    ]


# whole lines of markup, so that every kind of block and hard wraps come up
_MARKDOWN_PIECES = [
    "word", "other words here", "[a link](https://x.org/a)", "[ ](/empty)", "![alt](img.png)", "**bold**",
    "__strong__", "*it*", "_it_", "my_var", "2 * 3", "<https://a.b/c>", "\\*", "\\.", "`code`", "  ", "\t",
    "\u00a0", "\u2003", "\x1c", "\x85", "\u2028", "\r", "·", "١", "\U00010d40", "[", "]", "](", "![", "#", "|",
]
_LINE_STARTS = ["", "", "", "* ", "  * ", "- ", "+ ", "• ", "1. ", "12) ", "3\\. ", "\U00010d41. ", "# ", "### ",
                "####### ", "> ", ">", "| ", "|--|--|", "---", "* * *", "~~~", ":--", "    ", "www.", "http://"]


@st.composite
def _markdown_texts(draw):
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        words = draw(st.lists(st.sampled_from(_MARKDOWN_PIECES), max_size=16))
        line = draw(st.sampled_from(_LINE_STARTS)) + " ".join(words)
        if draw(st.booleans()):  # html2text's hard wraps: long lines cut near one column
            line = (line + " filler" * 12)[: draw(st.sampled_from([60, 70, 76, 78]))]
        lines.append(line + draw(st.sampled_from(["", "", " ", "\t", "  #", " ##"])))
    return "\n".join(lines)


@settings(max_examples=1500, deadline=None)
@given(_markdown_texts())
def test_parse_blocks_as_before_on_markdown(text):
    assert _fields(parse_blocks(text)) == _fields(_ref_parse_blocks(text))


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=_MARKUP_ALPHABET + "\n\n\r\x0b\x1c\x85\u2028", max_size=80))
def test_parse_blocks_as_before_on_markup_soup(text):
    assert _fields(parse_blocks(text)) == _fields(_ref_parse_blocks(text))


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=60))
def test_parse_blocks_as_before_on_any_text(text):
    assert _fields(parse_blocks(text)) == _fields(_ref_parse_blocks(text))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="# \ta\u00a0\n\r\u2028\x85", max_size=14))
def test_heading_is_the_heading_pattern(line):
    from cleaner.blocks import _HEADING, _heading

    s = line.strip()
    m = _HEADING.match(s)
    assert _heading(s) == ((len(m.group(1)), m.group(2)) if m else None)


def test_ws_is_regex_white_space():
    # the class the re patterns use for regex's \s (and, negated, \S)
    import re

    from cleaner.blocks import _WS

    ws = re.compile("[" + _WS + "]")
    for cp in range(0x110000):
        c = chr(cp)
        assert bool(ws.match(c)) == bool(regex.match(r"\s", c)), hex(cp)
