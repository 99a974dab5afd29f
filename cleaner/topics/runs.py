"""The search for a pasted run: the contiguous run of units most cut off from the rest."""

from __future__ import annotations

import numpy as np

from .vectors import SparseRows

# Two contrast measures, each with its calibrated threshold (see find_pasted_run);
# a run is pasted when either is below its threshold.
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
MIN_DOC_WORDS = 150  # the article left around a run has at least this many words
# Evidence a run must bring beyond its contrasts (see evidence_factor): below
# these a run's score is raised in proportion.
MIN_EFFECTIVE_UNITS = 2.5  # units the run's weight is spread over (its inner similarity needs pairs)
# The run's score over the best score of a run beside it (not overlapping it), at
# least this: a list of unrelated items has many runs as foreign as the best.
MIN_DISTINCTION = 1.5
BESIDE_SHARE = 0.75  # runs beside it holding more of the article left than this do not count
# A run of nearly everything is a page whose article the search has mistaken
# (an archive list interleaved with a short post makes all but the post's
# first lines look foreign). Leftovers longer than a short article do occur
# (teasers after a four-paragraph story), and so do pasted stories longer than
# the story they were pasted into, so the bound is high.
MAX_RUN_SHARE = 0.85
# Guards against dividing by zero where a run or the rest holds a single unit
# (no pairs) or has no weight at all: far below any figure a real pair gives.
NO_PAIRS = 1e-9
NO_LENGTH = 1e-12


