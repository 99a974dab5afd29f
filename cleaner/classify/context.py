"""Document-level context for the second stage: how junky is this document?

The first stage scores each block from its text and its near neighbours'
text. It cannot know whether it is looking at a full-page dump (mostly
junk) or at an extractor's output (mostly article), so it cuts article
text from clean input to gain precision on dumps. The second stage sees
the first stage's probabilities along the whole document: the
neighbours' probabilities, where the block lies relative to the main run
of confident body, whether it sits between two confident body blocks,
and how much of the document is confident body. A list or table inside
the article run then reads as body, and the same line far past the end
of the run as junk.

Everything here is computed from the first stage's probabilities and the
blocks' word counts only, so training (on out-of-fold probabilities) and
inference build the same columns.
"""

from __future__ import annotations

import numpy as np

# A first-stage probability this high is taken as body when the document's
# confident share and the gaps to confident blocks are counted: high enough
# that junk rarely reaches it, low enough that most article paragraphs do.
CONFIDENT = 0.7
# Where a block is as likely body as not: above it a block adds evidence to
# the main run and counts as body in doc_block_share_body, below it takes away.
EVEN_ODDS = 0.5
# Every block weighs one word more than it has (in the weighted means and
# shares), so that empty blocks (images, rules) still count.
BLOCK_WEIGHT = 1.0
# The main run search gives each block this many words on top of its own, so
# that a run of short body lines (a list inside the article) adds up to
# evidence instead of weighing next to nothing.
RUN_WORD_PRIOR = 3.0
# Probabilities are held this far from 0 and 1 for the logit, which stays finite.
LOGIT_EPS = 1e-4
# p_at_* of a neighbour past either end of the document: no probability can be this.
NO_NEIGHBOUR = -1.0
OFFSETS = (-3, -2, -1, 1, 2, 3)
WINDOWS = (5, 11, 25)
PAD = max(map(abs, OFFSETS))


def context_feature_names() -> list[str]:
    names = ["p", "logit_p"]
    names += [f"p_at_{o:+d}" for o in OFFSETS]
    names += [f"p_mean_{w}" for w in WINDOWS]
    names += [
        "p_max_near", "p_rank",
        "doc_mean_p", "doc_block_share_body", "doc_word_share_confident", "doc_blocks", "doc_words",
        "in_main_run", "before_main_run", "after_main_run", "main_run_word_share",
        "confident_words_before", "confident_words_after", "between_confident",
        "gap_to_confident_before", "gap_to_confident_after",
    ]
    return names


N_CONTEXT = len(context_feature_names())


def _padded(a: np.ndarray, fill: float) -> np.ndarray:
    """``a`` with ``PAD`` entries of ``fill`` on each side: ``out[PAD + o : PAD + o + n]`` is ``a``
    shifted by ``o`` (each block gets the value ``o`` blocks away, ``fill`` past either end)."""
    out = np.full(len(a) + 2 * PAD, fill)
    out[PAD : PAD + len(a)] = a
    return out


def _window_means(p: np.ndarray, w: np.ndarray, sizes) -> list[np.ndarray]:
    """Word-weighted mean of ``p`` over a centred window of each of ``sizes`` blocks (one
    running sum serves them all)."""
    n = len(p)
    cw = np.zeros(n + 1)
    np.cumsum(w, out=cw[1:])
    cpw = np.zeros(n + 1)
    np.cumsum(p * w, out=cpw[1:])
    idx = np.arange(n)
    out = []
    for size in sizes:
        half = size // 2
        lo, hi = np.maximum(idx - half, 0), np.minimum(idx + half + 1, n)
        out.append((cpw[hi] - cpw[lo]) / np.maximum(cw[hi] - cw[lo], 1e-9))  # never 0 with BLOCK_WEIGHT
    return out


def main_run(p: np.ndarray, w: np.ndarray) -> tuple[int, int]:
    """``(start, end)`` (inclusive) of the span with the most word-weighted
    body evidence: the article's run, tolerant of a few junk blocks inside."""
    gain = (w + RUN_WORD_PRIOR) * (p - EVEN_ODDS)
    best, best_span = 0.0, (0, -1)
    run, start = 0.0, 0
    for i, g in enumerate(gain.tolist()):
        if run <= 0.0:
            run, start = g, i
        else:
            run += g
        if run > best:
            best, best_span = run, (start, i)
    return best_span


