"""The off-topic stage: cut a document into stories at cues, keep those about
the main story, and look for a pasted run among what is left (see the
package's docstring for the steps)."""

from __future__ import annotations

import bisect
import dataclasses
import itertools

import numpy as np
import regex

from ..document import DROP, KEEP, Document
from ..pipeline import memoized
from .runs import MIN_DOC_WORDS, MIN_RUN_WORDS, RUN_THRESHOLD, candidate_runs, find_pasted_run
from .vectors import Space, SparseRows, cos, group_rows, row_norms
from .vocabulary import find_words

REASON = "off_topic"
MODES = ("drop", "split", "keep")

# Story-level: a candidate story joins the main story when cosine >= this.
STORY_THRESHOLD = 0.15
MIN_CONTENT_WORDS = 3  # units with fewer content words take no part in the run search ...
DATA_ROW_SHARE = 0.3  # ... nor do table rows (this share of their tokens or more holds digits) ...
DATA_ROW_TOKENS = 25  # ... of at most this many tokens (a longer line with figures is prose)
MAX_RUNS = 2  # searches per document: the first run, then the rest of its story
MAX_UNITS = 400  # longer documents are searched over groups of adjacent units (the search is quadratic)
# The title counts this many times the lead's weight in the main story's vector.
TITLE_WEIGHT = 2.0
# A dateline sits at the very start of a paragraph: only this many characters are looked at.
DATELINE_SPAN = 160
# Fewer units than this leave no run to compare with the rest (a run of two, the lead and one more).
MIN_UNITS = 4

_AGENCY = r"(?:\((?:AP|Reuters|AFP|CNN|UPI|dpa|Bloomberg)\))"
_DATELINE = regex.compile(
    rf"""^(?:
        # (ROME ...: a place in capitals opens the parentheses ...
        \(\s*\p{{Lu}}[\p{{Lu}}.'’-]+(?![\p{{Ll}}])
            # ... and more names may follow: (LONDON and KYIV, Ukraine)
            (?:(?:,\s*|\s+(?:and|&)\s+|\s+)\p{{Lu}}[\p{{L}}.'’-]{{1,30}}){{0,5}}\s*\)
        (?:\s*{_AGENCY})?
      # WASHINGTON (AP), ST. LOUIS, KYIV, Ukraine
      | (?:\p{{Lu}}{{2}}\.\s*)?\p{{Lu}}{{3,}}(?:[ .'’]+\p{{Lu}}[\p{{Lu}}.'’]*)*
        (?:,\s*\p{{Lu}}[\p{{L}}.'’ ]{{1,30}})?\s*{_AGENCY}?
    )
    # a dash; a hyphen only with space around it (not UTF-8, not a double-barrelled name)
    (?:\s*[—–]{{1,2}}|\s+-{{1,2}}(?=\s)|(?<=\))\s*-{{1,2}})\s*\S
    """,
    regex.X,
)
# Counts tokens holding a digit: each match starts at a token's first digit and
# runs to the token's end, so there is exactly one match per such token (the
# same count as ``\S*\d\S*``, without its backtracking from every character,
# which is slow on long URL lines).
_DIGIT_TOKEN = regex.compile(r"\d\S*")
_ENDS_STORY = ("contributor_line",)

def _open_end(text: str) -> bool:
    """The text stops mid-sentence (a lower-case letter, a comma or a semicolon last)."""
    end = text.rstrip()[-1:]
    return end.islower() or end in ",;"


def _carries_on(text: str) -> bool:
    """The text starts in lower case (it carries on a sentence)."""
    return text.lstrip()[:1].islower()


def is_dateline(text: str) -> bool:
    """A paragraph that opens a wire story: ``(ROME) — …``, ``KYIV, Ukraine (AP) — …``."""
    # A dateline opens with "(" or two capitals, so its second character is
    # never an ASCII character other than a capital: that rules out nearly
    # every paragraph without running the pattern.
    second = text[1:2]
    if text[:1] != "(" and second.isascii() and not second.isupper():
        return False
    return bool(_DATELINE.match(text[:DATELINE_SPAN]))


