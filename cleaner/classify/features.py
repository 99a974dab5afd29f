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
_BLOCK_ATTRS = operator.attrgetter("link_chars", "links", "indent", "level", "emphasis", "decision", "kind",
                                   "inline_removals")
_TEXT = operator.attrgetter("text")
_PROSE_FEATURES = ("prose_before", "prose_after", "prose_after_share", "prose_gap_before", "prose_gap_after")
_SHIFT_COLS = [_COL[c] for c in CONTEXT_COLUMNS]
_WINDOW_COLS = [_COL[c] for c in WINDOW_COLUMNS]
# First words of the call-to-action pairs: with the action words, a block that
# has none of them (and no "advertis…") has an action count of 0.
_ACTION_TRIGGERS = _ACTION_WORDS | {first for first, _ in _ACTION_PAIRS}


@lru_cache(maxsize=1)
def _word_codes() -> dict[str, int]:
    """Casefolded word -> bits: 1 any stop list, 2 the English one, 4 an action trigger.
    One dict lookup per word answers all three set memberships."""
    stop_all, stop_en = stopwords()
    return {w: (w in stop_all) | 2 * (w in stop_en) | 4 * (w in _ACTION_TRIGGERS)
            for w in stop_all | stop_en | _ACTION_TRIGGERS}


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den if den else 0.0``, elementwise. Counts are integers far below
    2**53, exact in float64, so this is the correctly rounded quotient Python's
    int / int gives."""
    out = np.zeros(len(num))
    np.divide(num, den, out=out, where=den != 0)
    return out


def _rare_flags(texts: list[str], counts, lower: list[str], keys: list[str], folded: str, joined: str,
                bounds: np.ndarray, triggers: np.ndarray, is_open: np.ndarray) -> dict[str, np.ndarray]:
    """The action_words count, date_like and copyright, by regex and word list per block.

    Only undecided blocks need these, and only where they can be non-zero:
    a call-to-action needs a trigger word or "advertis…" in the block; a date
    needs a digit; the copyright phrases each lie inside one block's text or
    one casefolded word ("reserved" is a word of "all rights reserved"), so
    if the document lacks them no block has them.
    """
    n = len(texts)
    action = np.zeros(n)
    date_like = np.zeros(n)
    copyright_ = np.zeros(n)
    may_act = triggers > 0
    if "advertis" in folded:
        may_act |= np.array(["advertis" in k for k in keys])
    for i in np.flatnonzero(is_open & may_act).tolist():
        action[i] = _action_count(lower[bounds[i] : bounds[i + 1]])
    for i in np.flatnonzero(is_open & (counts["digits"] > 0)).tolist():
        if _DATE_NUMERIC.search(texts[i]) or _DATE_MONTH.search(keys[i]):
            date_like[i] = 1.0
    if "©" in joined or "(c)" in joined or "(C)" in joined or "copyright" in folded or "reserved" in folded:
        for i in np.flatnonzero(is_open).tolist():
            text, key = texts[i], keys[i]
            if ("©" in text or "copyright" in key or "all rights reserved" in key or "(c)" in text
                    or "(C)" in text):
                copyright_[i] = 1.0
    return {"action": action, "date_like": date_like, "copyright": copyright_}


def _block_columns(doc: Document, blocks, texts: list[str], counts: dict[str, np.ndarray], lower: list[str],
                   keys: list[str], folded: str, joined: str) -> np.ndarray:
    """The BLOCK_FEATURES columns of every block, as a C-ordered (n, _N_BLOCK) float64 matrix.

    ``counts``: the textscan counts by name."""
    n = len(blocks)
    n_words = counts["words"]
    bounds = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(n_words, out=bounds[1:])
    n_chars = np.array(list(map(len, texts)), dtype=np.int64)

    # Stop words and action triggers, one dict lookup per word of the document.
    codes = np.frombuffer(bytes(map(_word_codes().get, lower, repeat(0))), dtype=np.uint8)
    cum = np.zeros((len(lower) + 1, 3), dtype=np.int64)
    np.cumsum(np.stack([codes & 1, (codes >> 1) & 1, (codes >> 2) & 1], axis=1), axis=0, out=cum[1:])
    stop, stop_en, triggers = (cum[bounds[1:]] - cum[bounds[:-1]]).T

    link_chars, links, indent, level, emphasis, decision, kind, removals = zip(*map(_BLOCK_ATTRS, blocks),
                                                                               strict=True)
    is_open = np.array(list(map(operator.is_, decision, repeat(None))))
    rare = _rare_flags(texts, counts, lower, keys, folded, joined, bounds, triggers, is_open)
    seen = Counter(keys)
    title_key = " ".join(w.casefold() for w in WORD.findall(doc.title or ""))
    stripped = list(map(str.rstrip, texts))
    link_chars = np.array(link_chars, dtype=np.float64)
    links = np.array(links, dtype=np.float64)
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
        "link_density": np.where(n_chars != 0, np.minimum(_ratio(link_chars, n_chars), 1.0), links != 0),
        "links": np.minimum(links, MAX_LINKS),
        "separator_ratio": counts["separators"] / (n_words + 1),
        "date_like": rare["date_like"],
        "copyright": rare["copyright"],
        "action_words": rare["action"] / (n_words + 1),
        "emphasis": list(map(bool, emphasis)),
        "indent": list(map(min, indent, repeat(MAX_INDENT))),
        "level": level,
        "inline_removed": list(map(min, map(len, removals), repeat(MAX_INLINE_REMOVALS))),
        "duplicate": [1.0 if k and seen[k] > 1 else 0.0 for k in keys],
        "rule_drop": list(map(operator.eq, decision, repeat(DROP))),
        "rule_keep": list(map(operator.eq, decision, repeat(KEEP))),
        "in_title": list(map(operator.eq, keys, repeat(title_key))) if title_key else 0.0,
    }
    assert columns.keys() == _COL.keys() - _KIND_COLUMNS
    base = np.zeros((n, _N_BLOCK))
    for name, values in columns.items():
        base[:, _COL[name]] = values
    # an unknown kind counts as the first
    base[np.arange(n), _KIND_COLS[list(map(_KIND_INDEX.get, kind, repeat(0)))]] = 1.0
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
    scan = text_counts(texts)
    counts = {name: scan.count(name) for name in COUNT_COLUMNS}
    lower, keys, folded = casefolded_words(scan)
    base = _block_columns(doc, blocks, texts, counts, lower, keys, folded, scan.joined)
    del scan, lower, keys, folded  # the document's text and words: tens of MiB on a long one
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
    put(_document_columns(blocks, texts, base, counts["words"].astype(np.float64)))
    assert col == _N_FEATURES
    return out


def _document_columns(blocks, texts: list[str], base: np.ndarray, words: np.ndarray) -> np.ndarray:
    """The DOC_FEATURES columns: the same value in every row, but for the prose_* ones."""
    n = len(blocks)
    total_words = words.sum() or 1.0
    chars = np.array([float(len(t)) for t in texts])
    link_chars = np.array([float(b.link_chars) for b in blocks])
    columns = {
        "doc_log_blocks": np.log1p(n),
        "doc_log_words": np.log1p(total_words),
        "doc_link_density": link_chars.sum() / (chars.sum() or 1.0),
        "doc_markdown": float(any(b.links or b.inline_removals for b in blocks)),
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
