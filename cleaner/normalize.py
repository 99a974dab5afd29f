"""Turn raw input (bytes or str) into the normalised text all offsets refer to.

Normalisation is deliberately minimal: it never changes a word. It unifies
line endings, removes a byte-order mark, NULs and other C0/C1 control
characters (keeping tab and newline), because those break every downstream
tool and carry no text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

import regex

# A plain class of code points: the standard library's engine scans for it
# about five times faster than regex's, with the same matches.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff\ufffe]")
_NEWLINES = regex.compile(r"\r\n?|[\u2028\u2029\x85]")


class DecodeError(ValueError):
    """The input is not text in any encoding we can recognise."""

    kind = "not text"  # what a run's summary counts it as (see cleaner.io.InputError.kind)


def normalize_text(text: str) -> str:
    """Unify newlines and blank out control characters; words are never touched."""
    if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = _NEWLINES.sub("\n", text)
    return _CONTROL.sub(" ", text)  # a space, not nothing: never glue two words into a new one


# How much of the input the byte-level checks look at: enough for a file's
# header and a few lines of text, cheap on any size of input.
HEAD_BYTES = 8192
# Text has no control bytes but tab, newline and their kind; a tenth of them
# in the head is binary (a random byte is one of the 27 others one time in ten).
BINARY_CONTROL_SHARE = 0.1
# UTF-16 without a BOM, as shares of the head: NULs in four fifths of its odd
# (or even) bytes, the high bytes of Latin text, and in a tenth at most of the
# others.
UTF16_NUL_SHARE = 0.4
UTF16_OTHER_NUL_SHARE = 0.05


def looks_binary(data: bytes) -> bool:
    """True when a byte string is clearly not text (images, archives, executables).

    A fast look at the raw bytes; :func:`decode_bytes` also checks the
    decoded text (see :func:`not_text_share`), which random bytes cannot pass.
    """
    head = data[:HEAD_BYTES]
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False  # BOM: text in UTF-16/UTF-8
    nuls = head.count(0)
    if nuls:
        # UTF-16 without BOM has NULs every other byte; a stray NUL in text is
        # noise to strip; many NULs anywhere else mean binary.
        if _utf16_without_bom(head):
            return False
        if nuls > max(2, len(head) // 100):  # a stray NUL or two, or one in a hundred bytes, is noise
            return True
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return control > len(head) * BINARY_CONTROL_SHARE


def _utf16_without_bom(head: bytes) -> str | None:
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > len(head) * UTF16_NUL_SHARE and even < len(head) * UTF16_OTHER_NUL_SHARE:
        return "utf-16-le"
    if even > len(head) * UTF16_NUL_SHARE and odd < len(head) * UTF16_OTHER_NUL_SHARE:
        return "utf-16-be"
    return None


# Control bytes other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)

# What text does not contain: control characters other than the whitespace
# ones, unassigned and private-use code points, lone surrogates, and the
# replacement character a failed decode leaves. A few occur in real scraped
# text (a stray NUL, an icon-font glyph); in bytes that are not text, read in
# any encoding, they are a tenth or more of the characters (a random byte is
# one of the 27 C0 controls one time in ten).
_NOT_TEXT = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\p{Cn}\p{Co}\p{Cs}\ufffd]")
NOT_TEXT_SHARE = 0.05
_SAMPLE = 16_384  # characters per sampled window: start, middle, end
# Charset detection reads this much: its guess settles long before, and it is slow.
_DETECT_BYTES = 200_000


def not_text_share(text: str) -> float:
    """The share of characters text does not have, over three windows of ``text``."""
    if len(text) <= 3 * _SAMPLE:
        sample = text
    else:
        mid = len(text) // 2
        sample = text[:_SAMPLE] + text[mid : mid + _SAMPLE] + text[-_SAMPLE:]
    if not sample:
        return 0.0
    return _not_text_count(sample) / len(sample)


# _NOT_TEXT is one character class, so its findall count is the number of
# characters in the class. regex tests \p{Cn} slowly (it was a tenth of
# reading a file), so the count is taken from a table of the class by code
# point, filled by the very same pattern (so the two agree on every string),
# a 4096-code-point page at a time, when a text first uses the page. ASCII
# text needs no table: deleting its text characters leaves the others.
_ASCII_TEXT = bytes(c for c in range(128) if not _NOT_TEXT.match(chr(c)))
_PAGE_SHIFT = 12
_NOT_TEXT_TABLE = None  # numpy bool per code point, made on first non-ASCII text
_PAGE_READY = None


def _not_text_count(sample: str) -> int:
    """``len(_NOT_TEXT.findall(sample))``."""
    global _NOT_TEXT_TABLE, _PAGE_READY
    if sample.isascii():
        return len(sample.encode("ascii").translate(None, _ASCII_TEXT))
    import numpy as np

    if _NOT_TEXT_TABLE is None:
        _NOT_TEXT_TABLE = np.zeros(0x110000, dtype=bool)
        _PAGE_READY = np.zeros(0x110000 >> _PAGE_SHIFT, dtype=bool)
    # UTF-32 is one unit per code point; surrogatepass keeps lone surrogates as code points.
    cps = np.frombuffer(sample.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    used = np.zeros(len(_PAGE_READY), dtype=bool)
    used[cps >> _PAGE_SHIFT] = True
    for page in np.flatnonzero(used & ~_PAGE_READY).tolist():
        lo = page << _PAGE_SHIFT
        chars = "".join(map(chr, range(lo, lo + (1 << _PAGE_SHIFT))))
        found = "".join(_NOT_TEXT.findall(chars))
        _NOT_TEXT_TABLE[np.frombuffer(found.encode("utf-32-le", "surrogatepass"), dtype="<u4")] = True
        _PAGE_READY[page] = True
    return int(np.count_nonzero(_NOT_TEXT_TABLE[cps]))


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode bytes: BOM, then UTF-8, then a declared charset, then detection.

    Raises :class:`DecodeError` ("not text") when the bytes are not text at
    all: when the raw bytes look binary, or when the decoded text is more
    than :data:`NOT_TEXT_SHARE` characters that text does not contain (so
    whatever charset detection makes of binary data is not taken for text).
    """
    text = _decode(data, declared)
    share = not_text_share(text)
    if share > NOT_TEXT_SHARE:
        raise DecodeError(f"not text ({share:.0%} of its characters are control, unassigned or undecodable)")
    return text


