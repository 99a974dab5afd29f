"""Block features: named values on a small document, and recorded matrices.

``document_features`` counts character classes through a code-point table and
cuts words out of one casefolded string per document (see
``cleaner/classify/features.py``). Its output is held two ways: a readable
table of named features for a few news-like blocks, and the exact matrices
(digests of every bit) of synthetic documents full of what trips such
shortcuts up: odd whitespace (``\\x1c``, ``\\u2028``), combining marks, ``İ``,
``ß``, final sigma, lone surrogates, astral characters, dates and sentence
ends glued to quotes (tests/recorded.py makes them; tests/data/features.json
holds them).
"""

from __future__ import annotations

import json

from cleaner.classify import features as F
from cleaner.classify import textscan
from cleaner.document import DROP, Block, Document

from . import recorded
from .conftest import ROOT

_BLOCKS = [  # text, kind, decision, links, link characters
    ("Council will fund repairs", "heading", None, 0, 0),
    ("The council said on Tuesday that it will fund repairs, and the work starts soon.", "paragraph", None, 0,
     0),
    ("Home | News | Sport", "list_item", None, 3, 15),
    ("© 2024 Example Media. All rights reserved.", "paragraph", None, 0, 0),
    ("Sign up for our NEWSLETTER. Read more", "paragraph", None, 1, 9),
    ("Published 12/05/2020:", "paragraph", None, 0, 0),
    ("Menu", "paragraph", DROP, 1, 4),
]
# Every non-zero block feature of each block above, rounded to 4 places.
_EXPECTED = [
    {"log_chars": 3.2581, "log_words": 1.6094, "mean_word_len": 5.5, "stop_ratio": 0.5, "stop_ratio_en": 0.5,
     "upper_start_ratio": 0.25, "allcaps_ratio": 0.0455, "in_title": 1.0, "kind_heading": 1.0},
    {"log_chars": 4.3944, "log_words": 2.7726, "sentences": 1.0, "mean_word_len": 4.2667,
     "ends_sentence": 1.0, "punct_ratio": 0.025, "comma_per_word": 0.0667, "stop_ratio": 0.6667,
     "stop_ratio_en": 0.6667, "upper_start_ratio": 0.1333, "allcaps_ratio": 0.0312, "kind_paragraph": 1.0},
    {"log_chars": 2.9957, "log_words": 1.3863, "mean_word_len": 4.3333, "punct_ratio": 0.1053,
     "stop_ratio": 0.6667, "stop_ratio_en": 0.3333, "upper_start_ratio": 1.0, "allcaps_ratio": 0.2308,
     "link_density": 0.7895, "links": 3.0, "separator_ratio": 0.5, "action_words": 0.25,
     "kind_list_item": 1.0},
    {"log_chars": 3.7612, "log_words": 1.9459, "sentences": 2.0, "mean_word_len": 5.5, "ends_sentence": 1.0,
     "punct_ratio": 0.0714, "stop_ratio": 0.3333, "stop_ratio_en": 0.1667, "upper_start_ratio": 0.5,
     "allcaps_ratio": 0.1034, "digit_ratio": 0.0952, "copyright": 1.0, "kind_paragraph": 1.0},
    {"log_chars": 3.6376, "log_words": 2.0794, "sentences": 1.0, "mean_word_len": 4.2857,
     "punct_ratio": 0.027, "stop_ratio": 0.4286, "stop_ratio_en": 0.4286, "upper_start_ratio": 0.4286,
     "allcaps_ratio": 0.4, "link_density": 0.2432, "links": 1.0, "action_words": 0.375,
     "kind_paragraph": 1.0},
    {"log_chars": 3.091, "log_words": 1.6094, "mean_word_len": 4.25, "ends_colon": 1.0, "punct_ratio": 0.1429,
     "stop_ratio": 0.25, "stop_ratio_en": 0.25, "upper_start_ratio": 0.25, "allcaps_ratio": 0.1111,
     "digit_ratio": 0.381, "separator_ratio": 0.4, "date_like": 1.0, "kind_paragraph": 1.0},
    # decided by a rule: only what its neighbours and the document features read
    {"log_chars": 1.6094, "log_words": 0.6931, "link_density": 1.0, "rule_drop": 1.0, "kind_paragraph": 1.0},
]
# Context and document features of the second block.
_EXPECTED_CONTEXT = {
    "log_words@-1": 1.6094, "stop_ratio@-1": 0.5, "kind_heading@-1": 1.0, "log_words@+1": 1.3863,
    "link_density@+1": 0.7895, "kind_list_item@+1": 1.0, "ends_sentence@+2": 1.0, "punct_ratio@+3": 0.027,
    "log_words@-2": 0.0, "log_words~2": 1.9286, "stop_ratio~2": 0.5417, "link_density~5": 0.2904,
    "rule_drop~12": 0.1429, "doc_log_blocks": 2.0794, "doc_log_words": 3.7136, "doc_link_density": 0.1228,
    "doc_markdown": 1.0, "words_vs_max": 1.0, "doc_stop_ratio": 0.5, "doc_sentence_share": 0.525,
    "doc_rule_drop_share": 0.1429, "doc_short_share": 0.5714, "doc_indented_share": 0.0,
    "doc_mean_log_words": 1.728, "prose_after": 0.0, "prose_gap_before": 0.0,
}


