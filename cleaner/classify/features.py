"""Block features computed from text alone, plus a context window.

Why these: article body is long, made of full sentences ending in terminal
punctuation, dense in stop words and poor in links; boilerplate (menus,
footers, teasers, bylines) is short, link-heavy, title-cased and clustered.
Neither property is reliable on one block, so every block also sees its
neighbours and its place in the document: body blocks come in runs.

Everything is vectorised per document: the blocks' texts are joined and
their character classes looked up in one numpy pass, the words are cut and
casefolded in one call, and the columns, the context window and the document
features are numpy arrays; Python loops per block only where a regex or a
word list must be consulted (dates, calls to action, copyright lines).
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np
import regex

from ..document import DROP, KEEP, Document

# Stop-word lists ship with jusText (a dependency of trafilatura): the major
# European languages, used together so that a page in any of them scores.
STOP_LANGUAGES = (
    "English", "German", "French", "Spanish", "Italian", "Portuguese", "Dutch",
    "Polish", "Swedish", "Danish", "Norwegian_Bokmal", "Czech", "Finnish", "Romanian",
)
KINDS = ("paragraph", "heading", "list_item", "quote", "table", "image", "url", "rule")

_WORD = regex.compile(r"\w+")
_SENTENCE_END = regex.compile(r"[.!?…](?:[\"'”’)\]]{0,2})(?=\s|$)")
_PUNCT = regex.compile(r"[^\w\s]")
_UPPER_START = regex.compile(r"\b\p{Lu}")
_DIGIT = regex.compile(r"\d")
_SEPARATOR = regex.compile(r"[|•·»›>/]")
# Dates, numeric on the text and with a month name on the casefolded words
# (a case-insensitive alternation tried at every position was the costliest
# feature on long paragraphs).
_DATE_NUMERIC = regex.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}")
_DATE_MONTH = regex.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2} \d{4}\b")
_UPPER = regex.compile(r"\p{Lu}")
# Call-to-action words, counted on the block's casefolded words (a set
# lookup per word is several times cheaper than a case-insensitive regex).
_ACTION_WORDS = frozenset(
    "click subscribe share follow download cookie cookies privacy terms newsletter comment comments reply "
    "sponsored contact menu search home login".split()
)
_ACTION_PAIRS = frozenset({("sign", "up"), ("sign", "in"), ("log", "in"), ("read", "more"), ("learn", "more")})


def _action_count(lower: list[str]) -> int:
    n = 0
    prev = ""
    for w in lower:
        if w in _ACTION_WORDS or w.startswith("advertis") or (prev, w) in _ACTION_PAIRS:
            n += 1
        prev = w
    return n


@lru_cache(maxsize=1)
def stopwords() -> tuple[frozenset[str], frozenset[str]]:
    """(all languages, English) stop-word sets, lower-cased."""
    union: set[str] = set()
    for lang in STOP_LANGUAGES:
        try:
            union |= {w.casefold() for w in _justext_stoplist(lang)}
        except (ValueError, KeyError, OSError):
            continue
    english = frozenset(w.casefold() for w in _justext_stoplist("English"))
    return frozenset(union), english


def _justext_stoplist(lang: str) -> frozenset[str]:
    """``justext.get_stoplist(lang)``, read from jusText's own file without
    importing jusText (which imports lxml: a tenth of a first call)."""
    import importlib.util

    spec = importlib.util.find_spec("justext")
    path = Path(next(iter(spec.submodule_search_locations))) / "stoplists" / f"{lang}.txt" if spec else None
    if path is None or not path.is_file():
        import justext

        return justext.get_stoplist(lang)
    return frozenset(w.decode("utf8").lower() for w in path.read_bytes().splitlines())


BLOCK_FEATURES = (
    "log_chars", "log_words", "sentences", "mean_word_len", "ends_sentence", "ends_colon",
    "punct_ratio", "comma_per_word", "stop_ratio", "stop_ratio_en", "upper_start_ratio", "allcaps_ratio",
    "digit_ratio", "link_density", "links", "separator_ratio", "date_like", "copyright", "action_words",
    "emphasis", "indent", "level", "inline_removed", "duplicate", "rule_drop", "rule_keep", "in_title",
) + tuple(f"kind_{k}" for k in KINDS)

CONTEXT_COLUMNS = ("log_words", "stop_ratio", "link_density", "ends_sentence", "rule_drop", "kind_heading", "kind_list_item", "punct_ratio")
CONTEXT_OFFSETS = (-3, -2, -1, 1, 2, 3)
WINDOWS = (2, 5, 12)
# No relative position: "late in the document" means footer in a full-page
# dump and the second half of the essay in an extractor's output; how much
# prose lies before and after a block (prose_*) says what position meant to.
DOC_FEATURES = ("doc_log_blocks", "doc_log_words", "doc_link_density", "doc_markdown", "words_vs_max", "doc_stop_ratio", "doc_sentence_share", "doc_rule_drop_share",
                "doc_short_share", "doc_indented_share", "doc_mean_log_words",
                "prose_before", "prose_after", "prose_after_share", "prose_gap_before", "prose_gap_after")


def feature_names() -> list[str]:
    names = list(BLOCK_FEATURES)
    for off in CONTEXT_OFFSETS:
        names += [f"{c}@{off:+d}" for c in CONTEXT_COLUMNS]
    for w in WINDOWS:
        names += [f"{c}~{w}" for c in ("log_words", "stop_ratio", "link_density", "ends_sentence", "rule_drop")]
    names += list(DOC_FEATURES)
    return names


_KIND_INDEX = {k: i for i, k in enumerate(KINDS)}
_N_BLOCK = len(BLOCK_FEATURES)
_N_FEATURES = len(feature_names())
_COL = {name: i for i, name in enumerate(BLOCK_FEATURES)}
_ENDS_SENTENCE = (".", "!", "?", '."', ".”", "?”", "!”", ".'", ")", "…")
# The columns a block the rules already decided carries: it is never scored,
# only seen as context by its neighbours and the document features, so every
# other column of its row is 0.
_CONTEXT_ONLY = [_COL[c] for c in ("log_chars", "log_words", "ends_sentence", "punct_ratio", "stop_ratio", "link_density",
                                   "indent", "rule_drop", "rule_keep")] + [_COL[f"kind_{k}"] for k in KINDS]
_NOT_CONTEXT = np.setdiff1d(np.arange(_N_BLOCK), _CONTEXT_ONLY)
_BLOCK_ATTRS = operator.attrgetter("link_chars", "links", "indent", "level", "emphasis", "decision", "kind", "inline_removals")
_TEXT = operator.attrgetter("text")
_SHIFT_COLS = [_COL[c] for c in CONTEXT_COLUMNS]
_WINDOW_COLS = [_COL[c] for c in ("log_words", "stop_ratio", "link_density", "ends_sentence", "rule_drop")]
# First words of the call-to-action pairs: with the action words, a block that
# has none of them (and no "advertis…") has an action count of 0.
_ACTION_TRIGGERS = _ACTION_WORDS | {first for first, _ in _ACTION_PAIRS}

# --- Character classes -------------------------------------------------------
# Counting the matches of one-character classes (\d, \p{Lu}, [^\w\s], ...) with
# a findall per block was most of the cost. A pattern that is one character
# class, with no anchors or look-arounds, matches at a position iff it matches
# the character there, so its findall count is the number of characters in the
# class. Each class is a bit in a table indexed by code point, filled by the
# very same `regex` patterns (never str methods or `re`, whose Unicode data
# differ from regex's), so the table agrees with the patterns on every string
# by construction. It is filled lazily, a 4096-code-point page at a time, when
# a document first uses the page.
_CLASS_W, _CLASS_D, _CLASS_LU, _CLASS_PUNCT, _CLASS_S, _CLASS_SEP, _CLASS_TERM, _CLASS_CLOSE = (1 << i for i in range(8))
_CLASSES = (
    (_CLASS_W, regex.compile(r"\w")),  # the characters of _WORD's runs
    (_CLASS_D, _DIGIT),
    (_CLASS_LU, _UPPER),
    (_CLASS_PUNCT, _PUNCT),
    (_CLASS_S, regex.compile(r"\s")),  # the \s of _SENTENCE_END's look-ahead
    (_CLASS_SEP, _SEPARATOR),
    (_CLASS_TERM, regex.compile(r"[.!?…]")),  # _SENTENCE_END's first character
    (_CLASS_CLOSE, regex.compile(r"[\"'”’)\]]")),  # and its optional closing quotes/brackets
)
_PAGE_SHIFT = 12
_PAGE_SIZE = 1 << _PAGE_SHIFT
_N_PAGES = 0x110000 >> _PAGE_SHIFT
_CLASS_TABLE = np.zeros(0x110000, dtype=np.uint8)
_PAGE_READY = np.zeros(_N_PAGES, dtype=bool)
# Whether every word character seen so far casefolds to a non-empty string with
# no str.isspace() character, so that words can be cut out with str.split()
# (see _casefolded_words). Checked per page as it is filled, before the page is
# marked ready; if ever false, _WORD.findall is used instead. (For Python
# 3.11 and regex 2026.11 it holds for every code point.) Threads may fill the
# same page twice; they write the same bits.
_SPLIT_OK = True


def _fill_pages(pages) -> None:
    """Fill the class bits of these code-point pages by running each class pattern over the page
    (a few ms a page; a news corpus touches a dozen or two)."""
    global _SPLIT_OK
    for page in pages:
        lo = int(page) << _PAGE_SHIFT
        chars = "".join(map(chr, range(lo, lo + _PAGE_SIZE)))
        bits = np.zeros(_PAGE_SIZE, dtype=np.uint8)
        for bit, pattern in _CLASSES:
            # findall of a one-character class returns the matching characters themselves.
            hits = np.frombuffer("".join(pattern.findall(chars)).encode("utf-32-le", "surrogatepass"), dtype="<u4")
            bits[hits - lo] |= bit
        for i in np.flatnonzero(bits & _CLASS_W).tolist():
            folded = chr(lo + i).casefold()
            if not folded or any(c.isspace() for c in folded):
                _SPLIT_OK = False
        _CLASS_TABLE[lo : lo + _PAGE_SIZE] = bits
        _PAGE_READY[page] = True


def _code_points(text: str) -> np.ndarray:
    """The code points of ``text``, one array entry per character."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    # UTF-32 is one unit per code point; surrogatepass keeps lone surrogates
    # (which Python strings may hold) as code points of their own.
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def _char_classes(cps: np.ndarray) -> np.ndarray:
    """The class bits of each code point."""
    if cps.dtype == np.uint8:
        used = np.zeros(1, dtype=np.intp)
    else:
        used = np.flatnonzero(np.bincount(cps >> _PAGE_SHIFT, minlength=_N_PAGES))
    missing = used[~_PAGE_READY[used]]
    if len(missing):
        _fill_pages(missing)
    return _CLASS_TABLE[cps]


