"""The shingle metric and the fixed split."""

from __future__ import annotations

from cleaner.devtools.evaluate import score, score_document, split_of

GOLD = "the quick brown fox jumps over the lazy dog near the river bank today"


def test_identity_is_perfect():
    s = score_document(GOLD, GOLD)
    assert s.precision == 1.0 and s.recall == 1.0 and abs(s.tp - 1.0) < 1e-9


def test_extra_text_costs_precision_missing_text_costs_recall():
    noisy = score_document(GOLD + " subscribe to our newsletter for more great stories", GOLD)
    assert noisy.recall == 1.0 and noisy.precision < 1.0
    short = score_document(" ".join(GOLD.split()[:8]), GOLD)
    assert short.precision == 1.0 and short.recall < 1.0
    assert abs(noisy.tp + noisy.fp + noisy.fn - 1.0) < 1e-9


def test_report_averages_then_f1():
    r = score([("a", GOLD, GOLD), ("b", "", GOLD)])
    assert r.precision == 0.5 and r.recall == 0.5 and r.f1 == 0.5


def test_split_is_fixed_and_about_one_in_five():
    ids = [f"{i:04d}" for i in range(1, 1001)]
    dev = [i for i in ids if split_of(i) == "dev"]
    assert 150 < len(dev) < 250
    assert split_of("0001") == split_of("0001")
