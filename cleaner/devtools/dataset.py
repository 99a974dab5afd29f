"""The block model's training set: the undecided blocks of every training document, labelled.

Training data is derived at run time from the development corpus (train split only) in each
input kind users hold (html2text markdown dumps, inscriptis plain dumps, trafilatura's
extraction, the partial kind) plus the project's own fixtures (the seeds with their expected
outputs). It never enters the repository; only the fitted model and its card do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..classify.features import document_features
from ..document import Document
from ..pipeline import Pipeline, RuleStage, TitleStage
from . import corpus
from .labels import GoldIndex

TRAIN_KINDS = ("markdown", "plain", "trafilatura", "partial")
FIXTURE_WEIGHT = 3.0
ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass
class DocSample:
    """One document's undecided blocks: features, labels and what scoring needs."""

    group: str
    kind: str
    gold: str
    X: np.ndarray
    y: np.ndarray
    words: np.ndarray
    weight: float
    open_texts: list[str]
    open_pos: list[int]
    fixed: list[tuple[int, str]]  # (position, text) of blocks rules kept/left with text


@dataclass
class Dataset:
    docs: list[DocSample] = field(default_factory=list)

    def arrays(self, idx: list[int] | None = None, matrices: list[np.ndarray] | None = None):
        """Stacked rows, labels, weights and groups; ``matrices`` replaces each document's ``X``."""
        idx = list(range(len(self.docs))) if idx is None else idx
        idx = [i for i in idx if len(self.docs[i].y)]
        docs = [self.docs[i] for i in idx]
        X = np.concatenate([self.docs[i].X if matrices is None else matrices[i] for i in idx])
        y = np.concatenate([d.y for d in docs])
        w = np.concatenate([(d.words + 3.0) * d.weight for d in docs])
        groups = np.concatenate([np.full(len(d.y), d.group, dtype=object) for d in docs])
        return X, y, w, groups


def _pre_pipeline() -> Pipeline:
    """The stages that run before the classifier in a real Cleaner."""
    return Pipeline([RuleStage(), TitleStage()])


def doc_sample(
    doc: Document, gold: GoldIndex, gold_text: str, group: str, kind: str, weight: float = 1.0
) -> DocSample:
    X = document_features(doc)
    open_idx = [i for i, b in enumerate(doc.blocks) if b.decision is None and b.text]
    fixed = [(i, b.text) for i, b in enumerate(doc.blocks) if b.decision is not None and b.kept and b.text]
    texts = [doc.blocks[i].text for i in open_idx]
    return DocSample(
        group=group,
        kind=kind,
        gold=gold_text,
        X=X[open_idx] if open_idx else np.zeros((0, X.shape[1])),
        y=np.array([gold.label(t) for t in texts], dtype=int),
        words=np.array([float(len(t.split())) for t in texts]),
        weight=weight,
        open_texts=texts,
        open_pos=open_idx,
        fixed=fixed,
    )


def _page_samples(page: corpus.Page, kinds: tuple[str, ...]) -> list[DocSample]:
    pipe = _pre_pipeline()
    gold = GoldIndex(page.gold)
    out = []
    for kind in kinds:
        text = corpus.derive(page, kind)
        for doc in pipe.run(text):
            out.append(doc_sample(doc, gold, page.gold, page.id, kind))
    return out


def fixture_samples(root: Path = ROOT) -> list[DocSample]:
    """The seeds, labelled by the expected outputs the project decided on."""
    seeds, expected = root / "fixtures" / "seeds", root / "fixtures" / "expected"
    out = []
    if not seeds.is_dir():
        return out
    pipe = _pre_pipeline()
    for seed in sorted(seeds.glob("*.txt")):
        stem = seed.name[: -len(".txt")]
        gold_text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(expected.glob(f"{stem}*.txt")))
        if not gold_text:
            continue
        # Pasted stories are article prose removed for being off topic, not
        # boilerplate: they count as body for the block model.
        gold_text += "\n" + "\n".join(d.text for d in _off_topic_stories(seed.read_text(encoding="utf-8")))
        gold = GoldIndex(gold_text)
        for doc in pipe.run(seed.read_text(encoding="utf-8")):
            out.append(doc_sample(doc, gold, gold_text, f"fixture:{stem}", "fixture", FIXTURE_WEIGHT))
    return out


def _off_topic_stories(text: str) -> list[Document]:
    from ..api import Cleaner

    docs = Cleaner(model=None, off_topic="split").clean_documents(text)
    return [d for d in docs if d.split_from is not None]


def build_dataset(
    split: str = "train",
    kinds: tuple[str, ...] = TRAIN_KINDS,
    path=None,
    limit: int | None = None,
    jobs: int = 1,
    with_fixtures: bool = True,
) -> Dataset:
    from joblib import Parallel, delayed

    pages = corpus.load_pages(split, path, limit)
    for kind in kinds:  # derive (and cache) serially first: cheap, and avoids duplicate work in workers
        for page in pages:
            corpus.derive(page, kind)
    chunks = Parallel(n_jobs=jobs)(delayed(_page_samples)(p, kinds) for p in pages)
    docs = [d for chunk in chunks for d in chunk]
    if with_fixtures:
        docs.extend(fixture_samples())
    return Dataset(docs)
