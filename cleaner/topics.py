"""Single-topic documents: find unrelated stories pasted into an article.

Every pasted paragraph is well-formed article text, so no boilerplate
feature can see it; what gives it away is that it is about something else.
This stage works in two steps over the blocks still kept after the
classifier:

1. **Stories with cues.** Wire copy marks where a story starts: a dateline
   (``(ROME) —``, ``(DOHA, Qatar) —``, ``WASHINGTON (AP) —``) and, where
   one ends, a contributor line (``ABC News' … contributed to this report``).
   Those cut the document into candidate stories.
2. **Lexical cohesion.** Each story and each run of paragraphs is a bag of
   content words weighted by how informative the word is (rare words such as
   names and places weigh most: ``wordfreq``'s English Zipf frequencies,
   shipped inside the package, so nothing is downloaded; words it does not
   know count as rare). A story joins the main one
   when its vector is close enough to the main story's (the lead and the
   title: live updates and follow-ups about the same war share its names
   and places, and stay). Without cues, the contiguous run of paragraphs whose
   vocabulary is most cut off from the rest of the article is removed when
   the cut is sharp relative to how cohesive each side is on its own.

Thresholds are deliberately conservative: losing a paragraph of the real
article is worse than keeping part of a pasted one. Dropped blocks carry
reason ``off_topic`` and their similarity to the main story in ``score``.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from functools import lru_cache

import numpy as np
import regex

from .document import DROP, KEEP, Document

REASON = "off_topic"
MODES = ("drop", "split", "keep")

# Story-level: a candidate story joins the main story when cosine >= this.
STORY_THRESHOLD = 0.15
# Run-level (no cues): cut ratio below which a run is pasted.
RUN_THRESHOLD = 0.05
MIN_RUN_WORDS = 50
MIN_DOC_WORDS = 150
MAX_UNITS = 400  # longer documents are judged on cues only (the run search is quadratic)

_DATELINE = regex.compile(
    r"""^(?:
        \(\s*\p{Lu}[\p{L}.'’-]{1,30}(?:(?:,\s*|\s+(?:and|&)\s+|\s+)\p{Lu}[\p{L}.'’-]{1,30}){0,5}\s*\)   # (LONDON and KYIV, Ukraine)
        (?:\s*\((?:AP|Reuters|AFP|CNN|UPI|dpa|Bloomberg)\))?
      | \p{Lu}{3,}[\p{Lu}.'’ -]{0,30}(?:,\s*\p{Lu}[\p{L}.'’ -]{1,30})?\s*(?:\((?:AP|Reuters|AFP|CNN|UPI|dpa|Bloomberg)\))?  # WASHINGTON (AP)
    )\s*[—–-]{1,2}\s*\S""",
    regex.X,
)
_WORD = regex.compile(r"\b[^\W\d_]{3,}\b")
_ENDS_STORY = ("contributor_line",)


def is_dateline(text: str) -> bool:
    """A paragraph that opens a wire story: ``(ROME) — …``, ``KYIV, Ukraine (AP) — …``."""
    return bool(_DATELINE.match(text[:160]))


@lru_cache(maxsize=200_000)
def _weight(word: str) -> float:
    """How informative a word is: 0 for the commonest words, more for rarer ones."""
    from wordfreq import zipf_frequency

    # Words English lists do not know (names, places, other languages) count
    # as rare, which is what they are for telling stories apart.
    return max(0.0, 6.5 - zipf_frequency(word, "en"))


def _bag(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in _WORD.findall(text))


class _Space:
    """Weighted bag-of-words vectors for a document's units."""

    def __init__(self, texts: list[str]):
        bags = [_bag(t) for t in texts]
        vocab = sorted({w for b in bags for w in b})
        self.index = {w: i for i, w in enumerate(vocab)}
        weights = np.array([_weight(w) for w in vocab])
        X = np.zeros((len(texts), len(vocab)))
        for r, bag in enumerate(bags):
            for w, c in bag.items():
                X[r, self.index[w]] = (1.0 + math.log(c)) * weights[self.index[w]]
        norms = np.linalg.norm(X, axis=1, keepdims=True)
        self.X = X / np.where(norms == 0, 1.0, norms)

    def vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.X.shape[1])
        for w, c in _bag(text).items():
            i = self.index.get(w)
            if i is not None:
                v[i] = (1.0 + math.log(c)) * _weight(w)
        n = np.linalg.norm(v)
        return v / n if n else v


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    return float(a @ b / (na * nb)) if na and nb else 0.0