@lru_cache(maxsize=1)
def _word_codes() -> dict[str, int]:
    """Casefolded word -> bits: 1 any stop list, 2 the English one, 4 an action trigger.
    One dict lookup per word answers all three set memberships."""
    stop_all, stop_en = stopwords()
    return {w: (w in stop_all) | 2 * (w in stop_en) | 4 * (w in _ACTION_TRIGGERS) for w in stop_all | stop_en | _ACTION_TRIGGERS}


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den if den else 0.0``, elementwise. Counts are integers far below
    2**53, exact in float64, so this is the correctly rounded quotient Python's
    int / int gives."""
    out = np.zeros(len(num))
    np.divide(num, den, out=out, where=den != 0)
    return out


def _text_counts(texts: list[str]) -> tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Per-block character-class counts, from one pass over the whole document.

    The blocks are joined with a newline before, between and after them (three
    after, so the sentence-end look-ahead never runs off the end). A newline is
    not a word character, so no \w+ run or word boundary crosses it; and it is
    whitespace, which is what the end of a block is to _SENTENCE_END's
    look-ahead (its $ matches only at the end or before a final newline, where
    \s matches anyway). Returns the joined text, its code points, which of them
    are word characters, where each block starts in it, and an (n, 9) int64
    array: digits, capitals, capitalised words, word characters, punctuation,
    separators, commas, sentence ends, words.
    """
    joined = "\n" + "\n".join(texts) + "\n\n\n"
    cps = _code_points(joined)
    cls = _char_classes(cps)
    word = (cls & _CLASS_W) != 0
    prev_word = np.zeros_like(word)
    prev_word[1:] = word[:-1]
    capital = (cls & _CLASS_LU) != 0
    space = (cls & _CLASS_S) != 0
    close = (cls & _CLASS_CLOSE) != 0
    # _SENTENCE_END: a terminator, a run of r closing characters, then whitespace
    # or the end. Its optional {0,2} group backtracks, but a closer is never
    # whitespace, so it matches iff r <= 2 and whitespace follows the run; the
    # closers it consumes are not terminators, so counting these positions is
    # counting findall's non-overlapping matches.
    sentence = np.zeros_like(word)
    sentence[:-3] = ((cls[:-3] & _CLASS_TERM) != 0) & (space[1:-2] | (close[1:-2] & (space[2:-1] | (close[2:-1] & space[3:]))))
    columns = [
        (cls & _CLASS_D) != 0,
        capital,
        capital & (word != prev_word),  # \b\p{Lu}: a capital where word-ness changes
        word,  # \w+ runs are maximal, so their total length is the count of word characters
        (cls & _CLASS_PUNCT) != 0,
        (cls & _CLASS_SEP) != 0,
        cps == ord(","),
        sentence,
        word & ~prev_word,  # one \w+ run starts here: one word
    ]
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
    counts = np.empty((len(texts), len(columns)), dtype=np.int64)
    for j, col in enumerate(columns):
        counts[:, j] = np.diff(np.searchsorted(np.flatnonzero(col), bounds))
    return joined, cps, word, starts, counts


