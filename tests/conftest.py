from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import load_rules

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def rules():
    """The project's rules, loaded once: the lexicon behind them takes seconds."""
    return load_rules(ROOT / "rules")
