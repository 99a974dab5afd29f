"""Links to other stories, teaser lists, ads and sponsored product lines.

Pages end (and sometimes pause) with lists of other headlines: "Related:",
"Recommended For You", "Trending", "Top Stories". Once such a list opens,
the short headline-like lines under it are teasers, up to the next block that
reads like article prose. Ads come as labels ("Advertisement"), as
promotional one-liners, or as runs of "Product – pitch" lines after the story.
"""

from __future__ import annotations

import functools

import regex

from ..document import DROP, Block, Document
from ..normalize import any_of, fold
from ..text import ends_sentence, is_reported_speech, norm_key, words
from .base import document_rule, line_rule, pattern_rule
from .lazy import lazy_compile
from .literals import required_literals
from .phrases import compile_phrases

ORDER = 30  # after the images: links to other stories, ads, sponsored lines

# A link list may set each entry off with a mark ("» Related: …").
_RELATED_PREFIX = lazy_compile(
    r"^(?:[\[(]|[»›▶►→]+)?\s*(related( (articles?|stories|story|coverage|content|news|posts?|reading|links?|"
    r"video|topics?))?|"
    r"read (more|also|next|this)|also read|see also|more( on this| from \w+)?|recommended( reading)?|"
    r"suggested( reading)?|further reading|more reading|watch|listen|explore more|in other news|up next|"
    r"read the (full|original) (story|article)|click here|must read|don'?t miss|popular|trending|latest|"
    r"editor'?s (picks?|choice)|top (stories|picks)|also see|lesen sie auch|mehr zum thema|lire aussi|"
    r"à lire aussi|leer más|lee también|leggi anche)\s*[:：»>|–—-]+\s*\S",
    regex.I,
)

# Headers that open a list of other stories. Compared on norm_key (lowercase words).
SECTION_HEADERS = compile_phrases(
    [
        r"related( (articles?|stories|story|coverage|content|news|posts?|reading|links?|videos?|podcasts?|"
        r"topics?|guides?))?",
        r"(recommended|suggested)( for you| stories| articles| reading| videos| content)?",
        r"you (may|might) (also )?(like|enjoy|be interested in)",
        r"(more|other) (stories|articles|news|videos|posts)( (from|in|on|for) [\w ]{1,30})?",
        r"more from [\w ]{1,30}", r"more in [\w ]{1,30}", r"more on [\w ]{1,30}",
        r"more (to|like this)( read| explore)?",
        r"(most|more) (read|popular|viewed|shared|commented|watched)"
        r"( (stories|articles|now|today|this week))?",
        r"trending( (now|stories|articles|news|topics|today|on [\w ]{1,20}))?",
        r"top (stories|news|picks|headlines|reads)",
        r"latest( (news|stories|articles|headlines|videos|posts|updates))?",
        r"(editor ?s|editors) (picks?|choice)", r"don ?t miss( this)?",
        r"popular( (now|stories|articles|posts|today))?", r"read (next|more|this next)",
        r"up next", r"what to read next", r"keep reading", r"around the web", r"from (our|the) partners?",
        r"sponsored (stories|content|links|articles)", r"promoted (stories|content|links)",
        r"(paid|partner) content", r"explore more", r"further reading", r"also on [\w ]{1,30}",
        r"in (other|case you missed) (news|it)", r"in case you missed it",
        r"recent (posts|articles|stories|news)", r"newsletter",
        r"(weitere|ähnliche) artikel", r"das könnte sie auch interessieren", r"à lire aussi",
        r"sur le même sujet", r"noticias relacionadas", r"te puede interesar", r"articoli correlati",
    ]
)
_GLUED_HEADER = lazy_compile(
    r"(?<=[\p{Ll}.!?)\d])(Recommended For You|Related (Podcasts|Stories|Articles|Content|Videos)|"
    r"Trending( Now)?|Top Stories|Most (Read|Popular)|More Stories|"
    r"Latest News|You May Also Like|Editor'?s Picks)\s*$"
)
_MIN_READ = lazy_compile(r"\d+\s*(min(ute)?s?|mins?)\.?\s*(read|watch|listen)(?-i:(?![a-z]))", regex.I)
_GLUED_WORDS = lazy_compile(r"\p{Ll}\p{Lu}\p{Ll}")


