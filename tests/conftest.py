from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from pipeline import load_rules

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def rules():
    """The project's rules, loaded once: the lexicon behind them takes seconds."""
    return load_rules(ROOT / "rules")


#: `make fuzz`: the structured-document fuzz of tests/test_onepass.py with
#: fresh seeds and ten times the documents of the suite's run
settings.register_profile("fuzz", deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))
