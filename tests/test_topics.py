"""Single-topic documents: pasted stories go (or are split out), same-topic updates stay."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, clean_documents
from cleaner.devtools import corpus
from cleaner.topics import OffTopicStage, is_dateline

from .conftest import ARTICLES, seed


def _stage_only(text: str, mode: str = "drop"):
    """Rules, headline, then the off-topic stage with its run search, no classifier:
    the stage on its own, for text that has no boilerplate to remove."""
    from cleaner.pipeline import Pipeline, RuleStage, TidyStage, TitleStage

    stages = [RuleStage(), TitleStage(), OffTopicStage(mode), TidyStage()]
    return Pipeline(stages).run(text, source="synthetic")


def _lines(prefix):
    return [ln.strip() for ln in seed(prefix).splitlines() if ln.strip()]


def _pasted_002():
    lines = _lines("002")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("(ROME)"))
    return lines[:start], [ln for ln in lines[start:] if len(ln.split()) > 8]


def test_datelines_are_recognised_and_ordinary_openings_are_not():
    for text in ("(ROME) — A worker was trapped", "(DOHA, Qatar) — Five members",
                 "WASHINGTON (AP) — The Senate", "(LONDON and KYIV, Ukraine)– Russian President",
                 "KYIV, Ukraine (Reuters) - Ukraine said"):
        assert is_dateline(text), text
    for text in ("Trump — who spoke on Tuesday — said", "The tower — built in 1238 — fell",
                 "In Rome — as elsewhere — prices rose", "UTF-8 Primers", "AVX-512 Against Serial Search",
                 "JEAN MARTINEZ-BELTRAN, BYLINE: It's a Saturday",
                 "(Flat Rate Guarantee) - Includes the service call"):
        assert not is_dateline(text), text
    for text in ("ST. LOUIS (AP) — The", "RIO DE JANEIRO — Police", "PARIS (AFP) -- The", "LONDON - The"):
        assert is_dateline(text), text


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


# --- pasted-story sets built at test time from the dev split (cleaner.devtools.quality) --------------

@pytest.mark.slow
@pytest.mark.skipif(not corpus.available(ARTICLES), reason="development corpus not available")
def test_pasted_story_set_from_the_dev_split():
    from cleaner.api import main_document_text
    from cleaner.devtools.quality import evaluate_pasted, identity

    # gold bodies have no boilerplate: the stage alone
    stage = evaluate_pasted(lambda t: main_document_text(_stage_only(t)), n=30, path=ARTICLES)
    keep_all = evaluate_pasted(identity, n=30, path=ARTICLES)
    assert stage.cases == keep_all.cases == 30
    assert keep_all.survival > 0.95
    # most pasted text goes, and the kept text scores well above keeping everything
    assert stage.survival < 0.3
    assert stage.report.f1 > keep_all.report.f1 + 0.12


# --- the run search on text written for these tests ----------------------------------------

_COUNCIL = [
    "The Harwick town council approved its budget on Tuesday after a long evening of debate over "
    "library hours and road repairs.",
    "Councillor Mabel Ostrander said the budget keeps the Harwick library open on Sundays while "
    "setting aside money for pothole repairs.",
    "Road repairs on Fenwick Street will start in spring, the council said, and the library will "
    "hire two part-time librarians.",
    "Residents at the meeting asked the council why the budget raised parking fees near the library "
    "and the Fenwick Street shops.",
    "Ostrander answered that parking fees pay for the road repairs, and that the council will review "
    "the fees after one year.",
    "The Harwick budget also funds new benches for the library garden and a study of traffic on "
    "Fenwick Street.",
    "Council members voted six to one for the budget; the only vote against came from a councillor "
    "who wanted lower parking fees.",
    "The council will publish the full Harwick budget on its website, with the library and road "
    "repair spending listed line by line.",
    "Library staff told the council that Sunday opening hours have doubled the number of children "
    "borrowing books in Harwick.",
    "The road repair plan lists Fenwick Street first, then the bridge approach, then the lanes "
    "behind the library garden.",
    "Ostrander said the council would hold a second meeting in the library in June to hear residents "
    "on the parking fees.",
    "Shop owners on Fenwick Street said they welcomed the road repairs but feared the higher parking "
    "fees would keep customers away.",
    "The budget passed after midnight, and the council thanked the library volunteers who had stayed "
    "to the end of the meeting.",
    "Next year the council expects to spend less on road repairs and more on the Harwick library "
    "roof, Ostrander said.",
]
_MATCH = [
    "Quarterback Dmitri Valcourt threw three touchdowns as the Brisbane Comets beat the Osaka "
    "Falcons in overtime on Sunday night.",
    "Valcourt found receiver Tamsin Oyelaran twice in the fourth quarter, and the Comets defence "
    "held the Falcons to a field goal.",
    "The Falcons had led by ten points at halftime, but turnovers by their rookie quarterback let "
    "the Comets back into the game.",
    "Comets coach Ingrid Pallister praised Valcourt and Oyelaran, saying the overtime touchdown "
    "drive was the best of their season.",
    "The Falcons host the Comets again in three weeks, and Pallister said her defence would study "
    "the film of the overtime period.",
]


def _words(texts):
    import numpy as np

    return np.array([float(len(t.split())) for t in texts])


def test_the_pasted_run_is_found_and_scores_below_the_threshold():
    from cleaner.topics import RUN_THRESHOLD, Space, find_pasted_run

    texts = _COUNCIL[:3] + _MATCH + _COUNCIL[3:]
    s, e, score = find_pasted_run(Space(texts).rows, _words(texts))
    assert (s, e) == (3, 8)
    assert score < RUN_THRESHOLD
    # dense vectors give the same answer as sparse ones
    assert find_pasted_run(Space(texts).rows.toarray(), _words(texts))[:2] == (3, 8)


def test_a_single_article_has_no_run_below_the_threshold():
    from cleaner.topics import RUN_THRESHOLD, Space, find_pasted_run

    texts = _COUNCIL
    run = find_pasted_run(Space(texts).rows, _words(texts))
    assert run is not None  # long enough for runs to be scored ...
    assert run[2] >= RUN_THRESHOLD  # ... and none is cut off


def test_runs_are_never_cut_when_too_little_article_would_be_left():
    from cleaner.topics import Space, find_pasted_run

    texts = _COUNCIL[:2] + _MATCH + _COUNCIL[2:3]  # about 65 words of article around the match report
    assert find_pasted_run(Space(texts).rows, _words(texts)) is None


def test_a_run_is_never_most_of_the_document():
    """However foreign it looks, a run of more than 85% of the words is not
    cut: that is a page whose article the search has mistaken."""
    from cleaner.topics import Space, find_pasted_run

    texts = _COUNCIL[:8] + _MATCH * 12  # a council report, then 60 match paragraphs: 88% of the words
    words = _words(texts)
    assert words[8:].sum() > 0.87 * words.sum()
    run = find_pasted_run(Space(texts).rows, words)
    assert run is None or words[run[0] : run[1]].sum() <= 0.85 * words.sum()


def test_short_runs_need_stronger_evidence(monkeypatch):
    from cleaner.topics import SHORT_RUN_WORDS, Space, find_pasted_run, runs

    texts = _COUNCIL[:3] + _MATCH + _COUNCIL[3:]
    X, w = Space(texts).rows, _words(texts)
    calibrated = find_pasted_run(X, w)[2]
    monkeypatch.setattr(runs, "SHORT_RUN_WORDS", 1.0)  # no run counts as short
    raw = find_pasted_run(X, w)[2]
    assert w[3:8].sum() < SHORT_RUN_WORDS and raw < calibrated


def test_table_rows_take_no_part_in_the_run_search():
    from cleaner.topics import is_data_row

    assert is_data_row("1 State Farm Group 107,764,591 16.4") and is_data_row("13 Wisconsin 66.7")
    assert is_data_row("Futurewei")  # too few content words to say what it is about
    assert not is_data_row(_COUNCIL[0])
    assert not is_data_row("Net premiums written rose 8.5% to $864 billion in 2024, the report said.")
    rows = [f"{i} {name} Insurance Group {1000 - i * 37},{i * 91 % 1000:03d} {i * 1.7:.1f}"
            for i, name in enumerate(["Harbor", "Granite", "Lakeside", "Summit", "Prairie", "Beacon",
                                      "Redwood", "Meridian", "Keystone", "Bluewater", "Ironbridge",
                                      "Northfield", "Westmark", "Silverline"], 1)]
    text = "\n\n".join(_COUNCIL[:6] + rows + _COUNCIL[6:])
    [doc] = _stage_only(text)
    assert not [r for r in doc.removals() if r.reason == "off_topic"]


_GARDEN = [
    "The Pemberly rose show drew a record crowd to the botanic garden, where gardener Odile Fairweather "
    "won the prize for climbing roses.",
    "Fairweather grows her climbing roses on oak trellises and feeds them seaweed mulch, she told "
    "visitors to the botanic garden.",
    "Judges at the rose show also praised the Pemberly orchid display and a bed of blue delphiniums "
    "beside the glasshouse.",
    "The botanic garden will host the Pemberly rose show again next summer, with a new prize for "
    "scented varieties and seaweed mulch demonstrations.",
    "Fairweather said the secret of her trellises is patience, pruning and plenty of seaweed, and "
    "invited rivals to her greenhouse.",
]


def test_a_run_in_one_long_unit_needs_more_evidence(monkeypatch):
    """A run whose words lie in one unit has no pairs to measure its cohesion on."""
    from cleaner.topics import Space, find_pasted_run, runs

    spread = _COUNCIL[:3] + _MATCH + _COUNCIL[3:]
    joined = _COUNCIL[:3] + [" ".join(_MATCH[:4]), _MATCH[4]] + _COUNCIL[3:]
    default, scores = runs.MIN_EFFECTIVE_UNITS, {}
    for factor in (default, 0.0):
        monkeypatch.setattr(runs, "MIN_EFFECTIVE_UNITS", factor)
        scores[factor] = [find_pasted_run(Space(t).rows, _words(t))[2] for t in (spread, joined)]
    assert scores[0.0][0] == scores[default][0]  # five units: evidence enough
    assert scores[default][1] > scores[0.0][1]  # one: raised


def test_a_run_among_equally_foreign_runs_needs_more_evidence():
    """In a list of unrelated items every stretch looks pasted: the best run must stand out
    from the runs beside it (not those overlapping it, nor one holding most of the article)."""
    import numpy as np

    from cleaner.topics import MIN_DISTINCTION, distinction_factor

    W = np.arange(0.0, 1100.0, 100.0)  # ten units of 100 words
    s, e = np.array([1, 2, 5, 4, 3]), np.array([3, 4, 7, 10, 10])
    k = 0  # units [1, 3)
    alone = np.array([0.2, 0.2, 2.0, 0.5, 0.5])  # overlapping runs as low, those beside far higher
    assert distinction_factor(alone, W, s, e, k) == 1.0
    listed = np.array([0.2, 2.0, 0.25, 2.0, 2.0])  # units [5, 7) nearly as foreign
    assert distinction_factor(listed, W, s, e, k) == pytest.approx(MIN_DISTINCTION * 0.2 / 0.25)
    most = np.array([0.2, 2.0, 2.0, 2.0, 0.25])  # units [3, 10): most of the article left
    assert distinction_factor(most, W, s, e, k) == 1.0


def test_table_rows_next_to_the_pasted_run_go_with_it():
    rows = [f"{i} {name} Comets Falcons {i * 7} {i * 3} {i * 1.5:.1f}"
            for i, name in enumerate(["Valcourt", "Oyelaran", "Pallister", "Okafor", "Lindqvist"], 1)]
    text = "\n\n".join(_COUNCIL[:6] + _MATCH + rows + _COUNCIL[6:])
    [doc] = _stage_only(text)
    dropped = [r.text for r in doc.removals() if r.reason == "off_topic"]
    assert all(row in dropped for row in rows) and "Valcourt" not in doc.text
    for line in _COUNCIL:
        assert line in doc.text


def test_the_stage_drops_the_pasted_run_with_its_score():
    text = "\n\n".join(_COUNCIL[:3] + _MATCH + _COUNCIL[3:])
    [doc] = _stage_only(text)
    assert "Valcourt" not in doc.text and "Falcons" not in doc.text
    for line in _COUNCIL:
        assert line in doc.text
    dropped = [r for r in doc.removals() if r.reason == "off_topic"]
    assert len(dropped) == len(_MATCH) and all(r.score is not None for r in dropped)
    keep = _stage_only(text, "keep")
    assert "Valcourt" in keep[0].text


def test_runs_never_start_or_end_where_cuts_forbid():
    import numpy as np

    from cleaner.topics import Space, find_pasted_run

    texts = _COUNCIL[:3] + _MATCH + _COUNCIL[3:]
    cuts = np.ones(len(texts) + 1, dtype=bool)
    cuts[3] = False  # as if unit 2 ended mid-sentence and unit 3 carried on in lower case
    run = find_pasted_run(Space(texts).rows, _words(texts), cuts=cuts)
    assert run is None or run[0] != 3


def test_lines_of_a_hard_wrapped_paragraph_are_not_cut_apart():
    import cleaner.topics as topics

    stage = topics.OffTopicStage("drop")
    # the match report carries on the sentence before it
    match = [line[0].lower() + line[1:] for line in _MATCH]
    texts = _COUNCIL[:2] + [_COUNCIL[2].rstrip(".") + " and"] + match + _COUNCIL[3:]
    space = topics.Space(texts)
    words = _words(texts)
    assert stage._pasted_run(space, words, list(range(len(texts)))) == []
    texts = _COUNCIL[:3] + _MATCH + _COUNCIL[3:]
    space = topics.Space(texts)
    assert stage._pasted_run(space, _words(texts), list(range(len(texts)))) == list(range(3, 8))


def test_a_search_lists_its_candidate_runs_once(monkeypatch):
    """The stage lists the candidate runs to rule a search out; the search takes that list."""
    from cleaner import topics
    from cleaner.topics import runs as runs_module
    from cleaner.topics import stage as stage_module

    calls = []
    original = runs_module.candidate_runs

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(stage_module, "candidate_runs", counted)
    monkeypatch.setattr(runs_module, "candidate_runs", counted)
    texts = _COUNCIL[:3] + _MATCH + _COUNCIL[3:]
    stage = OffTopicStage()
    space = topics.Space(texts)
    assert stage._pasted_run(space, _words(texts), list(range(len(texts))))
    assert len(calls) == 1


def test_rules_only_cuts_at_cues_but_runs_no_search():
    """Without the classifier the page furniture is still there, and the run
    search would find the article itself foreign to it: rules-only cleaning
    cuts pasted stories at their cues (seed 002's datelines) and no more."""
    text = "\n\n".join(_COUNCIL[:3] + _MATCH + _COUNCIL[3:])
    [doc] = clean_documents(text, source="synthetic", model=None)
    assert "Valcourt" in doc.text
    docs = clean_documents(seed("002"), model=None)
    assert "Rome" not in docs[0].text and "Doha" not in docs[0].text


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.from_regex(r"[a-z]{1,14}", fullmatch=True),
    st.sampled_from(["the", "ukraine", "rome", "zelensky", "qwxz", "naïve", "café", "straße", "don", "doha"]),
    st.text(alphabet=st.characters(categories=["Ll", "Lu", "Lo"]), min_size=1, max_size=12),
    # lower-case Latin words, accented ones included: the table answers for them, hit or miss
    st.text(alphabet=st.sampled_from(sorted(set("abcdeilnorstuyzàáâãäåçèéêëìíîïñòóôõöøùúûüýÿāăąćčďđēėęěğ"
                                                "īıłńňōőœřśşšţťūůűųźżžșαεικνοςστάέίόώабвдеиклмнопрстуыяё"))),
            min_size=1, max_size=10),
))
def test_word_weight_matches_wordfreq(word):
    """The direct look-up for the words the table holds gives wordfreq's own Zipf figure."""
    from wordfreq import zipf_frequency

    from cleaner.topics import zipf

    assert zipf(word) == zipf_frequency(word, "en")


