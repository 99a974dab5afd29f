"""cleaner: turn scraped news text into clean, single-topic article documents.

>>> import cleaner
>>> cleaner.clean(text)                      # clean text of the main article
>>> cleaner.clean_documents(text, "a.txt")   # every document, with metadata and removals
>>> cleaner.clean_html(page_bytes)           # an HTML page: trafilatura, then cleaner

Importing cleaner is cheap: the stages (rules, numpy, the model runtime) load
with the first call, and ``clean_batch`` (for Hugging Face ``datasets``) with
its first use.
"""

from typing import Any

from .api import Cleaner, clean, clean_documents, clean_html, get_cleaner, main_document_text
from .document import Block, Document, Removal

__version__ = "0.1.0"

__all__ = [
    "Block",
    "Cleaner",
    "Document",
    "Removal",
    "clean",
    "clean_batch",
    "clean_documents",
    "clean_html",
    "get_cleaner",
    "main_document_text",
    "__version__",
]


def __getattr__(name: str) -> Any:
    if name == "clean_batch":
        from .integrations.hf import clean_batch

        return clean_batch
    raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
