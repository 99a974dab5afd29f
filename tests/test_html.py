"""HTML in: trafilatura extraction, then cleaner; metadata, encodings, and hostile markup."""

from __future__ import annotations

import subprocess
import sys
import time

import orjson
import pytest

import cleaner
from cleaner.devtools import corpus
from cleaner.html import declared_charset, html_to_document_input
from cleaner.io import InputError

from .conftest import ARTICLES

BODY = " ".join(
    f"Paragraph {i}: the council met on Tuesday and voted to repair the old bridge over the river, "
    "which engineers said had become unsafe after the winter floods damaged its foundations."
    for i in range(6)
)
PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Council votes to repair the bridge | Example News</title>
<link rel="canonical" href="https://news.example.com/bridge-repair">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-03-04T10:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Council votes to repair the bridge</h1>
{''.join(f'<p>{s.strip()}.</p>' for s in BODY.split('.') if s.strip())}
<p>Sign up for our newsletter to get the latest news delivered to your inbox every morning.</p>
</article>
<footer><p>© 2025 Example News. All rights reserved.</p></footer>
</body></html>"""


def test_clean_html_returns_the_article_without_chrome():
    text = cleaner.clean_html(PAGE)
    assert "voted to repair the old bridge" in text
    assert "Sign up for our newsletter" not in text
    assert "All rights reserved" not in text and "Home" not in text.split()


def test_page_metadata_reaches_the_document():
    [doc] = cleaner.clean_documents(PAGE.encode("utf-8"), source="p.html")
    assert doc.title.startswith("Council votes to repair the bridge")
    assert doc.url == "https://news.example.com/bridge-repair"
    assert doc.date == "2025-03-04"
    assert doc.author == "Jane Doe"
    assert doc.sitename == "Example News"


def test_trafilatura_text_is_marked_extracted_and_scored_without_scikit_learn():
    """HTML documents are marked as extracted (no run search for pasted stories),
    the block model scores what the rules leave, and a process that cleans only
    HTML never imports scikit-learn."""
    [doc] = cleaner.clean_documents(PAGE, source="p.html")
    assert doc.extracted_by == "trafilatura"
    assert any(b.score is not None for b in doc.blocks if b.reason != "newsletter")
    [text_doc] = cleaner.clean_documents(BODY + "\n\nShare this article")
    assert text_doc.extracted_by is None
    script = (
        "import sys, cleaner\n"
        f"out = cleaner.clean_html({PAGE!r})\n"
        "assert 'repair the old bridge' in out\n"
        "print('sklearn' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_html_is_detected_in_clean_documents_and_explicit_format_works():
    assert "repair the old bridge" in cleaner.clean(PAGE)
    [doc] = cleaner.clean_documents(PAGE, input_format="html")
    assert doc.title


def test_declared_charset_is_used_for_legacy_pages():
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"')
    page = page.replace("Paragraph 0:", "Café Müller’s report:")
    data = page.encode("cp1252")
    assert declared_charset(data) == "windows-1252"
    assert "Café Müller’s report" in cleaner.clean_html(data)


def test_undeclared_legacy_encoding_is_detected():
    page = PAGE.replace('<meta charset="utf-8">', "").replace("Paragraph 0:", "Ещё одна новость о мосте:")
    data = page.encode("cp1251")
    text, _ = html_to_document_input(data)
    assert "новость" in text


def test_external_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    page = f"""<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}"> <!ENTITY net SYSTEM "http://127.0.0.1:9/x">]>
<html><body><article><p>&xxe; &net; {BODY}</p></article></body></html>"""
    text = cleaner.clean_html(page)
    assert "TOP-SECRET-CONTENT" not in text
    assert "repair the old bridge" in text


def test_entity_expansion_bomb_is_harmless():
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    page = (f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{lol}]>'
            f'<html><body><p>&lol9; {BODY}</p></body></html>')
    started = time.monotonic()
    text = cleaner.clean_html(page)
    assert time.monotonic() - started < 30  # generous: a bomb would not finish at all
    assert "lollol" not in text


def test_deeply_nested_and_malformed_html_gives_a_result_or_a_clean_error():
    deep = "<html><body>" + "<div>" * 100_000 + BODY + "</div>" * 10 + "</body></html>"
    try:
        cleaner.clean_html(deep)
    except InputError as exc:
        assert "HTML" in str(exc)
    junks = ("<html><body><p>unclosed <b>bold <i>both", "<<<>>></p></div><html", "<html>\x00\x01\x02</html>",
             "")
    for junk in junks:
        assert isinstance(cleaner.clean_html(junk), str)


def test_cli_cleans_html_files_and_jsonl_html_records(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.html").write_text(PAGE, encoding="utf-8")
    (src / "b.jsonl").write_bytes(orjson.dumps({"html": PAGE, "id": "x1"}) + b"\n")
    proc = subprocess.run(
        [sys.executable, "-m", "cleaner.cli", "clean", str(src), "--format", "jsonl", "--text-field", "html"],
        capture_output=True,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    records = [orjson.loads(line) for line in proc.stdout.splitlines()]
    assert len(records) == 2
    for rec in records:
        # a record's clean text goes back into its own text field (here "html")
        assert "repair the old bridge" in (rec["html"] if rec["id"] == "x1" else rec["text"])
        assert rec["url"] == "https://news.example.com/bridge-repair"
        assert rec["sitename"] == "Example News"
    assert sorted(r["id"] for r in records) == ["a.html#0", "x1"]  # a record's own id is kept


@pytest.mark.slow
@pytest.mark.skipif(not corpus.available(ARTICLES), reason="development corpus not available")
def test_cleaner_beats_trafilatura_alone_on_dev_pages():
    from cleaner.devtools.quality import evaluate_html, trafilatura_html

    systems = {"trafilatura": trafilatura_html, "cleaner": cleaner.Cleaner().clean_html}
    rows = {r.system: r.report for r in evaluate_html(systems, "dev", ARTICLES, limit=40)}
    assert rows["cleaner"].precision > rows["trafilatura"].precision
    assert rows["cleaner"].f1 > rows["trafilatura"].f1


def test_a_page_that_opens_with_a_comment_is_html_and_its_clean_text_a_fixed_point():
    from cleaner.api import looks_like_html

    page = "<!-- header begin -->\n\t<!DOCTYPE html>\n" + PAGE.split("\n", 1)[1]
    assert looks_like_html(page) and looks_like_html('<?xml version="1.0"?>\n<!-- c -->' + PAGE)
    assert not looks_like_html("<!-- a comment -->\nThe council met on Tuesday.")
    out = cleaner.clean(page)
    assert "repair the old bridge" in out and "<html" not in out
    assert cleaner.Cleaner().clean(out) == out
