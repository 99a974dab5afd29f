"""The block classifier: features, labels, the sequence step, safe model loading."""

from __future__ import annotations

import dataclasses

import joblib
import numpy as np
import pytest

from cleaner import Cleaner
from cleaner.classify.features import document_features, feature_names
from cleaner.classify.model import (
    CARD_NAME,
    DEFAULT_MODEL,
    ModelError,
    file_sha256,
    load_model,
    pinned_hashes,
    save_model,
)
from cleaner.classify.sequence import viterbi
from cleaner.devtools.labels import GoldIndex
from cleaner.pipeline import Pipeline, RuleStage, TitleStage

from .conftest import seed

ARTICLE = """# Council approves new budget for city parks

The city council voted on Tuesday to approve a budget that will fund repairs in all of the city's \
parks, after months of debate about how the money should be spent.

Officials said the work would begin in the spring and would be finished before the end of the year, \
weather permitting, with the largest parks first.

Residents who spoke at the meeting welcomed the decision, although several of them asked for more \
money for playgrounds in the poorer districts of the city.

  * [Five things to do in the city this weekend](https://example.com/a)
  * [Local team wins the cup again after extra time](https://example.com/b)
  * [Rain expected on Friday across the region](https://example.com/c)
  * [New bakery opens on Main Street](https://example.com/d)
  * [Politics](https://example.com/politics)
  * [Culture](https://example.com/culture)

[Log in](https://example.com/login) [Create account](https://example.com/signup)
"""


def _doc(text: str):
    return Pipeline([RuleStage(), TitleStage()]).run(text)[0]


def test_feature_matrix_has_one_row_per_block_and_named_columns():
    doc = _doc(ARTICLE)
    X = document_features(doc)
    assert X.shape == (len(doc.blocks), len(feature_names()))
    assert np.isfinite(X).all()


def test_features_tell_prose_from_menus():
    doc = _doc(ARTICLE)
    X = document_features(doc)
    stop = feature_names().index("stop_ratio")
    texts = [b.text for b in doc.blocks]
    prose = texts.index(next(t for t in texts if t.startswith("The city council")))
    menu = texts.index(next(t for t in texts if t.startswith("Log in")))
    assert X[prose, stop] > X[menu, stop] + 0.2


def test_labels_follow_the_gold_body():
    gold = GoldIndex("The city council voted on Tuesday to approve a budget. "
                     "Officials said the work would begin.")
    assert gold.label("The city council voted on Tuesday to approve a budget.") == 1
    assert gold.label("Privacy Policy Terms of Use Contact Us") == 0
    assert gold.label("Officials said") == 1  # short: contiguous words of the gold
    assert gold.label("said Officials") == 0


def test_viterbi_bridges_a_weak_block_inside_a_run_and_ends_runs():
    keep = viterbi(np.array([0.9, 0.9, 0.4, 0.9, 0.1, 0.1, 0.6, 0.1]), np.ones(8), stay=0.8)
    assert keep.tolist() == [True, True, True, True, False, False, False, False]
    # with no smoothing each block stands alone
    alone = viterbi(np.array([0.9, 0.4, 0.9]), np.ones(3), stay=0.5)
    assert alone.tolist() == [True, False, True]


def test_default_model_is_pinned_and_loads():
    assert file_sha256(DEFAULT_MODEL) in pinned_hashes(DEFAULT_MODEL)
    model = load_model("default")
    assert model.features == feature_names()
    assert load_model("default") is model  # once per process


def test_unpinned_model_is_refused_unless_trusted(tmp_path):
    copy = tmp_path / "other.json"
    # other bytes: another hash
    save_model(dataclasses.replace(load_model("default"), meta={"note": "a copy"}), copy)
    assert file_sha256(copy) != file_sha256(DEFAULT_MODEL)
    with pytest.raises(ModelError, match="not pinned"):
        load_model(copy)
    with pytest.raises(ModelError, match="not pinned"):
        Cleaner(model=str(copy))
    # pinned in a card beside it: accepted
    (tmp_path / CARD_NAME).write_text(f"SHA-256: `{file_sha256(copy)}`\n")
    assert load_model(copy).features == feature_names()