def _decode(data: bytes, declared: str | None) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if looks_binary(data):
        raise DecodeError("not text (binary data)")
    if 0 in data[:HEAD_BYTES] and (utf16 := _utf16_without_bom(data[:HEAD_BYTES])):
        return data.decode(utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_DETECT_BYTES]).best()
    if best is None:
        raise DecodeError("not text (no text encoding fits it)")
    return data.decode(best.encoding, errors="replace")


# Characters that a case-insensitive letter in a pattern matches although
# str.casefold() does not turn them into that one letter: 'İ' (matched by 'i',
# folded to 'i' + a combining dot) and 'ı' (matched by 'I'). The Kelvin sign
# (matched by 'k') and the long s (matched by 's') already fold to k and s.
_FOLD_FIX = str.maketrans({"\u0130": "i", "\u0131": "i"})


def fold(text: str) -> str:
    """``text`` case-folded for literal prefilters of case-insensitive patterns.

    Where a pattern compiled with ``regex.I`` (version 0, simple case folding)
    matches a run of ASCII characters, ``fold(text)`` contains that run in
    lower case; and a run of ASCII letters and digits that such a pattern
    matches in ``rules.base.norm_key(text)`` is in ``fold(text)`` too. So
    ``anchor not in fold(text)`` proves that the pattern cannot match there.
    """
    f = text.casefold()
    if not f.isascii() and ("\u0307" in f or "\u0131" in f):
        f = text.translate(_FOLD_FIX).casefold()
    return f


@functools.cache
def any_of(literals: tuple[str, ...]) -> Callable[[str], bool]:
    """A test for "one of ``literals`` occurs in the text" that scans the text once.

    The literals (matched exactly, case-sensitively) are compiled as a trie,
    so at each position of the text at most one branch is tried.
    """
    if not literals:
        return lambda text: False
    search = re.compile(_trie_pattern(literals)).search
    return lambda text: search(text) is not None


def _trie_pattern(literals: Iterable[str]) -> str:
    trie: dict[str, dict] = {}
    for lit in literals:
        node = trie
        for ch in lit:
            node = node.setdefault(ch, {})
        node[""] = {}  # a literal ends here

    def build(node: dict[str, dict]) -> str:
        if "" in node:
            return ""  # a literal ends here: whatever follows, one occurs
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return build(trie)
