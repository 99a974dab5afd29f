"""The block model: a gradient-boosted classifier plus its sequence settings,
saved with joblib and loaded only when its hash is pinned or trusted.

joblib files are pickles and can run code when loaded, so :func:`load_model`
unpickles a file only when its SHA-256 is recorded in the model card next to
it (``MODEL_CARD.md``), or when the caller explicitly trusts it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import regex

from ..threads import single_threaded
from .features import feature_names
from .sequence import emission_weight, extend_runs, viterbi

MODELS_DIR = Path(__file__).resolve().parent.parent.parent / "models"
DEFAULT_MODEL = MODELS_DIR / "block-model.joblib"
CARD_NAME = "MODEL_CARD.md"
PREDICT_ROWS = 8192  # rows per model call (see BlockModel.predict_proba)
_PINNED = regex.compile(r"SHA-256[^:\n]{0,80}:\s*`?([0-9a-f]{64})`?", regex.I)


class ModelError(Exception):
    """A model file that cannot be used: missing, unreadable, or not trusted."""


@dataclass
class BlockModel:
    """Probability that a block is article body, and how to turn it into decisions.

    ``estimator`` is any scikit-learn classifier with ``predict_proba``;
    ``context_estimator``, when set, is a second stage that rescores each
    block from its features plus the document context of the first stage's
    probabilities (:mod:`cleaner.classify.context`), so that how junky the
    whole document is shapes each decision. ``stay``, ``threshold`` and
    ``weight_scale`` parametrise the Viterbi pass; ``favor_odds`` says how
    far ``favor="precision"`` / ``"recall"`` move the threshold;
    ``extend_floor`` and ``extend_words`` which long doubted blocks beside
    kept body are kept with it (:func:`~cleaner.classify.sequence.extend_runs`).
    """

    estimator: Any
    features: list[str] = field(default_factory=feature_names)
    stay: float = 0.8
    threshold: float = 0.5
    weight_scale: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)
    context_estimator: Any = None
    context_features: list[str] = field(default_factory=list)
    favor_odds: float = 2.0
    extend_floor: float = 0.2
    extend_words: float = 15.0
    # Sequence settings for documents the first stage finds mostly article:
    # {"min_share": s, "stay": .., "threshold": .., "weight_scale": ..}; used
    # when the share of words in confidently-body blocks is at least s.
    clean_regime: dict[str, float] | None = None

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """First-stage body probabilities."""
        return _proba(self.estimator, X)

    def context_proba(self, X: np.ndarray, context: np.ndarray) -> np.ndarray:
        """Second-stage body probabilities from the block features ``X`` and
        their context columns (the first stage's probabilities, as
        :func:`~cleaner.classify.context.context_features` lays them out)."""
        if len(X) == 0:
            return np.zeros(0)
        return _proba(self.context_estimator, np.hstack([X, context]))

    def threshold_for(self, favor: str | None = None) -> float:
        """The decision threshold, moved by ``favor_odds`` in odds toward
        keeping (``"recall"``) or dropping (``"precision"``)."""
        if favor in (None, "balanced"):
            return self.threshold
        k = self.favor_odds if favor == "precision" else 1.0 / self.favor_odds
        t = self.threshold
        return t * k / (t * k + (1.0 - t))

    def settings(self, share: float | None = None) -> "BlockModel":
        """This model with the sequence settings of the document's regime
        (``share``: the first stage's share of words in confident body)."""
        r = self.clean_regime
        if r and share is not None and share >= r["min_share"]:
            return dataclasses.replace(self, stay=r["stay"], threshold=r["threshold"], weight_scale=r["weight_scale"],
                                       clean_regime=None)
        return self

    def decide(self, prob: np.ndarray, words: np.ndarray, favor: str | None = None, share: float | None = None) -> np.ndarray:
        """Keep (True) / drop (False) for one document's undecided blocks."""
        if share is not None and self.clean_regime:
            return self.settings(share).decide(prob, words, favor)
        keep = viterbi(prob, emission_weight(words, self.weight_scale), stay=self.stay, threshold=self.threshold_for(favor))
        if favor == "precision":
            return keep
        return extend_runs(keep, prob, words, floor=self.extend_floor, min_words=self.extend_words)


def _proba(estimator: Any, X: np.ndarray) -> np.ndarray:
    if len(X) == 0:
        return np.zeros(0)
    # One native thread (see cleaner.threads); cheap when already inside.
    # A few thousand rows at a time: every tree walks all the rows it is
    # given, and rows that stay in the CPU cache between trees make the
    # 160k blocks of one 14 MB document 4x faster to score than one call
    # (each row's probability is the same either way).
    out = np.empty(len(X))
    with single_threaded():
        for start in range(0, len(X), PREDICT_ROWS):
            out[start : start + PREDICT_ROWS] = estimator.predict_proba(X[start : start + PREDICT_ROWS])[:, 1]
    return out


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def pinned_hashes(model_path: str | Path) -> set[str]:
    """SHA-256 hashes recorded in the model card beside ``model_path``."""
    card = Path(model_path).with_name(CARD_NAME)
    try:
        return set(_PINNED.findall(card.read_text(encoding="utf-8")))
    except OSError:
        return set()


_cache: dict[tuple[str, bool], BlockModel] = {}
_lock = threading.Lock()


def resolve(model: str | Path | None) -> Path:
    return DEFAULT_MODEL if model in (None, "default") else Path(model)


def is_pinned(model: str | Path | None = "default") -> bool:
    """Whether ``model`` is a file whose SHA-256 its model card pins (safe to unpickle)."""
    path = resolve(model)
    return path.is_file() and file_sha256(path) in pinned_hashes(path)


def load_model(model: str | Path | None = "default", *, trust: bool = False) -> BlockModel:
    """Load a model once per process; refuse files whose hash is not pinned unless trusted."""
    path = resolve(model)
    key = (str(path.resolve()) if path.exists() else str(path), trust)
    with _lock:
        if key in _cache:
            return _cache[key]
        if not path.is_file():
            raise ModelError(f"{path}: model file not found")
        digest = file_sha256(path)
        if not trust and digest not in pinned_hashes(path):
            raise ModelError(
                f"{path}: SHA-256 {digest[:16]}… is not pinned in {path.with_name(CARD_NAME)}; "
                "refusing to unpickle it (joblib files can run code). Pass --trust-model / trust_model=True "
                "only for a file you made."
            )
        import joblib

        try:
            obj = joblib.load(path)
        except Exception as exc:  # a corrupt or foreign file
            raise ModelError(f"{path}: cannot load model: {exc}") from None
        if not isinstance(obj, BlockModel):
            raise ModelError(f"{path}: not a cleaner block model ({type(obj).__name__})")
        if obj.features != feature_names():
            raise ModelError(f"{path}: model was trained on other features; retrain it with `cleaner train`")
        _cache[key] = obj
        return obj