def _casefolded_words(joined: str, cps: np.ndarray, word: np.ndarray, starts: np.ndarray, n_words: np.ndarray,
                      ) -> tuple[list[str], list[str], str]:
    r"""The casefolded \w+ words of the document (``[w.casefold() for w in
    _WORD.findall(joined)]``), each block's key (its casefolded words joined by
    spaces) and a text that holds every casefolded word whole and no character
    between words (for substring tests).

    Fast path: build the keys text in numpy (words, one space between two words
    of a block, a newline between blocks) and casefold it in one call.
    str.casefold maps each character on its own (no context, unlike lower()'s
    final sigma), so each word becomes its casefolded self; splitting on
    newlines and whitespace then cuts exactly between blocks and words as long
    as no word character casefolds to nothing or to whitespace, which
    _fill_pages checks for every word character it meets.
    """
    n = len(starts)
    if _SPLIT_OK:
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
        folded = (kept.decode("ascii") if cps.dtype == np.uint8 else kept.decode("utf-32-le", "surrogatepass")).casefold()
        keys = folded.split("\n")[1 : n + 1]
        return folded.split(), keys, folded
    lower = [w.casefold() for w in _WORD.findall(joined)]
    offsets = [0, *np.cumsum(n_words).tolist()]
    keys = [" ".join(lower[a:b]) for a, b in zip(offsets, offsets[1:])]
    return lower, keys, "\n".join(keys)


