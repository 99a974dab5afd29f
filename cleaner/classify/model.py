"""The block model: a gradient-boosted classifier plus its sequence settings.

The model file is JSON, not a pickle: loading it runs no code. Every field of
:class:`BlockModel` is stored as JSON data, except fields holding a fitted
scikit-learn ``HistGradientBoostingClassifier``, which are stored as ONNX
graphs (see :mod:`cleaner.classify.runtime`) and come back as
:class:`~cleaner.classify.runtime.OnnxClassifier` objects with the same
``predict_proba(X)``. Inference therefore needs onnxruntime, not
scikit-learn. The file's SHA-256 is still pinned in the model card beside it
(``MODEL_CARD.md``) and checked at load: a model decides what text users
lose, so an unknown file is used only when the caller trusts it.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import os
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import regex

from ..resources import model_path, models_dir
from ..threads import single_threaded
from .features import feature_names
from .runtime import OnnxClassifier, hgb_to_onnx, is_exportable
from .sequence import emission_weight, extend_runs, viterbi

MODELS_DIR = models_dir()  # top-level models/ in a checkout, cleaner/models/ in an installed wheel
DEFAULT_MODEL = model_path("block-model.json")
CARD_NAME = "MODEL_CARD.md"
FORMAT = "cleaner-block-model"
FORMAT_VERSION = 1
PREDICT_ROWS = 8192  # rows per model call (see BlockModel.predict_proba)
_PINNED = regex.compile(r"SHA-256[^:\n]{0,80}:\s*`?([0-9a-f]{64})`?", regex.I)


class ModelError(Exception):
    """A model file that cannot be used: missing, unreadable, or not trusted."""


@dataclass
class BlockModel:
    """Probability that a block is article body, and how to turn it into decisions.

    ``estimator`` is a classifier with ``predict_proba`` (scikit-learn's when
    training, its ONNX runtime copy once loaded); ``context_estimator``, when
    set, is a second stage that rescores each
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

    def settings(self, share: float | None = None) -> BlockModel:
        """This model with the sequence settings of the document's regime
        (``share``: the first stage's share of words in confident body)."""
        r = self.clean_regime
        if r and share is not None and share >= r["min_share"]:
            return dataclasses.replace(self, stay=r["stay"], threshold=r["threshold"],
                                       weight_scale=r["weight_scale"],
                                       clean_regime=None)
        return self

    def decide(self, prob: np.ndarray, words: np.ndarray, favor: str | None = None,
               share: float | None = None) -> np.ndarray:
        """Keep (True) / drop (False) for one document's undecided blocks."""
        if share is not None and self.clean_regime:
            return self.settings(share).decide(prob, words, favor)
        keep = viterbi(prob, emission_weight(words, self.weight_scale), stay=self.stay,
                       threshold=self.threshold_for(favor))
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


def model_to_json(model: Any) -> bytes:
    """The file form of ``model``: fitted estimators as ONNX graphs, every other field as JSON.

    Raises ``TypeError`` for a field that is neither (it could not be loaded back).
    """
    data: dict[str, Any] = {}
    estimators: dict[str, Any] = {}
    for f in dataclasses.fields(model):
        value = getattr(model, f.name)
        if is_exportable(value):
            estimators[f.name] = _estimator_entry(hgb_to_onnx(value), value.n_features_in_, value.classes_)
        elif isinstance(value, OnnxClassifier):  # a loaded model saved again
            estimators[f.name] = _estimator_entry(value.graph, value.n_features, value.classes_)
        else:
            json.dumps(value)  # TypeError now rather than a file that cannot be read
            data[f.name] = value
    doc = {"format": FORMAT, "version": FORMAT_VERSION, "fields": data, "estimators": estimators}
    return json.dumps(doc, indent=1, sort_keys=True).encode("utf-8") + b"\n"


def _estimator_entry(graph: bytes, n_features: int, classes) -> dict[str, Any]:
    return {"runtime": "onnx", "n_features": int(n_features), "classes": np.asarray(classes).tolist(),
            "sha256": hashlib.sha256(graph).hexdigest(), "graph": base64.b64encode(graph).decode("ascii")}


