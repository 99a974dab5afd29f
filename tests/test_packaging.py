"""The package as users install it: declared dependencies and shipped files (the wheel itself is
built, installed in a fresh virtualenv and run by .ci/wheel-check)."""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

from .conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
# import name -> distribution name, for the third-party packages cleaner imports
DISTRIBUTIONS = {
    "sklearn": "scikit-learn",
    "charset_normalizer": "charset-normalizer",
    "distributed": "dask",  # dask[distributed]
}
OPTIONAL = {
    "scrapy", "itemadapter", "datatrove", "datasets", "distributed", "dask", "pandas", "html2text",
    "onnx", "playwright",
}


def _name(requirement: str) -> str:
    for sep in "<>=![;~ ":
        requirement = requirement.split(sep)[0]
    return requirement.lower().replace("_", "-")


def _imported_packages(paths=None) -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "cleaner").rglob("*.py") if paths is None else paths:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "cleaner"}


def test_every_imported_package_is_declared_and_pytest_is_not_a_runtime_dependency():
    core = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    extras = {_name(r) for reqs in PYPROJECT["project"]["optional-dependencies"].values() for r in reqs}
    for module in _imported_packages():
        dist = DISTRIBUTIONS.get(module, module).lower().replace("_", "-")
        declared = extras if module in OPTIONAL else core
        assert dist in declared, f"{module} is imported but {dist} is not declared"
    dev = {_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["dev"]}
    assert "pytest" not in core and "pytest" in dev


def test_the_corpus_views_and_the_trainer_are_imported_only_by_the_devtools():
    runtime = [p for p in (ROOT / "cleaner").rglob("*.py") if "devtools" not in p.relative_to(ROOT).parts]
    devtools = list((ROOT / "cleaner" / "devtools").rglob("*.py"))
    dev_only = {"html2text", "sklearn"}
    assert dev_only <= _imported_packages(devtools)
    assert not dev_only & _imported_packages(runtime)


def test_the_wheel_carries_every_package_and_every_model_file():
    setuptools = PYPROJECT["tool"]["setuptools"]
    packages = set(setuptools["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "cleaner").rglob("__init__.py")}
    assert on_disk <= packages, on_disk - packages
    assert setuptools["package-dir"]["cleaner.models"] == "models"
    assert setuptools["package-data"]["cleaner.models"] == ["*"]  # whatever the model file is called


def test_the_model_is_found_through_the_package_resources():
    from cleaner.classify.model import DEFAULT_MODEL
    from cleaner.resources import models_dir

    assert DEFAULT_MODEL.parent == models_dir() and DEFAULT_MODEL.is_file()
    assert (models_dir() / "MODEL_CARD.md").is_file()
    shipped = {(ROOT / "models").resolve(), (ROOT / "cleaner" / "models").resolve()}
    assert Path(models_dir()).resolve() in shipped
