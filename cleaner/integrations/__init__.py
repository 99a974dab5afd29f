"""cleaner where users already work: Scrapy, datatrove, Hugging Face datasets, Dask.

Each integration lives in its own module and imports its framework only when
used (install the matching extra: ``cleaner[scrapy]``, ``cleaner[datatrove]``,
``cleaner[hf]``, ``cleaner[dask]``). ``import cleaner`` never imports any of them. Each is a thin wrapper over
:meth:`cleaner.Cleaner.clean_batch`, so all pick the main document and count
removals the same way.
"""