# Every match of SECTION_HEADERS (on norm_key) has one of these words in it
# (tests/test_rules.py proves it), every match of _GLUED_HEADER
# (case-sensitive) one of those.
_HEADER_WORDS = (
    "related", "recommended", "suggested", "like", "enjoy", "interested", "more", "other", "most", "trending",
    "top", "latest", "editor", "miss", "popular", "read", "next", "keep", "around", "partner", "sponsored",
    "promoted", "content", "further", "also", "recent", "newsletter", "artikel", "interessieren", "lire",
    "sujet", "noticias", "interesar", "articoli",
)
_GLUED_HEADER_WORDS = required_literals(_GLUED_HEADER)[1]
_has_header_word = any_of(_HEADER_WORDS)
_has_glued_header_word = any_of(_GLUED_HEADER_WORDS)


# Nine runs of word characters: found from the start, without reading a long line to its end.
_NINE_WORDS = regex.compile(r"\W*(?:\w+\W+){8}\w")


@functools.lru_cache(maxsize=16_384)  # headers recur across the pages of a site
def _is_section_header(text: str) -> bool:
    if _NINE_WORDS.match(text.casefold()):
        return False  # norm_key(text) has more than 8 words (its words are these runs of \w)
    if not _has_glued_header_word(text):
        # Only a SECTION_HEADERS match is left, of norm_key(text) as a whole: when
        # the text begins with three ASCII letters or digits, so does the key.
        head = text[:3]
        if head.isascii() and head.isalnum() and SECTION_HEADERS.cannot_start(head.lower(), 0):
            return False
        if not _has_header_word(fold(text)):
            return False
    key = norm_key(text)
    if not key or words(key) > 8:
        return False
    m = SECTION_HEADERS.fullmatch(key)
    return bool(m) or bool(_GLUED_HEADER.search(text))


def _prose(block: Block) -> bool:
    """A block that reads like article prose rather than a headline."""
    return block.words >= 25 and ends_sentence(block.text) and not _MIN_READ.search(block.text)


def _teaser_line(block: Block) -> bool:
    return bool(_MIN_READ.search(block.text)) or (block.words <= 25 and not _prose(block))


_AD_LABEL = compile_phrases(
    [
        r"advertisement", r"advertising", r"advert", r"ads?",
        r"sponsored( (content|post|article|links?|by [\w .&]{1,40}))?",
        r"paid (content|post|partnership|promotion)", r"promoted( content)?", r"partner content",
        r"(story|article|content) continues (below|after)( (the )?(advertisement|ad|this ad))?",
        r"continue reading (below|after the advertisement)",
        r"scroll (down )?to continue( reading)?( with content)?",
        r"skip (this )?ad(vert)?", r"ad feedback", r"remove ads", r"ad-free", r"anzeige", r"werbung",
        r"publicité", r"publicidad", r"pubblicità",
    ]
)

_PROMO_START = lazy_compile(
    r"^(claim|get|grab|unlock|join|sign up|start|try|download|shop|buy|order|save|book|reserve|enter|apply|"
    r"register|subscribe|upgrade|discover|learn more|find out more|don'?t miss|limited time|act now|"
    r"click here|tap here|use (the )?code)\b",
    regex.I,
)
_PROMO_WORDS = lazy_compile(
    r"\b(free|exclusive|offer|deal|discount|trial|limited|members?(hip)?|seat|access|\d+% off|promo|code|"
    r"coupon|today|now|bonus|premium|sale|spots?|giveaway|webinar|course|community)\b",
    regex.I,
)


def _ad_label(text: str) -> bool:
    t = text.strip(" -–—*_[]()|:.!")
    if not _AD_LABEL.cannot_start(t, 0) and _AD_LABEL.fullmatch(t):
        return True
    # norm_key(text) begins with the same three characters, lower-cased, when text begins with
    # three ASCII letters or digits
    head = text[:3]
    if head.isascii() and head.isalnum() and _AD_LABEL.cannot_start(head.lower(), 0):
        return False
    return bool(_AD_LABEL.fullmatch(norm_key(text)))


