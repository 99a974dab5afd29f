"""cleaner: turn scraped news text into clean, single-topic article documents.

>>> import cleaner
>>> cleaner.clean(text)                      # clean text of the main article
>>> cleaner.clean_documents(text, "a.txt")   # every document, with metadata and removals
>>> cleaner.clean_html(page_bytes)           # an HTML page: trafilatura, then cleaner
"""

from .api import Cleaner, clean, clean_documents, clean_html, get_cleaner, main_document_text
from .document import Block, Document, Removal
from .integrations.hf import clean_batch

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
