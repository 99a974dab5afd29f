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
    assert headline.startswith("Witkoff To Moscow") and body.startswith("The White House’s lead envoy is heading to Russia")
    assert "https://" not in text
    # ... and goes to the title in clean_documents(), as in the CLI
    doc = cleaner.clean_documents(seed("000"))[0]
    assert doc.title.startswith("Witkoff To Moscow") and doc.text.startswith("The White House’s lead envoy")


def test_clean_does_not_eat_a_clean_text_line_by_line():
    text = "Key findings\n\nThe survey covered 2,000 households in four regions over two years.\n\nIncomes rose by a fifth on average, the authors said, and rents by a third."
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
    assert Cleaner(model=None).clean_documents("plain words here".encode("utf-16"))[0].text == "plain words here"


def test_empty_and_whitespace_input():
    assert cleaner.clean("") == ""
    assert cleaner.clean("  \n\n \t") == ""


def test_run_grouped_returns_each_items_documents():
    from cleaner.api import get_cleaner

    pipeline = get_cleaner("split", None, False).pipeline
    texts = [seed("002"), seed("001")]
    groups = pipeline.run_grouped([(t, f"s{k}", None) for k, t in enumerate(texts)])
    assert [[d.text for d in g] for g in groups] == [[d.text for d in pipeline.run(t, source=f"s{k}")] for k, t in enumerate(texts)]
    with pytest.raises(ValueError, match="distinct source"):
        pipeline.run_grouped([(texts[0], "same", None), (texts[1], "same", None)])