def _gap(flags: np.ndarray, reverse: bool) -> np.ndarray:
    """Blocks since the last flagged block (before it, or after it with ``reverse``); n+1 when none."""
    n = len(flags)
    idx = np.arange(n)
    if reverse:
        pos = np.where(flags, idx, n * 3)
        nxt = np.minimum.accumulate(pos[::-1])[::-1]
        nxt = np.concatenate([nxt[1:], [n * 3]])
        return np.minimum(nxt - idx, n + 1).astype(float)
    pos = np.where(flags, idx, -n * 3)
    prev = np.maximum.accumulate(pos)
    prev = np.concatenate([[-n * 3], prev[:-1]])
    return np.minimum(idx - prev, n + 1).astype(float)


def context_features(p: np.ndarray, words: np.ndarray) -> np.ndarray:
    """One row of context columns per block, from one document's first-stage
    probabilities ``p`` and word counts ``words`` (its undecided blocks, in order)."""
    n = len(p)
    if n == 0:
        return np.zeros((0, N_CONTEXT))
    p = np.asarray(p, dtype=float)
    w = np.asarray(words, dtype=float)
    wt = w + BLOCK_WEIGHT
    # Columns are written into the matrix in context_feature_names order. The
    # clips are minimum(maximum(...)): np.clip's values, without its overhead
    # (these are arrays of a few dozen blocks).
    out = np.empty((n, N_CONTEXT))
    out[:, 0] = p
    out[:, 1] = np.log(np.minimum(np.maximum(p, LOGIT_EPS), 1 - LOGIT_EPS)
                       / np.minimum(np.maximum(1 - p, LOGIT_EPS), 1))
    col = 2
    shifted, zero_filled = _padded(p, NO_NEIGHBOUR), _padded(p, 0.0)
    near = None
    for o in OFFSETS:
        out[:, col] = shifted[PAD + o : PAD + o + n]
        col += 1
        z = zero_filled[PAD + o : PAD + o + n]
        near = z if near is None else np.maximum(near, z)
    for mean in _window_means(p, wt, WINDOWS):
        out[:, col] = mean
        col += 1
    out[:, col] = near
    out[:, col + 1] = np.argsort(np.argsort(p, kind="stable"), kind="stable") / max(n - 1, 1)
    col += 2
    total_w = float(wt.sum())
    confident = p >= CONFIDENT
    conf_w = np.where(confident, wt, 0.0)
    conf_total = float(conf_w.sum())
    for value in (float((p * wt).sum() / total_w), float((p >= EVEN_ODDS).mean()), conf_total / total_w,
                  np.log1p(n), np.log1p(float(w.sum()))):
        out[:, col] = value
        col += 1
    start, end = main_run(p, w)
    idx = np.arange(n)
    out[:, col] = (idx >= start) & (idx <= end)
    out[:, col + 1] = np.log1p(np.maximum(start - idx, 0))
    out[:, col + 2] = np.log1p(np.maximum(idx - end, 0))
    out[:, col + 3] = float(wt[start : end + 1].sum()) / total_w if end >= start else 0.0
    col += 4
    before = np.cumsum(conf_w) - conf_w
    after = conf_total - before - conf_w
    denom = max(conf_total, 1.0)
    for values in (before / denom, after / denom, (before > 0) & (after > 0),
                   np.log1p(_gap(confident, False)), np.log1p(_gap(confident, True))):
        out[:, col] = values
        col += 1
    assert col == N_CONTEXT
    return out


def confident_share(p: np.ndarray, words: np.ndarray) -> float:
    """Share of the document's words (plus one per block) in blocks the first stage finds confidently body."""
    if len(p) == 0:
        return 0.0
    wt = np.asarray(words, dtype=float) + BLOCK_WEIGHT
    return float(wt[np.asarray(p) >= CONFIDENT].sum() / wt.sum())
