"""Fit the block model, tune its sequence step, and save it with its card.

The first stage classifies each undecided block from its own features; the second adds
context columns built from the first stage's probabilities along the document. Sequence
parameters (Viterbi ``stay``, ``threshold``, ``weight_scale``) are tuned on out-of-fold
probabilities over the train split (grouped by page), so the dev split is touched once, at
the end, to report the card's figures.
"""

from __future__ import annotations

import itertools
import time
from datetime import date
from pathlib import Path

import numpy as np

from ..classify.context import confident_share, context_feature_names, context_features
from ..classify.features import feature_names
from ..classify.model import CARD_NAME, DEFAULT_MODEL, BlockModel, save_model
from .card import dev_rows, write_card
from .dataset import TRAIN_KINDS, Dataset, DocSample, build_dataset
from .evaluate import score_document

CLEAN_SHARE = 0.6  # first-stage confident-body share from which a document counts as mostly article
STAY_GRID = (0.5, 0.6, 0.75, 0.85, 0.93)
THRESHOLD_GRID = (0.2, 0.25, 0.3, 0.35, 0.45, 0.55)
SCALE_GRID = (0.0, 0.5, 1.0)


def make_estimator(seed: int = 0):
    from sklearn.ensemble import HistGradientBoostingClassifier

    # No early stopping: its validation split sets aside a random share of the rows, and
    # which rows those are moves whenever a rule changes the row count, and the model with it.
    return HistGradientBoostingClassifier(
        max_iter=250,
        learning_rate=0.08,
        max_leaf_nodes=31,
        min_samples_leaf=40,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=seed,
    )


def out_of_fold(
    data: Dataset, folds: int = 3, seed: int = 0, matrices: list[np.ndarray] | None = None
) -> list[np.ndarray]:
    """Out-of-fold body probabilities per document (grouped by page); ``matrices``
    replaces each document's ``X`` (the second stage's columns)."""
    groups = sorted({d.group for d in data.docs})
    rng = np.random.default_rng(seed)
    order = list(rng.permutation(len(groups)))
    fold_of = {groups[g]: k % folds for k, g in enumerate(order)}
    probs: list[np.ndarray] = [np.zeros(len(d.y)) for d in data.docs]
    for k in range(folds):
        train_idx = [i for i, d in enumerate(data.docs) if fold_of[d.group] != k]
        test_idx = [i for i, d in enumerate(data.docs) if fold_of[d.group] == k and len(d.y)]
        X, y, w, _ = data.arrays(train_idx, matrices)
        est = make_estimator(seed).fit(X, y, sample_weight=w)
        Xt = np.concatenate([data.docs[i].X if matrices is None else matrices[i] for i in test_idx])
        pt = est.predict_proba(Xt)[:, 1]
        off = 0
        for i in test_idx:
            n = len(data.docs[i].y)
            probs[i] = pt[off : off + n]
            off += n
    return probs


def _output(doc: DocSample, keep: np.ndarray) -> str:
    opened = zip(doc.open_pos, doc.open_texts, keep, strict=True)
    parts = list(doc.fixed) + [(pos, t) for pos, t, k in opened if k]
    parts.sort()
    return "\n".join(t for _, t in parts)


def tune_regimes(
    data: Dataset, probs: list[np.ndarray], first: list[np.ndarray]
) -> tuple[dict[str, float], dict[str, float], float]:
    """Sequence parameters for all documents, then for the mostly-article regime
    alone (documents whose first-stage confident share is at least ``CLEAN_SHARE``);
    returns both and the out-of-fold F1 with the two combined."""
    params, f1 = tune(data, probs)
    clean = [confident_share(p1, d.words) >= CLEAN_SHARE for d, p1 in zip(data.docs, first, strict=True)]
    regime, _ = tune(data, probs, select=clean)
    ps, rs = [], []
    for d, p, c in zip(data.docs, probs, clean, strict=True):
        if d.kind == "fixture":
            continue
        s = regime if c else params
        model = BlockModel(estimator=None, **s)
        keep = model.decide(p, d.words) if len(p) else np.zeros(0, dtype=bool)
        sc = score_document(_output(d, keep), d.gold)
        ps.append(sc.precision)
        rs.append(sc.recall)
    P, R = float(np.mean(ps)), float(np.mean(rs))
    return params, regime, (2 * P * R / (P + R) if P + R else 0.0)