def model_from_json(raw: bytes, cls: type = BlockModel) -> Any:
    """Rebuild a :class:`BlockModel` (or another dataclass ``cls``) from
    :func:`model_to_json`'s bytes; runs no code from the file."""
    doc = json.loads(raw)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError("not a cleaner block model file")
    if doc.get("version") != FORMAT_VERSION:
        raise ValueError(f"model format version {doc.get('version')!r}; "
                         f"this cleaner reads version {FORMAT_VERSION}")
    kwargs = dict(doc["fields"])
    for name, entry in doc["estimators"].items():
        if entry.get("runtime") != "onnx":
            raise ValueError(f"estimator {name!r}: unknown runtime {entry.get('runtime')!r}")
        graph = base64.b64decode(entry["graph"])
        if hashlib.sha256(graph).hexdigest() != entry["sha256"]:
            raise ValueError(f"estimator {name!r}: graph does not match its checksum")
        kwargs[name] = OnnxClassifier(graph, entry["n_features"], entry["classes"])
    known = {f.name for f in dataclasses.fields(cls)}
    if set(kwargs) - known:
        unknown = ", ".join(sorted(set(kwargs) - known))
        raise ValueError(f"fields this version of cleaner does not know: {unknown}")
    return cls(**kwargs)


def save_model(model: BlockModel, path: str | Path) -> Path:
    """Write ``model`` to ``path`` atomically (a temporary file beside it, then a rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = model_to_json(model)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)
    return path


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


_digests: dict[tuple[str, int, int, int], str] = {}


def is_pinned(model: str | Path | None = "default") -> bool:
    """Whether ``model`` is a file whose SHA-256 its model card pins (usable without trust).

    A Cleaner asks this when its parameters are set and again when its
    pipeline is built; the file's digest is remembered while its size,
    modification time and inode stay the same. The answer only chooses when
    the model loads: :func:`load_model` checks the pin on the bytes it reads.
    """
    path = resolve(model)
    try:
        st = path.stat()
    except OSError:
        return False
    if not path.is_file():
        return False
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    digest = _digests.get(key)
    if digest is None:
        digest = _digests[key] = file_sha256(path)
    return digest in pinned_hashes(path)


def forget_loaded_models() -> None:
    """Drop the models loaded so far, so the next load reads the file again (after retraining)."""
    with _lock:
        _cache.clear()


def load_model(model: str | Path | None = "default", *, trust: bool = False) -> BlockModel:
    """Load a model once per process; refuse files whose hash is not pinned unless trusted."""
    path = resolve(model)
    key = (str(path.resolve()) if path.exists() else str(path), trust)
    with _lock:
        if key in _cache:
            return _cache[key]
        if not path.is_file():
            raise ModelError(f"{path}: model file not found")
        # Read once: the bytes whose hash is checked are the bytes loaded.
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ModelError(f"{path}: cannot read model: {exc}") from None
        digest = hashlib.sha256(raw).hexdigest()
        if not trust and digest not in pinned_hashes(path):
            raise ModelError(
                f"{path}: SHA-256 {digest[:16]}… is not pinned in {path.with_name(CARD_NAME)}; "
                "refusing to use it. Pass --trust-model / trust_model=True only for a model you made."
            )
        try:
            obj = _load_legacy_pickle(path) if path.suffix == ".joblib" else model_from_json(raw)
        except Exception as exc:  # a corrupt or foreign file
            raise ModelError(f"{path}: cannot load model: {exc}") from None
        if not isinstance(obj, BlockModel):
            raise ModelError(f"{path}: not a cleaner block model ({type(obj).__name__})")
        if obj.features != feature_names():
            raise ModelError(f"{path}: model was trained on other features; retrain it with `cleaner train`")
        _cache[key] = obj
        return obj


def _load_legacy_pickle(path: Path) -> Any:
    """A model saved by cleaner before the JSON format: a joblib pickle, which
    runs code when loaded and needs scikit-learn. Only reached for a trusted
    or pinned file; convert it with :func:`save_model`."""
    warnings.warn(f"{path}: joblib model files are deprecated (they are pickles); "
                  "convert with cleaner.classify.model.save_model or retrain with `cleaner train`",
                  DeprecationWarning, stacklevel=3)
    import joblib

    return joblib.load(path)
