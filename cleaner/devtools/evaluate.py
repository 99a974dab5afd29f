"""The article-extraction score, and the project's fixed train/dev split.

Scoring follows the article-extraction community: the output and the gold
body are turned into bags of 4-word shingles; per document, true positives,
false positives and false negatives are normalised to sum to 1; precision
and recall are averaged over documents; F1 is computed from the two averages.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import regex

_TOKEN = regex.compile(r"\w+", regex.UNICODE)
SHINGLE = 4
DEV_FRACTION = 5  # one page in five is dev


def split_of(doc_id: str) -> str:
    """``"dev"`` or ``"train"``: fixed by a hash of the id, so it never moves."""
    digest = hashlib.sha256(f"cleaner-split:{doc_id}".encode()).digest()
    return "dev" if digest[0] % DEV_FRACTION == 0 else "train"


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Bag of n-word shingles; a text shorter than n words is one shingle."""
    toks = tokens(text)
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


@dataclass(frozen=True)
class DocScore:
    id: str
    precision: float
    recall: float
    tp: float
    fp: float
    fn: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_document(output: str, gold: str, doc_id: str = "") -> DocScore:
    """Shingle precision/recall of one output against its gold body."""
    out, ref = shingles(output), shingles(gold)
    tp = sum((out & ref).values())
    fp = sum(out.values()) - tp
    fn = sum(ref.values()) - tp
    total = tp + fp + fn
    if total == 0:  # both empty: perfect
        return DocScore(doc_id, 1.0, 1.0, 0.0, 0.0, 0.0)
    tpn, fpn, fnn = tp / total, fp / total, fn / total
    precision = tpn / (tpn + fpn) if tpn + fpn else (1.0 if not ref else 0.0)
    recall = tpn / (tpn + fnn) if tpn + fnn else 1.0
    return DocScore(doc_id, precision, recall, tpn, fpn, fnn)


@dataclass
class Report:
    """Scores over a set of documents."""

    docs: list[DocScore] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return sum(d.precision for d in self.docs) / len(self.docs) if self.docs else 0.0

    @property
    def recall(self) -> float:
        return sum(d.recall for d in self.docs) / len(self.docs) if self.docs else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def worst(self, n: int = 5) -> list[DocScore]:
        return sorted(self.docs, key=lambda d: d.f1)[:n]

    def as_dict(self) -> dict[str, float | int]:
        return {
            "documents": len(self.docs),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def score(pairs: Iterable[tuple[str, str, str]]) -> Report:
    """Score ``(id, output, gold)`` triples."""
    return Report([score_document(out, gold, doc_id) for doc_id, out, gold in pairs])
