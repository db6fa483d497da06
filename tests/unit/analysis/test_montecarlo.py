"""Monte Carlo summaries: ordered fan-chart percentiles, probabilities, P(gap > X), chunking."""
from __future__ import annotations

import numpy as np
import pytest

import mtfp
from mtfp.analysis import assumptions, montecarlo, sampling


def test_fan_chart_percentiles_are_ordered_and_the_central_case_is_marked(uncertain_mc, uncertain_scenario):
    deterministic = mtfp.run(uncertain_scenario)
    for line in ("funding_gap", "general_reserve_closing"):
        fan = montecarlo.fan(uncertain_mc, line)
        q = fan[["p5", "p25", "p50", "p75", "p95"]].to_numpy()
        assert np.all(np.diff(q, axis=1) >= 0)
        assert np.array_equal(fan["central"].to_numpy(), deterministic[line][0])
    projected = montecarlo.fan(uncertain_mc, "funding_gap").iloc[1:]
    assert (projected["p95"] > projected["p5"]).all()  # the ranges really vary


def test_probabilities_are_shares_and_by_year_never_falls(uncertain_mc):
    """'By year' counts a draw once the reserve has gone below its minimum in that year or
    before, so it can only rise; the base year is actual, never a risk."""
    probs = montecarlo.probabilities(uncertain_mc)
    for col in ("p_below_minimum", "p_below_minimum_by_year", "p_run_out", "p_run_out_by_year"):
        assert probs[col].between(0, 1).all()
    assert probs.loc[0, "p_below_minimum_by_year"] == 0
    assert (np.diff(probs["p_below_minimum_by_year"]) >= 0).all()
    assert (np.diff(probs["p_run_out_by_year"]) >= 0).all()
    assert (probs["p_run_out_by_year"] <= probs["p_below_minimum_by_year"] + 1e-12).all()
    # in-year share is at most the share by that year
    assert (probs["p_below_minimum"] <= probs["p_below_minimum_by_year"] + 1e-12).all()


def test_p_gap_above_x_counts_draws(uncertain_mc):
    final = uncertain_mc.lines["funding_gap"][:, -1]
    x = float(np.median(final))
    assert montecarlo.exceedance(uncertain_mc, x) == pytest.approx((final > x).mean())
    assert montecarlo.exceedance(uncertain_mc, final.max()) == 0.0
    assert montecarlo.exceedance(uncertain_mc, final.min() - 1) == 1.0


def test_same_seed_same_numbers_and_chunking_changes_nothing(uncertain_scenario):
    a = montecarlo.simulate(uncertain_scenario, draws=2500, seed=9)
    b = montecarlo.simulate(uncertain_scenario, draws=2500, seed=9, chunk=700)
    for line in a.lines:
        assert np.array_equal(a.lines[line], b.lines[line])
    c = montecarlo.simulate(uncertain_scenario, draws=2500, seed=10)
    assert not np.array_equal(a.lines["funding_gap"], c.lines["funding_gap"])


def test_two_threads_give_the_same_numbers_as_one(uncertain_scenario):
    # Chunks are independent and each writes only its own rows, so threads change nothing.
    uncertain, _origin = assumptions.for_analysis(uncertain_scenario)
    sample = sampling.draw_sample(uncertain_scenario, uncertain, 2300, 3, "lhs", "bernoulli")
    mask = sampling.central_mask(*sample.values.shape)
    one = montecarlo.run_rows(sample.scenario, sample.paths, sample.values, mask, montecarlo.KEPT_LINES, 500, workers=1)
    two = montecarlo.run_rows(sample.scenario, sample.paths, sample.values, mask, montecarlo.KEPT_LINES, 500, workers=2)
    for key in one:
        assert np.array_equal(one[key], two[key]), key


def test_settings_come_from_the_file_unless_given(uncertain_scenario, default_scenario):
    assert montecarlo.settings(uncertain_scenario) == {"draws": 4000, "seed": 7, "sampler": "lhs",
                                                       "savings_delivery": "bernoulli"}
    assert montecarlo.settings(uncertain_scenario, draws=100, seed=1)["draws"] == 100
    assert montecarlo.settings(default_scenario)["savings_delivery"] == "expected"


def test_cumulative_gap_distribution_sums_to_one(uncertain_mc):
    hist = montecarlo.cumulative_gap_distribution(uncertain_mc)
    assert hist["share"].sum() == pytest.approx(1.0)
    final = uncertain_mc.lines["cumulative_gap"][:, -1]
    assert hist["bin_low"].iloc[0] == final.min() and hist["bin_high"].iloc[-1] == final.max()


def test_progress_is_reported_per_chunk(uncertain_scenario):
    seen = []
    montecarlo.simulate(uncertain_scenario, draws=2500, chunk=1000, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]
