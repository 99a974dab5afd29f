"""cleaner where users already work: Scrapy, datatrove, Hugging Face datasets.

Each integration lives in its own module and imports its framework only when
used (install the matching extra: ``cleaner[scrapy]``, ``cleaner[datatrove]``,
``cleaner[hf]``). ``import cleaner`` never imports any of them.
"""