def test_every_accented_word_of_the_table_has_wordfreqs_figure():
    """The table answers for accented Latin words (``türkiye``), Greek and Cyrillic
    ones as wordfreq does, so that cleaning English news never imports wordfreq."""
    from wordfreq import zipf_frequency

    from cleaner.topics.vocabulary import in_table, word_table, wordfreq_buckets

    words = sorted({w for bucket in wordfreq_buckets() for w in bucket if in_table(w) and not w.isascii()})
    assert len(words) > 1000 and {"türkiye", "antónio", "для", "και"} <= set(words)
    assert word_table().lookup(words) == [zipf_frequency(w, "en") for w in words]
    assert not in_table("straße") and not in_table("Türkiye") and not in_table("te\u0301") and in_table("té")


def test_cleaning_the_seeds_imports_no_wordfreq():
    """Their accented names (``António``, ``Türkiye``) are in the table too."""
    import subprocess
    import sys

    from .conftest import SEEDS

    code = (
        "import pathlib, sys, cleaner\n"
        "for path in sorted(pathlib.Path(sys.argv[1]).glob('*.txt')):\n"
        "    cleaner.clean(path.read_text(encoding='utf-8'))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('wordfreq', 'langcodes', 'ftfy')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(SEEDS)], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_the_shipped_word_table_is_the_one_built_from_the_installed_wordfreq():
    """models/english-zipf.bin is written by scripts/build_word_table.py: rerun it after upgrading
    wordfreq."""
    from cleaner.resources import model_path
    from cleaner.topics.vocabulary import TABLE_NAME, table_bytes

    assert model_path(TABLE_NAME).read_bytes() == table_bytes()


def test_batch_weights_equal_one_by_one_weights():
    from cleaner.topics import weight
    from cleaner.topics.vocabulary import weights

    words = ["the", "council", "harwick", "ostrander", "zelensky", "qwxz", "café", "naïve", "said", "of"]
    assert weights(words).tolist() == [weight(w) for w in words]
    assert weights(["the"]).tolist() == [0.0] and weights(["qwxzqwxz"]).tolist() == [6.5]


def test_the_topic_stage_runs_without_scipy():
    """scipy's import costs more than a first document's cleaning: the stage uses numpy alone."""
    import subprocess
    import sys

    text = "\n".join(_COUNCIL[:3] + _MATCH + _COUNCIL[3:])
    code = (
        "import sys\n"
        "from cleaner.pipeline import Pipeline, RuleStage, TitleStage\n"
        "from cleaner.topics import OffTopicStage\n"
        f"[doc] = Pipeline([RuleStage(), TitleStage(), OffTopicStage()]).run({text!r})\n"
        "assert any(r.reason == 'off_topic' for r in doc.removals())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# Recorded from the run search (unit lengths, first start allowed, cuts -> every candidate run [s, e)).
_CANDIDATES = [
    (([30, 60, 80, 40, 120, 20, 90], 1, None),
     [(1, 3), (1, 4), (2, 4), (2, 5), (2, 6), (3, 5), (3, 6), (3, 7), (4, 6), (4, 7), (5, 7)]),
    (([30, 60, 80, 40, 120, 20, 90], 3, None), [(3, 5), (3, 6), (3, 7), (4, 6), (4, 7), (5, 7)]),
    (([30, 60, 80, 40, 120, 20, 90], 1, [True, True, False, True, True, False, True, True]),
     [(1, 3), (1, 4), (3, 6), (3, 7), (4, 6), (4, 7)]),
    (([200, 0, 50, 50, 0, 100, 10], 1, None),
     [(1, 4), (1, 5), (1, 6), (2, 4), (2, 5), (2, 6), (2, 7), (3, 6), (3, 7), (4, 6), (4, 7), (5, 7)]),
    (([100, 100], 1, None), []),
    (([400, 10, 10, 10, 10, 10], 1, None), []),
    (([20, 50, 51, 49, 60, 100, 150], 0, None),
     [(1, 3), (1, 4), (1, 5), (1, 6), (2, 4), (2, 5), (2, 6), (3, 5), (3, 6), (4, 6), (4, 7), (5, 7)]),
]


@pytest.mark.parametrize(("case", "expected"), _CANDIDATES)
def test_candidate_runs_are_the_recorded_ones(case, expected):
    import numpy as np

    from cleaner.topics import candidate_runs

    lengths, first, cuts = case
    W = np.concatenate([[0.0], np.cumsum(np.array(lengths, dtype=np.float64))])
    s, e = candidate_runs(W, first, None if cuts is None else np.array(cuts))
    assert list(zip(s.tolist(), e.tolist(), strict=True)) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 400), min_size=1, max_size=60), st.integers(0, 3), st.data())
