"""Where the files shipped beside the code are: the block model and its card.

The model is trained into the top-level ``models/`` directory of a checkout;
the wheel carries that directory as the package data ``cleaner/models/``
(see ``[tool.setuptools]`` in pyproject.toml). Looking in the installed
package first and the checkout second makes the same code work from an
installed wheel and from an editable checkout.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

CHECKOUT_MODELS = Path(__file__).resolve().parent.parent / "models"


def models_dir() -> Path:
    """The directory holding the shipped model files and their card."""
    installed = files("cleaner") / "models"
    if installed.is_dir():
        return Path(str(installed))
    return CHECKOUT_MODELS


def model_path(name: str) -> Path:
    """The path of the shipped model file ``name`` (it may not exist: the caller reports that)."""
    return models_dir() / name
