"""Single-topic documents: find unrelated stories pasted into an article.

Every pasted paragraph is well-formed article text, so no boilerplate
feature can see it; what gives it away is that it is about something else.
This stage works in three steps over the blocks still kept after the
classifier:

1. **Stories with cues.** Wire copy marks where a story starts: a dateline
   (``(ROME) —``, ``(DOHA, Qatar) —``, ``WASHINGTON (AP) —``) and, where
   one ends, a contributor line (``ABC News' … contributed to this report``).
   Those cut the document into candidate stories.
2. **Lexical cohesion.** Each story and each run of paragraphs is a bag of
   content words weighted by how informative the word is (rare words such as
   names and places weigh most: ``wordfreq``'s English Zipf frequencies,
   read from a table shipped with the package, so nothing is downloaded;
   words it does not know count as rare, see :mod:`.vocabulary`). A story
   joins the main one when its vector is close enough to the main story's
   (the lead and the title: live updates and follow-ups about the same war
   share its names and places, and stay).
3. **A pasted run without cues.** Among the paragraphs left (table rows
   and units of one or two words sit this out: they say little about what
   the text is about), every contiguous run that does not include the lead
   is scored by two contrasts of the run against the rest of the document
   (see :func:`find_pasted_run`): a word-weighted average-linkage contrast,
   and a contrast of mean cosines that only counts runs further from the
   lead (and the title) than the rest is. A pasted story is cohesive inside
   and foreign outside and scores near 0 on both. Scores are calibrated by
   length: short runs (where single articles have their own asides: a list
   item, an author note) and runs longer than the article left around them
   (pages whose lead and tail are navigation leftovers) need proportionally
   lower scores. Low contrasts are not enough on their own: a run (or the
   rest) whose words lie in one or two units has no pairs to measure its
   cohesion on, and in a list of unrelated items (albums of the month, a
   recipe's ingredients) every stretch of items is as foreign as the best
   one; both need proportionally lower scores (see
   :func:`evidence_factor`, :func:`distinction_factor`). The run is removed
   when the score is below its threshold, the article left has at least
   ``MIN_DOC_WORDS`` words and the run is at most ``MAX_RUN_SHARE`` of the
   words; table rows next to it go with it when most of them are rows of
   figures (a pasted story's table). What is left is searched once more
   for a run next to the first one's place: the rest of the same story.
   Documents of more than ``MAX_UNITS`` units are searched over groups of
   adjacent units.

Thresholds are deliberately conservative: losing a paragraph of the real
article is worse than keeping part of a pasted one. Dropped blocks carry
reason ``off_topic`` and their similarity to the main story in ``score``.

Modules: :mod:`.vocabulary` (content words and their weights),
:mod:`.vectors` (the units' vectors and the sums taken over them),
:mod:`.runs` (the run search), :mod:`.stage` (the pipeline stage).
"""

from .runs import (
    BESIDE_SHARE,
    COSINE_THRESHOLD,
    MAX_RUN_SHARE,
    MIN_DISTINCTION,
    MIN_DOC_WORDS,
    MIN_EFFECTIVE_UNITS,
    MIN_RUN_WORDS,
    PAIR_THRESHOLD,
    RUN_THRESHOLD,
    SHORT_RUN_WORDS,
    candidate_runs,
    distinction_factor,
    evidence_factor,
    find_pasted_run,
)
from .stage import MAX_UNITS, MODES, REASON, STORY_THRESHOLD, OffTopicStage, is_data_row, is_dateline
from .vectors import Space, SparseRows, group_rows
from .vocabulary import english_frequencies, weight, zipf

__all__ = [
    "BESIDE_SHARE", "MIN_DISTINCTION", "MIN_EFFECTIVE_UNITS", "distinction_factor", "evidence_factor",
    "COSINE_THRESHOLD", "MAX_RUN_SHARE", "MAX_UNITS", "MIN_DOC_WORDS", "MIN_RUN_WORDS", "MODES",
    "PAIR_THRESHOLD", "REASON", "RUN_THRESHOLD", "SHORT_RUN_WORDS", "STORY_THRESHOLD", "OffTopicStage",
    "SparseRows", "Space", "candidate_runs", "english_frequencies", "find_pasted_run", "group_rows",
    "is_data_row", "is_dateline", "weight", "zipf",
]