def test_a_pickle_that_runs_code_is_never_loaded(tmp_path):
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    bad = tmp_path / "evil.joblib"
    joblib.dump(Evil(), bad)
    with pytest.raises(ModelError):
        load_model(bad)
    assert not marker.exists()
    with pytest.raises(ModelError, match="not a cleaner block model"):
        load_model(bad, trust=True)  # trusted: loaded, but rejected for what it is


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        load_model(tmp_path / "nope.joblib")


def test_model_drops_boilerplate_the_rules_left_and_keeps_the_article():
    docs = Cleaner(off_topic="keep").clean_documents(ARTICLE)
    text = docs[0].text
    assert "The city council voted" in text and "playgrounds in the poorer districts" in text
    assert "bakery" not in text and "Log in" not in text and "Politics" not in text
    assert docs[0].title == "Council approves new budget for city parks"
    reasons = {r.reason for r in docs[0].removals()}
    assert "boilerplate" in reasons and None not in reasons


def test_model_keeps_every_seed_article_sentence():
    text = Cleaner(off_topic="keep").clean(seed("001"))
    assert len(text.split()) > 100


def test_explain_shows_model_scores(tmp_path):
    from click.testing import CliRunner

    from cleaner.cli import main

    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    out = CliRunner().invoke(main, ["explain", str(path)]).output
    assert "DROP boilerplate" in out and "KEEP model" in out
    assert "p=0." in out or "p=1." in out


def test_favor_moves_the_decision_and_rejects_unknown_values():
    words = {}
    for favor in ("precision", None, "recall"):
        text = Cleaner(off_topic="keep", favor=favor).clean_documents(ARTICLE)[0].text
        words[favor] = len(text.split())
    assert words["precision"] <= words[None] <= words["recall"]
    assert "The city council voted" in Cleaner(favor="precision").clean(ARTICLE)
    with pytest.raises(ValueError, match="favor"):
        Cleaner(favor="more")


def test_context_columns_match_their_names():
    from cleaner.classify.context import context_feature_names, context_features, main_run

    p = np.array([0.1, 0.2, 0.9, 0.8, 0.3, 0.95, 0.9, 0.1])
    w = np.array([2.0, 3, 50, 40, 5, 60, 30, 4])
    X = context_features(p, w)
    assert X.shape == (len(p), len(context_feature_names()))
    assert main_run(p, w) == (2, 6)
    assert context_features(np.zeros(0), np.zeros(0)).shape == (0, len(context_feature_names()))


def test_context_columns_hold_what_their_names_say():
    from cleaner.classify.context import BLOCK_WEIGHT, context_feature_names, context_features

    p = [0.1, 0.2, 0.9, 0.8, 0.3, 0.95, 0.9, 0.1, 0.75]
    w = [2.0, 3, 50, 40, 5, 60, 30, 4, 0]
    n = len(p)
    X = context_features(np.array(p), np.array(w))
    col = {name: X[:, j].tolist() for j, name in enumerate(context_feature_names())}
    for o in (-3, -2, -1, 1, 2, 3):
        assert col[f"p_at_{o:+d}"] == [p[i + o] if 0 <= i + o < n else -1.0 for i in range(n)]
    assert col["p_max_near"] == [max(p[i + o] if 0 <= i + o < n else 0.0 for o in (-3, -2, -1, 1, 2, 3))
                                 for i in range(n)]
    wt = [x + BLOCK_WEIGHT for x in w]
    for size in (5, 11, 25):
        span = [range(max(i - size // 2, 0), min(i + size // 2 + 1, n)) for i in range(n)]
        want = [sum(p[j] * wt[j] for j in r) / sum(wt[j] for j in r) for r in span]
        assert col[f"p_mean_{size}"] == pytest.approx(want, rel=1e-12)
    assert col["p"] == p
    assert col["in_main_run"] == [float(2 <= i <= 6) for i in range(n)]  # the last block is too far past
    assert col["between_confident"] == [float(3 <= i <= 7) for i in range(n)]
    assert col["gap_to_confident_before"] == pytest.approx(np.log1p([10, 10, 10, 1, 1, 2, 1, 1, 2]).tolist())
    assert col["doc_blocks"] == [np.log1p(n)] * n