def _news_document() -> Document:
    blocks = [Block(text=t, start=0, end=len(t), kind=k, decision=d, links=n, link_chars=c)
              for t, k, d, n, c in _BLOCKS]
    return Document(blocks=blocks, title="Council will fund repairs")


def test_named_features_of_news_blocks():
    matrix = F.document_features(_news_document())
    names = F.feature_names()
    assert matrix.shape == (len(_BLOCKS), len(names))
    for row, expected in zip(matrix, _EXPECTED, strict=True):
        got = {n: round(float(v), 4) for n, v in zip(names[: len(F.BLOCK_FEATURES)], row, strict=False) if v}
        assert got == expected
    second = dict(zip(names, matrix[1].tolist(), strict=True))
    assert {n: round(second[n], 4) for n in _EXPECTED_CONTEXT} == _EXPECTED_CONTEXT


def test_feature_names_are_the_model_s():
    # the model file stores the feature names in order, and a model whose list differs is refused at load
    stored = json.loads((ROOT / "models" / "block-model.json").read_text(encoding="utf-8"))
    assert stored["fields"]["features"] == F.feature_names()


def test_features_as_recorded():
    cases = recorded.load("features")
    assert len(cases) >= 100
    F.TEXT_MEMORY.clear()  # every text scanned here, none remembered from another test
    changed = [i for i, (spec, want) in enumerate(cases)
               if recorded.feature_digest(F.document_features(recorded.feature_document(spec))) != want]
    assert not changed, f"feature matrices of documents {changed[:10]} differ from the recording"


def test_class_table_agrees_with_the_patterns_on_their_characters():
    # every character the recorded documents lean on, and a spread over all of Unicode
    chars = "".join(recorded.ODD) + "".join(map(chr, range(0, 0x110000, 97)))
    cls, _ = textscan.char_classes(textscan.code_points(chars))
    for bit, pattern in textscan.CLASSES:
        assert [bool(c & bit) for c in cls] == [bool(pattern.fullmatch(ch)) for ch in chars]


def test_remembered_texts_give_the_matrices_of_a_fresh_scan():
    # Each document's matrix with the text memory empty, then again with every text remembered from
    # other documents (other neighbours, other decisions, one scan of several documents' texts).
    specs = [spec for spec, _ in recorded.load("features")]
    docs = [recorded.feature_document(spec) for spec in specs]
    F.TEXT_MEMORY.clear()
    fresh = []
    for doc in docs:
        F.TEXT_MEMORY.clear()
        fresh.append(recorded.feature_digest(F.document_features(doc)))
    F.TEXT_MEMORY.clear()
    for doc in reversed(docs):
        F.document_features(doc)
    assert len(F.TEXT_MEMORY) > 0
    assert [recorded.feature_digest(F.document_features(doc)) for doc in docs] == fresh
    # Some texts remembered, the others scanned together: a document split between the two.
    F.TEXT_MEMORY.clear()
    for doc in docs:
        F.document_features(Document(blocks=doc.blocks[::2], title=doc.title))
    assert [recorded.feature_digest(F.document_features(doc)) for doc in docs] == fresh


def test_action_counts_of_all_blocks_at_once_are_each_block_s():
    import random

    import numpy as np

    rng = random.Random(5)
    vocab = ["sign", "up", "in", "log", "read", "more", "learn", "click", "advertising", "nonadvertiser",
             "the", "share", "news", "login", "menu"]
    codes_of = F._word_codes()
    for _ in range(300):
        blocks = [[rng.choice(vocab) for _ in range(rng.randrange(0, 6))] for _ in range(rng.randrange(1, 8))]
        lower = [w for b in blocks for w in b]
        bounds = np.cumsum([0] + [len(b) for b in blocks])
        codes = np.array([codes_of.get(w, 0) for w in lower], dtype=np.uint8)
        got = F._action_counts(codes, lower, " ".join(lower), bounds).tolist()
        assert got == [F._action_count(b) for b in blocks]
