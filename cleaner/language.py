"""Which language each document is in, and whether cleaner was built for it.

The rules' phrase lists and the block model come from English news pages
(every page of the development corpus is English), so menus and sign-up
lines in Chinese or Russian pass untouched. cleaner cannot clean those
well, but it can say so: every document gets a ``language`` (an ISO 639-1
code from py3langid, a small language identifier that ships its own model),
and ``cleaner clean`` warns when documents are in other languages.

Plain English, the common case, is recognised from the stop-word lists the
block model's features already use (jusText's): py3langid's model costs
about half a second and some 70 MB to load, which a run over English pages
then never pays. Every other text goes to py3langid.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

import regex

from .document import Document

# Languages the rules and the model were built and measured for.
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en",)

SAMPLE_CHARS = 2000  # language shows in the first paragraphs; identifying costs time in the text's length
MIN_LETTERS = 20  # fewer letters than this say too little to name a language

_identifier: Any = None
_lock = threading.Lock()


def _get_identifier() -> Any:
    """py3langid's identifier, built once per process (about a second: its model is decompressed)."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    return _identifier


_WORD = regex.compile(r"\w+")


def _plainly_english(sample: str) -> bool:
    """At least 30% English stop words, and other languages' stop words under a third of that.

    English prose runs at 40-50% (every gold body of the development corpus
    but eight passes); Dutch, the nearest, has a quarter English stop words
    (de, in, is) but more of its own.
    """
    english, other_only = _stop_sets()
    words = list(map(str.casefold, _WORD.findall(sample)))
    if len(words) < 8:
        return False
    en = sum(map(english.__contains__, words))
    other = sum(map(other_only.__contains__, words))
    return en >= 0.3 * len(words) and 3 * other < en


@lru_cache(maxsize=1)
def _stop_sets() -> tuple[frozenset[str], frozenset[str]]:
    """English stop words, and the other languages' that are not English ones."""
    from .classify.features import stopwords

    every, english = stopwords()
    return english, every - english


def has_letters(text: str, n: int) -> bool:
    """Whether ``text`` has at least ``n`` letters (``str.isalpha``); stops counting at ``n``."""
    if n <= 0:
        return True
    for ch in text:
        if ch.isalpha():
            n -= 1
            if n == 0:
                return True
    return False


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when it has too few letters to tell."""
    sample = text[:SAMPLE_CHARS]
    if not has_letters(sample, MIN_LETTERS):
        return None
    if _plainly_english(sample):
        return "en"
    return str(_get_identifier().classify(sample)[0])


def is_supported(language: str | None) -> bool:
    """Unknown (too short to tell) counts as supported: there is nothing to warn about."""
    return language is None or language in SUPPORTED_LANGUAGES


class LanguageStage:
    """Record each document's language, from its clean text (or, if nothing is kept, all of it).

    It changes no decision: cleaner runs the same rules whatever the language,
    and the summary warns about documents it was not built for.
    """

    name = "language"

    def __call__(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            text = doc.text or "\n".join(b.text for b in doc.blocks)
            doc.language = detect_language(text)
        return docs

    def load(self) -> None:
        _get_identifier()


def unsupported_warning(counts: dict[str, int]) -> str | None:
    """The summary's warning for documents in languages cleaner was not built for
    (None: no such documents)."""
    other = {k: v for k, v in counts.items() if not is_supported(k)}
    if not other:
        return None
    n = sum(other.values())
    listed = ", ".join(f"{k} {v}" for k, v in sorted(other.items(), key=lambda kv: (-kv[1], kv[0])))
    return (f"warning: {n} document{'s' if n != 1 else ''} in languages cleaner's rules and model "
            f"were not built for ({listed}); supported: {', '.join(SUPPORTED_LANGUAGES)}. "
            "Menus, sign-up lines and other boilerplate "
            "in those languages may be left in.")
