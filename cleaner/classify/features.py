"""Block features computed from text alone, plus a context window.

Why these: article body is long, made of full sentences ending in terminal
punctuation, dense in stop words and poor in links; boilerplate (menus,
footers, teasers, bylines) is short, link-heavy, title-cased and clustered.
Neither property is reliable on one block, so every block also sees its
neighbours and its place in the document: body blocks come in runs.

Everything is vectorised per batch: one pass over the blocks in Python for
the per-block numbers, then numpy for the context window, so a batch of
documents costs one array build and one model call.
"""

from __future__ import annotations

import math
from functools import lru_cache

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
    import justext

    union: set[str] = set()
    for lang in STOP_LANGUAGES:
        try:
            union |= {w.casefold() for w in justext.get_stoplist(lang)}
        except (ValueError, KeyError, OSError):
            continue
    english = frozenset(w.casefold() for w in justext.get_stoplist("English"))
    return frozenset(union), english


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
_COL = {name: i for i, name in enumerate(BLOCK_FEATURES)}


def _block_row(block, words: list[str], lower: list[str], key: str, title_key: str, seen: dict[str, int],
               stop_all: frozenset, stop_en: frozenset) -> list[float]:
    text = block.text
    n_chars = len(text)
    n_words = len(words)
    stop = sum(1 for w in lower if w in stop_all)
    if block.decision is not None:
        return _context_row(block, text, n_chars, n_words, stop)
    stop_en = sum(1 for w in lower if w in stop_en)
    digits = len(_DIGIT.findall(text))
    upper = len(_UPPER_START.findall(text))
    caps = len(_UPPER.findall(text))
    letters = (sum(map(len, words)) - digits) or 1  # word characters less digits: letters, near enough
    stripped = text.rstrip()
    row = [0.0] * _N_BLOCK
    row[0] = math.log1p(n_chars)
    row[1] = math.log1p(n_words)
    row[2] = min(len(_SENTENCE_END.findall(text)), 20)
    row[3] = (sum(len(w) for w in words) / n_words) if n_words else 0.0
    row[4] = 1.0 if stripped.endswith((".", "!", "?", '."', ".”", "?”", "!”", ".'", ")", "…")) else 0.0
    row[5] = 1.0 if stripped.endswith(":") else 0.0
    row[6] = len(_PUNCT.findall(text)) / n_chars if n_chars else 0.0
    row[7] = text.count(",") / n_words if n_words else 0.0
    row[8] = stop / n_words if n_words else 0.0
    row[9] = stop_en / n_words if n_words else 0.0
    row[10] = upper / n_words if n_words else 0.0
    row[11] = caps / letters
    row[12] = digits / n_chars if n_chars else 0.0
    row[13] = min(block.link_chars / n_chars, 1.0) if n_chars else (1.0 if block.links else 0.0)
    row[14] = min(block.links, 20)
    row[15] = len(_SEPARATOR.findall(text)) / (n_words + 1)
    row[16] = 1.0 if digits and (_DATE_NUMERIC.search(text) or _DATE_MONTH.search(key)) else 0.0
    row[17] = 1.0 if ("©" in text or "copyright" in key or "all rights reserved" in key or "(c)" in text or "(C)" in text) else 0.0
    row[18] = _action_count(lower) / (n_words + 1)
    row[19] = 1.0 if block.emphasis else 0.0
    row[20] = min(block.indent, 40)
    row[21] = block.level
    row[22] = min(len(block.inline_removals), 10)
    row[23] = 1.0 if key and seen.get(key, 0) > 1 else 0.0
    row[24] = 1.0 if block.decision == DROP else 0.0
    row[25] = 1.0 if block.decision == KEEP else 0.0
    row[26] = 1.0 if title_key and key == title_key else 0.0
    row[27 + _KIND_INDEX.get(block.kind, 0)] = 1.0
    return row


def _context_row(block, text: str, n_chars: int, n_words: int, stop: int) -> list[float]:
    """A block the rules already decided is never scored, only seen as context:
    compute just the columns its neighbours and the document features read."""
    row = [0.0] * _N_BLOCK
    stripped = text.rstrip()
    row[0] = math.log1p(n_chars)
    row[1] = math.log1p(n_words)
    row[4] = 1.0 if stripped.endswith((".", "!", "?", '."', ".”", "?”", "!”", ".'", ")", "…")) else 0.0
    row[6] = len(_PUNCT.findall(text)) / n_chars if n_chars else 0.0
    row[8] = stop / n_words if n_words else 0.0
    row[13] = min(block.link_chars / n_chars, 1.0) if n_chars else (1.0 if block.links else 0.0)
    row[20] = min(block.indent, 40)
    row[24] = 1.0 if block.decision == DROP else 0.0
    row[25] = 1.0 if block.decision == KEEP else 0.0
    row[27 + _KIND_INDEX.get(block.kind, 0)] = 1.0
    return row


def _shift(col: np.ndarray, off: int) -> np.ndarray:
    out = np.zeros_like(col)
    if off < 0:
        out[-off:] = col[:off]
    elif off > 0:
        out[:-off] = col[off:]
    else:
        out[:] = col
    return out


def _window_mean(col: np.ndarray, w: int) -> np.ndarray:
    n = len(col)
    c = np.concatenate(([0.0], np.cumsum(col)))
    idx = np.arange(n)
    lo = np.maximum(idx - w, 0)
    hi = np.minimum(idx + w + 1, n)
    return (c[hi] - c[lo]) / (hi - lo)


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
    names = feature_names()
    if n == 0:
        return np.zeros((0, len(names)))
    stop_all, stop_en = stopwords()
    # Tokenise each block once; every per-block number below reuses it.
    tokens = [_WORD.findall(b.text) for b in blocks]
    lowers = [[w.casefold() for w in t] for t in tokens]
    keys = [" ".join(lw) for lw in lowers]
    seen: dict[str, int] = {}
    for k in keys:
        if k:
            seen[k] = seen.get(k, 0) + 1
    title_key = " ".join(w.casefold() for w in _WORD.findall(doc.title or ""))
    base = np.array(
        [_block_row(b, t, lw, k, title_key, seen, stop_all, stop_en) for b, t, lw, k in zip(blocks, tokens, lowers, keys)],
        dtype=np.float64,
    )
    parts = [base]
    for off in CONTEXT_OFFSETS:
        parts.append(np.stack([_shift(base[:, _COL[c]], off) for c in CONTEXT_COLUMNS], axis=1))
    for w in WINDOWS:
        parts.append(np.stack([_window_mean(base[:, _COL[c]], w) for c in ("log_words", "stop_ratio", "link_density", "ends_sentence", "rule_drop")], axis=1))
    words = np.array([float(len(t)) for t in tokens])
    total_words = words.sum() or 1.0
    chars = np.array([float(len(b.text)) for b in blocks])
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
    parts.append(doc_cols)
    return np.concatenate(parts, axis=1)
