"""The classifier as a pipeline stage: the model decides what the rules left open."""

from __future__ import annotations

import numpy as np

from ..document import Document
from .features import document_features
from .model import BlockModel, load_model

REASON = "boilerplate"


class ClassifierStage:
    """Score every undecided block, smooth along each document, drop the boilerplate.

    Features for every document of the batch are built first and scored in
    one model call. Blocks a rule already decided keep that decision (rules
    are certain); they still count as context for their neighbours.
    """

    name = "classifier"

    def __init__(self, model: BlockModel):
        self.model = model

    def __call__(self, docs: list[Document]) -> list[Document]:
        mats = [document_features(d) for d in docs]
        if not mats:
            return docs
        X = np.concatenate(mats) if len(mats) > 1 else mats[0]
        prob = self.model.predict_proba(X)
        offset = 0
        for doc, mat in zip(docs, mats):
            p_doc = prob[offset : offset + len(mat)]
            offset += len(mat)
            open_idx = [i for i, b in enumerate(doc.blocks) if b.decision is None and b.text]
            if not open_idx:
                continue
            p = p_doc[open_idx]
            words = np.array([float(doc.blocks[i].words) for i in open_idx])
            keep = self.model.decide(p, words)
            for i, k, s in zip(open_idx, keep, p):
                b = doc.blocks[i]
                b.score = round(float(s), 4)
                if k:
                    b.keep("model")
                else:
                    b.drop(REASON, certain=False)
        return docs


def classifier_stage(model: str | None = "default", *, trust: bool = False) -> ClassifierStage:
    """The stage for ``model`` ("default", a path); raises :class:`ModelError` if it cannot be used."""
    return ClassifierStage(load_model(model, trust=trust))
