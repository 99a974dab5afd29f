"""The wrap column of an html2text dump is read from its prose lines only.

html2text hard-wraps paragraphs at 78 columns but leaves menus, list items,
table rows and link lines at their full length; a column estimated from every
line lands on the longest menu line, and wrapped paragraphs are then left in
pieces.
"""

from __future__ import annotations

import textwrap

import pytest

from cleaner.blocks import parse_blocks, wrap_width, wrappable

PROSE = (
    "The council voted on Tuesday to extend the harbour wall by another forty metres, "
    "after two winters in which storm surges flooded the lower streets of the town and "
    "closed the coast road for days at a time. Engineers said the work would take a year."
)

MENU = "\n".join(
    f"  * [{name}](https://example.org/sections/{name.lower().replace(' ', '-')}/archive/latest/)"
    for name in ("Local News", "Regional Politics", "Business and Economy", "Arts and Culture")
)

TABLE = "\n".join(
    f"{town} | {n} households affected by the flooding | {n * 3} sandbags handed out by volunteers"
    for town, n in (("Northfield", 120), ("Easthaven", 340), ("Westcliff", 95))
)


def _dump(*parts: str) -> str:
    return "\n\n".join(parts) + "\n"


def _wrapped(text: str) -> str:
    return textwrap.fill(text, width=78, break_long_words=False, break_on_hyphens=False)


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.split("\n")]


@pytest.mark.parametrize(
    "line",
    [
        "  * [Business and Economy](https://example.org/sections/business-and-economy/)",
        "* a bullet item that is long enough to count as a long line of the page",
        "1. a numbered item that is long enough to count as a long line of the page",
        "## A heading long enough to be one of the page's long lines, in a menu",
        "> a quoted line that is long enough to be one of the long lines of a page",
        "| Northfield | 120 households affected | 360 sandbags handed out by volunteers |",
        "Northfield | 120 households affected | 360 sandbags handed out by volunteers",
        "[Local News](/local)[Regional Politics](/politics)[Business](/business)[Arts](/arts)",
        "https://example.org/a/very/long/address/that/cannot/be/broken/by/html2text/at-all",
        "    indented code = some_function(argument_one, argument_two, argument_three)",
        "Subscribe-to-our-newsletter-today",
    ],
)
def test_lines_html2text_does_not_wrap_are_not_prose(line):
    assert not wrappable(line)


def test_a_prose_line_is_wrappable():
    assert wrappable("The council voted on Tuesday to extend the harbour wall by another forty")
    assert wrappable("“Quoted speech opens this line,” the mayor said, looking at the sea wall")


def test_menus_and_tables_do_not_set_the_wrap_column():
    text = _dump(MENU, _wrapped(PROSE), TABLE, _wrapped(PROSE))
    assert wrap_width(_lines(text)) == max(len(line) for line in _wrapped(PROSE).split("\n"))


def test_prose_wrapped_beside_long_menu_lines_is_joined_into_one_paragraph():
    text = _dump(MENU, _wrapped(PROSE), TABLE)
    paragraphs = [b for b in parse_blocks(text) if b.kind == "paragraph" and "council" in b.text]
    assert len(paragraphs) == 1
    assert paragraphs[0].text == PROSE


def test_menu_lines_stay_one_block_each():
    blocks = parse_blocks(_dump(MENU, _wrapped(PROSE)))
    items = [b for b in blocks if b.kind == "list_item"]
    names = ["Local News", "Regional Politics", "Business and Economy", "Arts and Culture"]
    assert [b.text for b in items] == names


def test_one_paragraph_per_line_is_not_wrapped():
    # plain text as extractors write it: nothing to re-join, whatever the line lengths
    lines = [
        "A short opening line of the story with a few words.",
        PROSE,
        "Another paragraph of middling length that ends here, without any wrapping.",
        "The mayor said the council would review the plans again next spring.",
    ]
    text = "\n".join(lines) + "\n"
    assert wrap_width(_lines(text)) is None
    assert [b.text for b in parse_blocks(text)] == lines


def test_too_few_prose_lines_is_not_wrapped():
    assert wrap_width(_lines(_dump(MENU, TABLE))) is None
