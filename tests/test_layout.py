"""The runtime never imports the development tools (cleaner.devtools).

A static check over every runtime module's imports, and processes that use the library and the
``clean`` / ``explain`` commands and then look for ``cleaner.devtools`` in ``sys.modules``.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SEEDS

PACKAGE = ROOT / "cleaner"
DEVTOOLS = "cleaner.devtools"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module an import statement of ``source`` names, relative imports resolved."""
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            names.add(prefix)
            names.update(f"{prefix}.{a.name}" for a in node.names)
    return names


def _is_devtools(name: str) -> bool:
    return name == DEVTOOLS or name.startswith(DEVTOOLS + ".")


@pytest.mark.parametrize(
    ("source", "module", "found"),
    [
        ("from ..devtools import corpus", "cleaner.cli.commands", True),
        ("from .. import devtools", "cleaner.cli.commands", True),
        ("from . import devtools", "cleaner", True),
        ("from .devtools.quality import table", "cleaner.api", True),
        ("import cleaner.devtools.corpus", "cleaner.api", True),
        ("from cleaner.devtools.train import train", "cleaner.classify.model", True),
        ("def f():\n    from ..devtools import evaluate", "cleaner.classify.model", True),
        ("from ..classify import model", "cleaner.cli.commands", False),
        ("from .devtools_like import x", "cleaner.api", False),
        ("from . import corpus", "cleaner.api", False),
    ],
)
def test_the_import_check_sees_devtools_imports(source, module, found):
    is_package = module == "cleaner"
    names = imported_modules(source, module, is_package)
    assert any(_is_devtools(n) for n in names) is found, names


def test_no_runtime_module_imports_devtools():
    runtime = [p for p in PACKAGE.rglob("*.py") if "devtools" not in p.relative_to(PACKAGE).parts]
    assert len(runtime) > 30  # the whole runtime, not a stray subset
    offenders = {}
    for path in runtime:
        source = path.read_text(encoding="utf-8")
        names = imported_modules(source, _module_name(path), path.name == "__init__.py")
        bad = sorted(n for n in names if _is_devtools(n))
        if bad:
            offenders[str(path.relative_to(ROOT))] = bad
    assert not offenders, offenders


_PROBE = """
import json, sys
{body}
loaded = [m for m in sys.modules if m == "cleaner.devtools" or m.startswith("cleaner.devtools.")]
print(json.dumps(sorted(loaded)))
"""


def _loaded_devtools(body: str, cwd: Path) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE.format(body=body)], capture_output=True, text=True, cwd=cwd, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _cli(args: list[str]) -> str:
    """A command run in the probe's process (commands may end with ``sys.exit``)."""
    return (
        "from cleaner.cli import main\n"
        "try:\n"
        f"    code = main.main(args={args!r}, standalone_mode=False)\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "assert code in (None, 0), code\n"
    )


@pytest.fixture(scope="module")
def seed_file() -> Path:
    return sorted(SEEDS.glob("*.txt"))[0]


def test_the_library_leaves_devtools_unloaded(seed_file, tmp_path):
    body = (
        "import cleaner\n"
        f"text = open({str(seed_file)!r}, encoding='utf-8').read()\n"
        "assert cleaner.clean(text).strip()\n"
        "assert cleaner.clean_documents(text)\n"
        "assert cleaner.Cleaner(model=None).clean(text).strip()\n"
    )
    assert _loaded_devtools(body, tmp_path) == []


def test_clean_and_explain_commands_leave_devtools_unloaded(seed_file, tmp_path):
    out = tmp_path / "out"
    body = _cli(["clean", str(seed_file), "--output", str(out)]) + _cli(["explain", str(seed_file)])
    assert _loaded_devtools(body, tmp_path) == []
    assert (out / seed_file.name).read_text(encoding="utf-8").strip()


def test_the_dev_commands_load_devtools_when_invoked(tmp_path):
    """The probe sees devtools when a dev command runs, and the command works through the lazy group."""
    pairs = tmp_path / "pairs"
    pairs.mkdir()
    body_text = (
        "The harbour town counted the cost of the spring storm surge on Tuesday, as the council met to "
        "decide how the sea wall should be rebuilt before the autumn tides arrive."
    )
    page = f"Home | News | Sport\n\n{body_text}\n\nShare this article\n"
    (pairs / "a.txt").write_text(page, encoding="utf-8")
    (pairs / "a.gold.txt").write_text(body_text + "\n", encoding="utf-8")
    body = _cli(["eval", str(pairs), "--model", "none"])
    assert _loaded_devtools(body, tmp_path) == [
        "cleaner.devtools",
        "cleaner.devtools.commands",
        "cleaner.devtools.corpus",
        "cleaner.devtools.evaluate",
        "cleaner.devtools.quality",
    ]


def test_the_group_lists_and_resolves_the_dev_commands():
    import click

    from cleaner.cli import main

    ctx = click.Context(main)
    assert {"train", "eval", "eval-topics"} <= set(main.list_commands(ctx))
    assert main.list_commands(ctx) == sorted(main.list_commands(ctx))
    for name in ("train", "eval", "eval-topics"):
        command = main.get_command(ctx, name)
        assert command.name == name and command.callback.__module__ == "cleaner.devtools.commands"
    assert main.get_command(ctx, "no-such-command") is None
