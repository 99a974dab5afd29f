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

from dataclasses import dataclass

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
_IMAGE = regex.compile(r"!\[([^\[\]\n]{0,1000})\]\(([^()\s]{0,2000}(?:[ \t]+\"[^\"\n]{0,500}\")?)[ \t]*\)")
_LINK = regex.compile(r"\[([^\[\]\n]{0,2000})\]\(([^()\s]{0,4000}(?:[ \t]+\"[^\"\n]{0,500}\")?)[ \t]*\)")
_AUTOLINK = regex.compile(r"<((?:https?|ftp|mailto):[^<>\s]{1,4000})>", regex.IGNORECASE)
_BOLD = regex.compile(r"(\*\*|__)(?=\S)([^\n]{1,2000}?)(?<=\S)\1")
_ITALIC_STAR = regex.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,2000}?)(?<=[^\s*])\*(?![\w*])")
_ITALIC_US = regex.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]{1,2000}?)(?<=[^\s_])_(?![\w_])")
_ESCAPE = regex.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_MARKUP_RUN = regex.compile(r"(?<!\S)(?:_{1,4}|\*{2,4}|`{1,3})(?!\S)")
_SPACES = regex.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ODD_SPACE = regex.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")  # the non-ASCII ones of _SPACES
# A file name left behind by a broken image tag: "-f223fd1ef983f71b86a8d8f52216a8b2.jpg)"
_IMAGE_FILE = regex.compile(
    r"(?:^|(?<=\s))[\w./:%-]{0,300}?[-_/]?[0-9a-f]{8,64}[\w.-]{0,40}\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:\?\S{0,200})?\)?(?=\s|$)",
    regex.IGNORECASE,
)


@dataclass(slots=True)
class _Line:
    text: str  # without the trailing newline (and trailing whitespace)
    start: int
    indent: int
    stripped: str  # text.strip()


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        indent = len(raw) - len(raw.lstrip(" \t"))
        rstripped = raw.rstrip()
        lines.append(_Line(rstripped, pos, indent, rstripped.lstrip()))
        pos += len(raw) + 1
    return lines


def wrap_width(lines: list[_Line]) -> int | None:
    """The column at which the text was hard-wrapped, or None if it was not.

    A text is wrapped when nearly all of its longer lines stop at or just
    before one column (html2text: 78). Lines that run past it are usually
    unbreakable URLs and do not count against it.
    """
    long_lines = [len(ln.text) for ln in lines if len(ln.text) >= 40]
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


def _kind_of(line: str) -> tuple[str, int]:
    """The block kind a line opens and its level; ('', 0) for a plain line."""
    s = line.strip()
    if not s:
        return "blank", 0
    first = s[0]
    if first < "\x80" and first not in _MARKER_START:
        return "", 0  # every pattern below needs one of _MARKER_START or a non-ASCII mark first
    if _RULE.match(s):
        return "rule", 0
    m = _HEADING.match(s)
    if m:
        return "heading", len(m.group(1))
    if _LIST.match(s):
        return "list_item", 0
    if _QUOTE.match(s):
        return "quote", 0
    if s.startswith("|") or _TABLE_SEP.match(s):
        return "table", 0
    return "", 0


def _padded(m: regex.Match[str], repl: str) -> str:
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
    if "![" in s:
        def _img(m: regex.Match[str]) -> str:
            removals.append(("image", m.group(0)))
            return " "

        s = _IMAGE.sub(_img, s)
    links = 0
    link_chars = 0
    if "](" in s:
        def _link(m: regex.Match[str]) -> str:
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
    stripped_now = s.strip()
    emphasis = bool(
        len(stripped_now) > 2
        and (
            (stripped_now[:2] in ("**", "__") and stripped_now[-2:] == stripped_now[:2])
            or (stripped_now[0] in "*_" and stripped_now[-1] == stripped_now[0])
        )
    )
    if "*" in s or "_" in s:
        # each pattern only where its marker is there to match
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


