"""The library API: clean, clean_documents, Cleaner; thread safety."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

import cleaner
from cleaner import Cleaner

from .conftest import seed


def test_clean_returns_main_document_text():
    text = cleaner.clean(seed("000"))
    # a plain first-line headline stays on top in clean() (re-cleaning must not eat lines) ...
    headline, body = text.split("\n", 1)
    assert headline.startswith("Witkoff To Moscow")
    assert body.startswith("The White House’s lead envoy is heading to Russia")
    assert "https://" not in text
    # ... and goes to the title in clean_documents(), as in the CLI
    doc = cleaner.clean_documents(seed("000"))[0]
    assert doc.title.startswith("Witkoff To Moscow") and doc.text.startswith("The White House’s lead envoy")


def test_clean_does_not_eat_a_clean_text_line_by_line():
    text = ("Key findings\n\nThe survey covered 2,000 households in four regions over two years.\n\n"
            "Incomes rose by a fifth on average, the authors said, and rents by a third.")
    assert cleaner.clean(text) == text.replace("\n\n", "\n")


def test_clean_documents_reports_removals_with_reasons():
    docs = cleaner.clean_documents(seed("004"), source="004.txt")
    [doc] = docs
    assert doc.source == "004.txt" and doc.index == 0
    removals = doc.removals()
    assert removals and all(r.reason for r in removals)
    kinds = {r.reason for r in removals}
    assert {"teaser", "share_links", "stay_tuned"} <= kinds
    for r in removals:
        if r.start is not None:
            assert 0 <= r.start <= r.end


def test_output_words_come_from_the_input():
    src = seed("003")
    for w in cleaner.clean(src).split():
        assert w in src


def test_cleaner_is_thread_safe():
    texts = [seed(p) for p in ("000", "001", "002", "003", "004")] * 8
    expected = [cleaner.clean(t) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(cleaner.clean, texts))
    assert got == expected


def test_bad_arguments_are_clear():
    with pytest.raises(ValueError, match="off_topic"):
        Cleaner(off_topic="maybe")
    with pytest.raises(TypeError, match="str"):
        Cleaner(model=None).clean_documents(12345)
    [doc] = Cleaner(model=None).clean_documents("plain words here".encode("utf-16"))
    assert doc.text == "plain words here"


def test_empty_and_whitespace_input():
    assert cleaner.clean("") == ""
    assert cleaner.clean("  \n\n \t") == ""


def test_clean_batch_returns_each_items_documents():
    from cleaner.pipeline import Pipeline

    c = Cleaner(off_topic="split", model=None)
    texts = [seed("002"), seed("001")]
    results = c.clean_batch([(t, f"s{k}") for k, t in enumerate(texts)])
    assert [[d.text for d in r.documents] for r in results] == [
        [d.text for d in c.clean_documents(t, source=f"s{k}")] for k, t in enumerate(texts)]
    assert len(results[0].documents) > 1  # seed 002's pasted story, split out
    # Items sharing a source are cleaned one at a time, with the same result.
    same = c.clean_batch([(t, "same") for t in texts])
    assert [r.text for r in same] == [r.text for r in results]
    with pytest.raises(ValueError, match="distinct source"):
        Pipeline([]).run_grouped([(texts[0], "same", None), (texts[1], "same", None)])


def test_setting_a_parameter_takes_effect():
    c = Cleaner()
    dropped = c.clean_documents(seed("002"))
    c.off_topic = "keep"
    assert repr(c) == repr(Cleaner(off_topic="keep"))
    kept = c.clean_documents(seed("002"))
    assert [d.text for d in kept] == [d.text for d in Cleaner(off_topic="keep").clean_documents(seed("002"))]
    assert [d.text for d in kept] != [d.text for d in dropped]
    # clean() forgets the fixed points it proved under other parameters.
    assert c.clean(seed("002")) == Cleaner(off_topic="keep").clean(seed("002"))
    assert c.set_params(off_topic="drop", model=None) is c
    assert c.clean(seed("004")) == Cleaner(model=None).clean(seed("004"))
    c.disable = ["share_links", "share_links"]
    assert c.disable == ("share_links",)
    assert "share_links" not in {r.reason for r in c.clean_documents(seed("004"))[0].removals()}


def test_get_params_set_params_and_pickle_round_trip():
    import pickle

    c = Cleaner(off_topic="split", model=None, disable=["byline"], favor="recall")
    params = c.get_params()
    assert params == {"off_topic": "split", "model": None, "trust_model": False, "disable": ("byline",),
                      "favor": "recall"}
    assert repr(Cleaner(**params)) == repr(c)
    copy = pickle.loads(pickle.dumps(c))
    assert copy.get_params() == params
    assert copy.clean_documents(seed("004"))[0].text == c.clean_documents(seed("004"))[0].text
    params["off_topic"] = "keep"  # a copy: changing it changes nothing
    assert c.off_topic == "split"


def test_bad_values_raise_when_set_and_change_nothing():
    c = Cleaner(model=None)
    before = c.clean(seed("004"))
    with pytest.raises(ValueError, match="off_topic"):
        c.off_topic = "maybe"
    with pytest.raises(ValueError, match="favor"):
        c.set_params(off_topic="keep", favor="both")  # checked together: off_topic is not changed either
    with pytest.raises(ValueError, match="bylines"):
        c.disable = ["bylines"]
    with pytest.raises(ValueError, match="no parameter 'offtopic'"):
        c.set_params(offtopic="keep")
    assert c.get_params() == Cleaner(model=None).get_params()
    assert c.clean(seed("004")) == before


def test_import_cleaner_loads_no_stage():
    import subprocess
    import sys

    code = (
        "import sys, cleaner\n"
        "heavy = sorted(m for m in sys.modules\n"
        "               if m.split('.')[0] in ('numpy', 'onnxruntime', 'regex', 'scipy')\n"
        "               or m.startswith(('cleaner.rules', 'cleaner.classify', 'cleaner.topics',\n"
        "                                'cleaner.integrations')))\n"
        "print(' '.join(heavy))\n"
        "assert callable(cleaner.clean_batch)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"imported: {result.stdout.strip()}"
