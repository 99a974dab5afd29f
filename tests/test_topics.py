"""Single-topic documents: pasted stories go (or are split out), same-topic updates stay."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, clean_documents, corpus
from cleaner.evaluate import shingles
from cleaner.topics import OffTopicStage, is_dateline

from .conftest import ARTICLES, seed


def _lines(prefix):
    return [ln.strip() for ln in seed(prefix).splitlines() if ln.strip()]


def _pasted_002():
    lines = _lines("002")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("(ROME)"))
    return lines[:start], [ln for ln in lines[start:] if len(ln.split()) > 8]


def test_datelines_are_recognised_and_ordinary_openings_are_not():
    for text in ("(ROME) — A worker was trapped", "(DOHA, Qatar) — Five members", "WASHINGTON (AP) — The Senate",
                 "(LONDON and KYIV, Ukraine)– Russian President", "KYIV, Ukraine (Reuters) - Ukraine said"):
        assert is_dateline(text), text
    for text in ("Trump — who spoke on Tuesday — said", "The tower — built in 1238 — fell", "In Rome — as elsewhere — prices rose"):
        assert not is_dateline(text), text


def test_seed_002_pasted_stories_are_gone_and_the_putin_story_is_whole():
    before, pasted = _pasted_002()
    [doc] = clean_documents(seed("002"), source="002")
    assert "Torre dei Conti" not in doc.text and "Hamas" not in doc.text and "(DOHA" not in doc.text
    for line in pasted:
        assert line not in doc.text, line[:60]
    assert "Michelle Stoddart" not in doc.text  # the Doha story's contributor line went with it
    for line in before[1:]:  # the first line is the date marker and headline (metadata)
        if len(line.split()) > 12 and "contributed to this report" not in line:
            assert line in doc.text, line[:60]
    reasons = {r.reason for r in doc.removals()}
    assert "off_topic" in reasons


def test_split_mode_emits_each_pasted_story_as_its_own_document():
    docs = clean_documents(seed("002"), source="002", off_topic="split")
    main, *split = docs
    assert main.split_from is None and "Torre dei Conti" not in main.text
    assert len(split) == 2
    assert all(d.split_from == main.id for d in split)
    assert split[0].text.startswith("(ROME) —") and split[1].text.startswith("(DOHA, Qatar) —")
    assert len({d.index for d in docs}) == len(docs)


def test_keep_mode_changes_nothing():
    keep = clean_documents(seed("002"), source="002", off_topic="keep")
    assert len(keep) == 1 and "Torre dei Conti" in keep[0].text


def test_seed_004_live_updates_stay():
    with_stage = Cleaner().clean(seed("004"))
    without = Cleaner(off_topic="keep").clean(seed("004"))
    assert with_stage == without


def test_one_paragraph_and_short_inputs_pass_untouched():
    text = "A single paragraph article about the council budget, with nothing else in it at all."
    assert Cleaner().clean(text) == text
    assert OffTopicStage("drop")([]) == []
    with pytest.raises(ValueError):
        OffTopicStage("sometimes")


# --- pasted-story sets built at test time from the dev split (cleaner.quality) --------------

@pytest.mark.slow
@pytest.mark.skipif(not corpus.available(ARTICLES), reason="development corpus not available")
def test_pasted_story_set_from_the_dev_split():
    from cleaner.quality import evaluate_pasted, identity

    stage = evaluate_pasted(Cleaner(model=None).clean, n=30, path=ARTICLES)  # gold bodies have no boilerplate
    keep_all = evaluate_pasted(identity, n=30, path=ARTICLES)
    assert stage.cases == keep_all.cases == 30
    assert keep_all.survival > 0.95
    # measured 2026-11-25 on 60 cases: 0.51 of the pasted shingles survive, F1 0.87 (keeping all: 1.00, 0.77)
    assert stage.survival < 0.75
    assert stage.report.f1 > keep_all.report.f1 + 0.03