def is_data_row(text: str, content_words: int | None = None) -> bool:
    """A table row or a line of figures (``1 State Farm Group 107,764,591 16.4``), or next to no
    words: not prose.

    ``content_words`` is the number of content words in ``text`` when known.
    """
    if content_words is None:
        content_words = len(find_words(text))
    if content_words < MIN_CONTENT_WORDS:
        return True
    tokens = len(text.split())
    return tokens <= DATA_ROW_TOKENS and len(_DIGIT_TOKEN.findall(text)) >= DATA_ROW_SHARE * tokens


class OffTopicStage:
    """Drop (or split out) stories that are not about the document's main story."""

    name = "off_topic"

    def __init__(self, mode: str = "drop", *, story_threshold: float = STORY_THRESHOLD,
                 run_threshold: float = RUN_THRESHOLD, run_search: bool = True):
        """``run_search=False`` keeps step 3 off: stories are cut at cues only.

        The run search compares paragraphs with the article around them, so
        it needs the article alone: without the classifier upstream (rules
        only) the page furniture still kept makes the article itself look
        like the odd run out.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.mode = mode
        self.story_threshold = story_threshold
        self.run_threshold = run_threshold
        self.run_search = run_search

    def __call__(self, docs: list[Document]) -> list[Document]:
        if self.mode == "keep":
            return docs
        out: list[Document] = []
        next_index: dict[str | None, int] = {}
        for doc in docs:
            next_index[doc.source] = max(next_index.get(doc.source, 0), doc.index + 1)
        for doc in docs:
            out.append(doc)
            stories = self._off_topic_stories(doc)
            for blocks, score in stories:
                for b in blocks:
                    b.drop(REASON, certain=False)
                    b.score = round(score, 4)
                    b.info["off_topic_similarity"] = round(score, 4)
                if self.mode == "split":
                    idx = next_index[doc.source]
                    next_index[doc.source] += 1
                    copies = [dataclasses.replace(b, decision=KEEP, reason="split_story", certain=False,
                                                  inline_removals=list(b.inline_removals), info=dict(b.info))
                              for b in blocks]
                    out.append(Document(blocks=copies, source=doc.source, index=idx, date=doc.date,
                                        fields=dict(doc.fields), split_from=doc.id))
        return out

    def _pasted_run(self, space: Space, words: np.ndarray, units: list[int],
                    title: str | None = None) -> list[int]:
        """Units of the pasted run among ``units`` (empty when there is none).

        Units with too few content words and table rows take no part in the
        search (their words say little about what the text is about); those
        between the first and the last unit of a pasted run go with it, and so
        do those next to it when most are rows of figures. Past
        ``MAX_UNITS`` units, adjacent units are searched in groups.
        """
        texts = space.texts
        content = space.content_words
        # is_data_row(texts[k], content[k]) inlined: the unit has enough content
        # words here and its token count is words[k] already, so only the
        # digit tokens are left to count (for units of DATA_ROW_TOKENS tokens or fewer).
        n_tokens = words.tolist()
        active = [k for k in units if content[k] >= MIN_CONTENT_WORDS
                  and (n_tokens[k] > DATA_ROW_TOKENS
                       or len(_DIGIT_TOKEN.findall(texts[k])) < DATA_ROW_SHARE * n_tokens[k])]
        if len(active) < MIN_UNITS:
            return []
        w = words[active]
        size = -(-len(active) // MAX_UNITS)  # units per group
        # A run never starts or ends inside a sentence: a unit ending without
        # punctuation and the next one starting in lower case are lines of
        # one hard-wrapped paragraph.
        cut = np.array([True] + [not (_carries_on(texts[b]) and _open_end(texts[a]))
                                 for a, b in itertools.pairwise(active)] + [True])
        if size > 1:
            cut = np.append(cut[:-1][::size], True)
            w_searched = np.add.reduceat(w, np.arange(0, len(active), size))
        else:
            w_searched = w
        # The lengths alone rule out every run in most short documents: then
        # no vector is needed (nor any word's weight).
        runs = candidate_runs(np.concatenate([[0.0], np.cumsum(w_searched)]), 1, cut)
        if not len(runs[0]):
            return []
        X = _searched_rows(space.rows.take(active), w, size)
        lead = X.row(0)
        if title:
            t = space.vector(title)
            lead = lead / (np.linalg.norm(lead) or 1.0) + t
        lead = lead / (np.linalg.norm(lead) or 1.0)
        run = find_pasted_run(X, w_searched, lead=lead, cuts=cut, runs=runs)
        if run is None or run[2] >= self.run_threshold:
            return []
        a = run[0] * size
        b = min(run[1] * size, len(active))
        lo, hi = units.index(active[a]), units.index(active[b - 1]) + 1
        # Table rows next to the run, up to the next unit searched, go with it
        # when at least half of them are rows of figures: a pasted story's
        # table (the article's own tables stand beside its prose, not the run's).
        before = units[units.index(active[a - 1]) + 1 : lo]  # a >= 1: a run never holds the lead
        after = units[hi : units.index(active[b]) if b < len(active) else len(units)]
        if _mostly_figures(before, texts, content):
            lo -= len(before)
        if _mostly_figures(after, texts, content):
            hi += len(after)
        return units[lo:hi]

    def _off_topic_stories(self, doc: Document) -> list[tuple[list, float]]:
        """Lists of blocks (each an unrelated story) with their similarity to the main story."""
        blocks = doc.blocks
        unit_idx = [i for i, b in enumerate(blocks) if b.decision != DROP and b.text]
        if len(unit_idx) < MIN_UNITS:
            return []
        texts = tuple(blocks[i].text for i in unit_idx)
        closed = tuple(_closed_gaps(blocks, unit_idx))
        # The stories depend on nothing else: clean()'s next pass over the
        # same article (most often the same units) reuses them.
        search = self.run_search and not doc.extracted_by
        key = ("off_topic", self.story_threshold, self.run_threshold, search, doc.title, texts, closed)
        ranges = memoized(key, lambda: self._story_ranges(list(texts), closed, doc.title, search,
                                                          [blocks[i].words for i in unit_idx]))
        return [([blocks[unit_idx[k]] for k in range(s, e)], sim) for s, e, sim in ranges]

    def _story_ranges(self, texts: list[str], closed: tuple[int, ...], title: str | None,
                      run_search: bool, lengths: list[int] | None = None) -> list[tuple[int, int, float]]:
        """The unrelated stories among the units ``texts`` as sorted ``[start, end)``
        ranges with their similarity; ``closed`` lists the units a closing block
        (a contributor line) stands before. ``lengths`` are the units' word
        counts (``len(text.split())``) when the caller has them already."""
        if lengths is None:
            lengths = [len(t.split()) for t in texts]
        words = np.array(lengths, dtype=np.float64)
        if words.sum() < MIN_DOC_WORDS:
            return []
        bounds = _cue_stories(closed, texts, words)
        # A pasted run has MIN_RUN_WORDS and leaves MIN_DOC_WORDS around it:
        # a shorter text has no candidate, so its search is skipped outright.
        search = run_search and words.sum() >= MIN_RUN_WORDS + MIN_DOC_WORDS
        if len(bounds) == 1 and not search:
            return []  # one story and no run search: nothing to compare, no vectors to build
        # The units' vectors depend on their texts alone: a later pass with
        # another title (clean() keeps a plain headline in the text) reuses them.
        space = memoized(("space", tuple(texts)), lambda: Space(texts))
        dropped: list[tuple[int, int, float]] = []
        kept_runs = [bounds[0]]
        if len(bounds) > 1:
            main = space.total(slice(bounds[0][0], bounds[0][1]))
            if title:
                main = main + space.vector(title) * TITLE_WEIGHT
            for s, e in bounds[1:]:
                sim = cos(space.total(slice(s, e)), main)
                if sim >= self.story_threshold:
                    kept_runs.append((s, e))
                else:
                    dropped.append((s, e, sim))
        # 2. a pasted run inside what is left (no cues needed). Once it is
        # out, what is left is searched once more for the rest of the same
        # story (a run that borders the first one's place and is closer to
        # it than to the article left): a remnant no longer hides behind the
        # part already found.
        keep_units = [k for s, e in kept_runs for k in range(s, e)]
        place, found = 0, []  # where the first run was in what is left, and its units
        for _ in range(MAX_RUNS if search else 0):
            if len(keep_units) < MIN_UNITS or words[keep_units].sum() < MIN_DOC_WORDS:
                break
            members = self._pasted_run(space, words, keep_units, title)
            if not members:
                break
            first, last = keep_units.index(members[0]), keep_units.index(members[-1])
            member_set = set(members)
            rest = [k for k in keep_units if k not in member_set]
            if found and not (first <= place <= last + 1 and _closer_to(space, members, found, rest)):
                break
            keep_units, place, found = rest, first, members
            dropped += _groups(members, cos(space.total(members), space.total(keep_units)))
        return sorted(dropped)


def _closer_to(space: Space, units: list[int], first: list[int], rest: list[int]) -> bool:
    """``units`` are at least as close to ``first`` as to ``rest`` (cosines of the total vectors)."""
    total = space.total(units)
    return cos(total, space.total(first)) >= cos(total, space.total(rest))


def _mostly_figures(units: list[int], texts: list[str], content: list[int]) -> bool:
    """At least half of ``units`` (and one) are rows of figures with enough content words."""
    rows = sum(content[k] >= MIN_CONTENT_WORDS and is_data_row(texts[k], content[k]) for k in units)
    return bool(units) and 2 * rows >= len(units)


def _groups(members: list[int], sim: float) -> list[tuple[int, int, float]]:
    """``members`` (ascending units) as contiguous ``[start, end)`` ranges, each with ``sim``."""
    out = []
    start = prev = members[0]
    for k in members[1:]:
        if k != prev + 1:
            out.append((start, prev + 1, sim))
            start = k
        prev = k
    out.append((start, prev + 1, sim))
    return out


def _searched_rows(X: SparseRows, w: np.ndarray, size: int) -> SparseRows:
    """The units' vectors as the run search takes them: past ``MAX_UNITS``
    units, each group of ``size`` adjacent units as one vector (the sum of
    its units' vectors weighted by the square roots of their lengths, then
    normalised)."""
    if size == 1:
        return X
    X = group_rows(X.scale_rows(np.sqrt(w)), size)
    norms = row_norms(X)
    return X.scale_rows(1.0 / np.where(norms == 0, 1.0, norms))


def _closed_gaps(blocks: list, unit_idx: list[int]) -> list[int]:
    """The units ``k`` (from 1) that a dropped block closing a story (a
    contributor line) stands before, after unit ``k - 1``."""
    # Most documents have no such block, and the blocks between units need no look.
    closers = [j for j, b in enumerate(blocks) if b.decision == DROP and b.reason in _ENDS_STORY]
    if not closers:
        return []
    out = []
    for k in range(1, len(unit_idx)):
        after = bisect.bisect_right(closers, unit_idx[k - 1])
        if after < len(closers) and closers[after] < unit_idx[k]:
            out.append(k)
    return out


def _cue_stories(closed: tuple[int, ...], texts: list[str], words: np.ndarray) -> list[tuple[int, int]]:
    """1. The document cut into stories at cues, as ``[start, end)`` ranges of
    units; ``closed`` lists the units a story-closing block stands before."""
    starts = [0]
    closed_set = set(closed)
    for k in range(1, len(texts)):
        if is_dateline(texts[k]) or (k in closed_set and words[k:].sum() >= MIN_RUN_WORDS):
            starts.append(k)
    bounds = list(itertools.pairwise([*starts, len(texts)]))
    # The main story is the first one, grown over the next ones while it is
    # too short to stand for the article (a headline or a standfirst before
    # the first dateline).
    while len(bounds) > 1 and words[bounds[0][0] : bounds[0][1]].sum() < MIN_DOC_WORDS:
        bounds[:2] = [(bounds[0][0], bounds[1][1])]
    return bounds
