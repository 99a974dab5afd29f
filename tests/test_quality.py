"""Quality regression gate: dev-split F1 may not fall more than 0.01 below the model card.

Runs the default cleaner over every dev page of the development corpus, in
each input kind the card reports (derived at test time; skipped when
``../shared`` is absent).
"""

from __future__ import annotations

import re

import pytest

from cleaner.classify.model import CARD_NAME, DEFAULT_MODEL
from cleaner.devtools import corpus
from cleaner.devtools.quality import cleaner_system, evaluate_kind

from .conftest import ARTICLES

TOLERANCE = 0.01


def _card_figures() -> dict[str, float]:
    card = DEFAULT_MODEL.with_name(CARD_NAME).read_text(encoding="utf-8")
    return {k: float(v) for k, v in re.findall(r"^- dev-f1 (\w+): ([0-9.]+)$", card, re.M)}


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not corpus.available(ARTICLES), reason="development corpus not available"),
]


def test_model_card_states_figures_for_every_input_kind():
    figures = _card_figures()
    assert {"markdown", "plain", "trafilatura", "partial"} <= set(figures)


@pytest.mark.parametrize("kind", ["markdown", "plain", "trafilatura", "partial"])
def test_dev_f1_holds_the_model_card_figure(kind):
    expected = _card_figures()[kind]
    [row] = evaluate_kind(kind, {"cleaner": cleaner_system()}, "dev", ARTICLES)
    assert row.docs == 77
    f1 = row.report.f1
    assert f1 >= expected - TOLERANCE, f"{kind}: dev F1 {f1:.4f} < card {expected:.4f} - {TOLERANCE}"


def test_partial_inputs_are_the_gold_body_with_the_pages_own_leftovers():
    from cleaner.devtools.evaluate import shingles

    for page in corpus.load_pages("dev", ARTICLES, limit=10):
        text = corpus.derive(page, "partial")
        assert text == corpus.derive(page, "partial")  # deterministic per page id
        gold = [" ".join(p.split()) for p in page.gold.split("\n") if p.strip()]
        lines = text.splitlines()
        it = iter(lines)
        assert all(any(line == para for line in it) for para in gold)  # the whole article, in order
        assert 0 < len(lines) - len(gold) <= 6 + 14 + 2
        ref = shingles(page.gold)
        assert all(not (shingles(line) & ref) for line in lines if line not in gold)
