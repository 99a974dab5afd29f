"""Where the files shipped beside the code are: the block model and its card.

The model is trained into the top-level ``models/`` directory of a checkout;
the wheel carries that directory as the package data ``cleaner/models/``
(see ``[tool.setuptools]`` in pyproject.toml). Looking in the installed
package first and the checkout second makes the same code work from an
installed wheel and from an editable checkout.

The package directory is found from this file rather than through
:mod:`importlib.resources`, whose import (tempfile, zipfile and theirs) is
a noticeable part of a first ``clean()``; the files are opened by path, so
a package that is not a directory on disk could not use them either way.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_MODELS = PACKAGE_DIR.parent / "models"


def models_dir() -> Path:
    """The directory holding the shipped model files and their card."""
    installed = PACKAGE_DIR / "models"
    if installed.is_dir():
        return installed
    return CHECKOUT_MODELS


def model_path(name: str) -> Path:
    """The path of the shipped model file ``name`` (it may not exist: the caller reports that)."""
    return models_dir() / name