def _make_block(text_src: str, lines: list[_Line], kind: str, level: int) -> Block:
    first, last = lines[0], lines[-1]
    start = first.start + first.indent
    end = last.start + len(last.text)
    raw = first.stripped if len(lines) == 1 else " ".join(ln.stripped for ln in lines)
    body = raw
    if kind == "heading":
        m = _HEADING.match(raw)
        body = m.group(2) if m else raw.lstrip("#").strip()
    elif kind == "list_item":
        # A bullet is markup; a number is text ("3. Use a VPN"): extractors
        # and article bodies alike keep it, so only bullets are removed.
        body = raw if raw[:1].isdigit() else _LIST.sub("", raw, count=1)
    elif kind == "quote":
        body = " ".join(_QUOTE.sub("", ln.stripped, count=1) for ln in lines)
    elif kind == "table":
        body = " ".join(cell.strip() for cell in raw.split("|") if cell.strip() and not _TABLE_SEP.match(cell.strip()))
    text, links, link_chars, removals, emphasis = strip_inline(body)
    if kind in ("paragraph", "list_item") and not text and removals and all(r == "image" for r, _ in removals):
        kind = "image"
    elif kind == "paragraph" and text[:1] in _URL_START and _URL_LINE.match(text):
        kind = "url"
    return Block(
        text=text,
        start=start,
        end=end,
        kind=kind,
        level=level if kind == "heading" else first.indent // 2,
        indent=first.indent,
        links=links,
        link_chars=link_chars,
        emphasis=emphasis,
        inline_removals=removals,
    )


def _unclosed_link(line: str) -> bool:
    """A markdown link or image that html2text wrapped across lines."""
    return line.count("[") > line.count("]") and len(line) < 4000


def parse_blocks(text: str) -> list[Block]:
    """Split normalised text into blocks with source offsets."""
    lines = _split_lines(text)
    width = wrap_width(lines)
    blocks: list[Block] = []
    group: list[_Line] = []
    group_kind = ""
    group_level = 0
    # "[" and "]" in the group's lines and the length of their " "-join, kept
    # as lines are added (see _unclosed_link) instead of joining every time
    opens = closes = joined_len = 0

    def flush() -> None:
        nonlocal group, group_kind, opens, closes, joined_len
        if group:
            blocks.append(_make_block(text, group, group_kind or "paragraph", group_level))
        group = []
        group_kind = ""
        opens = closes = joined_len = 0

    for line in lines:
        kind, level = _kind_of(line.stripped)
        if kind == "blank":
            flush()
            continue
        if kind == "rule":
            flush()
            blocks.append(
                Block(text="", start=line.start + line.indent, end=line.start + len(line.text), kind="rule")
            )
            continue
        if (
            group
            and not kind
            and group_kind in ("", "list_item", "quote")
            and _continues(group[-1], line, width, opens > closes and joined_len < 4000)
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


def _continues(prev: _Line, line: _Line, width: int | None, unclosed_link: bool) -> bool:
    """Whether ``line`` continues the block whose last line is ``prev`` (a hard wrap).

    ``unclosed_link``: :func:`_unclosed_link` of the block's lines so far.
    """
    if unclosed_link:
        return True
    if width is None:
        return False
    first_word = line.stripped.split(" ", 1)[0]
    return len(prev.text) + 1 + len(first_word) > width - 2


# Every match of _IMAGE_FILE has one of these in fold(text).
_IMAGE_EXTENSIONS = (".jp", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif")
_has_image_extension = any_of(_IMAGE_EXTENSIONS)


def is_image_file_line(text: str) -> bool:
    """A line that is nothing but the remains of an image file name."""
    if _has_image_extension(fold(text)):
        text_rest = _IMAGE_FILE.sub(" ", text)
    else:
        text_rest = text  # no file name to remove
    rest = text_rest.strip(" )(-_|")
    return not rest and bool(text.strip())