def find_pasted_run(X: np.ndarray, words: np.ndarray, *, first: int = 1) -> tuple[int, int, float] | None:
    """The run ``[s, e)`` of units most cut off from the rest, with its cut ratio.

    The ratio compares how similar the run is to everything outside it with
    how cohesive each side is on its own (the run's two halves; the text
    before and after it). A pasted story is cohesive inside and foreign
    outside; a section of one article is not.

    Every candidate run is scored at once from the Gram matrix of prefix
    sums, so the search is a few array operations, not a Python loop over
    pairs.
    """
    n = len(X)
    P = np.vstack([np.zeros(X.shape[1]), np.cumsum(X, axis=0)])
    G = P @ P.T
    W = np.concatenate([[0.0], np.cumsum(words)])
    S, E = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    run_words = W[E] - W[S]
    valid = (S >= max(first, 1)) & (E >= S + 2) & (E <= n) & (run_words >= MIN_RUN_WORDS) & (W[n] - run_words >= MIN_RUN_WORDS)
    # outer cohesion needs text on both sides, or two halves of the text before the run
    valid &= (E < n) | (S >= 2)
    if not valid.any():
        return None
    s, e = S[valid], E[valid]
    m = (s + e) // 2
    d = np.diag(G)

    def cos(dot, na2, nb2):
        den = np.sqrt(np.maximum(na2, 0) * np.maximum(nb2, 0))
        return np.where(den > 0, dot / np.where(den > 0, den, 1.0), 0.0)

    r2 = d[e] - 2 * G[s, e] + d[s]  # |R|^2
    rt = G[e, n] - G[s, n]  # R . total
    o2 = d[n] - 2 * rt + r2  # |total - R|^2
    c = cos(rt - r2, r2, o2)
    inner = cos(G[m, e] - d[m] - G[s, e] + G[s, m], d[m] - 2 * G[s, m] + d[s], d[e] - 2 * G[m, e] + d[m])
    h = s // 2
    outer_both = cos(G[s, n] - G[s, e], d[s], d[n] - 2 * G[n, e] + d[e])
    outer_before = cos(G[h, s] - d[h], d[h], d[s] - 2 * G[h, s] + d[h])
    outer = np.where(e < n, outer_both, outer_before)
    ratio = c / np.sqrt(np.maximum(inner, 0.02) * np.maximum(outer, 0.02))
    k = int(np.argmin(ratio))
    return int(s[k]), int(e[k]), float(ratio[k])


class OffTopicStage:
    """Drop (or split out) stories that are not about the document's main story."""

    name = "off_topic"

    def __init__(self, mode: str = "drop", *, story_threshold: float = STORY_THRESHOLD, run_threshold: float = RUN_THRESHOLD):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.mode = mode
        self.story_threshold = story_threshold
        self.run_threshold = run_threshold

    def __call__(self, docs: list[Document]) -> list[Document]:
        if self.mode == "keep":
            return docs
        out: list[Document] = []
        next_index: dict[str | None, int] = {}
        for doc in docs:
            next_index[doc.source] = max(next_index.get(doc.source, 0), doc.index + 1)
        for doc in docs:
            out.append(doc)
            stories = self._off_topic_stories(doc)
            for blocks, score in stories:
                for b in blocks:
                    b.drop(REASON, certain=False)
                    b.score = round(score, 4)
                    b.info["off_topic_similarity"] = round(score, 4)
                if self.mode == "split":
                    idx = next_index[doc.source]
                    next_index[doc.source] += 1
                    copies = [dataclasses.replace(b, decision=KEEP, reason="split_story", certain=False,
                                                  inline_removals=list(b.inline_removals), info=dict(b.info)) for b in blocks]
                    out.append(Document(blocks=copies, source=doc.source, index=idx, date=doc.date,
                                        fields=dict(doc.fields), split_from=doc.id))
        return out

    def _off_topic_stories(self, doc: Document) -> list[tuple[list, float]]:
        """Lists of blocks (each an unrelated story) with their similarity to the main story."""
        blocks = doc.blocks
        unit_idx = [i for i, b in enumerate(blocks) if b.decision != DROP and b.text]
        if len(unit_idx) < 4:
            return []
        texts = [blocks[i].text for i in unit_idx]
        words = np.array([float(len(t.split())) for t in texts])
        if words.sum() < MIN_DOC_WORDS:
            return []
        # 1. stories cut at cues
        starts = [0]
        for k in range(1, len(unit_idx)):
            prev, cur = unit_idx[k - 1], unit_idx[k]
            closed = any(blocks[j].decision == DROP and blocks[j].reason in _ENDS_STORY for j in range(prev + 1, cur))
            if is_dateline(texts[k]) or (closed and words[k:].sum() >= MIN_RUN_WORDS):
                starts.append(k)
        space = _Space(texts)
        X = space.X
        bounds = list(zip(starts, starts[1:] + [len(unit_idx)]))
        main = X[bounds[0][0] : bounds[0][1]].sum(axis=0)
        if doc.title:
            main = main + space.vector(doc.title) * 2.0
        dropped: list[tuple[int, int, float]] = []
        kept_runs = [bounds[0]]
        for s, e in bounds[1:]:
            sim = _cos(X[s:e].sum(axis=0), main)
            if sim >= self.story_threshold:
                kept_runs.append((s, e))
            else:
                dropped.append((s, e, sim))
        # 2. a pasted run inside what is left (no cues needed)
        keep_units = [k for s, e in kept_runs for k in range(s, e)]
        if 4 <= len(keep_units) <= MAX_UNITS:
            run = find_pasted_run(X[keep_units], words[keep_units])
            if run is not None and run[2] < self.run_threshold:
                s, e, ratio = run
                members = keep_units[s:e]
                rest = [k for k in keep_units if k < members[0] or k > members[-1]]
                sim = _cos(X[members].sum(axis=0), X[rest].sum(axis=0))
                group = [members[0]]
                for k in members[1:] + [None]:  # contiguous groups of units
                    if k is not None and k == group[-1] + 1:
                        group.append(k)
                        continue
                    dropped.append((group[0], group[-1] + 1, sim))
                    if k is not None:
                        group = [k]
        stories = []
        for s, e, sim in sorted(dropped):
            story = [blocks[unit_idx[k]] for k in range(s, e)]
            stories.append((story, sim))
        return stories
