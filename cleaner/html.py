"""HTML in: decode, parse safely, extract with trafilatura, then clean the text.

trafilatura is the strongest open-source DOM extractor; what it leaves
behind (captions, credits, teasers, appeals, share lines, legal footers,
stories after a dateline) is what cleaner's rules remove. So trafilatura
runs first, tuned for recall (``favor_recall``, no comments), and the
pipeline runs on its text with the documents marked ``extracted_by``: the
rules, the block model and the cue-based story cuts apply, the run search
for pasted stories does not (the extractor kept one container of the page).
The model knows how much of a document it is confident about and sets its
sequence thresholds by that share, so on text that already is the article
it drops little.

trafilatura sometimes keeps the wrong container: a summary box, a teaser,
the first of several article parts. Then the article is on the page but
not in its output, and no cleaning of that output brings it back. So the
page is also read whole as plain text (inscriptis, as a plain dump) when
the extraction is short beside the page's visible text, and the pipeline
picks the whole page's clean text instead when it is more than
:data:`PAGE_TEXT_RATIO` times longer than the extraction's (see
:meth:`cleaner.pipeline.Pipeline.prefer_whole_page`): jusText's and trafilatura's
own fallbacks compare lengths the same way.
(Scores per input kind, HTML included: models/MODEL_CARD.md.)

Safety: bytes are decoded by BOM, then UTF-8, then the declared charset,
then detection, so bad bytes never crash. The page is parsed once with an
lxml HTML parser that never loads a DTD or touches the network (DOCTYPE
and entity declarations are stripped before parsing)
(no external entity is ever fetched, no entity bomb expands), pages larger
than :data:`MAX_HTML_BYTES` are refused with a clear error, and the
element tree is bounded by trafilatura's ``max_tree_size``.
"""

from __future__ import annotations

import contextlib
from functools import lru_cache
from typing import Any

import regex

from .io import InputError
from .normalize import decode_bytes

MAX_HTML_BYTES = 50_000_000
MAX_TREE_SIZE = 500_000  # elements; trafilatura gives up on larger trees
# A page declares its charset in its head, before any content: 4 KB holds it on
# real pages, and decoding the rest to look further would need the charset.
_DECLARATION_BYTES = 4096
# DTDs and entity declarations are looked for in the first 200,000 characters
# only, so that a large page is not scanned whole twice: a DOCTYPE comes first
# on a page, and one hidden later meets a parser that loads no DTD and fetches
# nothing anyway.
_DECLARATIONS_WITHIN = 200_000
_META_CHARSET = regex.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{1,40})""", regex.I
)
_XML_ENCODING = regex.compile(
    rb"""^\s*<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_\-.]{1,40})""", regex.I
)
_DOCTYPE = regex.compile(r"<!DOCTYPE[^>\[]{0,2000}(?:\[[^\]]{0,100000}\])?\s*>", regex.I)
_ENTITY_DECL = regex.compile(r"<!ENTITY[^>]{0,100000}>", regex.I)
META_FIELDS = ("title", "url", "date", "author", "sitename")
# How much longer the whole page's clean text must be than the extraction's for
# the pipeline to take it: less than twice is trafilatura trimming the page's
# leftovers, more is trafilatura having kept part of the article only.
PAGE_TEXT_RATIO = 2.0
_VISIBLE_TEXT = "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (``<meta charset>`` or XML declaration)."""
    head = data[:_DECLARATION_BYTES]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def decode_html(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    if len(data) > MAX_HTML_BYTES:
        raise InputError(f"HTML too large ({len(data):,} bytes > {MAX_HTML_BYTES:,})", "HTML too large")
    return decode_bytes(data, declared=declared_charset(data))


def parse_html(html: str):
    """An lxml tree of ``html``, parsed without entity resolution or network access."""
    from lxml import etree
    from lxml import html as lxml_html

    if len(html) > MAX_HTML_BYTES:
        raise InputError(f"HTML too large ({len(html):,} characters > {MAX_HTML_BYTES:,})", "HTML too large")
    # DTDs and entity declarations have no business in a web page; they are how
    # XXE and entity-expansion bombs get in. Drop them before parsing.
    if "<!" in html[:_DECLARATIONS_WITHIN]:
        html = _ENTITY_DECL.sub("", _DOCTYPE.sub("", html, count=1))
    parser = lxml_html.HTMLParser(
        no_network=True, huge_tree=False, remove_comments=True, remove_pis=True, collect_ids=False,
        default_doctype=False,
    )
    try:
        return lxml_html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):  # nothing a parser can make a page of: no article in it
        return None


@lru_cache(maxsize=1)
def _config():
    """trafilatura's settings with a bound on the tree size (its ``MAX_TREE_SIZE``)."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
    config.set("DEFAULT", "MAX_FILE_SIZE", str(MAX_HTML_BYTES))
    # Dates from markup and URLs only: the extensive search parses free text
    # with dateparser and can cost more than the whole extraction.
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    return config


def page_metadata(tree) -> dict[str, Any]:
    """Title, canonical url, date, author and site name of a parsed page.

    trafilatura's own ``extract_metadata`` also collects categories, tags and
    a licence and, when no meta tag names an author, searches the whole page
    for a byline: together three quarters of its metadata time on news pages,
    for fields the record does not carry or rarely gets (few news pages
    name an author only in a byline). This runs trafilatura's steps for
    the five fields the record carries, in trafilatura's order (meta tags,
    JSON-LD, then the page) and with its clean-up, so the values are
    trafilatura's; the author comes from meta tags and JSON-LD only.
    """
    from htmldate import find_date
    from trafilatura.metadata import (
        META_URL,
        examine_meta,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
    )
    from trafilatura.settings import set_date_params

    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:  # a handle, not a name (as trafilatura does)
        meta.author = None
    # trafilatura's JSON-LD reader fails on some malformed blocks; the meta tags are kept then
    with contextlib.suppress(Exception):
        meta = extract_meta_json(tree, meta)
    meta.title = meta.title or extract_title(tree)
    meta.url = meta.url or extract_url(tree, None)
    meta.date = find_date(tree, **{**set_date_params(False), "url": meta.url})
    meta.sitename = meta.sitename or extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url and (match := META_URL.match(meta.url)):
        meta.sitename = match[1]
    meta.clean_and_trim()  # entities unescaped, spaces trimmed, lengths bounded
    found = {key: getattr(meta, key, None) for key in META_FIELDS}
    return {key: value for key, value in found.items() if value}


def html_to_document_input(data: bytes | str) -> tuple[str, dict[str, Any]]:
    """The text cleaner should clean for an HTML page, and the page's metadata.

    The metadata holds ``page_text``, the whole page as plain text, when the
    extraction is short beside the page's visible text (see the module docstring).
    """
    import trafilatura

    html = decode_html(data)
    if not html.strip():
        return "", {}
    tree = parse_html(html)
    if tree is None:
        return "", {}
    try:
        meta = page_metadata(tree)
        # Measured before the extraction, which prunes the tree.
        visible = sum(len(t.strip()) for t in tree.xpath(_VISIBLE_TEXT))
        doc = trafilatura.bare_extraction(
            tree, url=meta.get("url"), favor_recall=True, include_comments=False, include_tables=True,
            with_metadata=False, config=_config(),
        )
    except RecursionError:
        raise InputError("HTML too deeply nested") from None
    text = (doc.text or "") if doc is not None else ""
    if visible > PAGE_TEXT_RATIO * len(text):
        import inscriptis

        meta["page_text"] = inscriptis.get_text(html)
    return text, meta
