"""The ``cleaner`` command line.

- :mod:`.commands`: the command group, ``cleaner clean`` and the entry point :func:`run`;
- :mod:`.explain`: ``cleaner explain``;
- :mod:`.report`: ``cleaner report``, ``cleaner rules`` and the ``--disable-rule`` option;
- :mod:`.writer`: writing results (txt, jsonl, rejects) atomically, in input order;
- :mod:`.workers`: where inputs are cleaned (this process, forked workers, a Dask cluster);
- :mod:`.common`: exit codes, messages, a closed stdout;
- :mod:`.lazy`: the group that imports the development tools only when one is looked up.

``cleaner train``, ``cleaner eval`` and ``cleaner eval-topics`` (development tools) live in
:mod:`cleaner.devtools.commands`.

Exit codes: 0 all inputs cleaned, 1 some inputs failed (each named on
stderr), 2 usage error.
"""

from .commands import main, run

__all__ = ["main", "run"]
