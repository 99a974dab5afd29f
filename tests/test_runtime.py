"""The model runtime: ONNX graphs built from scikit-learn's trees answer as scikit-learn does.

scikit-learn trains; onnxruntime scores. These tests fit real estimators,
export them through the model file format, and compare probabilities and the
keep/drop decisions they lead to.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

from cleaner import Cleaner
from cleaner.classify.features import document_features
from cleaner.classify.model import (
    DEFAULT_MODEL,
    BlockModel,
    load_model,
    model_from_json,
    model_to_json,
    save_model,
)
from cleaner.classify.runtime import OnnxClassifier
from cleaner.devtools import corpus
from cleaner.devtools.labels import GoldIndex
from cleaner.devtools.train import build_dataset, make_estimator
from cleaner.pipeline import Pipeline, RuleStage, TitleStage

from .conftest import ARTICLES, EXPECTED, ROOT

TOLERANCE = 1e-5


def _fit(data_docs, **params):
    from sklearn.ensemble import HistGradientBoostingClassifier

    docs = [d for d in data_docs if len(d.y)]
    X = np.concatenate([d.X for d in docs])
    y = np.concatenate([d.y for d in docs])
    w = np.concatenate([(d.words + 3.0) * d.weight for d in docs])
    est = make_estimator(0) if not params else HistGradientBoostingClassifier(random_state=0, **params)
    return est.fit(X, y, sample_weight=w)


def _roundtrip(model: BlockModel, tmp_path) -> BlockModel:
    path = save_model(model, tmp_path / "model.json")
    return load_model(path, trust=True)


def _assert_same(trained: BlockModel, loaded: BlockModel, docs) -> int:
    """Same probabilities (within TOLERANCE) and the same decisions, document by document."""
    rows = 0
    for d in docs:
        if not len(d.y):
            continue
        expected = trained.estimator.predict_proba(d.X)[:, 1]
        got = loaded.predict_proba(d.X)
        np.testing.assert_allclose(got, expected, rtol=0, atol=TOLERANCE)
        assert (got >= trained.threshold).tolist() == (expected >= trained.threshold).tolist()
        assert loaded.decide(got, d.words).tolist() == trained.decide(expected, d.words).tolist()
        rows += len(d.y)
    return rows


@dataclasses.dataclass
class Sample:
    X: np.ndarray
    y: np.ndarray
    words: np.ndarray
    weight: float = 1.0


def _fixture_blocks() -> list[Sample]:
    """Every block with text of every seed (rule-decided ones too, so both
    classes occur), labelled by the seed's expected output."""
    pipe = Pipeline([RuleStage(), TitleStage()])
    out = []
    for path in sorted((ROOT / "fixtures" / "seeds").glob("*.txt")):
        stem = path.name[: -len(".txt")]
        expected = sorted(EXPECTED.glob(f"{stem}*.txt"))
        gold = GoldIndex("\n".join(p.read_text(encoding="utf-8") for p in expected))
        for doc in pipe.run(path.read_text(encoding="utf-8")):
            idx = [i for i, b in enumerate(doc.blocks) if b.text]
            if idx:
                X = document_features(doc)[idx]
                texts = [doc.blocks[i].text for i in idx]
                out.append(Sample(X, np.array([gold.label(t) for t in texts]),
                                  np.array([float(len(t.split())) for t in texts])))
    return out


def test_runtime_matches_scikit_learn_on_the_fixtures(tmp_path):
    docs = _fixture_blocks()
    est = _fit(docs, max_iter=60, max_leaf_nodes=31, min_samples_leaf=5)
    trained = BlockModel(estimator=est, stay=0.75, threshold=0.45)
    loaded = _roundtrip(trained, tmp_path)
    assert isinstance(loaded.estimator, OnnxClassifier)
    assert _assert_same(trained, loaded, docs) > 100


def test_missing_values_go_where_scikit_learn_sends_them(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3000, 6))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    X[rng.random(X.shape) < 0.2] = np.nan  # scikit-learn learns a side for missing values at each split
    from sklearn.ensemble import HistGradientBoostingClassifier

    est = HistGradientBoostingClassifier(max_iter=40, random_state=0).fit(X, y)
    runtime = model_from_json(model_to_json(BlockModel(estimator=est, features=[]))).estimator
    np.testing.assert_allclose(runtime.predict_proba(X), est.predict_proba(X), rtol=0, atol=TOLERANCE)


