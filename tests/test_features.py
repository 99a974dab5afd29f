"""The vectorised block features equal a plain per-block computation (hypothesis).

``document_features`` counts character classes through a code-point table and
cuts words out of one casefolded string per document (see
``cleaner/classify/features.py``). The reference below is the straightforward
version it replaced, one regex call per count and per block; the two must give
bit-identical matrices on any text, not only on news: odd whitespace
(``\\x1c``, ``\\u2028``), combining marks, ``İ``, ``ß``, final sigma, lone
surrogates, astral characters, dates and sentence ends glued to quotes.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings, strategies as st

from cleaner.classify import features as F
from cleaner.document import DROP, KEEP, Block, Document


def _row_reference(block, words, lower, key, title_key, seen, stop_all, stop_en):
    text = block.text
    n_chars, n_words = len(text), len(words)
    row = [0.0] * F._N_BLOCK
    stripped = text.rstrip()
    row[0] = math.log1p(n_chars)
    row[1] = math.log1p(n_words)
    row[4] = 1.0 if stripped.endswith((".", "!", "?", '."', ".”", "?”", "!”", ".'", ")", "…")) else 0.0
    row[6] = len(F._PUNCT.findall(text)) / n_chars if n_chars else 0.0
    row[8] = sum(1 for w in lower if w in stop_all) / n_words if n_words else 0.0
    row[13] = min(block.link_chars / n_chars, 1.0) if n_chars else (1.0 if block.links else 0.0)
    row[20] = min(block.indent, 40)
    row[24] = 1.0 if block.decision == DROP else 0.0
    row[25] = 1.0 if block.decision == KEEP else 0.0
    row[27 + F._KIND_INDEX.get(block.kind, 0)] = 1.0
    if block.decision is not None:  # decided blocks are context only
        return row
    digits = len(F._DIGIT.findall(text))
    row[2] = min(len(F._SENTENCE_END.findall(text)), 20)
    row[3] = (sum(len(w) for w in words) / n_words) if n_words else 0.0
    row[5] = 1.0 if stripped.endswith(":") else 0.0
    row[7] = text.count(",") / n_words if n_words else 0.0
    row[9] = sum(1 for w in lower if w in stop_en) / n_words if n_words else 0.0
    row[10] = len(F._UPPER_START.findall(text)) / n_words if n_words else 0.0
    row[11] = len(F._UPPER.findall(text)) / ((sum(map(len, words)) - digits) or 1)
    row[12] = digits / n_chars if n_chars else 0.0
    row[14] = min(block.links, 20)
    row[15] = len(F._SEPARATOR.findall(text)) / (n_words + 1)
    row[16] = 1.0 if digits and (F._DATE_NUMERIC.search(text) or F._DATE_MONTH.search(key)) else 0.0
    row[17] = 1.0 if ("©" in text or "copyright" in key or "all rights reserved" in key or "(c)" in text or "(C)" in text) else 0.0
    row[18] = F._action_count(lower) / (n_words + 1)
    row[19] = 1.0 if block.emphasis else 0.0
    row[21] = block.level
    row[22] = min(len(block.inline_removals), 10)
    row[23] = 1.0 if key and seen.get(key, 0) > 1 else 0.0
    row[26] = 1.0 if title_key and key == title_key else 0.0
    return row


def _block_columns_reference(doc: Document) -> np.ndarray:
    stop_all, stop_en = F.stopwords()
    tokens = [F._WORD.findall(b.text) for b in doc.blocks]
    lowers = [[w.casefold() for w in t] for t in tokens]
    keys = [" ".join(lw) for lw in lowers]
    seen: dict[str, int] = {}
    for k in keys:
        if k:
            seen[k] = seen.get(k, 0) + 1
    title_key = " ".join(w.casefold() for w in F._WORD.findall(doc.title or ""))
    return np.array([_row_reference(b, t, lw, k, title_key, seen, stop_all, stop_en)
                     for b, t, lw, k in zip(doc.blocks, tokens, lowers, keys)], dtype=np.float64)


_ODD = list(".!?…\"'”’)],;:|•·»›>/©()cC-_") + ["\n", "\r", "\t", " ", "\xa0", "\x1c", "\x1f", "\x85", "\u2028", "\u3000",
       "é", "É", "ß", "İ", "ı", "ﬁ", "Σ", "ς", "ǅ", "٣", "\u0301", "\u200d", "\ud800", "𝐀", "😀", "Ⅻ", "0", "7"]
_WORDS = ["copyright", "All rights reserved", "(c)", "Sign up", "log in", "Read more", "ADVERTISEMENT", "click", "the",
          "and", "der", "la", "12/05/2020", "2020-01-02", "Jan 5 2020", "Mr. Smith.", 'said."', "end.”", "ok?”", "wow!)"]
_text = st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_ODD), st.text(max_size=6)), max_size=30).map(" ".join)
_block = st.builds(
    lambda text, kind, decision, links, emphasis, indent, removals: Block(
        text=text, start=0, end=len(text), kind=kind, decision=decision, links=links,
        link_chars=min(links * 7, len(text) + 3), emphasis=emphasis, indent=indent, inline_removals=[("image", "x")] * removals),
    _text, st.sampled_from(F.KINDS + ("other",)), st.sampled_from([None, None, KEEP, DROP]), st.integers(0, 25),
    st.booleans(), st.sampled_from([0, 2, 50]), st.integers(0, 12),
)


@settings(max_examples=300)
@given(st.lists(_block, min_size=1, max_size=12), st.one_of(st.none(), _text))
def test_block_columns_equal_the_per_block_reference(blocks, title):
    doc = Document(blocks=blocks, title=title)
    fast = F.document_features(doc)[:, : F._N_BLOCK]
    assert fast.tobytes() == _block_columns_reference(doc).tobytes()


def test_class_table_agrees_with_the_patterns_on_their_characters():
    # every character the corpus tests touch most, and a spread over all of Unicode
    chars = "".join(_ODD) + "".join(map(chr, range(0, 0x110000, 97)))
    cls = F._char_classes(F._code_points(chars))
    for bit, pattern in F._CLASSES:
        assert [bool(c & bit) for c in cls] == [bool(pattern.fullmatch(ch)) for ch in chars]
