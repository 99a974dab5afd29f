r"""One pass over a document's text: character-class counts per block, and its casefolded words.

The block features count one-character classes (digits, capitals, word
characters, punctuation, ...) in every block. A findall per block and class
was most of the features' cost, so the blocks are joined, their characters'
classes looked up in a table indexed by code point, and each class counted
per block from the positions of its hits.

A pattern that is one character class, with no anchors or look-arounds,
matches at a position iff it matches the character there, so its findall
count is the number of characters in the class. Each class is a bit in the
table, filled by the very same ``regex`` patterns (never str methods or
``re``, whose Unicode data differ from regex's), so the table agrees with the
patterns on every string by construction. It is filled lazily, a
4096-code-point page at a time, when a document first uses the page. Threads
may fill the same page twice; they write the same bits.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import regex

WORD = regex.compile(r"\w+")
# What each count of :func:`text_counts` is the findall count of (the word
# characters are those of WORD's runs):
SENTENCE_END = regex.compile(r"[.!?…](?:[\"'”’)\]]{0,2})(?=\s|$)")
PUNCT = regex.compile(r"[^\w\s]")
UPPER_START = regex.compile(r"\b\p{Lu}")
DIGIT = regex.compile(r"\d")
SEPARATOR = regex.compile(r"[|•·»›>/]")
UPPER = regex.compile(r"\p{Lu}")

CLASS_W, CLASS_D, CLASS_LU, CLASS_PUNCT, CLASS_S, CLASS_SEP, CLASS_TERM, CLASS_CLOSE = (
    1 << i for i in range(8))
CLASSES = (
    (CLASS_W, regex.compile(r"\w")),  # the characters of WORD's runs
    (CLASS_D, DIGIT),
    (CLASS_LU, UPPER),
    (CLASS_PUNCT, PUNCT),
    (CLASS_S, regex.compile(r"\s")),  # the \s of SENTENCE_END's look-ahead
    (CLASS_SEP, SEPARATOR),
    (CLASS_TERM, regex.compile(r"[.!?…]")),  # SENTENCE_END's first character
    (CLASS_CLOSE, regex.compile(r"[\"'”’)\]]")),  # and its optional closing quotes/brackets
)
_PAGE_SHIFT = 12
_PAGE_SIZE = 1 << _PAGE_SHIFT
_N_PAGES = 0x110000 >> _PAGE_SHIFT
_CLASS_TABLE = np.zeros(0x110000, dtype=np.uint8)
_PAGE_READY = np.zeros(_N_PAGES, dtype=bool)
# Per page: every word character in it casefolds to a non-empty string with no
# str.isspace() character, so that a text of them can be cut into words with
# str.split() (see casefolded_words). Known once the page is filled.
_PAGE_SPLITS = np.zeros(_N_PAGES, dtype=bool)

# The columns of Scan.counts, in order.
COUNT_COLUMNS = ("digits", "capitals", "capital_starts", "word_chars", "punct", "separators", "commas",
                 "sentence_ends", "words")


def _fill_pages(pages) -> None:
    """Fill the class bits of these code-point pages by running each class pattern over the page
    (a few ms a page; a news corpus touches a dozen or two)."""
    for page in pages:
        lo = int(page) << _PAGE_SHIFT
        chars = "".join(map(chr, range(lo, lo + _PAGE_SIZE)))
        bits = np.zeros(_PAGE_SIZE, dtype=np.uint8)
        for bit, pattern in CLASSES:
            # findall of a one-character class returns the matching characters themselves.
            found = "".join(pattern.findall(chars))
            hits = np.frombuffer(found.encode("utf-32-le", "surrogatepass"), dtype="<u4")
            bits[hits - lo] |= bit
        folded = (chr(lo + i).casefold() for i in np.flatnonzero(bits & CLASS_W).tolist())
        _PAGE_SPLITS[page] = all(f and not any(c.isspace() for c in f) for f in folded)
        _CLASS_TABLE[lo : lo + _PAGE_SIZE] = bits
        _PAGE_READY[page] = True


def code_points(text: str) -> np.ndarray:
    """The code points of ``text``, one array entry per character."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    # UTF-32 is one unit per code point; surrogatepass keeps lone surrogates
    # (which Python strings may hold) as code points of their own.
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def char_classes(cps: np.ndarray) -> tuple[np.ndarray, bool]:
    """The class bits of each code point, and whether the text's words can be cut with str.split()
    once casefolded (true of every page of Unicode as Python and regex have it)."""
    if cps.dtype == np.uint8:
        used = np.zeros(1, dtype=np.intp)
    else:
        used = np.flatnonzero(np.bincount(cps >> _PAGE_SHIFT, minlength=_N_PAGES))
    missing = used[~_PAGE_READY[used]]
    if len(missing):
        _fill_pages(missing)
    return _CLASS_TABLE[cps], bool(_PAGE_SPLITS[used].all())


@dataclass
class Scan:
    """A document's joined text and what one pass over it found."""

    joined: str  # the blocks, with a newline before, between and after them (three after)
    cps: np.ndarray  # its code points
    word: np.ndarray  # which of them are word characters
    starts: np.ndarray  # where each block starts in it
    counts: np.ndarray  # (blocks, COUNT_COLUMNS) int64
    split_ok: bool  # see char_classes

    def count(self, name: str) -> np.ndarray:
        """One column of ``counts``, by its COUNT_COLUMNS name (a view, not a copy)."""
        return self.counts[:, COUNT_COLUMNS.index(name)]


