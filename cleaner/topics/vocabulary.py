"""Content words and how informative each one is.

A word's weight comes from its English Zipf frequency (``wordfreq``'s
figures): rare words such as names and places weigh most. The run search
needs weights for a few hundred words per document, so lower-case words of
Latin, Greek or Cyrillic letters (``council``, ``türkiye``: all but a few of
the words met) are looked up in a compact table shipped with the package
(``models/english-zipf.bin``, written by ``scripts/build_word_table.py``
from wordfreq's own file): its arrays are used where they lie in the file,
so loading it parses nothing.
Building a dict of wordfreq's 320,000 words instead takes longer than the
rest of a first document's cleaning, and importing wordfreq nearly as long.
Other words (other scripts, combining marks) go through wordfreq itself.
"""

from __future__ import annotations

import gzip
import itertools
import math
import re
import struct
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np
import regex

from ..resources import model_path

TABLE_NAME = "english-zipf.bin"
# A word of this Zipf frequency or more (``the``, ``and``, ``of``: several in
# every sentence) weighs nothing. The scale tops out near 7.7 (``the``);
# 6.5 keeps the few dozen commonest function words out of the vectors while
# ordinary words (``said`` 6.4, ``council`` 5.0) still count a little.
COMMON_ZIPF = 6.5
# Zipf frequency is log10 of a word's frequency per billion words.
ZIPF_OFFSET = 9
# wordfreq rounds a frequency to this many significant figures before taking its Zipf figure ...
FREQ_DIGITS = 3
# ... and the Zipf figure to this many decimals.
ZIPF_DECIMALS = 2
# wordfreq's file keeps one list of words per centibel of frequency: list i holds words of 10**(-i/100).
CENTIBELS = 100

_WORD = regex.compile(r"\b[^\W\d_]{3,}\b")
# The same words in ASCII text, found by the stdlib engine about twice as fast:
# on ASCII both engines' \w is [A-Za-z0-9_], so [^\W\d_] is [a-z] in casefolded
# text and the word boundaries fall in the same places.
_ASCII_WORD = re.compile(r"\b[a-z]{3,}\b", re.ASCII)
# A non-ASCII word character (as _WORD's engine has it). Text without one
# (curly quotes and dashes are the usual non-ASCII characters of English news)
# has its words only in ASCII, where _ASCII_WORD finds the same ones.
_NON_ASCII_WORD_CHAR = regex.compile(r"[[^\p{ASCII}]&&\w]", regex.V1)
# Lower-case Latin, Greek and Cyrillic letters of the word-break class ALetter: see in_table.
_LETTER_WORD = regex.compile(r"[[\p{Latin}\p{Greek}\p{Cyrillic}]&&\p{Ll}&&\p{WB=ALetter}]+", regex.V1)
_MAGIC = b"cleaner-zipf-2\n"


def find_words(text: str) -> list[str]:
    """The content words of ``text``, casefolded, in order (``_WORD``'s matches)."""
    folded = text.casefold()
    if folded.isascii() or not _NON_ASCII_WORD_CHAR.search(folded):
        return _ASCII_WORD.findall(folded)
    return _WORD.findall(folded)


def bag(text: str) -> Counter[str]:
    return Counter(find_words(text))


def _wordfreq_file() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "large_en.msgpack.gz"
    return path if path.is_file() else None


def wordfreq_buckets() -> list[list[str]]:
    """wordfreq's English list as it stores it (``large_en.msgpack.gz``, its cBpack
    format: a header, then one list of words per centibel), read without
    importing wordfreq (its import pulls in tokenizers, ftfy and langcodes)."""
    import msgpack

    path = _wordfreq_file()
    if path is None:
        raise FileNotFoundError("wordfreq's English frequency file (large_en.msgpack.gz) is not installed")
    with gzip.open(path, "rb") as fh:
        data = msgpack.load(fh, raw=False)
    if not isinstance(data[0], dict) or data[0].get("format") != "cB" or data[0].get("version") != 1:
        raise ValueError(f"{path}: not a cBpack file of version 1")
    return data[1:]


def bucket_frequency(index: int) -> float:
    """The frequency of bucket ``index``: wordfreq's ``cB_to_freq(-index)``."""
    return 10 ** (-index / CENTIBELS)


def english_frequencies() -> dict[str, float]:
    """``wordfreq.get_frequency_dict("en", "best")``, from wordfreq's file (for
    building the shipped table and checking it; cleaning reads the table)."""
    buckets = wordfreq_buckets()
    # One dict built in C: every word with its bucket's frequency.
    return dict(zip(itertools.chain.from_iterable(buckets),
                    itertools.chain.from_iterable(itertools.repeat(bucket_frequency(index), len(bucket))
                                                  for index, bucket in enumerate(buckets)), strict=True))


def bucket_zipf(index: int) -> float:
    """``wordfreq.zipf_frequency`` of a word in bucket ``index``, rounded as wordfreq rounds."""
    freq = bucket_frequency(index)
    freq = round(freq, math.floor(-math.log(freq, 10)) + FREQ_DIGITS)
    return round(math.log(freq, 10) + ZIPF_OFFSET, ZIPF_DECIMALS)


