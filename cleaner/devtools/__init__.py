"""Development tools: the corpus, the quality metric, evaluation and training.

Nothing in the runtime (the library, ``cleaner clean``, ``explain``, ``report``) imports this
package; ``cleaner train``, ``cleaner eval`` and ``cleaner eval-topics`` load it when invoked.

- :mod:`.corpus`: the development corpus and the input kinds derived from its pages;
- :mod:`.evaluate`: the shingle score and the fixed train/dev split;
- :mod:`.quality`: cleaner and the baselines scored on the dev split;
- :mod:`.labels`: block labels from alignment with a gold body;
- :mod:`.train`: the training set, the fitted block model and its tuning;
- :mod:`.commands`: the ``train``, ``eval`` and ``eval-topics`` commands.
"""
