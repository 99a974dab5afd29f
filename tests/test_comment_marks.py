"""The comment-thread marks' word gate never hides a match of the mark patterns."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.document import Block
from cleaner.rules import comments

_PIECES = [
    "Great", "ARTICLE", "post", "Thanks", "thank you", "for sharing", "Anna", "says:", "Jane", "12",
    "Comments", "Leave a Reply", "Your email address will not be published", "I second", "Reply to",
    "Hi", "Bravo", "kudos", "ſays", "Ｋudos", "loved this", "the", "rain", "fell", "2024", "at", "4pm",
    "(score: 5)", "Re:", "liked by", "Log in to reply", "!", ".", ",", "well-written", "piece",
]


def _by_patterns(b: Block) -> bool:
    if b.words > comments._LONG:
        return False
    return bool(comments._FURNITURE.search(b.text)) or (
        b.words <= 120 and bool(comments._READER.search(b.text))
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=8), min_size=1, max_size=12),
       st.sampled_from([" ", "", "\n"]))
def test_gate_agrees_with_the_patterns(pieces: list[str], sep: str) -> None:
    block = Block(text=sep.join(pieces).strip() or "x", start=0, end=0)
    assert comments._mark(block) == _by_patterns(block)


def test_gate_lets_real_marks_through() -> None:
    for text in ("Great article! We saw it too.", "Jane says:", "Leave a Reply", "12 Comments",
                 "Thanks for sharing, Anna."):
        assert comments._mark(Block(text=text, start=0, end=len(text))), text
