"""Label blocks by aligning them with a gold article body.

A block is article body when most of its 4-word shingles occur in the gold
body; a block too short to have a shingle is body when its words occur as a
contiguous run in the gold. This is the same unit the quality metric counts,
so the model learns exactly what the score rewards.
"""

from __future__ import annotations

from .evaluate import SHINGLE, tokens


class GoldIndex:
    """The gold body's shingles and token string, for fast block lookups."""

    def __init__(self, gold: str):
        toks = tokens(gold)
        self.shingles = {tuple(toks[i : i + SHINGLE]) for i in range(max(len(toks) - SHINGLE + 1, 0))}
        self.joined = " " + " ".join(toks) + " "

    def overlap(self, text: str) -> float:
        """Share of the block's shingles (or its words, when short) found in the gold."""
        toks = tokens(text)
        if not toks:
            return 0.0
        if len(toks) < SHINGLE:
            return 1.0 if (" " + " ".join(toks) + " ") in self.joined else 0.0
        grams = [tuple(toks[i : i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1)]
        return sum(1 for g in grams if g in self.shingles) / len(grams)

    def label(self, text: str) -> int:
        return int(self.overlap(text) >= 0.5)
