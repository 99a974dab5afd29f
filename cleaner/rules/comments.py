"""Reader comments after the article.

Extractors keep a page's comment thread (trafilatura appends it to the text
by default) and page dumps carry it with its furniture. A thread is told by
what readers write to the author and to each other ("Great article!",
"Thanks for sharing, Anna", "I second this", "Reply to Sam: …") and by the
thread's own furniture ("12 Comments", "Leave a Reply", "Jane says:",
"Liked by …", the comment form's "Your email address will not be
published"). One such line can sit in an article; a chain of them running to
the end of the document is the thread. The article is never its own
commenter, so the chain must start after the first part of the document.
"""

from __future__ import annotations

from ..document import DROP, Block, Document
from .base import document_rule
from .lazy import lazy_compile

ORDER = 47  # after the author box, which often sits between the article and its comments

# What a reader writes about the post or to its author.
_READER = lazy_compile(
    r"""(?ix)
    \b(great|nice|excellent|informative|helpful|amazing|awesome|wonderful|fantastic|insightful|interesting
       |brilliant|fabulous|lovely|thoughtful|well[- ]written|well[- ]researched)\s+
      (article|post|blog(\s+post)?|read|write-?up|piece|list|summary|series|compilation)\b
      (?!\s+(by|from|on|about|of)\b)
    | \bthanks?(\s+you)?(\s+(so|very)\s+much)?(,?\s+\p{Lu}\p{Ll}+)?\s+for\s+
      (sharing|writing|posting|putting\s+this
       |the\s+((great|wonderful|informative|helpful|insightful|detailed|excellent|useful|awesome|nice)\s+)?
        (article|post|info|information|tips|list|read|write-?up|summary|insights?|suggestions?|tip
         |recommendations?|reminder)
       |this(\s+(article|post|list|piece|guide|info))?\b)
    | \b(love|loved|enjoyed|appreciate|appreciated)\s+(this|your|reading\s+(this|your))\s+
      (post|article|blog|list|piece|series|write-?up)\b(?!\s*,\s*(the|please|share))
    | \b(loved|enjoyed)\s+(this|reading\s+this)[!.]
    | \byour\s+(article|blog|blog\s+post|writing|recommendations?|suggestions?|insights?|series|newsletter)\b
    | ^i\s+second\b | ^reply\s+to\s | ^(hi|hey|hello|dear)\s+\p{L}+[,!]
    | \blooking\s+forward\s+to\s+(the|your)\s+(next|rest|more|future|upcoming)\b
    | \b(this|the)\s+(article|post)\s+(is|was)\s+(so|very|really|great|amazing|awesome|helpful|excellent|spot)
    | ^(thanks?|thank\s+you)(\s+(so|very)\s+much)?(,?\s+\p{Lu}\p{Ll}+)?[!.\s]*$
    | ^(great|love|loved|awesome|amazing)(\s+(it|this))?[!.]*$
    | \b(thanks|thank\s+you),?\s+\p{Lu}\p{Ll}+[!.,] | \b(brava|bravo|kudos)\b | ^thanks\s+a\s+lot\b
    """
)
# The thread's furniture: its header, the commenter lines, the comment form.
_FURNITURE = lazy_compile(
    r"""(?ix)
    ^\d+\s+(comments?|responses?|replies|thoughts\s+on)\b
    | ^(leave\s+a\s+(reply|comment)|add\s+a\s+comment|post\s+a\s+comment
       |join\s+the\s+(discussion|conversation)|discussion\s+about\s+this\s+post|comments?|reader\s+comments|responses|comments\s+are\s+closed
       |cancel\s+reply|reply|report|expand\s+full\s+comment|load\s+more\s+comments|view\s+\d+\s+repl(y|ies))
      \s*[:(\d)]*\s*$
    | ^\S.{0,60}?\s+says:?(\s+\S.{0,40}\d{4}.{0,20})?\s*$
    | ^liked\s+by\s | ^\d+\s+likes?\b | ^posted\s+by:?\s.{0,80}\s+at\s.{0,40}\d
    | \byour\s+email\s+address\s+will\s+not\s+be\s+published\b | \brequired\s+fields\s+are\s+marked\b
    | \bsave\s+my\s+name,\s+email\b | ^(log|sign)\s+in\s+to\s+(reply|comment|leave\s+a\s+comment)\b
    | \bthis\s+site\s+uses\s+akismet\b
    | \(score:\s*-?\d | ^re:\s*\S
    """
)

_GAP = 25  # most blocks between two marks of one thread
_LEAD_BLOCKS = 8  # the article's own part: no thread starts before this many blocks
_LEAD_WORDS = 150  # ... and this many words
_LONG = 250  # a block this long is article (or an essay), not a comment