def candidate_runs(W: np.ndarray, first: int, cuts: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The runs ``[s, e)`` :func:`find_pasted_run` may pick, as two index arrays
    in row-major order (by start, then end). ``W`` holds the prefix sums of the
    units' lengths (finite, never decreasing).

    A run starts at ``max(first, 1)`` or later, holds at least two units and
    ``MIN_RUN_WORDS`` words, leaves ``MIN_DOC_WORDS`` words and two units
    (unit 0 and another) around it, is at most ``MAX_RUN_SHARE`` of the words,
    and starts and ends where ``cuts`` (``n + 1`` booleans: a run may start or
    end before unit i) allows.
    """
    n = len(W) - 1
    if not (np.all(np.isfinite(W)) and np.all(W[1:] >= W[:-1])):
        raise ValueError("unit lengths must be finite and not negative")
    # For a given start, W[e] - W[s] never decreases with e (W never does, and
    # rounding keeps the order), so the ends that make the run long enough form
    # a suffix and those that leave enough around it a prefix. Both bounds are
    # found for every start at once: np.searchsorted comes within a step or
    # two, and the conditions themselves, tested on the same figures, settle
    # them exactly. Only a small share of all (start, end) pairs are valid, so
    # this costs far less than testing every pair.
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
        run_words = W[e] - W[s]
        return ~((W[n] - run_words >= MIN_DOC_WORDS) & (run_words <= MAX_RUN_SHARE * total))

    lo = first_end(long_enough, np.searchsorted(W, W + MIN_RUN_WORDS, side="left"))
    lo = np.maximum(lo, idx + 2)  # at least two units
    longest = min(MAX_RUN_SHARE * total, total - MIN_DOC_WORDS)
    hi = first_end(too_long, np.searchsorted(W, W + longest, side="right"))
    starts_ok = idx >= max(first, 1)
    if cuts is not None:
        starts_ok = starts_ok & cuts
    count = np.where(starts_ok, np.maximum(hi - lo, 0), 0)
    s = np.repeat(idx, count)
    e = np.arange(len(s)) + np.repeat(lo - (np.cumsum(count) - count), count)
    # n - (e - s) >= 2 (a unit is left besides unit 0): with s >= 1 only (1, n) breaks it
    keep = ~((s == 1) & (e == n))
    if cuts is not None:
        keep &= cuts[e]
    return s[keep], e[keep]


def _prefix(v: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(v)])


class _Sums:
    """Prefix sums over the units from which every candidate run's figures are read."""

    def __init__(self, X, words: np.ndarray):
        n = X.shape[0]
        K = X.gram() if isinstance(X, SparseRows) else np.asarray(X @ X.T)  # unit-by-unit similarities
        self.root = root = np.sqrt(words)
        K = K * np.outer(root, root)
        # K is a fresh float array: take its prefix sums in place (the same sums
        # as cumsum over rows, then columns, without two more n^2 temporaries).
        diag_k = np.diag(K).copy()  # before the cumsum below overwrites K
        # G[i, j]: dot product of the (weighted) sums of units [0, i) and [0, j)
        self.G = G = np.zeros((n + 1, n + 1))
        np.cumsum(K, axis=0, out=K)
        np.cumsum(K, axis=1, out=G[1:, 1:])
        self.W, self.P, self.D, self.Q = _prefix(words), _prefix(root), _prefix(diag_k), _prefix(root * root)
        self.d = np.diag(G).copy()
        self.g_n = G[:, n].copy()  # a contiguous column: gathers from it are cheaper than G[e, n]


def _pair_contrast(m, q, rt, r2, o2, self_r, self_o) -> np.ndarray:
    """Per run, the similarity between run and rest over the geometric mean of
    the similarities inside each, every one per pair of words (uncalibrated)."""
    cross = (rt - r2) / (m * q)
    inner = (r2 - self_r) / (m * m)
    outer = (o2 - self_o) / (q * q)
    return cross / np.sqrt(np.maximum(inner, COHESION_FLOOR) * np.maximum(outer, COHESION_FLOOR))


def _cosine_contrast(sums: _Sums, s, e, rt, r2, o2, self_r, self_o) -> np.ndarray:
    """Per run, the same ratio of mean cosines, pairs weighted by the square roots
    of the units' lengths and self-pairs left out (uncalibrated)."""
    n = len(sums.W) - 1
    mp = sums.P[e] - sums.P[s]
    qp = sums.P[n] - mp
    sq_r = sums.Q[e] - sums.Q[s]
    sq_o = sums.Q[n] - sq_r
    cross = (rt - r2) / (mp * qp)
    inner = (r2 - self_r) / np.maximum(mp * mp - sq_r, NO_PAIRS)
    outer = (o2 - self_o) / np.maximum(qp * qp - sq_o, NO_PAIRS)
    return cross / np.sqrt(np.maximum(inner, COSINE_FLOOR) * np.maximum(outer, COSINE_FLOOR))


def _lead_similarities(X, sums: _Sums, lead: np.ndarray, s, e, rt, r2) -> tuple[np.ndarray, np.ndarray]:
    """Per run, the lead's (unit 0 and the title) dot product with the run's and
    with the rest's (unit 0 left out) normalised total vectors."""
    n, G, d = len(sums.W) - 1, sums.G, sums.d
    C = _prefix(np.asarray(X.dot(lead) if isinstance(X, SparseRows) else X @ lead).ravel() * sums.root)
    c_run = C[e] - C[s]  # the lead's dot product with the run
    lead_r = c_run / np.sqrt(np.maximum(r2, NO_LENGTH))
    after0 = d[n] - 2 * G[1, n] + G[1, 1]  # |units [1, n)|^2
    g_1 = G[:, 1].copy()
    rest2 = after0 - 2 * (rt - (g_1[e] - g_1[s])) + r2  # |rest without unit 0|^2
    lead_o = (C[n] - C[1] - c_run) / np.sqrt(np.maximum(rest2, NO_LENGTH))
    return lead_r, lead_o


def evidence_factor(sums: _Sums, s, e) -> np.ndarray:
    """Per run, how much its score is raised for lack of pairs to measure its inner similarity on.

    Both contrasts compare mean similarities inside the run with those across
    it. A run whose weight lies in one or two units has next to no pairs
    inside (the floor stands in for them), so a long paragraph of an essay
    scores as low as a pasted story; the same holds for the rest around the
    run. Below ``MIN_EFFECTIVE_UNITS`` effective units (``(sum sqrt w)^2 /
    sum w``, units weighted as in the contrasts) in the run or in the rest,
    the score is raised by ``MIN_EFFECTIVE_UNITS / effective units`` (each).
    """
    n = len(sums.W) - 1
    mp, sq = sums.P[e] - sums.P[s], sums.Q[e] - sums.Q[s]
    factor = np.ones(len(s))
    for p, q in ((mp, sq), (sums.P[n] - mp, sums.Q[n] - sq)):
        effective = p * p / np.maximum(q, NO_LENGTH)
        factor = factor * np.maximum(1.0, MIN_EFFECTIVE_UNITS / np.maximum(effective, NO_LENGTH))
    return factor


def distinction_factor(scores: np.ndarray, W: np.ndarray, s, e, k: int) -> float:
    """How much run ``k``'s score is raised when a run beside it (sharing no unit) scores nearly as low.

    A pasted story is the one foreign stretch of its document: every other
    run holds article paragraphs and scores far higher. In a list of
    unrelated items (albums of the month, a recipe's ingredients, quotes)
    every stretch of items is foreign to the rest, and the best run is one of
    many. The best run's score must be at most ``1 / MIN_DISTINCTION`` of the
    best score beside it, or it is raised to that. Only runs of at most
    ``BESIDE_SHARE`` of the words left around the best run count: a longer one
    is most of the article itself, foreign to a rest that holds the pasted story.
    """
    left = W[-1] - (W[e[k]] - W[s[k]])
    beside = ((e <= s[k]) | (s >= e[k])) & (W[e] - W[s] <= BESIDE_SHARE * left)
    if not beside.any():
        return 1.0
    other = float(scores[beside].min())
    return max(1.0, MIN_DISTINCTION * float(scores[k]) / other) if other > 0 else MIN_DISTINCTION


def find_pasted_run(X, words: np.ndarray, *, first: int = 1, lead: np.ndarray | None = None,
                    cuts: np.ndarray | None = None,
                    runs: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[int, int, float] | None:
    """The run ``[s, e)`` of units most cut off from the rest, with its score.

    ``X`` holds one unit vector per row (:class:`SparseRows` or a dense
    array), ``words`` the units' lengths. Units are weighted by the square
    root of their length (a pair of units weighs the geometric mean of their
    lengths' product). Two contrasts score every candidate run, both near 0
    for a pasted story (cohesive inside, foreign outside) and not for a
    section of one article:

    * **pair contrast**: the weighted similarity between the run and the rest,
      over the geometric mean of the similarity inside the run and inside the
      rest, each per pair of words; the run with the lowest raw contrast (times
      :func:`evidence_factor`) is taken, then calibrated by length (``SHORT_RUN_WORDS / run words`` and
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

    Both are raised where the run or the rest has too few units to measure
    cohesion on (:func:`evidence_factor`), and the lower of the two is
    raised where a run beside the chosen one scores nearly as low
    (:func:`distinction_factor`).

    ``cuts`` (``n + 1`` booleans) says where a run may start or end;
    ``runs`` is :func:`candidate_runs` of the same ``words``, ``first`` and
    ``cuts`` when the caller has it already (it is not computed again).
    The lower of the two ratios is returned; below ``RUN_THRESHOLD`` (1) the
    run is pasted. Every candidate run is scored at once from the Gram matrix
    of prefix sums, so the search is a few array operations, not a Python
    loop over pairs.
    """
    W = _prefix(words)
    s, e = candidate_runs(W, first, cuts) if runs is None else runs
    if not len(s):
        return None
    sums = _Sums(X, words)
    n, G, d, g_n = len(W) - 1, sums.G, sums.d, sums.g_n
    m = W[e] - W[s]  # run words
    q = W[n] - m  # rest words
    r2 = d[e] - 2 * G[s, e] + d[s]  # |R|^2
    rt = g_n[e] - g_n[s]  # R . total
    o2 = d[n] - 2 * rt + r2  # |total - R|^2
    self_r = sums.D[e] - sums.D[s]  # self-pairs inside the run (units without content words have none)
    self_o = sums.D[n] - self_r
    majority = np.maximum(1.0, m / q) ** MAJORITY_POWER
    evidence = evidence_factor(sums, s, e)

    pair = _pair_contrast(m, q, rt, r2, o2, self_r, self_o) * evidence
    k = int(np.argmin(pair))
    pair = pair * np.maximum(1.0, SHORT_RUN_WORDS / m) ** SHORT_POWER * majority / PAIR_THRESHOLD
    best = (int(s[k]), int(e[k]), float(pair[k]))

    cosine = _cosine_contrast(sums, s, e, rt, r2, o2, self_r, self_o)
    cosine = cosine * np.maximum(1.0, SHORT_RUN_WORDS / m) ** COSINE_SHORT_POWER * majority / COSINE_THRESHOLD
    cosine = cosine * evidence
    if lead is not None:
        lead_r, lead_o = _lead_similarities(X, sums, lead, s, e, rt, r2)
        cosine = np.where(lead_o >= lead_r, cosine, np.inf)
    c = int(np.argmin(cosine))
    if cosine[c] < best[2]:
        best, k = (int(s[c]), int(e[c]), float(cosine[c])), c
    factor = distinction_factor(np.minimum(pair, cosine), W, s, e, k)
    return best[0], best[1], best[2] * factor
