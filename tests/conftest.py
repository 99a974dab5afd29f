"""Shared test helpers: paths to fixtures and to the shared development data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = FIXTURES / "seeds"
EXPECTED = FIXTURES / "expected"
SHARED = Path(os.environ.get("CLEANER_SHARED", ROOT.parent / "shared"))
ARTICLES = SHARED / "data" / "articles"


def seed(prefix: str) -> str:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def rules_only():
    from cleaner import Cleaner

    return Cleaner(model=None, off_topic="keep")