def _block_columns(doc: Document, blocks, texts: list[str], counts: np.ndarray, lower: list[str], keys: list[str], folded: str,
                   joined: str) -> np.ndarray:
    """The BLOCK_FEATURES columns of every block, as a C-ordered (n, _N_BLOCK) float64 matrix."""
    n = len(blocks)
    digits, caps, upper, wchars, punct, seps, commas, sentences, n_words = counts.T
    bounds = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(n_words, out=bounds[1:])
    n_chars = np.array(list(map(len, texts)), dtype=np.int64)

    # Stop words and action triggers, one dict lookup per word of the document.
    codes = np.frombuffer(bytes(map(_word_codes().get, lower, repeat(0))), dtype=np.uint8)
    cum = np.zeros((len(lower) + 1, 3), dtype=np.int64)
    np.cumsum(np.stack([codes & 1, (codes >> 1) & 1, (codes >> 2) & 1], axis=1), axis=0, out=cum[1:])
    stop, stop_en, triggers = (cum[bounds[1:]] - cum[bounds[:-1]]).T

    link_chars, links, indent, level, emphasis, decision, kind, removals = zip(*map(_BLOCK_ATTRS, blocks))
    is_open = np.array(list(map(operator.is_, decision, repeat(None))))
    action = np.zeros(n)
    date_like = np.zeros(n)
    copyright_ = np.zeros(n)
    # Only undecided blocks need these, and only where they can be non-zero:
    # a call-to-action needs a trigger word or "advertis…" in the block; a date
    # needs a digit; the copyright phrases each lie inside one block's text or
    # one casefolded word ("reserved" is a word of "all rights reserved"), so
    # if the document lacks them no block has them.
    may_act = triggers > 0
    if "advertis" in folded:
        may_act |= np.array(["advertis" in k for k in keys])
    for i in np.flatnonzero(is_open & may_act).tolist():
        action[i] = _action_count(lower[bounds[i] : bounds[i + 1]])
    for i in np.flatnonzero(is_open & (digits > 0)).tolist():
        if _DATE_NUMERIC.search(texts[i]) or _DATE_MONTH.search(keys[i]):
            date_like[i] = 1.0
    if "©" in joined or "(c)" in joined or "(C)" in joined or "copyright" in folded or "reserved" in folded:
        for i in np.flatnonzero(is_open).tolist():
            text, key = texts[i], keys[i]
            if "©" in text or "copyright" in key or "all rights reserved" in key or "(c)" in text or "(C)" in text:
                copyright_[i] = 1.0

    seen = Counter(keys)
    title_key = " ".join(w.casefold() for w in _WORD.findall(doc.title or ""))
    stripped = list(map(str.rstrip, texts))
    link_chars = np.array(link_chars, dtype=np.float64)
    links = np.array(links, dtype=np.float64)

    base = np.zeros((n, _N_BLOCK))
    base[:, 0] = list(map(math.log1p, n_chars.tolist()))  # math.log1p, as before: np.log1p may differ in the last bit
    base[:, 1] = list(map(math.log1p, n_words.tolist()))
    base[:, 2] = np.minimum(sentences, 20)
    base[:, 3] = _ratio(wchars, n_words)
    base[:, 4] = list(map(operator.methodcaller("endswith", _ENDS_SENTENCE), stripped))
    base[:, 5] = list(map(operator.methodcaller("endswith", ":"), stripped))
    base[:, 6] = _ratio(punct, n_chars)
    base[:, 7] = _ratio(commas, n_words)
    base[:, 8] = _ratio(stop, n_words)
    base[:, 9] = _ratio(stop_en, n_words)
    base[:, 10] = _ratio(upper, n_words)
    letters = wchars - digits  # word characters less digits: letters, near enough
    base[:, 11] = caps / np.where(letters == 0, 1, letters)
    base[:, 12] = _ratio(digits, n_chars)
    base[:, 13] = np.where(n_chars != 0, np.minimum(_ratio(link_chars, n_chars), 1.0), links != 0)
    base[:, 14] = np.minimum(links, 20)
    base[:, 15] = seps / (n_words + 1)
    base[:, 16] = date_like
    base[:, 17] = copyright_
    base[:, 18] = action / (n_words + 1)
    base[:, 19] = list(map(bool, emphasis))
    base[:, 20] = list(map(min, indent, repeat(40)))
    base[:, 21] = level
    base[:, 22] = list(map(min, map(len, removals), repeat(10)))
    base[:, 23] = [1.0 if k and seen[k] > 1 else 0.0 for k in keys]
    base[:, 24] = list(map(operator.eq, decision, repeat(DROP)))
    base[:, 25] = list(map(operator.eq, decision, repeat(KEEP)))
    if title_key:
        base[:, 26] = list(map(operator.eq, keys, repeat(title_key)))
    base[np.arange(n), _COL[f"kind_{KINDS[0]}"] + np.array(list(map(_KIND_INDEX.get, kind, repeat(0))))] = 1.0
    if not is_open.all():
        base[np.ix_(~is_open, _NOT_CONTEXT)] = 0.0
    return base


