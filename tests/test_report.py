"""``cleaner report``: the marks it computes, the page it writes, and the page in a real browser."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.report import (
    Report,
    _paint,
    document_marks,
    reason_descriptions,
    render_html,
)

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def _page_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.DOTALL)
    assert m
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "r.html"
    result = CliRunner().invoke(main, ["report", str(SEEDS), "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_every_seed_document_with_every_removal_marked(seed_report):
    page = seed_report.read_text(encoding="utf-8")
    data = _page_data(page)
    cleaner = Cleaner()
    expected_docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        expected_docs.extend(cleaner.clean_documents(path.read_text(encoding="utf-8"), source=path.name))
    assert [d["id"] for d in data["documents"]] == [d.id for d in expected_docs]
    counts = {r["name"]: r["count"] for r in data["reasons"]}
    total: dict[str, int] = {}
    for doc, shown in zip(expected_docs, data["documents"], strict=True):
        assert shown["counts"] == doc.removal_counts()
        marked = {m[2] for m in shown["marks"]}
        for removal in doc.removals():
            total[removal.reason] = total.get(removal.reason, 0) + 1
            if removal.start is not None and removal.text:
                assert removal.reason in marked, (doc.id, removal)
        # every word of the kept text is in the unmarked part of the source (which keeps its markup)
        text = shown["text"]
        unmarked, at = [], 0
        for s, e, _, _ in shown["marks"]:
            unmarked.append(text[at:s])
            at = e
        unmarked.append(text[at:])
        assert set(re.findall(r"\w+", doc.text)) <= set(re.findall(r"\w+", "".join(unmarked)))
    assert counts == total
    for name in counts:
        assert f'data-reason="{name}"' in page  # a bar per reason in the chart


def test_page_fetches_nothing_and_escapes_document_text():
    doc_text = ('Headline\n\nA body line with </script><img src="https://evil.example/x.png"> in it, '
                "said the report.\n")
    docs = Cleaner(model=None).clean_documents(doc_text, source="a.txt")
    report = Report(inputs=1)
    report.add(docs, doc_text)
    page = render_html(report)
    assert page.count("</script>") == 2  # the data block and the script, nothing from the text
    assert "<img" not in page
    assert "default-src 'none'" in page
    assert not re.search(r"""(?:src|href)=["']?https?:""", page)
    assert _page_data(page)["documents"][0]["text"].startswith("Headline")


def test_unknown_reasons_have_descriptions():
    described = reason_descriptions()
    for reason in ("title", "source_url", "duplicate_title", "off_topic", "boilerplate", "orphan_heading",
                   "leading_labels"):
        assert described[reason]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30), st.sampled_from("abc")), max_size=8))
def test_paint_gives_ordered_disjoint_marks_innermost_first(raw):
    spans = [(s, s + n, r, None) for s, n, r in raw]
    marks = _paint(spans, 0, 100)
    for (s1, e1, *_), (s2, e2, *_) in itertools.pairwise(marks):
        assert s1 < e1 <= s2 < e2
    for pos in range(100):
        covering = [sp for sp in spans if sp[0] <= pos < sp[1]]
        owner = [m for m in marks if m[0] <= pos < m[1]]
        assert bool(covering) == bool(owner)
        if covering:
            shortest = min(e - s for s, e, _, _ in covering)
            assert owner[0][2] in {r for s, e, r, _ in covering if e - s == shortest}


def test_document_marks_cover_inline_removals():
    text = ("Headline\n\nThe mayor spoke at noon ![a crowd](https://img.example/x.jpg) and left early, "
            "officials said.\n")
    [doc] = Cleaner(model=None).clean_documents(text, source="a.txt")
    lo, hi, marks = document_marks(doc, text)
    assert any(m[2] == "image" and text[lo:hi][m[0]:m[1]].startswith("![a crowd]") for m in marks)


def test_report_reads_jsonl_and_names_bad_records(tmp_path):
    src = tmp_path / "in.jsonl"
    record = {"text": "Headline\n\nBy Jane Example\n\nThe council met on Monday to agree the budget, "
                      "members said."}
    src.write_text(json.dumps(record) + "\n{bad json\n", encoding="utf-8")
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert "in.jsonl:2" in result.output
    data = _page_data(out.read_text(encoding="utf-8"))
    assert [d["source"] for d in data["documents"]] == [f"{src}:1"]
    assert data["documents"][0]["counts"].get("byline") == 1


