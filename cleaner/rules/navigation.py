"""Site chrome: breadcrumbs, category labels, share/reprint/correction links, bare URLs.

These are the words of the site's interface, not of the article. Most come as
short labels, often glued together when a scraper drops the markup between
them (``Request Reprint & LicensingSubmit Correction``), so the central test
is "this line is made only of interface phrases".
"""

from __future__ import annotations

import regex

from ..document import Block, Document
from ..normalize import any_of
from ..text import ends_sentence
from .base import document_rule, line_rule, pattern_rule
from .lazy import lazy_compile
from .phrases import compile_phrases, phrase_only

ORDER = 10  # first: structural leftovers and site chrome

# Interface phrases: sharing, reprints, corrections, account and page controls.
CHROME_PHRASES = [
    r"share( (this|the))?( (article|story|page|post|video|on))?", r"shares?", r"tweet", r"e-?mail( this)?",
    r"print( this)?( (article|page|story))?", r"copy( the)? (link|url)", r"link copied", r"copied",
    r"facebook", r"twitter", r"\bX\b", r"linked[iI]n", r"whats[aA]pp", r"reddit", r"pinterest", r"telegram",
    r"flipboard", r"messenger", r"threads", r"bluesky", r"mastodon", r"tumblr", r"pocket", r"instagram",
    r"youtube", r"tiktok", r"snapchat", r"google news", r"rss( feed)?",
    r"request (a )?reprints?", r"reprints?( (and|&) permissions)?", r"(and |& )?licensing", r"permissions",
    r"submit (a )?corrections?", r"corrections?( policy)?", r"report (an )?(error|typo|issue)",
    r"(view )?editorial (and |& )?ai guidelines", r"editorial (standards|guidelines|policy)",
    r"ai guidelines", r"ethics policy", r"fact[- ]check(ing)? policy",
    r"\d+ comments?", r"comments?", r"leave a (comment|reply)", r"add (a )?comment", r"view comments",
    r"show comments", r"join the (conversation|discussion)",
    r"save( (article|story|for later))?", r"saved", r"bookmark", r"gift( this)? (article|story)", r"gift",
    r"listen( to)?( this)?( (article|story))?", r"audio", r"play", r"pause", r"\d+:\d+",
    r"(sign|log) ?in", r"(sign|log) ?out", r"register", r"my account", r"account", r"subscribe",
    r"subscribed", r"menu", r"search", r"close", r"open", r"skip to (main )?(content|navigation)", r"skip",
    r"back to top", r"top", r"next( (article|story|post))?", r"prev(ious)?( (article|story|post))?", r"home",
    r"homepage", r"more", r"less", r"show (more|less)", r"see (more|all)", r"view (more|all)", r"load more",
    r"read more", r"like", r"reply", r"permalink", r"embed", r"follow", r"following", r"font size",
    r"text size", r"a\+?", r"a-", r"toggle", r"expand", r"collapse", r"dark mode", r"light mode", r"english",
    r"language", r"cookie (settings|preferences|policy)", r"accept( all)?( cookies)?", r"reject( all)?",
    r"manage (cookies|preferences)", r"privacy( policy)?", r"terms( of (use|service))?", r"contact( us)?",
    r"about( us)?", r"careers", r"advertise( with us)?", r"sitemap", r"newsletters?", r"podcasts?",
    r"videos?", r"photos?", r"watch( live)?", r"live", r"opinion", r"sections", r"topics", r"tags?:?",
    r"categor(y|ies):?", r"filed under:?", r"posted in:?", r"updated", r"published", r"min(ute)?s? read",
    r"\d+ min(ute)?s? read", r"read time",
]
_CHROME = compile_phrases(CHROME_PHRASES)

# Arrow-like marks separate crumbs however they are spaced; ASCII marks that
# also occur in code and prose ("-U admin -P '<pass>'", "and/or") only with
# spaces on both sides ("Home > News", "World / Europe").
_BREADCRUMB_SEP = lazy_compile(r"\s*(?:›|»|→|⟩)\s*|\s+(?:>|/|\\|::)\s+")
_CATEGORY_LABEL = lazy_compile(
    r"^(categor(y|ies)|section|sections|topics?|tags?|filed under|posted in|labels?|kategorie|"
    r"rubrique)\s*:?.{0,80}$",
    regex.I,
)
_SENTENCE_CHARS = lazy_compile(r"[.!?;]")


# -- the rules, in the order they run --

_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_TIMESTAMP = lazy_compile(
    rf"^[.…·|\s-]*((last )?updated|published|posted|first published|modified|created|date)?\s*"
    rf"(on|at)?\s*:?\s*"
    rf"((mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*)?"
    rf"(\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|{_MONTH}\s+\d{{1,2}}(st|nd|rd|th)?,?\s*"
    rf"(\d{{4}})?|\d{{1,2}}(st|nd|rd|th)?\s+{_MONTH},?\s*(\d{{4}})?)"
    rf"([,\s]*(at|@|-|–|\|)?\s*\d{{1,2}}[:.h]\d{{2}}(:\d{{2}})?\s*([ap]\.?m\.?)?\s*"
    rf"([A-Z]{{2,5}}|GMT[+-]?\d*|UTC[+-]?\d*)?)?[\s.]*$",
    regex.I,
)