def text_counts(texts: list[str]) -> Scan:
    r"""Per-block character-class counts, from one pass over the whole document.

    The blocks are joined with a newline before, between and after them (three
    after, so the sentence-end look-ahead never runs off the end). A newline is
    not a word character, so no \w+ run or word boundary crosses it; and it is
    whitespace, which is what the end of a block is to SENTENCE_END's
    look-ahead (its $ matches only at the end or before a final newline, where
    \s matches anyway). Each count is the findall count of its pattern above
    (commas: of ","; words: of WORD) in the block's text.
    """
    joined = "\n" + "\n".join(texts) + "\n\n\n"
    cps = code_points(joined)
    cls, split_ok = char_classes(cps)
    word = (cls & CLASS_W) != 0
    prev_word = np.zeros_like(word)
    prev_word[1:] = word[:-1]
    capital = (cls & CLASS_LU) != 0
    space = (cls & CLASS_S) != 0
    close = (cls & CLASS_CLOSE) != 0
    # SENTENCE_END: a terminator, a run of r closing characters, then whitespace
    # or the end. Its optional {0,2} group backtracks, but a closer is never
    # whitespace, so it matches iff r <= 2 and whitespace follows the run; the
    # closers it consumes are not terminators, so counting these positions is
    # counting findall's non-overlapping matches.
    sentence = np.zeros_like(word)
    sentence[:-3] = ((cls[:-3] & CLASS_TERM) != 0) & (
        space[1:-2] | (close[1:-2] & (space[2:-1] | (close[2:-1] & space[3:]))))
    columns = {
        "digits": (cls & CLASS_D) != 0,
        "capitals": capital,
        "capital_starts": capital & (word != prev_word),  # \b\p{Lu}: a capital where word-ness changes
        "word_chars": word,  # \w+ runs are maximal, so their total length is the count of word characters
        "punct": (cls & CLASS_PUNCT) != 0,
        "separators": (cls & CLASS_SEP) != 0,
        "commas": cps == ord(","),
        "sentence_ends": sentence,
        "words": word & ~prev_word,  # one \w+ run starts here: one word
    }
    starts = np.empty(len(texts), dtype=np.int64)
    starts[0] = 1
    np.cumsum([len(t) + 1 for t in texts[:-1]], out=starts[1:])
    starts[1:] += 1
    # A segment is a block and the newline after it (the last one also the
    # padding): never empty, and a newline is in none of the counted classes.
    # Each column's hits are counted per segment from their positions, not
    # by a reduction over an int64 copy of every column (9 x 8 bytes per
    # character: a gigabyte for one 14 MB document).
    bounds = np.append(starts, len(joined))
    counts = np.empty((len(texts), len(COUNT_COLUMNS)), dtype=np.int64)
    for j, name in enumerate(COUNT_COLUMNS):
        counts[:, j] = np.diff(np.searchsorted(np.flatnonzero(columns[name]), bounds))
    return Scan(joined, cps, word, starts, counts, split_ok)


def casefolded_words(scan: Scan) -> tuple[list[str], list[str], str]:
    r"""The casefolded \w+ words of the document, each block's key (its casefolded
    words joined by spaces) and a text that holds every casefolded word whole and
    no character between words (for substring tests).

    Plainly: ``lower = [w.casefold() for w in WORD.findall(joined)]``, cut into
    blocks by their word counts and joined. That is what this does where
    ``scan.split_ok`` is false. Otherwise it builds the keys text in numpy
    (words, one space between two words of a block, a newline between blocks)
    and casefolds it in one call: str.casefold maps each character on its own
    (no context, unlike lower()'s final sigma), so each word becomes its
    casefolded self, and splitting on newlines and whitespace then cuts exactly
    between blocks and words as long as no word character casefolds to nothing
    or to whitespace, which is what ``split_ok`` says.
    """
    joined, cps, word, starts = scan.joined, scan.cps, scan.word, scan.starts
    n = len(starts)
    if not scan.split_ok:
        lower = [w.casefold() for w in WORD.findall(joined)]
        offsets = [0, *np.cumsum(scan.count("words")).tolist()]
        keys = [" ".join(lower[a:b]) for a, b in pairwise(offsets)]
        return lower, keys, "\n".join(keys)
    out = np.where(word, cps, ord(" ")).astype(cps.dtype)
    out[starts - 1] = ord("\n")  # the newline before each block (and the padding after the last)
    out[len(joined) - 3 :] = ord("\n")
    space = out == ord(" ")
    # Keep a space only as the last of a run that has a word on both sides
    # within the block: the next character is a word character and the last
    # non-space before it is one too (not a block's newline).
    # Positions as int32 where they fit: three int64 arrays the length of
    # the text were most of this step's memory on long documents.
    last_solid = np.where(space, 0, np.arange(len(out), dtype=np.int32 if len(out) < 2**31 else np.int64))
    np.maximum.accumulate(last_solid, out=last_solid)
    next_word = np.zeros_like(word)
    next_word[:-1] = word[1:]
    keep = ~space | (next_word & word[last_solid])
    kept = out[keep].tobytes()
    text = kept.decode("ascii") if cps.dtype == np.uint8 else kept.decode("utf-32-le", "surrogatepass")
    folded = text.casefold()
    keys = folded.split("\n")[1 : n + 1]
    return folded.split(), keys, folded
