"""The literal scan of the rule engine: it finds exactly the rules whose literals occur.

The engine tries a prefiltered rule on a line only when the scan's bitmask
has the rule's bit, so a missing bit would hide a rule that would match.
"""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.normalize import fold
from cleaner.rules import RULES, LineRule
from cleaner.rules.scan import LiteralIndex


def _rule(needs, needs_exact):
    return SimpleNamespace(needs=tuple(needs) if needs is not None else None,
                           needs_exact=tuple(needs_exact) if needs_exact is not None else None)


def _expected(rules, text):
    low = fold(text)
    return sum(
        1 << k for k, r in enumerate(rules)
        if any(lit in low for lit in r.needs or ()) or any(lit in text for lit in r.needs_exact or ())
    )


_LITERALS = st.lists(st.text(alphabet="abAB ›(", min_size=0, max_size=4), max_size=5)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.none() | _LITERALS, st.none() | _LITERALS), min_size=1, max_size=6),
    st.text(alphabet="abcAB ›(x", max_size=24),
)
def test_scan_finds_every_rule_with_a_literal_in_the_text(specs, text):
    rules = [_rule(needs, exact) for needs, exact in specs]
    assert LiteralIndex(rules).scan(text) == _expected(rules, text)


def test_overlapping_and_nested_literals_are_all_found():
    rules = [_rule(["advertisement"], None), _rule(["ad"], None), _rule(["dvd"], None), _rule(["tis"], None),
             _rule(None, ["Ad"])]
    index = LiteralIndex(rules)
    for text in ("Advertisement", "advd", "a tis", "ADVERTISING", "Adv", ""):
        assert index.scan(text) == _expected(rules, text), text


_LINE_RULES = [r for r in RULES if isinstance(r, LineRule)]
_PIECES = sorted({w for r in RULES for w in r.example.split()} | {"(", ")", "-", "|", "_", "İ", "ſ", ""})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10), st.sampled_from([" ", "", "—", " | "]))
def test_scan_of_the_rules_literals_on_lines_made_of_their_examples(pieces, sep):
    text = sep.join(pieces)
    assert LiteralIndex(_LINE_RULES).scan(text) == _expected(_LINE_RULES, text)