def test_report_caps_documents_but_counts_all(tmp_path):
    for k in range(3):
        text = f"Headline {k}\n\nBy Jane Example\n\nThe council met on Monday, members said.\n"
        (tmp_path / f"{k}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out" / "r.html"
    result = CliRunner().invoke(main, ["report", str(tmp_path), "-o", str(out), "--max-documents", "2",
                                       "--model", "none"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    data = _page_data(page)
    assert len(data["documents"]) == 2
    assert {r["name"]: r["count"] for r in data["reasons"]}["byline"] == 3
    assert "the first 2 shown" in page


# ---------------------------------------------------------------- in a browser

def _browser():
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    return exe, sync_api


@pytest.mark.slow
def test_report_in_a_real_browser(seed_report):
    exe, sync_api = _browser()
    data = _page_data(seed_report.read_text(encoding="utf-8"))
    problems: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox"], headless=True)
        try:
            page = browser.new_page()
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
                    if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(seed_report.as_uri())
            page.wait_for_selector("article.doc")
            assert problems == []
            assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
            # every seed document shows, each with its own marks
            ids = page.eval_on_selector_all("article.doc", "els => els.map(e => e.dataset.id)")
            assert ids == [d["id"] for d in data["documents"]]
            marked = page.eval_on_selector_all("del.rm", "els => els.map(e => [e.dataset.reason, e.title])")
            assert marked and all(title.startswith(reason) for reason, title in marked)
            # strike-through in the reason's colour
            style = page.eval_on_selector(
                "del.rm", "e => [getComputedStyle(e).textDecorationLine, getComputedStyle(e).color]")
            assert "line-through" in style[0]
            # a reason chosen in the filter hides the other reasons and the documents without it
            reasons = [r["name"] for r in data["reasons"]]
            choice = reasons[-1]
            page.select_option("#reason-filter", choice)
            shown_marks = page.eval_on_selector_all(
                "del.rm",
                "els => els.filter(e => getComputedStyle(e).display !== 'none').map(e => e.dataset.reason)")
            assert shown_marks and set(shown_marks) == {choice}
            shown_docs = page.eval_on_selector_all("article.doc", "els => els.map(e => e.dataset.id)")
            assert shown_docs == [d["id"] for d in data["documents"] if choice in d["counts"]]
            # a bar of the chart picks its reason too, and "all reasons" brings everything back
            page.click(f'#reason-chart .bar[data-reason="{reasons[0]}"]')
            assert page.input_value("#reason-filter") == reasons[0]
            page.select_option("#reason-filter", "")
            assert len(page.query_selector_all("article.doc")) == len(data["documents"])
            assert problems == []
        finally:
            browser.close()


@pytest.mark.slow
def test_thousand_document_report_pages_and_collapses(tmp_path):
    exe, sync_api = _browser()
    body = "The council met on Monday to agree the budget for the coming year, members said. " * 60
    docs_text = [f"Headline {k}\n\nBy Jane Example\n\n{body}\n\nAdvertisement\n\n{body}\n"
                 for k in range(1000)]
    report = Report(inputs=1000)
    cleaner = Cleaner(model=None, off_topic="keep")
    for k, text in enumerate(docs_text):
        report.add(cleaner.clean_documents(text, source=f"{k}.txt"), text)
    out = tmp_path / "big.html"
    out.write_text(render_html(report), encoding="utf-8")
    assert out.stat().st_size < 1.3 * sum(len(t) for t in docs_text)  # about the size of the input
    problems: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox"], headless=True)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.goto(out.as_uri())
            page.wait_for_selector("article.doc")
            assert len(page.query_selector_all("article.doc")) == 50  # one page at a time
            assert "page 1 of 20" in page.inner_text("#page-info")
            first = page.query_selector("article.doc")
            assert "collapsed" in first.get_attribute("class")
            before = len(first.inner_text())
            first.query_selector("button.more").click()
            assert len(first.inner_text()) > before
            page.click("#next-page")
            assert page.eval_on_selector("article.doc", "e => e.dataset.id") == "50.txt#0"
            assert problems == []
        finally:
            browser.close()
