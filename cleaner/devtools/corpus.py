"""The development corpus, and the plain-text inputs users actually have.

The corpus (``../shared/data/articles``: ``gold.jsonl`` plus ``html/ID.html.gz``)
is third-party data: it is read from where it lies at train, eval and bench
time and never copied into the project. Users rarely hold the HTML; they hold
what a scraper dumped. :func:`derive` turns one page into each input kind:

``markdown``
    a full-page dump as html2text writes it (its defaults: 78-column wrap,
    markdown links and images);
``plain``
    a full-page dump as inscriptis writes it (layout-preserving plain text);
``trafilatura``
    a DOM extractor's output: trafilatura's default extraction of the page;
``partial``
    what a scraper's article selector or an extractor hands over when it
    did most of the job: the gold body with the page's own leftovers around
    and inside it. Leftovers are lines of the page's plain dump that share
    no 4-word shingle with the gold body: 2-6 from above the article
    (menus, bylines, share lines) before it, 4-14 from below it (related
    links, teasers, newsletter, footer) after it, and 1-2 between body
    paragraphs (ads). Counts and places are drawn from a generator seeded
    by the page id, so the text is the same on every run;
``html``
    the page itself.

Derived texts are cached on disk (``$CLEANER_CACHE``, default
``~/.cache/cleaner/corpus``) keyed by kind, page id and the deriving
library's version, because the same pages are derived by training,
evaluation, benchmarks and tests.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import orjson

from .evaluate import split_of

KINDS = ("markdown", "plain", "trafilatura", "partial", "html")
DEFAULT_ARTICLES = Path(__file__).resolve().parents[3] / "shared" / "data" / "articles"


@dataclass(frozen=True)
class Page:
    """One corpus page: its id, gold body and metadata; the HTML is read lazily."""

    id: str
    url: str
    title: str
    gold: str
    root: Path
    author: str | None = None
    date: str | None = None
    keep_snippets: tuple[str, ...] = ()
    drop_snippets: tuple[str, ...] = ()

    @property
    def split(self) -> str:
        return split_of(self.id)

    def html_bytes(self) -> bytes:
        with gzip.open(self.root / "html" / f"{self.id}.html.gz", "rb") as fh:
            return fh.read()

    def html(self) -> str:
        from ..normalize import decode_bytes

        return decode_bytes(self.html_bytes())


def articles_dir(path: str | os.PathLike | None = None) -> Path:
    """Where the corpus is: the argument, ``$CLEANER_ARTICLES``, or ``../shared/data/articles``."""
    if path is not None:
        return Path(path)
    env = os.environ.get("CLEANER_ARTICLES")
    if env:
        return Path(env)
    here = Path.cwd() / ".." / "shared" / "data" / "articles"
    return here.resolve() if here.is_dir() else DEFAULT_ARTICLES


def available(path: str | os.PathLike | None = None) -> bool:
    return (articles_dir(path) / "gold.jsonl").is_file()


@lru_cache(maxsize=4)
def _load(root: Path) -> tuple[Page, ...]:
    pages = []
    with open(root / "gold.jsonl", "rb") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = orjson.loads(line)
            pages.append(
                Page(
                    id=str(rec["id"]),
                    url=rec.get("url") or "",
                    title=rec.get("title") or "",
                    gold=rec.get("main_content") or "",
                    root=root,
                    author=rec.get("author"),
                    date=rec.get("publish_date"),
                    keep_snippets=tuple(rec.get("with") or ()),
                    drop_snippets=tuple(rec.get("without") or ()),
                )
            )
    return tuple(pages)


def load_pages(
    split: str | None = None, path: str | os.PathLike | None = None, limit: int | None = None
) -> list[Page]:
    """Corpus pages, optionally only one split (``"train"`` or ``"dev"``), in id order."""
    root = articles_dir(path).resolve()
    pages = [p for p in _load(root) if split is None or p.split == split]
    return pages[:limit] if limit is not None else pages


def _version(kind: str) -> str:
    from importlib.metadata import version

    lib = {"markdown": "html2text", "plain": "inscriptis", "trafilatura": "trafilatura"}.get(kind)
    return f"{lib}-{version(lib)}" if lib else "raw"


def _cache_dir() -> Path:
    return Path(os.environ.get("CLEANER_CACHE") or Path.home() / ".cache" / "cleaner" / "corpus")


def derive_from_html(html: str, kind: str) -> str:
    """Turn one HTML page into the input kind ``kind`` (see the module docstring)."""
    if kind == "html":
        return html
    if kind == "markdown":
        import html2text

        converter = html2text.HTML2Text()
        return converter.handle(html)
    if kind == "plain":
        import inscriptis

        return inscriptis.get_text(html)
    if kind == "trafilatura":
        import trafilatura

        return trafilatura.extract(html) or ""
    if kind == "partial":
        raise ValueError("the partial kind needs the page's gold body: use derive(page, 'partial')")
    raise ValueError(f"unknown input kind {kind!r}; expected one of {', '.join(KINDS)}")


def _junk_lines(dump: str, gold: str) -> tuple[list[str], list[str]]:
    """The dump's lines that share no 4-word shingle with ``gold``: those
    above the first line that does, and those below the last one."""
    from .evaluate import shingles

    ref = shingles(gold)
    lines = [" ".join(line.split()) for line in dump.splitlines()]
    lines = [line for line in lines if line]
    is_body = [bool(shingles(line) & ref) for line in lines]
    body_at = [i for i, b in enumerate(is_body) if b]
    if not body_at:
        return [], [line for line in lines]
    first, last = body_at[0], body_at[-1]
    above = [line for line, b in zip(lines[:first], is_body[:first], strict=True) if not b]
    below = [line for line, b in zip(lines[last + 1 :], is_body[last + 1 :], strict=True) if not b]
    return above, below


def derive_partial(page: Page, dump: str) -> str:
    """The ``partial`` kind (see the module docstring) from the page's plain dump."""
    import random

    rng = random.Random(hashlib.sha256(f"cleaner-partial:{page.id}".encode()).digest())
    above, below = _junk_lines(dump, page.gold)
    paras = [" ".join(p.split()) for p in page.gold.split("\n")]
    paras = [p for p in paras if p]
    before = above[-rng.randint(2, 6) :] if above else []
    after = below[: rng.randint(4, 14)]
    pool = [line for line in above + below if line not in before and line not in after] or above + below
    inside: dict[int, list[str]] = {}
    if pool and len(paras) > 1:
        for _ in range(rng.randint(1, 2)):
            inside.setdefault(rng.randrange(1, len(paras)), []).append(rng.choice(pool))
    out = list(before)
    for k, para in enumerate(paras):
        out.extend(inside.get(k, []))
        out.append(para)
    out.extend(after)
    return "\n".join(out) + "\n"


def derive(page: Page, kind: str, *, cache: bool = True) -> str:
    """The text a user would hold for ``page`` as input kind ``kind`` (cached)."""
    if kind == "html":
        return page.html()
    if kind == "partial":
        return derive_partial(page, derive(page, "plain", cache=cache))
    key = hashlib.sha256(f"{kind}:{_version(kind)}:{page.root}:{page.id}".encode()).hexdigest()[:24]
    target = _cache_dir() / kind / f"{page.id}-{key}.txt"
    if cache and target.is_file():
        return target.read_text(encoding="utf-8")
    text = derive_from_html(page.html(), kind)
    if cache:
        from ..io import atomic_write

        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(target) as fh:
            fh.write(text)
    return text


def iter_inputs(
    kind: str, split: str | None = None, path: str | os.PathLike | None = None, limit: int | None = None
) -> Iterator[tuple[Page, str]]:
    """``(page, input text)`` for every page of a split."""
    for page in load_pages(split, path, limit):
        yield page, derive(page, kind)