def _shifted(cols: np.ndarray, off: int) -> np.ndarray:
    """Each row gets the row ``off`` away (zeros past either end), for all columns at once."""
    out = np.zeros_like(cols)
    if off < 0:
        out[-off:] = cols[:off]
    elif off > 0:
        out[:-off] = cols[off:]
    else:
        out[:] = cols
    return out


def _window_means(cols: np.ndarray, windows) -> list[np.ndarray]:
    """Mean of each column over rows i-w..i+w (clipped), for each w; one running
    sum serves every window (cumsum adds in order, column by column, so the sums
    are those of a 1-D cumsum of each column)."""
    n = len(cols)
    c = np.zeros((n + 1, cols.shape[1]))
    np.cumsum(cols, axis=0, out=c[1:])
    idx = np.arange(n)
    out = []
    for w in windows:
        lo = np.maximum(idx - w, 0)
        hi = np.minimum(idx + w + 1, n)
        out.append((c[hi] - c[lo]) / (hi - lo)[:, None])
    return out


def _prose_context(base: np.ndarray, words: np.ndarray) -> list[np.ndarray]:
    """How much article-like prose lies before and after each block.

    Relative position alone teaches the model that the end of a document is
    footer, which is true of a full-page dump and false of a long essay an
    extractor already cut out. What separates the two is whether real prose
    (long, sentence-ending, stop-word-dense blocks the rules left alone)
    still follows: a footer has none after it, a paragraph at 80% of an
    essay has thousands of words. Gaps count blocks since the last prose
    block and until the next one.
    """
    n = len(words)
    prose = ((words >= 15) & (base[:, _COL["ends_sentence"]] > 0) & (base[:, _COL["stop_ratio"]] >= 0.25)
             & (base[:, _COL["rule_drop"]] == 0) & (base[:, _COL["link_density"]] < 0.3))
    pw = np.where(prose, words, 0.0)
    cum = np.cumsum(pw)
    total = cum[-1] if n else 0.0
    before = cum - pw
    after = total - cum
    idx = np.arange(n)
    last = np.maximum.accumulate(np.where(prose, idx, -1))
    gap_before = np.where(last >= 0, idx - last, n)
    nxt = np.minimum.accumulate(np.where(prose, idx, n)[::-1])[::-1]
    gap_after = np.where(nxt < n, nxt - idx, n)
    return [np.log1p(before), np.log1p(after), after / (total or 1.0),
            np.log1p(np.minimum(gap_before, 50)), np.log1p(np.minimum(gap_after, 50))]


