"""The classifier as a pipeline stage: the model decides what the rules left open."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..document import Document
from .context import confident_share, context_features
from .features import document_features
from .model import BlockModel, is_pinned, load_model

REASON = "boilerplate"


class ClassifierStage:
    """Score every undecided block, smooth along each document, drop the boilerplate.

    Features for every document of the batch are built first and scored in
    one model call. Blocks a rule already decided keep that decision (rules
    are certain); they still count as context for their neighbours.
    """

    name = "classifier"

    def __init__(self, model: BlockModel | Callable[[], BlockModel], *, favor: str | None = None):
        self.favor = favor
        self._model = model if isinstance(model, BlockModel) else None
        self._load = None if isinstance(model, BlockModel) else model

    @property
    def model(self) -> BlockModel:
        """The model, loaded on first use (a run of HTML pages never needs it)."""
        if self._model is None:
            self._model = self._load()
        return self._model

    def load(self) -> None:
        """Load the model now rather than at its first use."""
        self.model  # noqa: B018 (the property loads it)

    def __call__(self, docs: list[Document]) -> list[Document]:
        opens = [[i for i, b in enumerate(d.blocks) if b.decision is None and b.text] for d in docs]
        # Each document's full matrix is kept only until its open rows are
        # taken: one long document's matrix alone can be tens of MiB.
        rows = [document_features(d)[o] for d, o in zip(docs, opens, strict=True) if o]
        if not rows:
            return docs
        # One model call for every open block of the batch; decided blocks are only context.
        X = rows[0] if len(rows) == 1 else np.concatenate(rows)
        del rows
        model = self.model
        prob = model.predict_proba(X)
        words_of = [np.array([float(doc.blocks[i].words) for i in o])
                    for doc, o in zip(docs, opens, strict=True) if o]
        bounds = np.cumsum([0] + [len(w) for w in words_of])
        # A document's share of confident body picks its sequence settings, for a model trained with them.
        shares = iter([confident_share(prob[a:b], w) if model.clean_regime else None
                       for a, b, w in zip(bounds[:-1], bounds[1:], words_of, strict=True)])
        if model.context_estimator is not None:
            context = np.concatenate([context_features(prob[a:b], w)
                                      for a, b, w in zip(bounds[:-1], bounds[1:], words_of, strict=True)])
            prob = model.context_proba(X, context)
            del context
        del X
        offset = 0
        words_iter = iter(words_of)
        for doc, open_idx in zip(docs, opens, strict=True):
            if not open_idx:
                continue
            p = prob[offset : offset + len(open_idx)]
            offset += len(open_idx)
            keep = model.decide(p, next(words_iter), self.favor, next(shares))
            # As Python bools and floats: iterating the arrays makes a numpy scalar per block.
            for i, k, s in zip(open_idx, keep.tolist(), p.tolist(), strict=True):
                b = doc.blocks[i]
                b.score = round(s, 4)
                if k:
                    b.keep("model")
                else:
                    b.drop(REASON, certain=False)
        return docs


def check_model(model: str | None = "default", *, trust: bool = False) -> None:
    """Raise :class:`ModelError` now if ``model`` cannot be used (what :func:`classifier_stage` would raise).

    A pinned file is only hashed; any other is loaded (once per process, so
    the stage built from it later reuses it).
    """
    if trust or not is_pinned(model):
        load_model(model, trust=trust)


def classifier_stage(model: str | None = "default", *, trust: bool = False,
                     favor: str | None = None) -> ClassifierStage:
    """The stage for ``model`` ("default", a path); raises :class:`ModelError` if it cannot be used.

    A file pinned by its model card is loaded when first needed (a run of
    HTML pages never starts onnxruntime). Any other file (``trust``) is
    loaded now, so a bad one fails before any input.
    """
    if not trust and is_pinned(model):
        return ClassifierStage(lambda: load_model(model), favor=favor)
    return ClassifierStage(load_model(model, trust=trust), favor=favor)
