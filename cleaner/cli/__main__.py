"""``python -m cleaner.cli``: the same as the ``cleaner`` command."""

from . import run

run()
