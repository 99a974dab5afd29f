"""Single-topic documents: find unrelated stories pasted into an article.

Every pasted paragraph is well-formed article text, so no boilerplate
feature can see it; what gives it away is that it is about something else.
This stage works in three steps over the blocks still kept after the
classifier:

1. **Stories with cues.** Wire copy marks where a story starts: a dateline
   (``(ROME) —``, ``(DOHA, Qatar) —``, ``WASHINGTON (AP) —``) and, where
   one ends, a contributor line (``ABC News' … contributed to this report``).
   Those cut the document into candidate stories.
2. **Lexical cohesion.** Each story and each run of paragraphs is a bag of
   content words weighted by how informative the word is (rare words such as
   names and places weigh most: ``wordfreq``'s English Zipf frequencies,
   shipped inside the package, so nothing is downloaded; words it does not
   know count as rare). A story joins the main one
   when its vector is close enough to the main story's (the lead and the
   title: live updates and follow-ups about the same war share its names
   and places, and stay).
3. **A pasted run without cues.** Among the paragraphs left (table rows
   and units of one or two words sit this out: they say little about what
   the text is about), every contiguous run that does not include the lead
   is scored by two contrasts of the run against the rest of the document
   (see :func:`find_pasted_run`): a word-weighted average-linkage contrast,
   and a contrast of mean cosines that only counts runs further from the
   lead (and the title) than the rest is. A pasted story is cohesive inside
   and foreign outside and scores near 0 on both. Scores are calibrated by
   length: short runs (where single articles have their own asides: a list
   item, an author note) and runs longer than the article left around them
   (pages whose lead and tail are navigation leftovers) need proportionally
   lower scores. The run is removed when either calibrated score is below
   its threshold, the article left has at least ``MIN_DOC_WORDS`` words and
   the run is at most ``MAX_RUN_SHARE`` of the words. Documents of more
   than ``MAX_UNITS`` units are searched over groups of adjacent units.

Thresholds are deliberately conservative: losing a paragraph of the real
article is worse than keeping part of a pasted one. Dropped blocks carry
reason ``off_topic`` and their similarity to the main story in ``score``.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np
import regex

from .document import DROP, KEEP, Document

REASON = "off_topic"
MODES = ("drop", "split", "keep")

# Story-level: a candidate story joins the main story when cosine >= this.
STORY_THRESHOLD = 0.15
# Run-level (no cues): two contrast measures, each with its calibrated threshold
# (see find_pasted_run); a run is pasted when either is below its threshold.
PAIR_THRESHOLD = 0.035  # word-weighted average-linkage contrast
COSINE_THRESHOLD = 0.2  # mean-cosine contrast, checked against the lead
RUN_THRESHOLD = 1.0  # find_pasted_run's score is the lower of the two ratios score / threshold
COHESION_FLOOR = 0.01  # pair measure: mean pair similarity below this counts as this (loose sections)
COSINE_FLOOR = 0.02  # cosine measure: the same for mean cosines
MIN_RUN_WORDS = 100  # shorter runs are never cut
SHORT_RUN_WORDS = 600.0  # runs shorter than this need a proportionally lower score ...
SHORT_POWER = 1.0
COSINE_SHORT_POWER = 0.7
MAJORITY_POWER = 1.0  # ... and so do runs longer than the article left around them
MIN_DOC_WORDS = 150
MIN_CONTENT_WORDS = 3  # units with fewer content words take no part in the run search ...
DATA_ROW_SHARE = 0.3  # ... nor do table rows (this share of their tokens or more holds digits)
MAX_RUN_SHARE = 0.85  # a pasted run is at most this share of the words searched
MAX_UNITS = 400  # longer documents are searched over groups of adjacent units (the search is quadratic)

_AGENCY = r"(?:\((?:AP|Reuters|AFP|CNN|UPI|dpa|Bloomberg)\))"
_DATELINE = regex.compile(
    rf"""^(?:
        \(\s*\p{{Lu}}[\p{{Lu}}.'’-]+(?![\p{{Ll}}])                      # (ROME ...: a place in capitals opens the parentheses
            (?:(?:,\s*|\s+(?:and|&)\s+|\s+)\p{{Lu}}[\p{{L}}.'’-]{{1,30}}){{0,5}}\s*\)   # (LONDON and KYIV, Ukraine)
        (?:\s*{_AGENCY})?
      | (?:\p{{Lu}}{{2}}\.\s*)?\p{{Lu}}{{3,}}(?:[ .'’]+\p{{Lu}}[\p{{Lu}}.'’]*)*(?:,\s*\p{{Lu}}[\p{{L}}.'’ ]{{1,30}})?\s*{_AGENCY}?  # WASHINGTON (AP)
    )
    (?:\s*[—–]{{1,2}}|\s+-{{1,2}}(?=\s)|(?<=\))\s*-{{1,2}})\s*\S      # a dash; a hyphen only with space around it (not UTF-8, not a double-barrelled name)
    """,
    regex.X,
)
_WORD = regex.compile(r"\b[^\W\d_]{3,}\b")
# The same words in ASCII text, found by the stdlib engine about twice as fast:
# on ASCII both engines' \w is [A-Za-z0-9_], so [^\W\d_] is [a-z] in casefolded
# text and the word boundaries fall in the same places.
_ASCII_WORD = re.compile(r"\b[a-z]{3,}\b", re.ASCII)
# Counts tokens holding a digit: each match starts at a token's first digit and
# runs to the token's end, so there is exactly one match per such token (the
# same count as ``\S*\d\S*``, without its backtracking from every character:
# ten times faster on long URL lines).
_DIGIT_TOKEN = regex.compile(r"\d\S*")
_ENDS_STORY = ("contributor_line",)


def _open_end(text: str) -> bool:
    """The text stops mid-sentence (a lower-case letter, a comma or a semicolon last)."""
    end = text.rstrip()[-1:]
    return end.islower() or end in ",;"


def _carries_on(text: str) -> bool:
    """The text starts in lower case (it carries on a sentence)."""
    return text.lstrip()[:1].islower()


def is_dateline(text: str) -> bool:
    """A paragraph that opens a wire story: ``(ROME) — …``, ``KYIV, Ukraine (AP) — …``."""
    return bool(_DATELINE.match(text[:160]))


_PLAIN_WORD = regex.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def _english_frequencies() -> dict[str, float]:
    """``wordfreq.get_frequency_dict("en", "best")``, read from wordfreq's own
    file without importing wordfreq: its import (tokenizers, ftfy, langcodes)
    cost more than the read, on every process's first document."""
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "large_en.msgpack.gz" if spec else None
    if path is None or not path.is_file():
        from wordfreq import get_frequency_dict

        return get_frequency_dict("en", "best")
    import gzip

    import msgpack

    with gzip.open(path, "rb") as fh:  # wordfreq's cBpack: a header, then one list of words per centibel
        data = msgpack.load(fh, raw=False)
    if not isinstance(data[0], dict) or data[0].get("format") != "cB" or data[0].get("version") != 1:
        from wordfreq import get_frequency_dict

        return get_frequency_dict("en", "best")
    buckets = data[1:]
    # One dict built in C: every word with its bucket's frequency, wordfreq's cB_to_freq(-index).
    return dict(zip(itertools.chain.from_iterable(buckets),
                    itertools.chain.from_iterable(itertools.repeat(10 ** (-index / 100), len(bucket))
                                                  for index, bucket in enumerate(buckets))))


@lru_cache(maxsize=200_000)
def _weight(word: str) -> float:
    """How informative a word is: 0 for the commonest words, more for rarer ones."""
    # Words English lists do not know (names, places, other languages) count
    # as rare, which is what they are for telling stories apart.
    return max(0.0, 6.5 - _zipf(word))


def _zipf(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "en")``, with a direct look-up for plain
    lower-case words: wordfreq tokenizes every word it is asked about, which
    was a fifth of this step's time. Other words go through wordfreq itself;
    a property test checks that both give the same figure."""
    if _PLAIN_WORD.fullmatch(word):
        freq = _english_frequencies().get(word)
        if not freq:
            return 0.0
        freq = round(freq, math.floor(-math.log(freq, 10)) + 3)  # as wordfreq rounds
        return round(math.log(freq, 10) + 9, 2)
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _find_words(text: str) -> list[str]:
    """The content words of ``text``, casefolded, in order (``_WORD``'s matches)."""
    folded = text.casefold()
    return (_ASCII_WORD if folded.isascii() else _WORD).findall(folded)


def _bag(text: str) -> Counter[str]:
    return Counter(_find_words(text))


class _Space:
    """Weighted bag-of-words vectors for a document's units.

    ``sparse`` holds them as a CSR matrix (most words occur in few units):
    the run search takes its Gram matrix, :meth:`total` sums a few rows.
    """

    def __init__(self, texts: list[str]):
        from scipy.sparse import csr_matrix

        self.texts = texts
        # The words of every unit, as _bag finds them, in one flat list (a
        # Counter per unit was a third of this method's time; numpy counts
        # them below instead). Each unit's list is dropped as soon as it is
        # copied, so tens of thousands of lists do not stay alive at once
        # (they set off the garbage collector).
        flat: list[str] = []
        self.content_words = []
        for t in texts:
            found = _find_words(t)
            self.content_words.append(len(found))
            flat += found
        # Columns in order of each word's first occurrence (what iterating
        # over per-unit Counters gave): the matrix, and so every sum taken
        # from it, is the same to the last bit.
        self.index: dict[str, int] = dict(zip(dict.fromkeys(flat), range(len(flat))))
        if flat:
            cols = np.fromiter(map(self.index.__getitem__, flat), dtype=np.intp, count=len(flat))
            # One entry per (unit, distinct word): np.unique counts them; entries
            # are then put back in the order a Counter keeps (unit, then first
            # occurrence in it), which is the order the norms below sum in.
            key = np.repeat(np.arange(len(texts), dtype=np.int64), self.content_words) * len(self.index) + cols
            key, first, counts = np.unique(key, return_index=True, return_counts=True)
            order = np.argsort(first)
            rows, cols = np.divmod(key[order], len(self.index))
            counts = counts[order].astype(np.float64)
        else:
            rows = cols = np.zeros(0, dtype=np.intp)
        weights = np.fromiter(map(_weight, self.index), dtype=np.float64, count=len(self.index))
        v = (1.0 + np.log(counts)) * weights[cols] if len(cols) else np.zeros(0)
        norms = np.sqrt(np.bincount(rows, weights=v * v, minlength=len(texts)))
        v = v / np.where(norms == 0, 1.0, norms)[rows] if len(v) else v
        self.sparse = csr_matrix((v, (rows, cols)), shape=(len(texts), len(self.index)))

    def total(self, units) -> np.ndarray:
        """The sum of some units' vectors (a slice or a list of rows), dense."""
        return np.asarray(self.sparse[units].sum(axis=0)).ravel()

    def vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.sparse.shape[1])
        for w, c in _bag(text).items():
            i = self.index.get(w)
            if i is not None:
                v[i] = (1.0 + math.log(c)) * _weight(w)
        n = np.linalg.norm(v)
        return v / n if n else v


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    return float(a @ b / (na * nb)) if na and nb else 0.0


def is_data_row(text: str, content_words: int | None = None) -> bool:
    """A table row or a line of figures (``1 State Farm Group 107,764,591 16.4``), or next to no words: not prose.

    ``content_words`` is the number of content words in ``text`` when known.
    """
    if content_words is None:
        content_words = len(_find_words(text))
    if content_words < MIN_CONTENT_WORDS:
        return True
    tokens = len(text.split())
    return tokens <= 25 and len(_DIGIT_TOKEN.findall(text)) >= DATA_ROW_SHARE * tokens


def _group_rows(X, size: int):
    """``csr_matrix(np.add.reduceat(X.toarray(), starts, axis=0))`` for groups
    of ``size`` consecutive rows (``X`` sparse, no duplicate entries), without
    a dense units-by-words array (gigabytes for a document of a few MB).

    A word that occurs in one unit of a group sums to that unit's value (the
    rest are zeros). The words met twice or more in a group are summed by
    ``reduceat`` itself, each over its group's full run of rows, zeros
    included: numpy adds a column's first row to the pairwise sum of the
    rest, so where the zeros sit matters to the last bit. Laid out as one
    column per (group, word), rows by position in the group, they get the
    very figures the dense reduction gave.
    """
    from scipy.sparse import csr_matrix

    X = X.tocoo()
    n_rows, n_words = X.shape
    n_groups = -(-n_rows // size)
    key, inverse, counts = np.unique((X.row // size).astype(np.int64) * n_words + X.col,
                                     return_inverse=True, return_counts=True)
    group, col = np.divmod(key, n_words)
    values = np.zeros(len(key))
    alone = counts[inverse] == 1
    values[inverse[alone]] = X.data[alone]  # x + 0.0 + ... == x
    shared_keys = np.flatnonzero(counts > 1)
    if len(shared_keys):
        entries = np.flatnonzero(~alone)
        slot = np.searchsorted(shared_keys, inverse[entries])  # the entry's column in the layout
        last = n_groups - 1
        in_last = group[shared_keys] == last
        # Full groups have ``size`` rows, the last one may have fewer: a
        # shorter run is summed in another order, so it gets a layout of its own.
        for mask, length in ((~in_last, size), (in_last, n_rows - last * size)):
            cols = np.flatnonzero(mask)
            for chunk in np.array_split(cols, max(1, -(-len(cols) * length // 4_000_000))):  # <= ~32 MB at a time
                if not len(chunk):
                    continue
                take = np.isin(slot, chunk)
                layout = np.zeros((length, len(chunk)))
                layout[X.row[entries[take]] % size, np.searchsorted(chunk, slot[take])] = X.data[entries[take]]
                values[shared_keys[chunk]] = np.add.reduceat(layout, [0], axis=0)[0]
    nonzero = values != 0  # csr_matrix of a dense array stores no zeros
    return csr_matrix((values[nonzero], (group[nonzero], col[nonzero])), shape=(n_groups, n_words))


def _candidate_runs(W: np.ndarray, first: int, cuts: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The runs ``[s, e)`` :func:`find_pasted_run` may pick, as two index arrays
    in row-major order (by start, then end). ``W`` holds the prefix sums of the
    units' lengths."""
    n = len(W) - 1
    if not (np.all(np.isfinite(W)) and np.all(W[1:] >= W[:-1])):  # lengths that are not all finite and >= 0: test every pair
        return _candidate_runs_grid(W, first, cuts)
    # For a given start, W[e] - W[s] never decreases with e (W never does, and
    # rounding keeps the order), so the ends that make the run long enough form
    # a suffix and those that leave enough around it a prefix. Both bounds are
    # found for every start at once: np.searchsorted comes within a step or
    # two, and the very comparisons the grid makes settle them exactly. Testing
    # every (n + 1)^2 pair took a quarter of the search's time, and only some
    # 12% of the pairs are valid.
    idx = np.arange(n + 1)
    total = W[n]

    def first_end(holds, guess: np.ndarray) -> np.ndarray:
        """Per start s, the first end e in [0, n] where ``holds(s, e)`` (false, then true), n + 1 if none."""
        e = guess
        while (back := (e > 0) & holds(idx, np.maximum(e - 1, 0))).any():
            e = e - back
        while (ahead := (e <= n) & ~holds(idx, np.minimum(e, n))).any():
            e = e + ahead
        return e

    def long_enough(s, e):
        return W[e] - W[s] >= MIN_RUN_WORDS

    def too_long(s, e):
        # an article is left around the run, and the run is not most of the
        # document (see _candidate_runs_grid)
        run_words = W[e] - W[s]
        return ~((W[n] - run_words >= MIN_DOC_WORDS) & (run_words <= MAX_RUN_SHARE * total))

    lo = first_end(long_enough, np.searchsorted(W, W + MIN_RUN_WORDS, side="left"))
    lo = np.maximum(lo, idx + 2)  # at least two units
    hi = first_end(too_long, np.searchsorted(W, W + min(MAX_RUN_SHARE * total, total - MIN_DOC_WORDS), side="right"))
    starts_ok = idx >= max(first, 1)
    if cuts is not None:
        starts_ok = starts_ok & cuts
    count = np.where(starts_ok, np.maximum(hi - lo, 0), 0)
    s = np.repeat(idx, count)
    e = np.arange(len(s)) + np.repeat(lo - (np.cumsum(count) - count), count)
    # n - (e - s) >= 2 (a unit is left besides unit 0): with s >= 1 only (1, n) breaks it
    keep = ~((s == 1) & (e == n))
    if cuts is not None:  # cuts[i]: a run may start or end before unit i
        keep &= cuts[e]
    return s[keep], e[keep]


def _candidate_runs_grid(W: np.ndarray, first: int, cuts: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_candidate_runs`, testing every (start, end) pair."""
    n = len(W) - 1
    S, E = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    run_words = W[E] - W[S]
    rest_words = W[n] - run_words
    valid = (S >= max(first, 1)) & (E >= S + 2) & (E <= n) & (run_words >= MIN_RUN_WORDS)
    valid &= (rest_words >= MIN_DOC_WORDS) & (n - (E - S) >= 2)  # an article is left around the run
    # ... and not most of the document: a run of nearly everything is a page
    # whose article the search has mistaken (a blog's archive list interleaved
    # with the post made all but its first lines look foreign: 85-90% of the
    # words). Leftovers longer than a short article do occur (teasers after a
    # four-paragraph story), and so do pasted stories longer than the story
    # they were pasted into, so the bound is high.
    valid &= run_words <= MAX_RUN_SHARE * W[n]
    if cuts is not None:  # cuts[i]: a run may start or end before unit i
        valid &= cuts[S] & cuts[E]
    return S[valid], E[valid]


def find_pasted_run(X, words: np.ndarray, *, first: int = 1, lead: np.ndarray | None = None,
                    cuts: np.ndarray | None = None) -> tuple[int, int, float] | None:
    """The run ``[s, e)`` of units most cut off from the rest, with its score.

    ``X`` holds one unit vector per row (dense or sparse), ``words`` the
    units' lengths. Units are weighted by the square root of their length
    (a pair of units weighs the geometric mean of their lengths' product).
    Two contrasts score every candidate run, both near 0 for a pasted story
    (cohesive inside, foreign outside) and not for a section of one article:

    * **pair contrast**: the weighted similarity between the run and the rest,
      over the geometric mean of the similarity inside the run and inside the
      rest, each per pair of words; the run with the lowest raw contrast is
      taken, then calibrated by length (``SHORT_RUN_WORDS / run words`` and
      ``run words / rest words`` when above 1: short runs are where single
      articles have their own asides, and a run longer than the article left
      around it is where a page's leftovers make the real article look like
      the odd one out) and divided by ``PAIR_THRESHOLD``;
    * **cosine contrast**: the same ratio of mean cosines (pairs weighted as
      above, self-pairs left out), calibrated by length the same way (a gentler
      ``COSINE_SHORT_POWER`` for short runs) and divided by ``COSINE_THRESHOLD``.
      The run is chosen on the calibrated value, among runs that are further
      from the lead than the rest is: ``lead`` is the vector of unit 0 (and
      the title), the story the article belongs to.

    ``cuts`` (``n + 1`` booleans) says where a run may start or end.
    The lower of the two ratios is returned; below ``RUN_THRESHOLD`` (1) the
    run is pasted. Every candidate run is scored at once from the Gram matrix
    of prefix sums, so the search is a few array operations, not a Python
    loop over pairs.
    """
    n = X.shape[0]
    K = X @ X.T  # unit-by-unit similarities (X may be a sparse matrix)
    K = K.toarray() if hasattr(K, "toarray") else np.asarray(K)
    root = np.sqrt(words)
    K = K * np.outer(root, root)
    # K is a fresh float array: take its prefix sums in place (the same sums
    # as cumsum over rows, then columns, without two more n^2 temporaries).
    diag_k = np.diag(K).copy()  # before the cumsum below overwrites K
    # G[i, j]: dot product of the (weighted) sums of units [0, i) and [0, j)
    G = np.zeros((n + 1, n + 1))
    np.cumsum(K, axis=0, out=K)
    np.cumsum(K, axis=1, out=G[1:, 1:])

    def prefix(v: np.ndarray) -> np.ndarray:
        return np.concatenate([[0.0], np.cumsum(v)])

    W, P, D, Q = prefix(words), prefix(root), prefix(diag_k), prefix(root * root)
    s, e = _candidate_runs(W, first, cuts)
    if not len(s):
        return None
    m = W[e] - W[s]  # run words
    q = W[n] - m  # rest words
    d = np.diag(G).copy()
    g_n = G[:, n].copy()  # a contiguous column: gathers from it are cheaper than G[e, n]
    r2 = d[e] - 2 * G[s, e] + d[s]  # |R|^2
    rt = g_n[e] - g_n[s]  # R . total
    o2 = d[n] - 2 * rt + r2  # |total - R|^2
    self_r = D[e] - D[s]  # self-pairs inside the run (units without content words have none)
    self_o = D[n] - self_r
    majority = np.maximum(1.0, m / q) ** MAJORITY_POWER

    # pair contrast, per pair of words
    cross = (rt - r2) / (m * q)
    inner = (r2 - self_r) / (m * m)
    outer = (o2 - self_o) / (q * q)
    pair = cross / np.sqrt(np.maximum(inner, COHESION_FLOOR) * np.maximum(outer, COHESION_FLOOR))
    k = int(np.argmin(pair))
    best = (int(s[k]), int(e[k]), float(pair[k] * max(1.0, SHORT_RUN_WORDS / m[k]) ** SHORT_POWER * majority[k] / PAIR_THRESHOLD))

    # cosine contrast: mean cosines, pairs weighted by the square roots of the units' lengths
    mp = P[e] - P[s]
    qp = P[n] - mp
    sq_r = Q[e] - Q[s]
    sq_o = Q[n] - sq_r
    cross = (rt - r2) / (mp * qp)
    inner = (r2 - self_r) / np.maximum(mp * mp - sq_r, 1e-9)
    outer = (o2 - self_o) / np.maximum(qp * qp - sq_o, 1e-9)
    cosine = cross / np.sqrt(np.maximum(inner, COSINE_FLOOR) * np.maximum(outer, COSINE_FLOOR))
    cosine = cosine * np.maximum(1.0, SHORT_RUN_WORDS / m) ** COSINE_SHORT_POWER * majority / COSINE_THRESHOLD
    if lead is not None:
        # the lead (unit 0 and the title) must be closer to the rest than to the run
        C = prefix(np.asarray(X @ lead).ravel() * root)
        c_run = C[e] - C[s]  # the lead's dot product with the run
        lead_r = c_run / np.sqrt(np.maximum(r2, 1e-12))
        after0 = d[n] - 2 * G[1, n] + G[1, 1]  # |units [1, n)|^2
        g_1 = G[:, 1].copy()
        rest2 = after0 - 2 * (rt - (g_1[e] - g_1[s])) + r2  # |rest without unit 0|^2
        lead_o = (C[n] - C[1] - c_run) / np.sqrt(np.maximum(rest2, 1e-12))
        cosine = np.where(lead_o >= lead_r, cosine, np.inf)
    k = int(np.argmin(cosine))
    if cosine[k] < best[2]:
        best = (int(s[k]), int(e[k]), float(cosine[k]))
    return best


class OffTopicStage:
    """Drop (or split out) stories that are not about the document's main story."""

    name = "off_topic"

    def __init__(self, mode: str = "drop", *, story_threshold: float = STORY_THRESHOLD, run_threshold: float = RUN_THRESHOLD,
                 run_search: bool = True):
        """``run_search=False`` keeps step 3 off: stories are cut at cues only.

        The run search compares paragraphs with the article around them, so
        it needs the article alone: without the classifier upstream (rules
        only) the page furniture still kept makes the article itself look
        like the odd run out.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.mode = mode
        self.story_threshold = story_threshold
        self.run_threshold = run_threshold
        self.run_search = run_search

    def __call__(self, docs: list[Document]) -> list[Document]:
        if self.mode == "keep":
            return docs
        out: list[Document] = []
        next_index: dict[str | None, int] = {}
        for doc in docs:
            next_index[doc.source] = max(next_index.get(doc.source, 0), doc.index + 1)
        for doc in docs:
            out.append(doc)
            stories = self._off_topic_stories(doc)
            for blocks, score in stories:
                for b in blocks:
                    b.drop(REASON, certain=False)
                    b.score = round(score, 4)
                    b.info["off_topic_similarity"] = round(score, 4)
                if self.mode == "split":
                    idx = next_index[doc.source]
                    next_index[doc.source] += 1
                    copies = [dataclasses.replace(b, decision=KEEP, reason="split_story", certain=False,
                                                  inline_removals=list(b.inline_removals), info=dict(b.info)) for b in blocks]
                    out.append(Document(blocks=copies, source=doc.source, index=idx, date=doc.date,
                                        fields=dict(doc.fields), split_from=doc.id))
        return out

    def _pasted_run(self, space: "_Space", words: np.ndarray, units: list[int], title: str | None = None) -> list[int]:
        """Units of the pasted run among ``units`` (empty when there is none).

        Units with too few content words and table rows take no part in the
        search (their words say little about what the text is about); those
        between the first and the last unit of a pasted run go with it. Past
        ``MAX_UNITS`` units, adjacent units are searched in groups.
        """
        texts = space.texts
        content = space.content_words
        # is_data_row(texts[k], content[k]) inlined: the unit has enough content
        # words here and its token count is words[k] already, so only the
        # digit tokens are left to count (for units of 25 tokens or fewer).
        n_tokens = words.tolist()
        active = [k for k in units if content[k] >= MIN_CONTENT_WORDS
                  and (n_tokens[k] > 25 or len(_DIGIT_TOKEN.findall(texts[k])) < DATA_ROW_SHARE * n_tokens[k])]
        if len(active) < 4:
            return []
        X = space.sparse[active]
        w = words[active]
        size = -(-len(active) // MAX_UNITS)  # units per group
        if size > 1:
            from scipy.sparse import csr_matrix

            starts = np.arange(0, len(active), size)
            X = _group_rows(X.multiply(np.sqrt(w)[:, None]), size)
            norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
            X = csr_matrix(X.multiply(1.0 / np.where(norms == 0, 1.0, norms)[:, None]))
            w = np.add.reduceat(w, starts)
        # A run never starts or ends inside a sentence: a unit ending without
        # punctuation and the next one starting in lower case are lines of
        # one hard-wrapped paragraph.
        cut = np.array([True] + [not (_carries_on(texts[b]) and _open_end(texts[a]))
                                 for a, b in zip(active, active[1:])] + [True])
        if size > 1:
            cut = np.append(cut[:-1][::size], True)
        lead = np.asarray(X[0].toarray()).ravel()
        if title:
            t = space.vector(title)
            lead = lead / (np.linalg.norm(lead) or 1.0) + t
        lead = lead / (np.linalg.norm(lead) or 1.0)
        run = find_pasted_run(X, w, lead=lead, cuts=cut)
        if run is None or run[2] >= self.run_threshold:
            return []
        first, last = active[run[0] * size], active[min(run[1] * size, len(active)) - 1]
        return units[units.index(first) : units.index(last) + 1]

    def _off_topic_stories(self, doc: Document) -> list[tuple[list, float]]:
        """Lists of blocks (each an unrelated story) with their similarity to the main story."""
        blocks = doc.blocks
        unit_idx = [i for i, b in enumerate(blocks) if b.decision != DROP and b.text]
        if len(unit_idx) < 4:
            return []
        texts = [blocks[i].text for i in unit_idx]
        words = np.array([float(len(t.split())) for t in texts])
        if words.sum() < MIN_DOC_WORDS:
            return []
        # 1. stories cut at cues
        starts = [0]
        # Dropped blocks that close a story (contributor lines), in order: a
        # story is closed between two units when one lies between them. Most
        # documents have none, and the blocks between units need no look.
        closers = [j for j, b in enumerate(blocks) if b.decision == DROP and b.reason in _ENDS_STORY]
        for k in range(1, len(unit_idx)):
            prev, cur = unit_idx[k - 1], unit_idx[k]
            if closers:
                after = bisect.bisect_right(closers, prev)
                closed = after < len(closers) and closers[after] < cur
            else:
                closed = False
            if is_dateline(texts[k]) or (closed and words[k:].sum() >= MIN_RUN_WORDS):
                starts.append(k)
        bounds = list(zip(starts, starts[1:] + [len(unit_idx)]))
        # The main story is the first one, grown over the next ones while it is
        # too short to stand for the article (a headline or a standfirst before
        # the first dateline).
        while len(bounds) > 1 and words[bounds[0][0] : bounds[0][1]].sum() < MIN_DOC_WORDS:
            bounds[:2] = [(bounds[0][0], bounds[1][1])]
        # A pasted run has MIN_RUN_WORDS and leaves MIN_DOC_WORDS around it:
        # a shorter text has no candidate, so its search is skipped outright.
        search = self.run_search and not doc.extracted_by and words.sum() >= MIN_RUN_WORDS + MIN_DOC_WORDS
        if len(bounds) == 1 and not search:
            return []  # one story and no run search: nothing to compare, no vectors to build
        space = _Space(texts)
        main = space.total(slice(bounds[0][0], bounds[0][1]))
        if doc.title:
            main = main + space.vector(doc.title) * 2.0
        dropped: list[tuple[int, int, float]] = []
        kept_runs = [bounds[0]]
        for s, e in bounds[1:]:
            sim = _cos(space.total(slice(s, e)), main)
            if sim >= self.story_threshold:
                kept_runs.append((s, e))
            else:
                dropped.append((s, e, sim))
        # 2. a pasted run inside what is left (no cues needed)
        keep_units = [k for s, e in kept_runs for k in range(s, e)]
        if search and len(keep_units) >= 4 and words[keep_units].sum() >= MIN_DOC_WORDS:
            members = self._pasted_run(space, words, keep_units, doc.title)
            if members:
                member_set = set(members)
                rest = [k for k in keep_units if k not in member_set]
                sim = _cos(space.total(members), space.total(rest))
                group = [members[0]]
                for k in members[1:] + [None]:  # contiguous groups of units
                    if k is not None and k == group[-1] + 1:
                        group.append(k)
                        continue
                    dropped.append((group[0], group[-1] + 1, sim))
                    if k is not None:
                        group = [k]
        stories = []
        for s, e, sim in sorted(dropped):
            story = [blocks[unit_idx[k]] for k in range(s, e)]
            stories.append((story, sim))
        return stories
