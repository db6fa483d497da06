"""Sensitivity: the +1 pp table against finite differences, tornado, SALib Sobol and Morris."""
from __future__ import annotations

import numpy as np
import pytest
import yaml

import mtfp
from mtfp.analysis import sensitivity
from mtfp.scenario import loads_scenario, with_value

CUT = "funding.spending_review.real_terms_cut"
AWARD = "workforce.groups.police_officers.pay_award_pct"


@pytest.fixture(scope="module")
def table(default_scenario):
    return sensitivity.rate_table(default_scenario)


@pytest.mark.parametrize("path, bumped", [
    # Officer pay award 1% -> 2% in the projected years; the base year's 1% (in the base-year
    # average salary, its 5/12 carried into 2016/17) is actual and stays.
    (AWARD, {"2015/16": 1.0, "2016/17": 2.0}),
    ("gdp_deflator", 2.5),
    ("precept.tax_base_growth", 2.0),
    ("non_pay.lines.ict.inflation", 3.5),
    ("precept.band_d", 178.0),  # +£1 on Band D
])
def test_plus_one_table_matches_two_model_runs(default_scenario, table, path, bumped):
    """Each row is the difference between two runs: the scenario, and the scenario with that
    one assumption 1 pp (or £1) higher, in every projected year."""
    row = table[table["field"] == path].iloc[0]
    central = mtfp.run(default_scenario)["funding_gap"][0]
    changed = mtfp.run(with_value(default_scenario, path, bumped))["funding_gap"][0]
    years = default_scenario.years[1:]
    assert row[years].to_numpy(dtype=float) == pytest.approx(changed[1:] - central[1:], abs=0.01)


def test_plus_one_table_worked_example_on_the_tiny_force(make_tiny):
    """Tiny force: 2,750 officers at £40,000, no on-costs, award in September (7/12 in year).
    +1 pp on the award costs 2,750 x £40,000 x 1% x 7/12 = £641,667 in 2016/17."""
    row = sensitivity.rate_table(make_tiny()).set_index("field").loc[AWARD]
    assert row["2016/17"] == pytest.approx(2750 * 40_000 * 0.01 * 7 / 12, abs=0.01)
    assert row["change"] == "+1 pp"


def test_table_is_sorted_by_the_final_year_effect(table, default_scenario):
    final = np.abs(table[default_scenario.years[-1]].to_numpy(dtype=float))
    assert np.all(np.diff(final) <= 0)
    assert "precept.band_d" in set(table["field"])
    assert "savings.target_pct" not in set(table["field"])  # an indicator: no effect on the gap


def test_tornado_gives_each_assumption_at_its_low_and_high(uncertain_scenario):
    frame = sensitivity.tornado(uncertain_scenario)
    assert list(frame["swing"]) == sorted(frame["swing"], reverse=True)
    assert frame.iloc[0]["field"] == CUT  # a -2% to 15% cut moves the gap most
    at_high = mtfp.run(with_value(uncertain_scenario, CUT, 15.0))["funding_gap"][0, -1]
    assert frame.iloc[0]["at_high"] == pytest.approx(at_high, abs=0.01)
    assert frame.iloc[0]["central_value"] == pytest.approx(mtfp.run(uncertain_scenario)["funding_gap"][0, -1], abs=0.01)


def _only_one_varies(default_scenario):
    data = default_scenario.model_dump(mode="json", exclude_none=True)
    data["funding"]["spending_review"]["real_terms_cut"]["distribution"] = {"kind": "uniform", "low": 0, "high": 20}
    data["gdp_deflator"]["distribution"] = {"kind": "uniform", "low": 1.5, "high": 1.5}
    data["workforce"]["groups"]["police_staff"]["pay_award_pct"]["distribution"] = {"kind": "normal", "low": 1, "high": 1}
    return loads_scenario(yaml.safe_dump(data, sort_keys=False))


def test_sobol_gives_the_only_varying_input_all_the_variance(default_scenario):
    frame = sensitivity.sobol(_only_one_varies(default_scenario), n=1024).set_index("field")
    assert frame.loc[CUT, "S1"] == pytest.approx(1.0, abs=0.05)  # an estimate: within sampling error
    assert frame.loc[CUT, "ST"] == pytest.approx(1.0, abs=0.02)
    others = frame.drop(index=CUT)
    assert np.allclose(others[["S1", "ST"]].to_numpy(dtype=float), 0.0, atol=1e-9)


def test_sobol_ranks_the_cut_first_with_confidence_intervals(default_scenario):
    frame = sensitivity.sobol(default_scenario, n=256)
    assert frame.iloc[0]["field"] == CUT
    assert (frame["ST_conf"] >= 0).all()
    assert frame.attrs["cases"] == 256 * (len(frame) + 2)


def test_morris_screens_the_cut_first(default_scenario):
    frame = sensitivity.morris(default_scenario, trajectories=20)
    assert frame.iloc[0]["field"] == CUT
    assert (frame["mu_star"] >= 0).all()
