"""Parse scraped text into blocks: paragraphs, headings, list items, quotes, images.

Scrapers write three shapes of text and this parser reads all of them:

* markdown as html2text writes it: ``#`` headings, ``*`` bullets, ``[text](url)``
  links, ``![alt](src)`` images, emphasis, backslash escapes, and paragraphs
  hard-wrapped at a fixed width (78 columns by default);
* plain text as inscriptis writes it: one block per line, nesting shown by
  indentation;
* plain text with one paragraph per line, however long (most scraper output).

Hard wraps are detected from the text itself: a line is a continuation of the
previous one only when the document is wrapped and the previous line was
broken because the next word would not fit. Markup is removed from the block
text, never rewritten, so every character of a block's text is a character of
the source.

All patterns here are bounded (no nested unbounded quantifiers), so parsing is
linear in the input size even for pathological lines.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import NamedTuple

import regex

from .document import Block
from .normalize import any_of, fold

_HEADING = regex.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_LIST = regex.compile(r"^([*+\-•·▪◦‣–]|\d{1,3}[.)]|\d{1,3}\\\.)[ \t]+(?=\S)")
_QUOTE = regex.compile(r"^>[ \t]?")
_RULE = regex.compile(r"^(?:(?:[-*_=][ \t]*){3,}|[•·~]{3,})$")
_TABLE_SEP = regex.compile(r"^\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?$")
_URL_LINE = regex.compile(r"^<?(https?://|www\.)\S{2,}>?$", regex.IGNORECASE)
_URL_START = ("<", "h", "H", "w", "W")  # the first characters _URL_LINE can match

# Inline markup. Every quantifier is bounded, so a 20 MB line is still linear.
#
# _IMAGE, _LINK, _BOLD and _MARKUP_RUN, which every link and every bold or
# underscored block goes through, run on the standard library's re: it takes
# half the time regex does on them. Where they mean \s or \S they spell out
# regex's \s (Unicode White_Space) as _WS, because re's \s also takes
# \x1c-\x1f; everything else in them means the same in both, so they match
# exactly what they matched in regex (tests/test_blocks.py checks _WS).
_WS = r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"  # inside [...]
_NOT_WS = "[^" + _WS + "]"  # \S
_IMAGE = re.compile(
    r"!\[([^\[\]\n]{0,1000})\]\(([^()" + _WS + r"]{0,2000}(?:[ \t]+\"[^\"\n]{0,500}\")?)[ \t]*\)"
)
_LINK = re.compile(
    r"\[([^\[\]\n]{0,2000})\]\(([^()" + _WS + r"]{0,4000}(?:[ \t]+\"[^\"\n]{0,500}\")?)[ \t]*\)"
)
_AUTOLINK = regex.compile(r"<((?:https?|ftp|mailto):[^<>\s]{1,4000})>", regex.IGNORECASE)
_BOLD = re.compile(r"(\*\*|__)(?=" + _NOT_WS + r")([^\n]{1,2000}?)(?<=" + _NOT_WS + r")\1")
_ITALIC_STAR = regex.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,2000}?)(?<=[^\s*])\*(?![\w*])")
_ITALIC_US = regex.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]{1,2000}?)(?<=[^\s_])_(?![\w_])")
_ESCAPE = regex.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_MARKUP_RUN = re.compile("(?<!" + _NOT_WS + r")(?:_{1,4}|\*{2,4}|`{1,3})(?!" + _NOT_WS + ")")
_SPACES = regex.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ODD_SPACE = regex.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")  # the non-ASCII ones of _SPACES
# A file name left behind by a broken image tag: "-f223fd1ef983f71b86a8d8f52216a8b2.jpg)"
_IMAGE_FILE = regex.compile(
    r"(?:^|(?<=\s))[\w./:%-]{0,300}?[-_/]?[0-9a-f]{8,64}[\w.-]{0,40}\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:\?\S{0,200})?\)?(?=\s|$)",
    regex.IGNORECASE,
)


class _Lines(NamedTuple):
    """The lines of a text (split at "\\n") as parallel lists, one entry per line.

    Lists filled by ``map`` rather than one object per line: most lines are
    read once, to find their kind, and building an object for each cost more
    than everything else done with it.
    """

    texts: list[str]  # without the trailing newline (and trailing whitespace)
    stripped: list[str]  # text.strip()
    starts: list[int]  # offset of the line in the text (one more entry: the end of the text + 1)


_plus_one = (1).__add__


def _split_lines(text: str) -> _Lines:
    raws = text.split("\n")
    texts = list(map(str.rstrip, raws))
    # a line starts one past the end of the line before it (its "\n")
    starts = list(accumulate(map(_plus_one, map(len, raws)), initial=0))
    return _Lines(texts, list(map(str.lstrip, texts)), starts)


def _indent(line: str) -> int:
    """Leading spaces and tabs. (The same on the line with or without its
    trailing whitespace, for every line that is not blank.)"""
    return len(line) - len(line.lstrip(" \t"))


def wrappable(line: str) -> bool:
    """Whether ``line`` is prose that html2text would have hard-wrapped.

    html2text wraps paragraphs only: list items, headings, quotes, table rows
    (with or without their outer pipes) and indented code keep their full
    length, and a line of links or a bare URL cannot be broken. Those lines
    stop anywhere, so they say nothing about the wrap column, and a page of
    menus would otherwise set it from its longest menu line.
    """
    if not line or line[0] in " \t" or "|" in line:
        return False  # indented (code, a list item's continuation) or a table row
    s = line.rstrip()
    if s.count(" ") < 3 or "](" in s or "http" in s or "www." in s:
        return False  # a few words, links or URLs: no break point html2text would take
    first = s[0]
    if first < "\x80" and first not in _MARKER_START:
        return True  # _kind_of's fast test: a plain line
    return not _kind_of(s)[0]


def wrap_width(texts: list[str]) -> int | None:
    """The column at which the text was hard-wrapped, or None if it was not.

    ``texts``: the lines, without trailing whitespace. A text is wrapped when
    nearly all of its longer prose lines (see :func:`wrappable`) stop at or
    just before one column (html2text: 78). Lines that run past it are
    usually unbreakable words and do not count against it.
    """
    long_lines = [n for n, line in zip(map(len, texts), texts, strict=True) if n >= 40 and wrappable(line)]
    if len(long_lines) < 3:
        return None
    short = [n for n in long_lines if n <= 100]
    if len(short) < 0.8 * len(long_lines):
        return None
    width = max(short)
    near = sum(1 for n in short if n >= width - 20)
    return width if near >= 3 else None


# An ASCII first character outside these opens no block kind (see _kind_of).
_MARKER_START = frozenset("-*_=~#+>|:0123456789")
# The first characters a stripped line needs to match _RULE, _LIST (any
# non-ASCII one too: its \d takes every script's digits) and _TABLE_SEP
# (besides "|", tested first).
_RULE_START = frozenset("-*_=•·~")
_LIST_START = frozenset("*+-0123456789")
_TABLE_SEP_START = frozenset(":-")


def _heading(s: str) -> tuple[int, str] | None:
    """``_HEADING.match(s)`` for a stripped line ``s``: its level and text
    (the length of group 1, group 2), or None where it does not match.

    The same match by string operations: the pattern's lazy ``(.*?)`` tries
    the closing ``#`` marks at every character, 9 µs for an ordinary heading.
    Its groups are: the opening marks (all of them; with more than six, or
    none of the spaces and tabs the pattern wants after them, no match), the
    whole run of spaces and tabs, then the text, which ends before the
    closing marks if they are there with spaces or tabs before them (``s``
    ends in no whitespace). A newline, which ``.`` does not match, is no
    heading.
    """
    level = len(s) - len(s.lstrip("#"))
    if not 1 <= level <= 6 or s[level : level + 1] not in (" ", "\t") or "\n" in s:
        return None
    text = s[level:].lstrip(" \t")
    unclosed = text.rstrip("#")
    if len(unclosed) < len(text) and unclosed[-1:] in (" ", "\t"):
        text = unclosed.rstrip(" \t")
    return level, text


def _kind_of(line: str) -> tuple[str, int]:
    """The block kind a line opens and its level; ('', 0) for a plain line."""
    s = line.strip()
    if not s:
        return "blank", 0
    first = s[0]
    if first < "\x80" and first not in _MARKER_START:
        return "", 0  # every pattern below needs one of _MARKER_START or a non-ASCII mark first
    # Each pattern only where its first character is (a failed match costs
    # about as much as a successful one): the same answers, in the same order.
    if first in _RULE_START and _RULE.match(s):
        return "rule", 0
    if first == "#":
        heading = _heading(s)
        if heading:
            return "heading", heading[0]
    if (first >= "\x80" or first in _LIST_START) and _LIST.match(s):
        return "list_item", 0
    if first == ">":  # _QUOTE matches every line that starts with ">"
        return "quote", 0
    if first == "|" or (first in _TABLE_SEP_START and _TABLE_SEP.match(s)):
        return "table", 0
    return "", 0


def _padded(m: re.Match[str] | regex.Match[str], repl: str) -> str:
    """``repl`` for match ``m``, with a space where it would otherwise glue onto a word.

    ``**foo**bar`` renders as two words; removing the markers must not make
    the new word ``foobar`` (output words always occur in the input).
    """
    src = m.string
    if repl and m.start() > 0 and src[m.start() - 1].isalnum() and repl[0].isalnum():
        repl = " " + repl
    if repl and m.end() < len(src) and src[m.end()].isalnum() and repl[-1].isalnum():
        repl = repl + " "
    return repl


def strip_inline(raw: str) -> tuple[str, int, int, list[tuple[str, str]], bool]:
    """Remove inline markup from a block's source.

    Returns ``(text, links, link_chars, removals, emphasis)`` where removals
    are ``(reason, removed text)`` pairs and emphasis says whether the whole
    block was bold or italic.
    """
    removals: list[tuple[str, str]] = []
    s = raw
    links = 0
    link_chars = 0
    # Each pattern only where a literal it cannot match without is there:
    # most blocks are plain text and skip every one of them.
    if "](" in s:  # in every match of _IMAGE and of _LINK
        if "![" in s:
            def _img(m: re.Match[str]) -> str:
                removals.append(("image", m.group(0)))
                return " "

            s = _IMAGE.sub(_img, s)
        if "](" in s:
            def _link(m: re.Match[str]) -> str:
                nonlocal links, link_chars
                label = m.group(1).strip()
                links += 1
                link_chars += len(label)
                if not label:
                    removals.append(("empty_link", m.group(0)))
                    return " "
                return _padded(m, label)

            s = _LINK.sub(_link, s)
    if "<" in s:
        def _auto(m: regex.Match[str]) -> str:
            removals.append(("url", m.group(0)))
            return " "

        s = _AUTOLINK.sub(_auto, s)
    emphasis = False  # the whole block in "*" or "_" markers: not without one
    if "*" in s or "_" in s:
        stripped_now = s.strip()
        emphasis = bool(
            len(stripped_now) > 2
            and (
                (stripped_now[:2] in ("**", "__") and stripped_now[-2:] == stripped_now[:2])
                or (stripped_now[0] in "*_" and stripped_now[-1] == stripped_now[0])
            )
        )
        if "**" in s or "__" in s:
            s = _BOLD.sub(lambda m: _padded(m, m.group(2)), s)
        if "*" in s:
            s = _ITALIC_STAR.sub(lambda m: _padded(m, m.group(1)), s)
        if "_" in s:
            s = _ITALIC_US.sub(lambda m: _padded(m, m.group(1)), s)
        if "_" in s or "**" in s or "`" in s:
            s = _MARKUP_RUN.sub(" ", s)
    if "\\" in s:
        s = _ESCAPE.sub(r"\1", s)
    if "  " in s or "\t" in s or (not s.isascii() and _ODD_SPACE.search(s)):
        s = _SPACES.sub(" ", s)
    # else every space run is a single " ": _SPACES would change nothing
    return s.strip(), links, link_chars, removals, emphasis


# The marks _LIST takes as bullets (its other markers are numbers).
_BULLETS = frozenset("*+-•·▪◦‣–")


def _make_block(lines: _Lines, a: int, b: int, kind: str, level: int) -> Block:
    """The block made of lines ``a`` to ``b`` (inclusive) of ``lines``; its
    first line opened a block of ``kind`` and ``level`` (see _kind_of)."""
    texts, stripped, starts = lines
    indent = _indent(texts[a])
    start = starts[a] + indent
    end = starts[b] + len(texts[b])
    raw = stripped[a] if a == b else " ".join(stripped[a : b + 1])
    body = raw
    if kind == "heading":
        heading = _heading(raw)  # the first line's own text: a heading has one line
        body = heading[1] if heading else raw.lstrip("#").strip()
    elif kind == "list_item":
        # A bullet is markup; a number is text ("3. Use a VPN"): extractors
        # and article bodies alike keep it, so only bullets are removed.
        if raw[:1].isdigit():
            body = raw
        elif raw[0] in _BULLETS:
            # _LIST matched the first line with this bullet: its match is the
            # bullet and the whole run of spaces and tabs after it
            body = raw[1:].lstrip(" \t")
        else:
            body = _LIST.sub("", raw, count=1)
    elif kind == "quote":
        body = " ".join(_QUOTE.sub("", ln, count=1) for ln in stripped[a : b + 1])
    elif kind == "table":
        cells = (cell.strip() for cell in raw.split("|"))
        body = " ".join(cell for cell in cells if cell and not _TABLE_SEP.match(cell))
    text, links, link_chars, removals, emphasis = strip_inline(body)
    if (
        kind in ("paragraph", "list_item")
        and not text
        and removals
        and all(r == "image" for r, _ in removals)
    ):
        kind = "image"
    elif kind == "paragraph" and text[:1] in _URL_START and _URL_LINE.match(text):
        kind = "url"
    # Block's first nine fields by position (text, start, end, kind, level,
    # indent, links, link_chars, emphasis): one block per line or two, and
    # keywords made building it cost half again as much.
    return Block(
        text,
        start,
        end,
        kind,
        level if kind == "heading" else indent // 2,
        indent,
        links,
        link_chars,
        emphasis,
        inline_removals=removals,
    )


def _unclosed_link(line: str) -> bool:
    """A markdown link or image that html2text wrapped across lines."""
    return line.count("[") > line.count("]") and len(line) < 4000


# The kinds of block a line of no kind of its own can continue (see _continues).
_CONTINUABLE = ("", "list_item", "quote")


def parse_blocks(text: str) -> list[Block]:
    """Split normalised text into blocks with source offsets."""
    lines = _split_lines(text)
    texts, stripped, starts = lines
    width = wrap_width(texts)
    blocks: list[Block] = []
    # The open group: lines group_start to i - 1 (a block's lines are always
    # consecutive), or none when group_start is -1.
    group_start = -1
    group_kind = ""
    group_level = 0
    # "[" minus "]" in the group's lines and the length of their " "-join, kept
    # as lines are added (see _unclosed_link) instead of joining every time
    depth = joined_len = 0

    for i, s in enumerate(stripped):
        if not s:  # a blank line
            if group_start >= 0:
                blocks.append(_make_block(lines, group_start, i - 1, group_kind or "paragraph", group_level))
                group_start = -1
            continue
        first = s[0]
        if first < "\x80" and first not in _MARKER_START:
            kind, level = "", 0  # _kind_of's first test, without the call: most lines are plain text
        else:
            kind, level = _kind_of(s)
            if kind == "rule":
                if group_start >= 0:
                    group = _make_block(lines, group_start, i - 1, group_kind or "paragraph", group_level)
                    blocks.append(group)
                    group_start = -1
                line = texts[i]
                start = starts[i]
                blocks.append(Block(text="", start=start + _indent(line), end=start + len(line), kind="rule"))
                continue
        if group_start >= 0 and (
            (
                not kind
                and group_kind in _CONTINUABLE
                and _continues(texts[i - 1], s, width, depth > 0 and joined_len < 4000)
            )
            or (kind == "quote" and group_kind == "quote" and width)
        ):
            joined_len += len(s) + 1
        else:
            if group_start >= 0:
                blocks.append(_make_block(lines, group_start, i - 1, group_kind or "paragraph", group_level))
            group_start = i
            group_kind = kind
            group_level = level
            depth = 0
            joined_len = len(s)
        depth += s.count("[") - s.count("]")
    if group_start >= 0:  # the group runs to the last line
        last = len(stripped) - 1
        blocks.append(_make_block(lines, group_start, last, group_kind or "paragraph", group_level))
    return blocks


def _continues(prev: str, line: str, width: int | None, unclosed_link: bool) -> bool:
    """Whether ``line`` (stripped) continues the block whose last line is ``prev`` (a hard wrap).

    ``prev`` is without trailing whitespace; ``unclosed_link``: :func:`_unclosed_link`
    of the block's lines so far.
    """
    if unclosed_link:
        return True
    if width is None:
        return False
    space = line.find(" ")
    first_word = space if space >= 0 else len(line)  # the length of line.split(" ", 1)[0]
    return len(prev) + 1 + first_word > width - 2


# Every match of _IMAGE_FILE has one of these in fold(text).
IMAGE_EXTENSIONS = (".jp", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif")
_has_image_extension = any_of(IMAGE_EXTENSIONS)


def is_image_file_line(text: str) -> bool:
    """A line that is nothing but the remains of an image file name."""
    # without an image extension there is no file name to remove
    text_rest = _IMAGE_FILE.sub(" ", text) if _has_image_extension(fold(text)) else text
    rest = text_rest.strip(" )(-_|")
    return not rest and bool(text.strip())
