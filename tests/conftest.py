"""Shared paths and fixtures: the repository, the bundled scenarios and consultation options,
the illustrative force with ranges, and a tiny force whose figures are easy to check by hand.

The tiny force (base year 2015/16, four projected years): one police grant of £100m, a
precept of 100,000 Band D equivalents x £200 = £20m, 2,750 police officers at £40,000
(pay £110m) and £10m of premises. Funding £120m = spending £120m, so the base-year gap is
nil, and every rate (inflation, awards, attrition, on-costs) is 0% until a test sets it.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from mtfp.data import data_path, scenarios_dir
from mtfp.scenario import Scenario, load_scenario, merge

ROOT = Path(__file__).resolve().parents[1]  # the repository (docs, README, app.py)
TESTS = ROOT / "tests"
SCENARIOS = scenarios_dir()  # the bundled scenarios (mtfp/data/scenarios)
DEFAULT = SCENARIOS / "default.yaml"
OPTIONS = data_path("consultation", "options.yaml")  # the shipped consultation options
# The default force with ranges on three assumptions and Bernoulli savings delivery (seed 7).
UNCERTAIN = TESTS / "fixtures" / "uncertain-force.yaml"

# Test tiers by top folder under tests/; every test gets exactly one tier marker
# (--strict-markers). golden/ holds the results snapshot (golden/snapshots/) too.
TIERS = {"unit": "unit", "property": "property", "golden": "golden", "app": "app", "e2e": "e2e"}


def pytest_collection_modifyitems(items):
    for item in items:
        top = Path(str(item.fspath)).relative_to(TESTS).parts[0]
        if top not in TIERS:
            raise pytest.UsageError(f"{item.nodeid}: tests live under one of tests/{{{','.join(TIERS)}}}/")
        item.add_marker(getattr(pytest.mark, TIERS[top]))


def v(value, **extra) -> dict:
    """An illustrative assumption in file units: v(2.5) -> {'value': 2.5, 'source': 'illustrative'}."""
    return {"value": value, "source": "illustrative", **extra}


TINY = {
    "schema_version": 1,
    "name": "Tiny force",
    "base_year": "2015/16",
    "projected_years": 4,
    "gdp_deflator": v(0.0),
    "funding": {
        "grants": {"police_grant": {"name": "Police grant", "base": v(100.0)}},
        "spending_review": {"real_terms_cut": v(0.0), "over_years": 4, "profile": "even"},
        "other_income": {"base": v(0.0), "growth": v(0.0)},
    },
    "precept": {"tax_base": v(100_000), "tax_base_growth": v(0.0), "band_d": v(200.0), "band_d_rise_pct": v(0.0)},
    "workforce": {
        "apprenticeship_levy_rate": v(0.0),
        "apprenticeship_levy_allowance": v(0.0),
        "groups": {
            "police_officers": {
                "name": "Police officers", "fte": v(2750), "salary": v(40_000), "attrition_rate": v(0.0),
                "redundancy_cost": v(0), "pay_award_pct": v(0.0), "drift": v(0.0),
                "employer_pension_rate": v(0.0), "employer_ni_rate": v(0.0), "ni_threshold": v(0),
            },
        },
    },
    "non_pay": {"lines": {"premises": {"name": "Premises", "base": v(10.0), "inflation": v(0.0)}},
                "capital_financing": v(0.0)},
    "reserves": {"general_opening": v(10.0), "minimum_pct": v(0.0)},
}


def tiny_data(overlay: dict | None = None) -> dict:
    """The tiny force as a plain mapping, with `overlay` merged the way `extends` merges files."""
    return merge(copy.deepcopy(TINY), overlay or {})


def tiny(overlay: dict | None = None) -> Scenario:
    """The tiny force as a validated Scenario (see the module docstring)."""
    return Scenario.model_validate(tiny_data(overlay))


@pytest.fixture(scope="session")
def default_scenario() -> Scenario:
    return load_scenario(SCENARIOS / "default.yaml")


@pytest.fixture(scope="session")
def default_data(default_scenario) -> dict:
    """The default scenario as a plain mapping (file units): copy before changing it."""
    return default_scenario.model_dump(mode="json", exclude_none=True)


@pytest.fixture(scope="session")
def make_tiny():
    """Factory: make_tiny(overlay) -> the tiny force with `overlay` merged in."""
    return tiny


@pytest.fixture(scope="session")
def make_tiny_data():
    """Factory: make_tiny_data(overlay) -> the tiny force as a mapping (to write bad files)."""
    return tiny_data


@pytest.fixture(scope="session")
def illustrative():
    """Factory: illustrative(2.5) -> {'value': 2.5, 'source': 'illustrative'}."""
    return v


@pytest.fixture(scope="session")
def uncertain_scenario():
    """Default force; cut triangular -2/3/15%, officer pay award normal P10-P90 0.5-2.5%,
    supplies inflation uniform 1-3%; Bernoulli savings delivery; seed 7, 4,000 draws."""
    return load_scenario(UNCERTAIN)


@pytest.fixture(scope="session")
def uncertain_mc(uncertain_scenario):
    from mtfp.analysis import montecarlo

    return montecarlo.simulate(uncertain_scenario, draws=4000)


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A fresh consultation responses database, also set in MTFP_CONSULTATION_DB for code that reads it."""
    path = tmp_path / "responses.sqlite"
    monkeypatch.setenv("MTFP_CONSULTATION_DB", str(path))
    return path
