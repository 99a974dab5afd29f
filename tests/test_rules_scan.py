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


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.none() | _LITERALS, st.none() | _LITERALS), min_size=1, max_size=6),
    st.text(alphabet="abcAB ›(x", max_size=24),
    st.integers(min_value=0, max_value=63),
)
def test_scan_within_some_rules_finds_exactly_theirs(specs, text, within):
    rules = [_rule(needs, exact) for needs, exact in specs]
    index = LiteralIndex(rules)
    assert index.scan(text, within) == _expected(rules, text) & within
    assert index.scan(text) == _expected(rules, text)  # the scanners of one ``within`` are not the others'


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


# -- the masked engine decides as the rules applied one by one, each on every line --


def _unmasked(doc, rules):
    """Every rule in order over every undecided block it is long enough for, with no prefilter."""
    from cleaner.rules import DocumentRule

    for rule in rules:
        if isinstance(rule, DocumentRule):
            rule.apply(doc)
            continue
        for i, block in enumerate(doc.blocks):
            if block.decision is not None or rule.max_words is not None and block.words > rule.max_words:
                continue
            args = (block.text, block, doc, i) if rule.context else (block.text, block)
            if rule.check(*args):
                block.drop(rule.name)


_EXAMPLE_LINES = sorted({line.strip() for r in RULES for line in r.example.splitlines() if line.strip()})
_EXAMPLE_WORDS = sorted({w for line in _EXAMPLE_LINES for w in line.split()})
_LINE = st.one_of(
    st.sampled_from(_EXAMPLE_LINES),
    st.lists(st.sampled_from(_EXAMPLE_WORDS), min_size=1, max_size=14).map(" ".join),
    st.tuples(st.sampled_from(_EXAMPLE_LINES), st.sampled_from(["upper", "lower", "title", "swapcase"]))
    .map(lambda t: getattr(t[0], t[1])()),
    st.tuples(st.sampled_from(["*", "- ", "## ", "> ", "(", "[", "— "]), st.sampled_from(_EXAMPLE_LINES))
    .map("".join),
)


def _same_decisions(text, rules):
    from cleaner.pipeline import Pipeline
    from cleaner.rules import RulePlan

    masked = Pipeline.parse(text)
    RulePlan(rules)(masked)
    plain = Pipeline.parse(text)
    for doc in plain:
        _unmasked(doc, rules)
    decided = [[(b.decision, b.reason) for b in d.blocks] for d in masked]
    assert decided == [[(b.decision, b.reason) for b in d.blocks] for d in plain]
    return decided


# Without the document rules, which drop whole runs of lines, every line meets every line rule.
_ONLY_LINE_RULES = [r for r in RULES if isinstance(r, LineRule)]


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=10), st.sampled_from(["\n\n", "\n"]))
def test_masked_engine_decides_as_the_unmasked_rules(lines, sep):
    _same_decisions(sep.join(lines), _ONLY_LINE_RULES)
    _same_decisions(sep.join(lines), RULES)


def test_masked_engine_on_the_examples_and_their_case_variants():
    variants = [v for line in _EXAMPLE_LINES for v in (line, line.upper(), line.lower(), f"*{line}*")]
    decided = _same_decisions("\n\n".join(variants), _ONLY_LINE_RULES)
    reasons = {reason for d in decided for _, reason in d}
    # every line rule drops its example's lines (caption's example needs an image beside it)
    missing = {r.name for r in _ONLY_LINE_RULES} - reasons
    assert missing <= {"caption"}, missing


def test_lazy_patterns_survive_pickling():
    import pickle

    from cleaner.rules.lazy import lazy_compile

    p = lazy_compile(r"\bab+c\b", 2)
    assert p.search("x abbc y").group() == "abbc"
    q = pickle.loads(pickle.dumps(p))
    assert q.pattern == p.pattern and q.flags == p.flags
    assert q.search("ABC").group() == "ABC"


# -- the cheap gates inside rules give what the tests they spare give --

_GATE_CHARS = "[( )-_|.iIİıpPgxjJ\t\u00a0AdvertismnSPONRDatoe"
_GATE_TEXT = st.text(alphabet=_GATE_CHARS, max_size=16) | st.sampled_from(
    ["[Image]", "(Photo)", "photo unavailable", "x.jpg", "-f223fd1ef983f71b86a8d8f52216a8b2.jpg)", "- | -",
     " ", "İmage", "Advertisement", "- Advertisement -", "ADS", "Sponsored by Acme", "Ad feedback", "",
     "Story continues below"])


@settings(max_examples=500, deadline=None)
@given(_GATE_TEXT)
def test_image_placeholder_gate(text):
    from cleaner.blocks import is_image_file_line
    from cleaner.rules import media

    expected = is_image_file_line(text) or bool(media._PLACEHOLDER.match(text.strip()))
    assert media._image_placeholder(text, None) == expected


@settings(max_examples=500, deadline=None)
@given(_GATE_TEXT)
def test_ad_label_gate(text):
    from cleaner.rules import promo
    from cleaner.text import norm_key

    labels = promo._AD_LABEL.pattern
    expected = bool(labels.fullmatch(text.strip(" -–—*_[]()|:.!"))) or bool(labels.fullmatch(norm_key(text)))
    assert promo._ad_label(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_EXAMPLE_LINES + ["Storm damage (AP Photo/Jane Doe)", "Harbour at dawn / Getty Images",
                                         "this post contains affiliate links"]),
       st.sampled_from(["upper", "lower", "title", "swapcase", "strip"]))
def test_literal_gate_is_true_wherever_the_pattern_matches(line, case):
    from cleaner.rules import media
    from cleaner.rules.literals import literal_gate

    text = getattr(line, case)()
    patterns = [p for r in _LINE_RULES for p in r.requires] + [media._CREDIT_TAIL]
    for p in patterns:
        if p.search(text):
            assert literal_gate(p)(text), (p, text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab1_ -.\u00a0\x1cß\u0301Ǆİ", max_size=40))
def test_nine_words_gate_is_a_key_of_more_than_eight_words(text):
    from cleaner.rules import promo
    from cleaner.text import norm_key, words

    assert bool(promo._NINE_WORDS.match(text.casefold())) == (words(norm_key(text)) > 8)
