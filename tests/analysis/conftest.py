"""Fixtures for the analysis tests: the illustrative force with ranges (uncertain-force.yaml)."""
from __future__ import annotations

from pathlib import Path

import pytest

from mtfp.scenario import load_scenario

HERE = Path(__file__).resolve().parent
UNCERTAIN_FILE = HERE / "uncertain-force.yaml"


@pytest.fixture(scope="session")
def uncertain_scenario():
    """Default force; cut triangular -2/3/15%, officer pay award normal P10-P90 0.5-2.5%,
    supplies inflation uniform 1-3%; Bernoulli savings delivery; seed 7, 4,000 draws."""
    return load_scenario(UNCERTAIN_FILE)


@pytest.fixture(scope="session")
def uncertain_mc(uncertain_scenario):
    from mtfp.analysis import montecarlo

    return montecarlo.simulate(uncertain_scenario, draws=4000)
