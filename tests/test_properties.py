"""Properties of the library that hold for every input (hypothesis).

- cleaning never raises on any string;
- every word of the output occurs in the input (nothing invented or reworded);
- cleaning is idempotent: ``clean(clean(x)) == clean(x)``, on random strings
  and on documents pieced together from the seed fixtures' lines with markdown
  marks, list bullets and blank lines, proven by the passes themselves (no
  memory of earlier results);
- a document made only of plain article sentences comes back whole.

The ``ci`` profile (the default here) runs thousands of examples in all.
"""

from __future__ import annotations

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner

from .conftest import SEEDS

settings.register_profile("ci", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")

_WORD = regex.compile(r"[^\W_]+")  # letters and digits; "_" joins nothing in prose

# Text with the shapes scrapers produce: words, markdown, links, separators, blank lines.
_token = st.one_of(
    st.sampled_from(["the", "council", "voted", "Share", "Related:", "Read more", "|", "»", "—", "(ROME)",
                     "*", "**",
                     "#", "##", "-", "1.", "[link](https://example.com/a)", "![img](x.jpg)", "https://example.com/x",
                     "Subscribe", "newsletter", "©", "2025", "min read", "\n", "\n\n", "  "]),
    st.text(min_size=1, max_size=12),
)
scraped = st.lists(_token, max_size=80).map(" ".join)
any_text = st.one_of(st.text(max_size=400), scraped)

_SUBJECTS = ["The council", "Officials", "Residents", "The mayor", "Engineers", "The committee",
             "Local businesses"]
_VERBS = ["said on Tuesday that", "argued that", "warned that", "agreed that", "reported that"]
_TOPICS = [
    ["the bridge would be repaired before the winter floods returned to the valley",
     "the repairs to the bridge would cost more than the council had planned",
     "the old bridge had been closed to lorries since the floods damaged it"],
    ["the budget for the parks had been approved after months of long debate",
     "the parks budget would pay for new playgrounds and benches",
     "the money for the parks would be spent in the poorer districts first"],
    ["the new school would open its doors to students in the autumn",
     "the school had hired twenty teachers for its first year",
     "parents had asked the new school to offer evening classes"],
]
# One article is about one thing: every sentence of an example comes from one topic.
article = st.sampled_from(_TOPICS).flatmap(
    lambda objects: st.lists(
        st.lists(st.builds(lambda s, v, o: f"{s} {v} {o}.", st.sampled_from(_SUBJECTS),
                           st.sampled_from(_VERBS), st.sampled_from(objects)),
                 min_size=2, max_size=4).map(" ".join),
        min_size=3, max_size=8,
    )
)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text))


@given(any_text)
def test_never_raises_on_any_string(text):
    out = cleaner.clean(text)
    assert isinstance(out, str)
    docs = cleaner.clean_documents(text)
    assert all(isinstance(d.text, str) for d in docs)


@given(any_text)
def test_every_output_word_occurs_in_the_input(text):
    out = cleaner.clean(text)
    assert _words(out) <= _words(text)


_uncached = cleaner.Cleaner()


@given(any_text)
def test_cleaning_is_idempotent(text):
    once = cleaner.clean(text)
    assert cleaner.clean(once) == once
    # The same, proven by the pipeline itself: clean() remembers the outputs
    # it proved stable, and a second Cleaner without that memory must agree.
    _uncached.forget_fixed_points()
    assert _uncached.clean(once) == once


# Lines of the seed fixtures (real scraped articles with their boilerplate),
# dressed up the ways scrapers and converters dress them, in any order.
_SEED_LINES = sorted({line.strip() for path in sorted(SEEDS.glob("*.txt"))
                      for line in path.read_text(encoding="utf-8").splitlines() if line.strip()})
_MARKS = ["", "", "", "# ", "## ", "### ", "- ", "* ", "1. ", "> ", "**", "_"]
_SEPARATOR = st.sampled_from(["\n", "\n\n", "\n\n\n"])
_line = st.builds(lambda mark, line: f"{mark}{line}{mark if mark in ('**', '_') else ''}",
                  st.sampled_from(_MARKS), st.integers(0, len(_SEED_LINES) - 1).map(_SEED_LINES.__getitem__))
_fragment = st.lists(_line, min_size=1, max_size=12).flatmap(
    lambda lines: st.lists(_SEPARATOR, min_size=len(lines), max_size=len(lines))
    .map(lambda seps: "".join(f"{line}{sep}" for line, sep in zip(lines, seps, strict=True))))
seed_pieces = st.lists(st.one_of(_fragment, scraped), min_size=1, max_size=6).map("\n\n".join)


@settings(max_examples=300)
@given(seed_pieces)
def test_cleaning_pieces_of_real_articles_is_idempotent(text):
    once = _uncached.clean(text)
    _uncached.forget_fixed_points()
    assert _uncached.clean(once) == once
    assert _words(once) <= _words(text)


@given(article)
def test_plain_article_sentences_come_back_whole(paragraphs):
    text = "\n\n".join(paragraphs)
    out = cleaner.clean(text)
    for p in paragraphs:
        assert p in out
