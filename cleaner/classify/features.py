"""Block features computed from text alone, plus a context window.

Why these: article body is long, made of full sentences ending in terminal
punctuation, dense in stop words and poor in links; boilerplate (menus,
footers, teasers, bylines) is short, link-heavy, title-cased and clustered.
Neither property is reliable on one block, so every block also sees its
neighbours and its place in the document: body blocks come in runs.

Everything is vectorised per document: the blocks' texts are joined and
their character classes looked up in one numpy pass (see textscan), the
words are cut and casefolded in one call, and the columns, the context
window and the document features are numpy arrays; Python loops per block
only where a regex or a word list must be consulted (dates, calls to
action, copyright lines). Every column is written by its feature name.
What a block's text alone decides is remembered per text (TEXT_MEMORY):
clean()'s second pass over its own output, and a site's repeated menus and
footers, scan only the texts not seen before.
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
from .textcache import TextMemory
from .textscan import COUNT_COLUMNS, WORD, casefolded_words, text_counts

# Stop-word lists ship with jusText (a dependency of trafilatura): the major
# European languages, used together so that a page in any of them scores.
STOP_LANGUAGES = (
    "English", "German", "French", "Spanish", "Italian", "Portuguese", "Dutch",
    "Polish", "Swedish", "Danish", "Norwegian_Bokmal", "Czech", "Finnish", "Romanian",
)
KINDS = ("paragraph", "heading", "list_item", "quote", "table", "image", "url", "rule")

# Dates, numeric on the text and with a month name on the casefolded words
# (a case-insensitive alternation tried at every position was the costliest
# feature on long paragraphs).
_DATE_NUMERIC = regex.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}")
_DATE_MONTH = regex.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2} \d{4}\b")
# Call-to-action words, counted on the block's casefolded words (a set
# lookup per word is several times cheaper than a case-insensitive regex).
_ACTION_WORDS = frozenset((
    "click", "subscribe", "share", "follow", "download", "cookie", "cookies", "privacy", "terms",
    "newsletter", "comment", "comments", "reply", "sponsored", "contact", "menu", "search", "home", "login",
))
_ACTION_PAIRS = frozenset({("sign", "up"), ("sign", "in"), ("log", "in"), ("read", "more"),
                           ("learn", "more")})


def _action_count(lower: list[str]) -> int:
    """Calls to action among one block's casefolded words (what :func:`_action_counts` counts for
    every block at once)."""
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
    folded: dict[str, frozenset[str]] = {}
    for lang in STOP_LANGUAGES:
        try:
            folded[lang] = _casefolded(_justext_stoplist(lang))
        except (ValueError, KeyError, OSError):
            continue
    english = folded.get("English") or _casefolded(_justext_stoplist("English"))
    return frozenset().union(*folded.values()), english


def _casefolded(words: frozenset[str]) -> frozenset[str]:
    # Casefolding maps each character on its own, so one call over the
    # joined words gives each word's casefold (a call per word costs more).
    return frozenset("\n".join(words).casefold().split("\n")) if words else frozenset()


@lru_cache(maxsize=1)
def _justext_stoplists_dir() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("justext")
    return Path(next(iter(spec.submodule_search_locations))) / "stoplists" if spec else None


def _justext_stoplist(lang: str) -> frozenset[str]:
    """``justext.get_stoplist(lang)``, read from jusText's own file without
    importing jusText (which imports lxml: a tenth of a first call)."""
    folder = _justext_stoplists_dir()
    path = folder / f"{lang}.txt" if folder is not None else None
    if path is None or not path.is_file():
        import justext

        return justext.get_stoplist(lang)
    lines = path.read_bytes().splitlines()
    if not lines:
        return frozenset()
    # The lines decoded and lower-cased in one call each: UTF-8 decodes each
    # line as it would alone, and a line break (neither cased nor
    # case-ignorable) bounds lower()'s final-sigma context as a string end does.
    return frozenset(b"\n".join(lines).decode("utf8").lower().split("\n"))


BLOCK_FEATURES = (
    "log_chars", "log_words", "sentences", "mean_word_len", "ends_sentence", "ends_colon",
    "punct_ratio", "comma_per_word", "stop_ratio", "stop_ratio_en", "upper_start_ratio", "allcaps_ratio",
    "digit_ratio", "link_density", "links", "separator_ratio", "date_like", "copyright", "action_words",
    "emphasis", "indent", "level", "inline_removed", "duplicate", "rule_drop", "rule_keep", "in_title",
) + tuple(f"kind_{k}" for k in KINDS)

CONTEXT_COLUMNS = ("log_words", "stop_ratio", "link_density", "ends_sentence", "rule_drop", "kind_heading",
                   "kind_list_item", "punct_ratio")
CONTEXT_OFFSETS = (-3, -2, -1, 1, 2, 3)
WINDOW_COLUMNS = ("log_words", "stop_ratio", "link_density", "ends_sentence", "rule_drop")
WINDOWS = (2, 5, 12)
# No relative position: "late in the document" means footer in a full-page
# dump and the second half of the essay in an extractor's output; how much
# prose lies before and after a block (prose_*) says what position meant to.
DOC_FEATURES = ("doc_log_blocks", "doc_log_words", "doc_link_density", "doc_markdown", "words_vs_max",
                "doc_stop_ratio", "doc_sentence_share", "doc_rule_drop_share", "doc_short_share",
                "doc_indented_share", "doc_mean_log_words",
                "prose_before", "prose_after", "prose_after_share", "prose_gap_before", "prose_gap_after")


def feature_names() -> list[str]:
    names = list(BLOCK_FEATURES)
    for off in CONTEXT_OFFSETS:
        names += [f"{c}@{off:+d}" for c in CONTEXT_COLUMNS]
    for w in WINDOWS:
        names += [f"{c}~{w}" for c in WINDOW_COLUMNS]
    names += list(DOC_FEATURES)
    return names


# Bounds on counts: past them more says nothing new about a block (twenty
# sentences are prose, twenty links a menu, forty spaces of indent a deep
# nesting), and a bound keeps one giant block's value inside the range the
# model was trained on.
MAX_SENTENCES = 20
MAX_LINKS = 20
MAX_INDENT = 40
MAX_INLINE_REMOVALS = 10
# A block this short (in words) is a label, a menu entry or a byline rather
# than prose: the share of such blocks tells a full-page dump (mostly short
# lines) from an extractor's output.
SHORT_BLOCK_WORDS = 6
# Prose, for the prose_* features: long enough to be a paragraph, ending a
# sentence, as dense in stop words as running text is (menus and headlines
# are far below a quarter), the rules left alone, and mostly not link text.
PROSE_MIN_WORDS = 15
PROSE_MIN_STOP_RATIO = 0.25
PROSE_MAX_LINK_DENSITY = 0.3
# Gaps to the nearest prose block are counted up to this: farther is "none near".
MAX_PROSE_GAP = 50

_KIND_INDEX = {k: i for i, k in enumerate(KINDS)}
_N_BLOCK = len(BLOCK_FEATURES)
_N_FEATURES = len(feature_names())
_COL = {name: i for i, name in enumerate(BLOCK_FEATURES)}
_KIND_COLUMNS = frozenset(f"kind_{k}" for k in KINDS)
_KIND_COLS = np.array([_COL[f"kind_{k}"] for k in KINDS])  # by _KIND_INDEX
_ENDS_SENTENCE = (".", "!", "?", '."', ".”", "?”", "!”", ".'", ")", "…")
# The columns a block the rules already decided carries: it is never scored,
# only seen as context by its neighbours and the document features, so every
# other column of its row is 0.
_CONTEXT_ONLY = [_COL[c] for c in ("log_chars", "log_words", "ends_sentence", "punct_ratio", "stop_ratio",
                                   "link_density", "indent", "rule_drop", "rule_keep")] + [
    _COL[f"kind_{k}"] for k in KINDS]
# Sorted in Python: np.setdiff1d would import numpy.ma at import time for this one table.
_NOT_CONTEXT = np.array(sorted(set(range(_N_BLOCK)) - set(_CONTEXT_ONLY)))
# The block features a block's text alone decides (the rest read its other
# fields, its document's title or its decision): kept per text in
# TEXT_MEMORY, so a text seen in an earlier pass or call is not scanned again.
TEXT_FEATURES = ("log_chars", "log_words", "sentences", "mean_word_len", "ends_sentence", "ends_colon",
                 "punct_ratio", "comma_per_word", "stop_ratio", "stop_ratio_en", "upper_start_ratio",
                 "allcaps_ratio", "digit_ratio", "separator_ratio", "date_like", "copyright", "action_words")
_TEXT_COLS = np.array([_COL[c] for c in TEXT_FEATURES])
TEXT_MEMORY = TextMemory(max_entries=1 << 14, max_chars=1 << 23)
_BLOCK_NUMBERS = operator.attrgetter("link_chars", "links", "indent", "level", "emphasis")
_DECISION = operator.attrgetter("decision")
_KIND = operator.attrgetter("kind")
# None (undecided) 0, DROP 1, KEEP 2; anything else 3.
_DECISION_CODES = {None: 0, DROP: 1, KEEP: 2}
_TEXT = operator.attrgetter("text")
_PROSE_FEATURES = ("prose_before", "prose_after", "prose_after_share", "prose_gap_before", "prose_gap_after")
_SHIFT_COLS = [_COL[c] for c in CONTEXT_COLUMNS]
_WINDOW_COLS = [_COL[c] for c in WINDOW_COLUMNS]
# The words of the call-to-action pairs by class, so that a word's code says
# which pairs it can start or end: a pair is (first, second) with
# _PAIR_TABLE[class of first, class of second].
_PAIR_FIRST = {"sign": 1, "log": 2, "read": 3, "learn": 3}
_PAIR_SECOND = {"up": 1, "in": 2, "more": 3}
_PAIR_TABLE = np.zeros((4, 4), dtype=bool)
for _first, _second in _ACTION_PAIRS:
    _PAIR_TABLE[_PAIR_FIRST[_first], _PAIR_SECOND[_second]] = True
assert all(_PAIR_TABLE[i, j] == ((a, b) in _ACTION_PAIRS)
           for a, i in _PAIR_FIRST.items() for b, j in _PAIR_SECOND.items())


@lru_cache(maxsize=1)
def _word_codes() -> dict[str, int]:
    """Casefolded word -> bits: 1 any stop list, 2 the English one, 4 a call-to-action word,
    8 * its class as a pair's first word, 32 * its class as a pair's second (see _PAIR_TABLE).
    One dict lookup per word answers every set membership."""
    stop_all, stop_en = stopwords()
    return {w: ((w in stop_all) | 2 * (w in stop_en) | 4 * (w in _ACTION_WORDS)
                | 8 * _PAIR_FIRST.get(w, 0) | 32 * _PAIR_SECOND.get(w, 0))
            for w in stop_all | stop_en | _ACTION_WORDS | _PAIR_FIRST.keys() | _PAIR_SECOND.keys()}


def _action_counts(codes: np.ndarray, lower: list[str], folded: str, bounds: np.ndarray) -> np.ndarray:
    """:func:`_action_count` of each block's words (``lower[bounds[i] : bounds[i + 1]]``), from
    the words' codes: a word counts when it is a call-to-action word, starts with "advertis",
    or ends a pair with the word before it in its block."""
    hit = (codes & 4) != 0
    if "advertis" in folded:
        hit |= np.fromiter((w.startswith("advertis") for w in lower), dtype=bool, count=len(lower))
    if len(codes) > 1:
        pair = _PAIR_TABLE[(codes[:-1] >> 3) & 3, (codes[1:] >> 5) & 3]
        # no pair across blocks: a block's first word has no word before it
        starts = bounds[1:-1]
        pair[starts[(starts > 0) & (starts < len(codes))] - 1] = False
        hit[1:] |= pair
    cum = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(hit, out=cum[1:])
    return (cum[bounds[1:]] - cum[bounds[:-1]]).astype(np.float64)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den if den else 0.0``, elementwise. Counts are integers far below
    2**53, exact in float64, so this is the correctly rounded quotient Python's
    int / int gives."""
    out = np.zeros(len(num))
    np.divide(num, den, out=out, where=den != 0)
    return out


