"""clean()'s passes: when an output is proven a fixed point without another
pass, and what the passes share within one call."""

from __future__ import annotations

import dataclasses

import pytest

from cleaner import Cleaner
from cleaner.api import MAX_PASSES, main_document_text
from cleaner.pipeline import memoized, parse_signature, pass_memo, run_to_fixed_point

from .conftest import SEEDS, seed

_SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
_PARAGRAPHS = [
    "The council voted on Tuesday to repair the old bridge before the winter floods return to the valley.",
    "Engineers said the repairs would cost more than planned, because the floods had damaged the piers.",
    "Residents have asked for a footpath on the new deck, and the mayor said the plan would include one.",
    "The work is to start in the spring and should be finished before the next autumn storms arrive.",
]


def _naive(cleaner: Cleaner, text: str) -> str:
    """clean() as it was specified first: passes until one returns its own input."""
    stable = cleaner._state().stable
    out = main_document_text(stable.run(text))
    previous = text
    for _ in range(MAX_PASSES):
        if out == previous:
            break
        previous, out = out, main_document_text(stable.run(out))
    return out


def _count_passes(monkeypatch, cleaner: Cleaner) -> list[int]:
    stable = cleaner._state().stable
    calls = []
    run_stages = stable.run_stages

    def counted(docs):
        calls.append(1)
        return run_stages(docs)

    monkeypatch.setattr(stable, "run_stages", counted)
    return calls


@pytest.mark.parametrize("k", range(len(_SEED_TEXTS)))
def test_the_output_is_the_one_passes_until_unchanged_give(k):
    cleaner = Cleaner()
    text = _SEED_TEXTS[k]
    pieces = "\n\n".join(line for line in text.splitlines()[::3])  # the seed's lines, rearranged
    for case in (text, pieces):
        assert cleaner.clean(case) == _naive(cleaner, case)


def test_an_output_that_parses_as_its_input_is_not_passed_again(monkeypatch):
    """A paragraph with a final newline comes back without it: the text
    changed, its parse did not, so the first pass proved its output."""
    cleaner = Cleaner()
    text = "\n".join(_PARAGRAPHS) + "\n"
    calls = _count_passes(monkeypatch, cleaner)
    out = cleaner.clean(text)
    assert out != text and len(calls) == 1
    assert out == _naive(cleaner, text) and len(calls) == 3  # two passes prove it the long way
    assert cleaner.clean(out) == out and len(calls) == 3  # remembered as proven
    cleaner.forget_fixed_points()
    assert cleaner.clean(out) == out and len(calls) == 4  # proven again: one pass returns it


def test_the_signature_leaves_out_offsets_only():
    pipeline = Cleaner()._state().stable
    spaced = pipeline.parse("\n\n" + _PARAGRAPHS[0] + "\n")
    packed = pipeline.parse(_PARAGRAPHS[0])
    assert [b.start for b in spaced[0].blocks] != [b.start for b in packed[0].blocks]
    assert parse_signature(spaced) == parse_signature(packed)
    packed = pipeline.parse("\n".join(_PARAGRAPHS))
    assert parse_signature(pipeline.parse("\n".join(_PARAGRAPHS[:-1]))) != parse_signature(packed)
    assert parse_signature(pipeline.parse("# " + "\n".join(_PARAGRAPHS))) != parse_signature(packed)


@pytest.mark.parametrize("k", range(len(_SEED_TEXTS)))
def test_no_stage_reads_an_offset(k):
    """What the signature rests on: moving every offset changes no decision."""
    pipeline = Cleaner()._state().stable
    text = _SEED_TEXTS[k]
    docs = pipeline.parse(text)
    moved = pipeline.parse(text)
    for doc in moved:
        for b in doc.blocks:
            b.start, b.end = b.start + 17, b.end + 29
        doc.notes = [dataclasses.replace(r, start=None, end=None) for r in doc.notes]

    def decisions(out):
        return [(d.text, d.title, [(b.decision, b.reason, b.score, b.certain) for b in d.blocks])
                for d in out]

    assert decisions(pipeline.run_stages(docs)) == decisions(pipeline.run_stages(moved))


def test_run_to_fixed_point_gives_up_unproven_after_max_passes():
    pipeline = Cleaner()._state().stable
    counter = iter(range(100))

    def select(docs):  # an output that changes at every pass
        return f"{main_document_text(docs)} {next(counter)}"

    out, proven = run_to_fixed_point(pipeline, _PARAGRAPHS[0], None, select, given=None, max_passes=3)
    assert not proven and out.endswith(" 3")


def test_memoized_keeps_values_within_a_pass_memo_only():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert memoized("k", compute) == 1 and memoized("k", compute) == 2  # no memo: computed each time
    with pass_memo():
        assert memoized("k", compute) == 3 and memoized("k", compute) == 3
        with pass_memo():
            assert memoized("k", compute) == 4
        assert memoized("k", compute) == 3
    assert memoized("k", compute) == 5


def test_the_topic_stage_builds_a_documents_vectors_once_per_call(monkeypatch):
    """Seed 003 takes two passes; the second sees the same units (with the
    headline now in the text, not the title) and reuses their vectors."""
    from cleaner.topics import stage as stage_module

    built = []
    space = stage_module.Space

    def counted(texts):
        built.append(len(texts))
        return space(texts)

    monkeypatch.setattr(stage_module, "Space", counted)
    cleaner = Cleaner()
    calls = _count_passes(monkeypatch, cleaner)
    cleaner.clean(seed("003"))
    assert len(calls) == 2 and len(built) == 1