def in_table(word: str) -> bool:
    """Whether the table answers for ``word`` (a hit or a miss alike): a word of
    lower-case Latin, Greek or Cyrillic letters, casefolded and NFC-normalised.

    For such a word wordfreq's figure is the bucket of the word itself, or 0
    when its list lacks the word: ``lossy_tokenize(word, "en")`` is
    ``[word]``. English preprocessing is NFC then casefolding (no change
    here); no spaceless script, ``@`` or apostrophe is involved, so a token
    runs from the first letter to the first word boundary, and Unicode's
    word-break rules (UAX #29, WB5) put none between two ALetter characters;
    the token's apostrophe strip, casefold, quote uncurling and digit
    smashing change nothing either. A test checks every word of the class in
    the table against wordfreq, and random words of the class as well.
    """
    if word.isascii():
        return word.isalpha() and word.islower()  # [a-z]+, without a regex call
    return (_LETTER_WORD.fullmatch(word) is not None and word.casefold() == word
            and unicodedata.is_normalized("NFC", word))


def table_bytes() -> bytes:
    """The shipped table, built from wordfreq's file: the words :func:`in_table`
    answers for, UTF-8, grouped by encoded length and sorted within a group,
    each with its bucket.

    Layout: ``_MAGIC``, a little-endian uint32 count of groups, then per group
    its byte length and word count (uint32 each), then per group its words
    (fixed width, no separators) followed by their buckets (uint16).
    """
    index: dict[str, int] = {}
    for i, bucket in enumerate(wordfreq_buckets()):
        index.update(dict.fromkeys(bucket, i))  # a word listed twice keeps its last bucket, as in the dict
    groups: dict[int, list[tuple[bytes, int]]] = {}
    for word, i in index.items():
        if in_table(word):
            encoded = word.encode("utf-8")
            groups.setdefault(len(encoded), []).append((encoded, i))
    header = [struct.pack("<I", len(groups))]
    body = []
    for length in sorted(groups):
        items = sorted(groups[length])
        header.append(struct.pack("<II", length, len(items)))
        body.append(b"".join(w for w, _ in items))
        body.append(np.array([i for _, i in items], dtype="<u2").tobytes())
    return _MAGIC + b"".join(header) + b"".join(body)


class WordTable:
    """The shipped table: per encoded word length, a sorted array of words and their buckets."""

    def __init__(self, data: bytes):
        if not data.startswith(_MAGIC):
            raise ValueError(f"not a {TABLE_NAME} table")
        offset = len(_MAGIC)
        (n_groups,) = struct.unpack_from("<I", data, offset)
        offset += 4
        sizes = [struct.unpack_from("<II", data, offset + 8 * g) for g in range(n_groups)]
        offset += 8 * n_groups
        self.groups: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for length, count in sizes:
            words = np.frombuffer(data, dtype=f"S{length}", count=count, offset=offset)
            offset += length * count
            buckets = np.frombuffer(data, dtype="<u2", count=count, offset=offset)
            offset += 2 * count
            self.groups[length] = (words, buckets)
        top = int(max((b.max() for _, b in self.groups.values() if len(b)), default=0))
        self.zipf = [bucket_zipf(i) for i in range(top + 1)]  # per bucket: 800 figures, not one per word
        self.zipf_figures = np.array(self.zipf)

    def lookup(self, words: list[str]) -> list[float]:
        """The Zipf figure of each word :func:`in_table` answers for (0 for words the list does not know)."""
        if not words:
            return []
        out = np.zeros(len(words))
        encoded = np.array([w.encode("utf-8") for w in words])  # padded to the longest; no word ends in NUL
        lengths = np.char.str_len(encoded)
        for length in np.unique(lengths).tolist():
            group = self.groups.get(length)
            if group is None:
                continue
            table, buckets = group
            ks = np.flatnonzero(lengths == length)
            queries = encoded[ks].astype(f"S{length}")
            at = np.minimum(np.searchsorted(table, queries), len(table) - 1)
            hit = table[at] == queries
            out[ks[hit]] = self.zipf_figures[buckets[at[hit]]]
        return out.tolist()


@lru_cache(maxsize=1)
def word_table() -> WordTable:
    return WordTable(model_path(TABLE_NAME).read_bytes())


def zipf(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "en")``: the words :func:`in_table` answers
    for from the shipped table (wordfreq tokenizes every word it is asked
    about, which costs more than the look-up); other words through wordfreq
    itself. A property test checks that both give the same figure."""
    if in_table(word):
        return word_table().lookup([word])[0]
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _weight_of_zipf(z: float) -> float:
    # Words English lists do not know (names, places, other languages) have
    # Zipf 0 and weigh most, which is what they are for telling stories apart.
    return max(0.0, COMMON_ZIPF - z)


def weight(word: str) -> float:
    """How informative a word is: 0 for the commonest words, more for rarer ones."""
    return _weight_of_zipf(zipf(word))


# Weights already looked up, by word: documents share most of their words.
_WEIGHTS: dict[str, float] = {}
# Then the cache starts over (it only saves look-ups: a weight looked up again is the same).
MAX_CACHED_WEIGHTS = 200_000


def weights(words) -> np.ndarray:
    """The weight of each word (an iterable of distinct words), as one array."""
    words = list(words)
    found = list(map(_WEIGHTS.get, words))
    if None in found:
        missing = [w for w, f in zip(words, found, strict=True) if f is None]
        if len(_WEIGHTS) + len(missing) > MAX_CACHED_WEIGHTS:
            _WEIGHTS.clear()
            missing = words
        plain = [w for w in missing if in_table(w)]
        if plain:
            _WEIGHTS.update(zip(plain, map(_weight_of_zipf, word_table().lookup(plain)), strict=True))
        for w in missing:
            if w not in _WEIGHTS:
                _WEIGHTS[w] = weight(w)
        found = list(map(_WEIGHTS.__getitem__, words))
    return np.array(found, dtype=np.float64)
