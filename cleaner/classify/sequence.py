"""Smooth keep/drop decisions along a document with a two-state Viterbi pass.

Article blocks come in runs: a short sentence between two body paragraphs
is body, a lone long sentence in the footer is not. The model gives each
block a probability of being body; the Viterbi pass finds the most likely
keep/drop sequence when switching state costs ``-log(1 - stay)``. Emissions
are weighted by block length so a long paragraph is harder to overrule than
a one-word line.
"""

from __future__ import annotations

import numpy as np

_EPS = 1e-6


def viterbi(prob: np.ndarray, weight: np.ndarray, *, stay: float, threshold: float = 0.5) -> np.ndarray:
    """Most likely boolean keep sequence for body probabilities ``prob``.

    ``threshold`` shifts the prior: at 0.5 a block alone is kept when p > 0.5.
    """
    n = len(prob)
    if n == 0:
        return np.zeros(0, dtype=bool)
    p = np.clip(prob, _EPS, 1 - _EPS)
    t = min(max(threshold, _EPS), 1 - _EPS)
    # log-odds relative to the threshold, per state
    keep_e = weight * (np.log(p) - np.log(t))
    drop_e = weight * (np.log(1 - p) - np.log(1 - t))
    stay_c = float(np.log(stay))
    move_c = float(np.log(1 - stay))
    ke, de = keep_e.tolist(), drop_e.tolist()
    d_score, k_score = de[0], ke[0]
    back_d = [0] * n  # best previous state when in drop at i
    back_k = [0] * n
    for i in range(1, n):  # plain floats: far faster than numpy on two states
        dd, kd = d_score + stay_c, k_score + move_c
        dk, kk = d_score + move_c, k_score + stay_c
        if dd >= kd:
            new_d, back_d[i] = dd, 0
        else:
            new_d, back_d[i] = kd, 1
        if dk >= kk:
            new_k, back_k[i] = dk, 0
        else:
            new_k, back_k[i] = kk, 1
        d_score, k_score = new_d + de[i], new_k + ke[i]
    states = np.zeros(n, dtype=bool)
    s = 1 if k_score > d_score else 0
    for i in range(n - 1, -1, -1):
        states[i] = bool(s)
        s = back_k[i] if s else back_d[i]
    return states


def emission_weight(words: np.ndarray, scale: float) -> np.ndarray:
    """Longer blocks weigh more: ``1 + scale * log1p(words)``."""
    return 1.0 + scale * np.log1p(words)


def extend_runs(keep: np.ndarray, prob: np.ndarray, words: np.ndarray, *, floor: float, min_words: float,
                rounds: int = 3) -> np.ndarray:
    """Grow kept runs over the long blocks right beside them that the model only doubts.

    A paragraph of ``min_words`` or more next to kept body, with a body
    probability of at least ``floor``, is far more often the article's last
    (or first) paragraph than a teaser: losing it costs more article than
    keeping it costs precision. At most ``rounds`` blocks on each side.
    """
    keep = keep.copy()
    eligible = (prob >= floor) & (words >= min_words)
    for _ in range(rounds):
        beside = np.zeros_like(keep)
        beside[1:] |= keep[:-1]
        beside[:-1] |= keep[1:]
        add = ~keep & beside & eligible
        if not add.any():
            break
        keep |= add
    return keep