# -- the rules, in the order they run --

advertisement = line_rule(
    "advertisement",
    "Ad labels: 'Advertisement', 'Sponsored', 'Story continues below'.",
    example='Advertisement',
    max_words=12,
    # every _AD_LABEL phrase has one of these words (tests/test_rules.py proves it): the label is
    # also matched on norm_key(text), where only the words of a literal are sure to be in fold(text)
    needs=("ad", "sponsored", "paid", "promoted", "partner", "continue", "scroll", "anzeige", "werbung",
           "public", "pubblic"),
)(
    lambda text, b: _ad_label(text)
)

related_link = line_rule(
    "related_link", "Links to other stories: 'Related: …', 'Read more: …', 'See also: …'.",
    example='Related: How the town rebuilt its sea wall', max_words=40, requires=(_RELATED_PREFIX,),
)(lambda text, b: bool(_RELATED_PREFIX.match(text.strip(" *_"))) and not is_reported_speech(text))

teaser_min_read = line_rule(
    "teaser",
    "Headline teasers with a reading time: 'NewsSome Headline4 min read'.",
    example='WeatherThe Coldest March in a Decade3 min read',
    max_words=40,
    requires=(_MIN_READ,),
    needs=("min",),  # min, mins, minute(s): rarer than the derived "read", "watch", "listen"
)(
    lambda text, b: bool(_MIN_READ.search(text))
    and (bool(_GLUED_WORDS.search(text)) or not ends_sentence(text))
)


@document_rule(
    "teaser_section",
    "Lists of other stories under headers such as 'Recommended For You', 'Trending', 'Top Stories'.",
    example=(
        'The storm surge reached the old harbour wall shortly after midnight, residents said.\n\n'
        '## Recommended For You\n\n- Ferry services resume after storm\n- Ten tips for a dry basement\n'
    ),
)
def teaser_section(doc: Document, name: str) -> None:
    """Drop a 'Recommended For You' / 'Trending' header and the teasers under it."""
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        b = blocks[i]
        # (both tests are pure: the cheap one first)
        if b.decision is None and not _prose(b) and _is_section_header(b.text):
            b.drop(name)
            j = i + 1
            while j < len(blocks):
                nb = blocks[j]
                if nb.decision == DROP:
                    j += 1
                    continue
                if _prose(nb) or nb.kind == "heading" and not _is_section_header(nb.text):
                    break
                if _teaser_line(nb):
                    nb.drop(name)
                j += 1
            i = j
        else:
            i += 1


def _promo(text: str, block: Block) -> bool:
    t = text.strip(" *_")
    if not _PROMO_START.match(t) or is_reported_speech(t):
        return False
    hits = len(_PROMO_WORDS.findall(t))
    return hits >= 2 or (hits >= 1 and block.emphasis)


promo = line_rule(
    "promo", "Promotional one-liners: '*Claim your free seat …*', 'Get 50% off today'.",
    example='Get 40% off your first year today with code SPRING', max_words=35, requires=(_PROMO_START,),
)(_promo)