@dataclasses.dataclass
class TwoStageModel(BlockModel):
    """A model with a second estimator and more JSON data, as a retrained model may have."""

    second: Any = None
    window: list[int] = dataclasses.field(default_factory=list)


def test_every_estimator_field_is_exported_and_every_other_field_is_json():
    docs = _fixture_blocks()
    first = _fit(docs, max_iter=10)
    second = _fit(docs, max_iter=5, max_leaf_nodes=7)
    model = TwoStageModel(estimator=first, second=second, window=[2, 5], meta={"note": "two stages"})
    raw = model_to_json(model)
    doc = json.loads(raw)
    assert set(doc["estimators"]) == {"estimator", "second"}
    assert doc["fields"]["window"] == [2, 5] and doc["fields"]["meta"] == {"note": "two stages"}
    loaded = model_from_json(raw, TwoStageModel)
    X = np.concatenate([d.X for d in docs if len(d.y)])
    for name, est in (("estimator", first), ("second", second)):
        runtime = getattr(loaded, name)
        assert isinstance(runtime, OnnxClassifier)
        assert runtime.predict_proba(X).shape == (len(X), 2)
        np.testing.assert_allclose(runtime.predict_proba(X), est.predict_proba(X), rtol=0, atol=TOLERANCE)
    assert model_to_json(loaded) == raw  # a loaded model saves back to the same bytes
    with pytest.raises(ValueError, match="second"):
        model_from_json(raw)  # BlockModel has no such field: a clear error, not a silent drop
    with pytest.raises(TypeError):
        model_to_json(dataclasses.replace(model, meta={"not json": object()}))


def test_the_shipped_model_is_json_with_onnx_graphs():
    doc = json.loads(DEFAULT_MODEL.read_bytes())  # no pickle anywhere in the file
    assert doc["format"] == "cleaner-block-model"
    assert {e["runtime"] for e in doc["estimators"].values()} == {"onnx"}
    assert isinstance(load_model("default").estimator, OnnxClassifier)


def test_cleaning_text_imports_no_scikit_learn():
    code = (
        "import sys, cleaner\n"
        "out = cleaner.clean(open(sys.argv[1], encoding='utf-8').read())\n"
        "assert out, 'nothing kept'\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'joblib', 'pandas'))\n"
        "print(' '.join(heavy))\n"
    )
    seed = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))[0]
    result = subprocess.run([sys.executable, "-c", code, str(seed)], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "", f"imported: {result.stdout.strip()}"


@pytest.mark.slow
@pytest.mark.skipif(not corpus.available(ARTICLES), reason="development corpus not available")
def test_runtime_matches_scikit_learn_on_the_dev_blocks(tmp_path):
    # The project's estimator settings, fitted on part of the train split (the
    # full training takes minutes), scored on every dev block of every input kind.
    train = build_dataset("train", path=ARTICLES, limit=60, with_fixtures=True)
    trained = BlockModel(estimator=_fit(train.docs), stay=0.75, threshold=0.45, weight_scale=0.5)
    loaded = _roundtrip(trained, tmp_path)
    dev = build_dataset("dev", path=ARTICLES, with_fixtures=False)
    assert _assert_same(trained, loaded, dev.docs) > 10_000


def test_word_frequencies_and_stop_lists_match_their_libraries():
    # Read from wordfreq's and jusText's files without importing either; the
    # same figures as the libraries' own functions.
    import justext
    import wordfreq

    from cleaner.classify.features import STOP_LANGUAGES, _justext_stoplist
    from cleaner.topics import english_frequencies

    assert english_frequencies() == wordfreq.get_frequency_dict("en", "best")
    for lang in (*STOP_LANGUAGES, "English"):
        try:
            expected = justext.get_stoplist(lang)
        except ValueError:
            continue
        assert _justext_stoplist(lang) == expected


def test_a_fixed_point_is_remembered_only_once_proven():
    c = Cleaner()
    text = (ROOT / "fixtures" / "seeds").glob("*.txt").__next__().read_text(encoding="utf-8")
    once = c.clean(text)
    memo = c._state().fixed_points
    assert once in memo and text not in memo
    assert c.clean(once) == once
    fresh = Cleaner()
    assert fresh.clean(once) == once  # proven again, by the passes themselves