# Every date form of _TIMESTAMP has a digit; in ASCII text \d is [0-9].
_has_ascii_digit = any_of(tuple("0123456789"))

timestamp = line_rule(
    "timestamp",
    "Lines that are only a date or time stamp: 'Dec 02, 2025 at 04:46 AM EST', 'Updated: 2025-11-27'.",
    example="Updated: Mar 14, 2025 at 09:30 AM EST",
    max_words=12,
)(lambda text, b: (not text.isascii() or _has_ascii_digit(text)) and bool(_TIMESTAMP.match(text)))

_ALNUM = lazy_compile(r"[\p{L}\p{N}]")



def _markup(text: str, block: Block) -> bool:
    if block.kind == "rule":
        return True
    first = text[:1]
    if first.isascii() and first.isalnum():  # an ASCII letter or digit is one of _ALNUM
        return False
    return block.kind != "image" and not _ALNUM.search(text)


markup = line_rule(
    "markup", "Horizontal rules and lines with no letters or digits left once markup is removed.",
    example="* * *",
)(_markup)

bare_url = line_rule(
    "url", "A line that is only a URL.", example="https://www.example.com/world/2025/03/14/harbour-storm",
)(lambda text, b: b.kind == "url")


def _breadcrumb_line(text: str, block: Block) -> bool:
    parts = [p for p in _BREADCRUMB_SEP.split(text) if p.strip()]
    if len(parts) < 2 or not _BREADCRUMB_SEP.search(text) or "://" in text:
        return False
    if any(len(p.split()) > 6 for p in parts) or _SENTENCE_CHARS.search(text):
        return False
    # "Home / News" or three and more short crumbs.
    home = parts[0].strip().casefold() in ("home", "start", "news", "startseite", "accueil", "inicio")
    return home or len(parts) >= 3


breadcrumb_line = line_rule(
    "breadcrumb", "Breadcrumb trails such as 'Home › World › Europe'.", example="Home › World › Europe",
    max_words=30, requires=(_BREADCRUMB_SEP,),
)(_breadcrumb_line)


def _short_label(block: Block) -> bool:
    return block.kind == "list_item" and block.words <= 5


@document_rule(
    "leading_labels",
    "Short category labels listed above the headline ('- Category', '- War in Ukraine').",
    example="- World\n- Climate\nHarbour town counts the cost of the spring storm surge\n"
            "The storm surge reached the old harbour wall shortly after midnight, residents said.",
)
def leading_labels(doc: Document, name: str) -> None:
    """Short labels at the very top of a document, before any real text.

    Scrapers keep the category path above the headline as a bullet list
    (``- Category`` / ``- War in Ukraine``). Only list items and only before
    the first kept block of another kind or of sentence length count, so a
    short list inside the article is never touched; the labels must be
    followed (within seven blocks) by something longer: a headline or a
    paragraph. Once the pass meets such a block nothing later can qualify.
    """
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if (
            block.decision is None
            and _short_label(block)
            and not _SENTENCE_CHARS.search(block.text)
            and any(b.words > 5 for b in blocks[i + 1 : i + 8])
        ):
            block.drop(name)
        if block.decision != "drop" and not _short_label(block):
            return  # every later block has this one before it


category_label = line_rule(
    "category_label", "Category, section and tag labels ('Category: Politics', 'Tags: …').",
    example="Filed under: Weather", max_words=14, requires=(_CATEGORY_LABEL,),
)(lambda text, b: bool(_CATEGORY_LABEL.match(text)) and not ends_sentence(text))

ui_chrome = line_rule(
    "share_links",
    "Share, reprint, correction, comment, account and page-control links, alone or glued together.",
    example="Share this article Facebook Twitter Email Print",
    max_words=30,
)(lambda text, b: phrase_only(text, _CHROME))

# "Copyright © 2023 NPR. All rights reserved. Visit our website terms of use
# ...": the site's legal footer, which extractors often keep. The reservation
# itself is the mark; a line that only quotes a copyright holder keeps going
# to photo_credit's stricter test.
_RIGHTS_RESERVED = lazy_compile(r"\ball rights reserved\b", regex.I)

copyright_notice = line_rule(
    "copyright_notice", "Legal footers: 'Copyright © 2023 Example News. All rights reserved. …'.",
    example="Copyright © 2025 Example Gazette. All rights reserved.",
    max_words=45, requires=(_RIGHTS_RESERVED,),
)(lambda text, b: bool(_RIGHTS_RESERVED.search(text)))

# "Previous article …" / "Next Post …": the links between a blog's posts, set
# after the story with the other post's title glued on. The label opens the
# line and a title or a separator follows it; a sentence that begins with the
# words ("Next post, we will look at …") goes on in lower case or after a comma.
post_navigation = pattern_rule(
    "post_navigation",
    "Links to the site's previous and next posts: 'Previous article …', 'Next Post …'.",
    r"^\W*(next|previous|prev|older|newer) (articles?|posts?|stor(y|ies)|entry|entries)\b"
    r"\s*(?:$|[:|»›>–—\[-]|(?-i:[\p{Lu}\d\"“‘']))",
    example="Next article Harbour town opens its new ferry terminal",
    max_words=40,
)
