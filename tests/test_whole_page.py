"""HTML whose extraction kept too little: the whole page's clean text is taken instead."""

from __future__ import annotations

import cleaner
from cleaner.api import main_document_text
from cleaner.html import PAGE_TEXT_RATIO, html_to_document_input

from .conftest import ROOT

SEED = (ROOT / "fixtures" / "seeds" / "004_1264d0ae378510b8.txt").read_text()
TEASER = "A short teaser line that a page shows in a box beside its article."


def _clean(text: str, **meta) -> list:
    return cleaner.Cleaner().clean_documents(text, input_format="text", source="p.html", meta=meta)


def test_a_short_extraction_gives_way_to_the_whole_page():
    whole = main_document_text(_clean(SEED))
    assert len(whole) > PAGE_TEXT_RATIO * len(TEASER)
    docs = _clean(TEASER, extracted_by="trafilatura", page_text=SEED, title="Headline")
    assert main_document_text(docs) == whole
    assert all(d.source == "p.html" and d.extracted_by is None for d in docs)


def test_an_extraction_as_long_as_the_page_is_kept():
    article = main_document_text(_clean(SEED))
    page = SEED + "\n\n" + TEASER
    docs = _clean(SEED, extracted_by="trafilatura", page_text=page)
    assert main_document_text(docs) == article
    assert all(d.extracted_by == "trafilatura" for d in docs)


def test_other_items_of_a_batch_keep_their_order_and_documents():
    c = cleaner.Cleaner()
    items = [("First item text that stays as it is. " * 5, "a", None, None),
             (TEASER, "b", None, {"extracted_by": "trafilatura", "page_text": SEED}),
             ("Third item text that stays as it is. " * 5, "c", None, None)]
    docs = c._state().pipeline.run_many(items)
    assert [d.source for d in docs][0] == "a" and [d.source for d in docs][-1] == "c"
    assert main_document_text([d for d in docs if d.source == "b"]) == main_document_text(_clean(SEED))


def _page(article: str, box: str) -> str:
    """A page whose article sits where trafilatura looks for comments, so it extracts the box only."""
    paragraphs = "".join(f"<p>{p}</p>" for p in article.split("\n") if p.strip())
    return (f"<html><head><title>t</title></head><body><article><h1>Head</h1><p>{box}</p></article>"
            f"<div class='comments' id='comments'>{paragraphs}</div></body></html>")


def test_the_page_text_is_read_only_when_the_extraction_is_short():
    text, meta = html_to_document_input(_page(SEED, TEASER))
    assert TEASER in text and len(text) < len(SEED) / PAGE_TEXT_RATIO
    assert "page_text" in meta and SEED.split("\n")[0] in meta["page_text"]
    full = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in SEED.split("\n") if p.strip())
    text, meta = html_to_document_input(full + "</article></body></html>")
    assert "page_text" not in meta


def test_clean_html_finds_the_article_trafilatura_missed():
    out = cleaner.clean_html(_page(SEED, TEASER))
    assert SEED.split("\n")[0] in out


def test_clean_takes_the_whole_page_too_and_its_output_is_a_fixed_point():
    page = _page(SEED, TEASER)
    out = cleaner.clean(page)
    assert SEED.split("\n")[0] in out
    fresh = cleaner.Cleaner()
    assert fresh.clean(out) == out