def test_every_candidate_run_meets_the_conditions(lengths, first, data):
    import numpy as np

    from cleaner.topics import MAX_RUN_SHARE, MIN_DOC_WORDS, MIN_RUN_WORDS, candidate_runs

    words = np.array(lengths, dtype=np.float64)
    W = np.concatenate([[0.0], np.cumsum(words)])
    n = len(words)
    cuts = None
    if data.draw(st.booleans()):
        cuts = np.array(data.draw(st.lists(st.booleans(), min_size=len(W), max_size=len(W))))
    s, e = candidate_runs(W, first, cuts)
    runs = list(zip(s.tolist(), e.tolist(), strict=True))
    assert runs == sorted(set(runs))  # by start, then end, each once
    for start, end in runs:
        run = W[end] - W[start]
        assert max(first, 1) <= start and start + 2 <= end <= n and n - (end - start) >= 2
        assert run >= MIN_RUN_WORDS and W[n] - run >= MIN_DOC_WORDS and run <= MAX_RUN_SHARE * W[n]
        assert cuts is None or (cuts[start] and cuts[end])


# The sparse rows against scipy's sparse matrices: the same figures to the last bit, since the run
# search's choice between close scores rests on them.


def _random_rows(rows, cols, seed):
    import numpy as np

    from cleaner.topics import SparseRows

    rng = np.random.default_rng(seed)
    mask = rng.random((rows, cols)) < 0.3
    r, c = np.nonzero(mask)
    values = rng.random(len(r)) * rng.choice([0.0, 1.0, 1.0, 1.0], size=len(r))  # explicit zeros too
    order = rng.permutation(len(r))
    r, c, values = r[order], c[order], values[order]
    return SparseRows.from_entries(r, c, values, (rows, cols)), (r, c, values)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40), st.integers(1, 30), st.integers(0, 2**31))