def _rare_flags(texts: list[str], counts, lower: list[str], keys: list[str], folded: str, joined: str,
                bounds: np.ndarray, codes: np.ndarray) -> dict[str, np.ndarray]:
    """The action_words count, date_like and copyright, by regex and word list per block.

    The dates and copyright lines are looked for only where they can be: a date needs a digit;
    the copyright phrases each lie inside one block's text or one casefolded
    word ("reserved" is a word of "all rights reserved"), so if the texts
    lack them no block has them.
    """
    n = len(texts)
    action = _action_counts(codes, lower, folded, bounds)
    date_like = np.zeros(n)
    copyright_ = np.zeros(n)
    for i in np.flatnonzero(counts["digits"] > 0).tolist():
        if _DATE_NUMERIC.search(texts[i]) or _DATE_MONTH.search(keys[i]):
            date_like[i] = 1.0
    if "©" in joined or "(c)" in joined or "(C)" in joined or "copyright" in folded or "reserved" in folded:
        for i in range(n):
            text, key = texts[i], keys[i]
            if ("©" in text or "copyright" in key or "all rights reserved" in key or "(c)" in text
                    or "(C)" in text):
                copyright_[i] = 1.0
    return {"action": action, "date_like": date_like, "copyright": copyright_}


def _text_rows(texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """The TEXT_FEATURES columns of each text, then its word count, as a (n, K + 1) matrix; and each
    text's key (its casefolded words joined by spaces).

    Every value depends on its own text alone: the texts are joined for one
    scan, but no count, word or pattern match crosses from one to the next
    (see textscan), so any set of texts gives each one the same row."""
    scan = text_counts(texts)
    counts = {name: scan.count(name) for name in COUNT_COLUMNS}
    lower, keys, folded = casefolded_words(scan)
    n_words = counts["words"]
    bounds = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(n_words, out=bounds[1:])
    n_chars = np.array(list(map(len, texts)), dtype=np.int64)

    # Stop words and call-to-action words, one dict lookup per word of the texts.
    codes = np.frombuffer(bytes(map(_word_codes().get, lower, repeat(0))), dtype=np.uint8)
    cum = np.zeros((len(lower) + 1, 2), dtype=np.int64)
    np.cumsum(np.stack([codes & 1, (codes >> 1) & 1], axis=1), axis=0, out=cum[1:])
    stop, stop_en = (cum[bounds[1:]] - cum[bounds[:-1]]).T
    rare = _rare_flags(texts, counts, lower, keys, folded, scan.joined, bounds, codes)
    stripped = list(map(str.rstrip, texts))
    letters = counts["word_chars"] - counts["digits"]  # word characters less digits: letters, near enough

    columns = {
        # math.log1p, not np.log1p: the model was fitted on these values and np.log1p may round otherwise
        "log_chars": list(map(math.log1p, n_chars.tolist())),
        "log_words": list(map(math.log1p, n_words.tolist())),
        "sentences": np.minimum(counts["sentence_ends"], MAX_SENTENCES),
        "mean_word_len": _ratio(counts["word_chars"], n_words),
        "ends_sentence": list(map(operator.methodcaller("endswith", _ENDS_SENTENCE), stripped)),
        "ends_colon": list(map(operator.methodcaller("endswith", ":"), stripped)),
        "punct_ratio": _ratio(counts["punct"], n_chars),
        "comma_per_word": _ratio(counts["commas"], n_words),
        "stop_ratio": _ratio(stop, n_words),
        "stop_ratio_en": _ratio(stop_en, n_words),
        "upper_start_ratio": _ratio(counts["capital_starts"], n_words),
        "allcaps_ratio": counts["capitals"] / np.where(letters == 0, 1, letters),
        "digit_ratio": _ratio(counts["digits"], n_chars),
        "separator_ratio": counts["separators"] / (n_words + 1),
        "date_like": rare["date_like"],
        "copyright": rare["copyright"],
        "action_words": rare["action"] / (n_words + 1),
    }
    assert tuple(columns) == TEXT_FEATURES
    rows = np.empty((len(texts), len(TEXT_FEATURES) + 1))
    for j, values in enumerate(columns.values()):
        rows[:, j] = values
    rows[:, -1] = n_words
    return rows, keys


def _remembered_text_rows(texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """:func:`_text_rows`, for the texts :data:`TEXT_MEMORY` does not hold already (and then it does).
    A document too big for the memory is scanned whole and not remembered."""
    if len(texts) > TEXT_MEMORY.max_entries // 4:
        return _text_rows(texts)
    found = TEXT_MEMORY.get_many(texts)
    missing = list(dict.fromkeys(t for t, f in zip(texts, found, strict=True) if f is None))
    if missing:
        rows, keys = _text_rows(missing)
        # the memory holds views of these rows: nothing may write to them
        rows.flags.writeable = False
        new = dict(zip(missing, zip(rows, keys, strict=True), strict=True))
        TEXT_MEMORY.put_many(list(new.items()))
        if len(missing) == len(texts):
            return rows, keys  # every text new and distinct: the rows in order already
        found = [new[t] if f is None else f for t, f in zip(texts, found, strict=True)]
    return np.array([f[0] for f in found]), [f[1] for f in found]


def _block_columns(doc: Document, blocks, texts: list[str], rows: np.ndarray,
                   keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The BLOCK_FEATURES columns of every block, as a C-ordered (n, _N_BLOCK) float64 matrix,
    from the blocks' text rows and keys (see :func:`_text_rows`); and the blocks' link_chars,
    links and inline removal counts (a (n, 3) matrix, for the document features)."""
    n = len(blocks)
    numbers = np.array(list(map(_BLOCK_NUMBERS, blocks)), dtype=np.float64)
    link_chars, links, indent, level, emphasis = numbers.T
    removed = np.array([len(b.inline_removals) for b in blocks], dtype=np.float64)
    decision = np.array(list(map(_DECISION_CODES.get, map(_DECISION, blocks), repeat(3))))
    is_open = decision == 0
    seen = Counter(keys)
    title_key = " ".join(w.casefold() for w in WORD.findall(doc.title or ""))
    n_chars = np.array(list(map(len, texts)), dtype=np.float64)

    columns = {
        "link_density": np.where(n_chars != 0, np.minimum(_ratio(link_chars, n_chars), 1.0), links != 0),
        "links": np.minimum(links, MAX_LINKS),
        "emphasis": emphasis != 0,
        "indent": np.minimum(indent, MAX_INDENT),
        "level": level,
        "inline_removed": np.minimum(removed, MAX_INLINE_REMOVALS),
        "duplicate": [1.0 if k and seen[k] > 1 else 0.0 for k in keys],
        "rule_drop": decision == 1,
        "rule_keep": decision == 2,
        "in_title": list(map(operator.eq, keys, repeat(title_key))) if title_key else 0.0,
    }
    assert columns.keys() | set(TEXT_FEATURES) == _COL.keys() - _KIND_COLUMNS
    base = np.zeros((n, _N_BLOCK))
    base[:, _TEXT_COLS] = rows[:, :-1]
    for name, values in columns.items():
        base[:, _COL[name]] = values
    # an unknown kind counts as the first
    base[np.arange(n), _KIND_COLS[list(map(_KIND_INDEX.get, map(_KIND, blocks), repeat(0)))]] = 1.0
    if not is_open.all():
        base[np.ix_(~is_open, _NOT_CONTEXT)] = 0.0
    return base, np.column_stack([link_chars, links, removed])


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
    sum per column serves every window."""
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
    prose = ((words >= PROSE_MIN_WORDS) & (base[:, _COL["ends_sentence"]] > 0)
             & (base[:, _COL["stop_ratio"]] >= PROSE_MIN_STOP_RATIO) & (base[:, _COL["rule_drop"]] == 0)
             & (base[:, _COL["link_density"]] < PROSE_MAX_LINK_DENSITY))
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
            np.log1p(np.minimum(gap_before, MAX_PROSE_GAP)), np.log1p(np.minimum(gap_after, MAX_PROSE_GAP))]


def document_features(doc: Document) -> np.ndarray:
    """The feature matrix of one document's blocks (rows in block order, columns in feature_names order)."""
    blocks = doc.blocks
    n = len(blocks)
    if n == 0:
        return np.zeros((0, _N_FEATURES))
    texts = list(map(_TEXT, blocks))
    rows, keys = _remembered_text_rows(texts)
    base, links = _block_columns(doc, blocks, texts, rows, keys)
    words = rows[:, -1].copy()
    del rows, keys
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
    put(_document_columns(texts, base, words, links))
    assert col == _N_FEATURES
    return out


def _document_columns(texts: list[str], base: np.ndarray, words: np.ndarray, links: np.ndarray) -> np.ndarray:
    """The DOC_FEATURES columns: the same value in every row, but for the prose_* ones.
    ``links``: the blocks' link_chars, links and inline removals (see :func:`_block_columns`)."""
    n = len(texts)
    total_words = words.sum() or 1.0
    chars = np.array([float(len(t)) for t in texts])
    columns = {
        "doc_log_blocks": np.log1p(n),
        "doc_log_words": np.log1p(total_words),
        "doc_link_density": links[:, 0].sum() / (chars.sum() or 1.0),
        "doc_markdown": float(bool(links[:, 1:].any())),
        "words_vs_max": words / (words.max() or 1.0),
        # What kind of input this is: a full-page dump is mostly short
        # link lines, an extractor's output mostly prose. The model needs
        # to know, because the same block means different things in each.
        "doc_stop_ratio": float((base[:, _COL["stop_ratio"]] * words).sum() / total_words),
        "doc_sentence_share": float((base[:, _COL["ends_sentence"]] * words).sum() / total_words),
        "doc_rule_drop_share": float(base[:, _COL["rule_drop"]].mean()),
        "doc_short_share": float((words < SHORT_BLOCK_WORDS).mean()),
        "doc_indented_share": float((base[:, _COL["indent"]] > 0).mean()),
        "doc_mean_log_words": float(base[:, _COL["log_words"]].mean()),
        **dict(zip(_PROSE_FEATURES, _prose_context(base, words), strict=True)),
    }
    out = np.empty((n, len(DOC_FEATURES)))
    for j, name in enumerate(DOC_FEATURES):
        out[:, j] = columns[name]
    return out