# A word each pattern's every alternative needs (whole, in the casefolded
# text), so a block with none of them skips the costly patterns. Casefolding
# folds at least as much as the patterns' ignore-case matching, so no match
# is lost.
_READER_WORDS = frozenset(
    {
        "great", "nice", "excellent", "informative", "helpful", "amazing", "awesome", "wonderful",
        "fantastic", "insightful", "interesting", "brilliant", "fabulous", "lovely", "thoughtful",
        "well", "thank", "thanks", "love", "loved", "enjoyed", "appreciate", "appreciated", "your",
        "second", "reply", "hi", "hey", "hello", "dear", "looking", "article", "post", "brava",
        "bravo", "kudos",
    }
)
_FURNITURE_WORDS = frozenset(
    {
        "leave", "add", "post", "join", "discussion", "comment", "comments", "reader", "responses",
        "cancel", "reply", "report", "expand", "load", "view", "says", "liked", "posted", "email",
        "required", "save", "log", "sign", "akismet", "score", "re",
    }
)
_WORD = lazy_compile(r"\w+")


def _mark(b: Block) -> bool:
    if b.words > _LONG:
        return False
    text = b.text
    words = set(_WORD.findall(text.casefold()))
    if (text[:1].isdigit() or not words.isdisjoint(_FURNITURE_WORDS)) and _FURNITURE.search(text):
        return True
    return b.words <= 120 and not words.isdisjoint(_READER_WORDS) and bool(_READER.search(text))


@document_rule(
    "comment_thread",
    "Reader comments after the article: 'Great article!', 'Thanks for sharing, Anna', 'Jane says:', "
    "'Leave a Reply'.",
    example=(
        "The storm surge reached the old harbour wall shortly after midnight, residents said, and crews "
        "worked through the night to clear the coast road before the morning ferries arrived.\n\n"
        "The council said repairs to the promenade would begin next week and take about a month, with "
        "the worst damage near the lifeboat station and the old fish market.\n\n"
        "Ferry operators said services would run to the usual timetable from Monday, though the first "
        "crossings of the day may leave late while the harbour is checked.\n\n"
        "Engineers will inspect the harbour wall again once the spring tides have passed, and the "
        "council has asked residents to keep off the breakwater until then.\n\n"
        "The town's lifeboat crew was called out twice during the night, but nobody was hurt.\n\n"
        "Shops on the seafront reopened by the afternoon, with sandbags still at their doors.\n\n"
        "The last storm of this strength hit the town more than twenty years ago, records show.\n\n"
        "The council will publish its full report on the damage before the end of the month.\n\n"
        "Great article! We saw the waves from the hill.\n\nWe lost our fence too.\n\n"
        "Thanks for sharing, Anna. Stay safe everyone.\n"
    ),
)
def comment_thread(doc: Document, name: str) -> None:
    """From the first mark of a chain of thread marks that runs to the end of the document, drop the rest.

    Marks are reader lines and thread furniture; in the chain no two are
    more than ``_GAP`` blocks apart, the last is within ``_GAP`` blocks of
    the end, and there are at least two; what follows the last has fewer
    words than half the chain (a dump may set the thread above the article). The chain starts only after the
    document's first ``_LEAD_BLOCKS`` blocks and ``_LEAD_WORDS`` words, and
    after its last block as long as an article section.
    """
    blocks = doc.blocks
    n = len(blocks)
    if n <= _LEAD_BLOCKS + 1:
        return
    # Walk back from the end: the chain must end near it, so only the tail is
    # read, and the (costly) mark patterns run on few blocks.
    lead: list[int] = []  # words before each block
    words = 0
    for b in blocks:
        lead.append(words)
        words += b.words
    chain: list[int] = []
    for i in range(n - 1, -1, -1):
        b = blocks[i]
        if b.words > _LONG and b.decision != DROP:
            break  # the thread comes after the last long section
        if i < _LEAD_BLOCKS or lead[i] < _LEAD_WORDS:
            break
        if (chain[-1] if chain else n - 1) - i > _GAP:
            break
        if _mark(b):
            chain.append(i)
    if len(chain) < 2:
        return
    chain.reverse()
    # what follows the last mark is more of the thread, not an article the thread stood above
    inside = sum(b.words for b in blocks[chain[0] : chain[-1] + 1])
    after = sum(b.words for b in blocks[chain[-1] + 1 :])
    if after > inside / 2:
        return
    for b in blocks[chain[0]:]:
        if b.decision is None:
            b.drop(name)