def test_sparse_rows_sum_as_scipy_does(rows, cols, seed):
    import numpy as np
    from scipy.sparse import csr_matrix

    X, (r, c, v) = _random_rows(rows, cols, seed)
    S = csr_matrix((v, (r, c)), shape=(rows, cols))
    assert X.toarray().tobytes() == S.toarray().tobytes()
    assert X.gram().tobytes() == (S @ S.T).toarray().tobytes()
    picked = list(range(0, rows, 2))
    assert X.take(picked).column_sums().tobytes() == np.asarray(S[picked].sum(axis=0)).ravel().tobytes()
    assert X.take(slice(1, None)).column_sums().tobytes() == np.asarray(S[1:].sum(axis=0)).ravel().tobytes()
    vector = np.random.default_rng(seed).random(cols)
    assert X.dot(vector).tobytes() == np.asarray(S @ vector).ravel().tobytes()


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 40), st.integers(1, 30), st.integers(1, 9), st.integers(0, 2**31))
def test_grouped_rows_equal_the_dense_reduction(rows, cols, size, seed):
    import numpy as np
    from scipy.sparse import csr_matrix

    from cleaner.topics import group_rows
    from cleaner.topics.vectors import row_norms

    X, _ = _random_rows(rows, cols, seed)
    dense = np.add.reduceat(X.toarray(), np.arange(0, rows, size), axis=0)
    grouped = group_rows(X, size)
    assert grouped.toarray().tobytes() == dense.tobytes()
    S = csr_matrix(grouped.toarray())
    assert row_norms(grouped).tobytes() == np.sqrt(np.asarray(S.multiply(S).sum(axis=1)).ravel()).tobytes()