def tune(
    data: Dataset, probs: list[np.ndarray], select: list[bool] | None = None
) -> tuple[dict[str, float], float]:
    """Grid-search the sequence parameters for mean document F1 on out-of-fold probabilities."""
    scored = [
        (d, p)
        for k, (d, p) in enumerate(zip(data.docs, probs, strict=True))
        if d.kind != "fixture" and (select is None or select[k])
    ]
    best, best_f1 = {"stay": 0.8, "threshold": 0.5, "weight_scale": 0.5}, -1.0
    seen: dict[tuple[int, bytes], tuple[float, float]] = {}
    # The grid reaches well past the values models settle on, so an edge is never the answer by default.
    for stay, threshold, scale in itertools.product(STAY_GRID, THRESHOLD_GRID, SCALE_GRID):
        model = BlockModel(estimator=None, stay=stay, threshold=threshold, weight_scale=scale)
        ps, rs = [], []
        for k, (d, p) in enumerate(scored):
            keep = model.decide(p, d.words) if len(p) else np.zeros(0, dtype=bool)
            key = (k, keep.tobytes())
            if key not in seen:  # most documents decide alike under neighbouring settings
                s = score_document(_output(d, keep), d.gold)
                seen[key] = (s.precision, s.recall)
            ps.append(seen[key][0])
            rs.append(seen[key][1])
        P, R = float(np.mean(ps)), float(np.mean(rs))
        f1 = 2 * P * R / (P + R) if P + R else 0.0
        if f1 > best_f1:
            best, best_f1 = {"stay": stay, "threshold": threshold, "weight_scale": scale}, f1
    return best, best_f1


def train(
    *,
    output: Path = DEFAULT_MODEL,
    path=None,
    limit: int | None = None,
    seed: int = 0,
    jobs: int = 1,
    evaluate: bool = True,
    log=print,
) -> BlockModel:
    """Train on the train split, tune, fit, save, and write the model card with dev figures."""
    t0 = time.perf_counter()
    data = build_dataset("train", path=path, limit=limit, jobs=jobs)
    X, y, w, _ = data.arrays()
    log(
        f"training set: {len(data.docs)} documents, {len(y)} undecided blocks ({y.mean():.1%} body) "
        f"in {time.perf_counter() - t0:.0f}s"
    )
    probs = out_of_fold(data, seed=seed)
    # The second stage learns from the first stage's out-of-fold probabilities,
    # which are what the fitted first stage gives on pages it has not seen.
    context = [np.hstack([d.X, context_features(p, d.words)]) for d, p in zip(data.docs, probs, strict=True)]
    probs2 = out_of_fold(data, seed=seed, matrices=context)
    params, regime, oof_f1 = tune_regimes(data, probs2, probs)
    log(
        f"with the context stage: sequence parameters {params}, mostly-article documents {regime}, "
        f"out-of-fold train F1 {oof_f1:.4f}"
    )
    est = make_estimator(seed).fit(X, y, sample_weight=w)
    X2, _, _, _ = data.arrays(matrices=context)
    est2 = make_estimator(seed).fit(X2, y, sample_weight=w)
    del X2, context
    model = BlockModel(
        estimator=est,
        context_estimator=est2,
        context_features=context_feature_names(),
        clean_regime={"min_share": CLEAN_SHARE, **regime},
        features=feature_names(),
        meta={
            "trained": date.today().isoformat(),
            "seed": seed,
            "train_pages": len({d.group for d in data.docs if d.kind != "fixture"}),
            "train_documents": len(data.docs),
            "train_blocks": int(len(y)),
            "oof_train_f1": round(oof_f1, 4),
            "kinds": list(TRAIN_KINDS),
        },
        **params,
    )
    output = save_model(model, output)
    rows = dev_rows(output, path) if evaluate else []
    write_card(output, model, rows, path)
    log(
        f"wrote {output} ({output.stat().st_size / 1e6:.1f} MB) and {output.with_name(CARD_NAME)} "
        f"in {time.perf_counter() - t0:.0f}s"
    )
    return model