# Affiliate and sponsorship disclosures: the site telling the reader how it is
# paid. Like an appeal, each pattern needs the site itself (we, our, I, this
# post) and its money (commission, affiliate links, sponsored); a report about
# creators who earn commissions names them, not "we".
affiliate_disclosure = pattern_rule(
    "affiliate_disclosure",
    "Affiliate and sponsorship disclosures: 'This post contains affiliate links', 'we may earn a "
    "commission'.",
    r"\b(this|the|our|my) (article|post|page|story|guide|review|site|website|blog|content|list|video|"
    r"newsletter)"
    r"( \w+){0,3} (contains?|includes?|features?|has|uses?|may (contain|include|feature|have|use))"
    r" (\w+ ){0,2}(affiliate|sponsored|paid|commission(ed)?)\b",
    r"\b(we|i|us|this site|the site)( may| might| could| will| can)?( (also|potentially))?"
    r" (earn|receive|get|make|collect)s?( an?| some)?( small| tiny| modest)? (affiliate )?"
    r"(commissions?|compensation|kick ?back|fee|share of (the )?(sales?|revenue)|portion of (the )?"
    r"(sales?|revenue))\b",
    r"\b(purchases?|sales?|buy(ing)?|shop(ping)?) (made )?(through|via|from|using) "
    r"(our|my|these|the|any of (the|our|these))"
    r"( \w+){0,2} (affiliate )?links?\b.{0,60}\b(commission|earn|revenue|support)",
    r"\bif you (buy|purchase|shop|click|sign up)\b.{0,60}\b(we|i)\b.{0,30}\b"
    r"(earn|receive|get|make)\b.{0,40}\b(commission|compensat|fee|money)",
    r"\blinks (in|on|within|from) (this|our|my) (\w+ ){0,2}(are|may be|might be|can be) "
    r"(\w+ ){0,2}affiliate\b",
    r"\bat no (additional|extra) (cost|charge|expense) to you\b",
    r"\b(products?|items?|everything) (we|i) (recommend|feature|review)\b.{0,40}\b(independently|editors)\b",
    r"\b(chosen|selected|picked|reviewed|recommended) independently by (our|the) "
    r"(editors|editorial team|team|writers)\b",
    r"^prices? (are|were) accurate (as of|at the time)\b",
    r"\b(read|see|visit|view) (our|my) (full )?(affiliate )?(disclosure|disclaimer)( policy| page)?\b",
    r"^(affiliate )?disclosure\s*:",
    # the derived keywords include " get" and "the page"; these rarer words are proven
    needs=("affiliate", "sponsored", "paid", "commission", "compensat", "kick", "fee", "money", "share of",
           "portion of", "link", "no additional", "no extra", "independently", "editors", "accurate",
           "disclosure",
           "disclaimer"),
    example='This guide contains affiliate links, and we may earn a commission on purchases.',
    max_words=60,
)

_PITCH = lazy_compile(
    r"^(?:\p{Lu}[\p{L}'’&.-]*|&|and|of|for|the)"
    r"(?: (?:\p{Lu}[\p{L}'’&.-]*|&|and|of|for|the)){0,5} [–—-] \S"
)


def _looks_like_pitch(b: Block) -> bool:
    return (
        b.decision is None
        and b.words <= 30
        and bool(_PITCH.match(b.text))
        and not is_reported_speech(b.text)
    )


@document_rule(
    "product_pitch",
    "Runs of sponsored product lines after the story: 'Aluminum Wire – Build, snare, or bind …'.",
    example=(
        'The storm surge reached the old harbour wall shortly after midnight, residents said.\n\n'
        'Storm Lantern – Bright light for long power cuts\nDry Bag Set – Keeps papers safe in a flood\n'
    ),
)
def product_pitch(doc: Document, name: str) -> None:
    """Runs of 'Product Name – short pitch' lines after the article (affiliate ads).

    One such line could be a body sentence; two or more in a row, at the end
    of the story (no prose after them), are a product list.
    """
    blocks = doc.blocks
    n = len(blocks)
    # The first undropped prose block at or after `prose_from` is at
    # `prose_at` (n: none), as last looked up. Runs only drop blocks
    # before the next run starts, so for a later run ending at j with
    # prose_from <= j <= prose_at the answer still holds: every block is
    # looked at once however many runs there are.
    prose_from, prose_at = n + 1, n
    i = 0
    while i < n:
        if not _looks_like_pitch(blocks[i]):
            i += 1
            continue
        j = i
        while j < n and (_looks_like_pitch(blocks[j]) or blocks[j].decision == DROP and j > i):
            j += 1
        run = [b for b in blocks[i:j] if b.decision is None]
        if not prose_from <= j <= prose_at:
            k = j
            while k < n and (blocks[k].decision == DROP or not _prose(blocks[k])):
                k += 1
            prose_from, prose_at = j, k
        later_prose = prose_at < n  # any(_prose(b) for b in blocks[j:] if b.decision != DROP)
        if len(run) >= 2 and not later_prose:
            for b in run:
                b.drop(name)
        i = j