def document_features(doc: Document) -> np.ndarray:
    """The feature matrix of one document's blocks (rows in block order)."""
    blocks = doc.blocks
    n = len(blocks)
    if n == 0:
        return np.zeros((0, _N_FEATURES))
    texts = list(map(_TEXT, blocks))
    joined, cps, word, starts, counts = _text_counts(texts)
    lower, keys, folded = _casefolded_words(joined, cps, word, starts, counts[:, 8])
    base = _block_columns(doc, blocks, texts, counts, lower, keys, folded, joined)
    del joined, cps, word, lower, keys, folded  # the document's words: tens of MiB on a long one
    # Each group of columns is written into the matrix as it is made, not
    # gathered and concatenated: one long document's matrix is tens of MiB.
    out = np.empty((n, _N_FEATURES))
    col = 0

    def put(part: np.ndarray) -> None:
        nonlocal col
        out[:, col : col + part.shape[1]] = part
        col += part.shape[1]

    put(base)
    shift_cols = base[:, _SHIFT_COLS]
    for off in CONTEXT_OFFSETS:
        put(_shifted(shift_cols, off))
    del shift_cols
    for part in _window_means(base[:, _WINDOW_COLS], WINDOWS):
        put(part)
    words = counts[:, 8].astype(np.float64)
    total_words = words.sum() or 1.0
    chars = np.array([float(len(t)) for t in texts])
    link_chars = np.array([float(b.link_chars) for b in blocks])
    doc_cols = np.stack(
        [
            np.full(n, np.log1p(n)),
            np.full(n, np.log1p(total_words)),
            np.full(n, link_chars.sum() / (chars.sum() or 1.0)),
            np.full(n, float(any(b.links or b.inline_removals for b in blocks))),
            words / (words.max() or 1.0),
            # What kind of input this is: a full-page dump is mostly short
            # link lines, an extractor's output mostly prose. The model needs
            # to know, because the same block means different things in each.
            np.full(n, float((base[:, _COL["stop_ratio"]] * words).sum() / total_words)),
            np.full(n, float((base[:, _COL["ends_sentence"]] * words).sum() / total_words)),
            np.full(n, float(base[:, _COL["rule_drop"]].mean())),
            np.full(n, float((words < 6).mean())),
            np.full(n, float((base[:, _COL["indent"]] > 0).mean())),
            np.full(n, float(base[:, _COL["log_words"]].mean())),
            *_prose_context(base, words),
        ],
        axis=1,
    )
    put(doc_cols)
    assert col == _N_FEATURES
    return out
