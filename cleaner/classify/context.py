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


def _shift(a: np.ndarray, off: int, fill: float) -> np.ndarray:
    out = np.full(len(a), fill)
    if off > 0 and off < len(a):
        out[:-off] = a[off:]
    elif off < 0 and -off < len(a):
        out[-off:] = a[:off]
    return out


def _window_mean(p: np.ndarray, w: np.ndarray, size: int) -> np.ndarray:
    """Word-weighted mean of ``p`` over a centred window of ``size`` blocks."""
    n = len(p)
    cw = np.concatenate([[0.0], np.cumsum(w)])
    cpw = np.concatenate([[0.0], np.cumsum(p * w)])
    half = size // 2
    idx = np.arange(n)
    lo, hi = np.clip(idx - half, 0, n), np.clip(idx + half + 1, 0, n)
    return (cpw[hi] - cpw[lo]) / np.maximum(cw[hi] - cw[lo], 1e-9)  # never 0 with BLOCK_WEIGHT; a guard


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
    names = context_feature_names()
    if n == 0:
        return np.zeros((0, len(names)))
    p = np.asarray(p, dtype=float)
    w = np.asarray(words, dtype=float)
    wt = w + BLOCK_WEIGHT
    cols: list[np.ndarray] = [p, np.log(np.clip(p, LOGIT_EPS, 1 - LOGIT_EPS) / np.clip(1 - p, LOGIT_EPS, 1))]
    cols += [_shift(p, o, NO_NEIGHBOUR) for o in OFFSETS]
    cols += [_window_mean(p, wt, s) for s in WINDOWS]
    near = np.max(np.stack([_shift(p, o, 0.0) for o in OFFSETS]), axis=0)
    cols.append(near)
    cols.append(np.argsort(np.argsort(p, kind="stable"), kind="stable") / max(n - 1, 1))
    total_w = float(wt.sum())
    confident = p >= CONFIDENT
    conf_w = np.where(confident, wt, 0.0)
    conf_total = float(conf_w.sum())
    ones = np.ones(n)
    cols += [
        ones * float((p * wt).sum() / total_w),
        ones * float((p >= EVEN_ODDS).mean()),
        ones * conf_total / total_w,
        ones * np.log1p(n),
        ones * np.log1p(float(w.sum())),
    ]
    start, end = main_run(p, w)
    idx = np.arange(n)
    inside = (idx >= start) & (idx <= end)
    cols.append(inside.astype(float))
    cols.append(np.log1p(np.clip(start - idx, 0, None)).astype(float))
    cols.append(np.log1p(np.clip(idx - end, 0, None)).astype(float))
    cols.append(ones * (float(wt[start : end + 1].sum()) / total_w if end >= start else 0.0))
    before = np.cumsum(conf_w) - conf_w
    after = conf_total - before - conf_w
    denom = max(conf_total, 1.0)
    cols += [before / denom, after / denom, ((before > 0) & (after > 0)).astype(float)]
    cols += [np.log1p(_gap(confident, False)), np.log1p(_gap(confident, True))]
    return np.column_stack(cols)


def confident_share(p: np.ndarray, words: np.ndarray) -> float:
    """Share of the document's words (plus one per block) in blocks the first stage finds confidently body."""
    if len(p) == 0:
        return 0.0
    wt = np.asarray(words, dtype=float) + BLOCK_WEIGHT
    return float(wt[np.asarray(p) >= CONFIDENT].sum() / wt.sum())
