"""The projection as a whole: one code path for 1 and S draws, the control checks, the
tidy results table and the gap bridge."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import mtfp
from mtfp import checks, results
from mtfp.model.ensemble import run_chunked
from tests.conftest import SCENARIOS

CUT = "funding.spending_review.real_terms_cut"
AWARD = "workforce.groups.police_officers.pay_award_pct"


def test_the_default_force_passes_every_check(default_scenario):
    p = mtfp.run(default_scenario)
    assert set(p.checks) == set(checks.CHECKS)
    assert checks.master_check(p.checks), checks.failed_checks(p.checks)
    assert p.size == 1 and p.years == ["2015/16", "2016/17", "2017/18", "2018/19", "2019/20"]


def test_deeper_csr_cuts_give_bigger_gaps():
    gaps = [mtfp.run(mtfp.load_scenario(SCENARIOS / f"csr-{c}.yaml"))["cumulative_gap"][0, -1] for c in (25, 30, 35, 40)]
    assert gaps == sorted(gaps) and gaps[0] > 0


def test_a_broken_identity_fails_the_master_check(default_scenario):
    p = mtfp.run(default_scenario)
    broken = np.array(p["total_funding"])
    broken[0, 2] += 1.0  # a pound missing from the funding total
    p.lines["total_funding"].values = broken
    errors = checks.run_checks(p)
    assert errors["funding_is_sum_of_lines"] == pytest.approx(1.0)
    assert checks.failed_checks(errors) == ["funding_is_sum_of_lines", "gap_is_requirement_minus_funding"]
    assert not checks.master_check(errors)


def test_a_nan_in_an_identity_fails_rather_than_being_ignored(default_scenario):
    p = mtfp.run(default_scenario)
    broken = np.array(p["funding_gap"])
    broken[0, 1] = np.nan
    p.lines["funding_gap"].values = broken
    assert "gap_is_requirement_minus_funding" in checks.failed_checks(checks.run_checks(p))


def test_a_nan_in_the_second_workforce_group_still_fails_the_fte_corkscrew(default_scenario):
    # The corkscrew takes the worst error over every group: a NaN in police staff (not the
    # first group) must not be dropped by comparing it with the officers' zero error.
    p = mtfp.run(default_scenario)
    broken = np.array(p["recruits_police_staff"])
    broken[0, 3] = np.nan
    p.lines["recruits_police_staff"].values = broken
    errors = checks.run_checks(p)
    assert math.isnan(errors["fte_corkscrew"])
    assert "fte_corkscrew" in checks.failed_checks(errors)


@pytest.mark.parametrize("shape", ["S", "S x T", "S x H"])
def test_samples_may_be_one_value_per_draw_or_per_year(default_scenario, shape):
    cuts = np.array([25.0, 40.0])
    draws = {"S": cuts, "S x T": np.repeat(cuts[:, None], 5, axis=1), "S x H": np.repeat(cuts[:, None], 4, axis=1)}[shape]
    p = mtfp.run_ensemble(default_scenario, {CUT: draws})
    assert p.size == 2 and p["funding_gap"].shape == (2, 5)
    expected_40 = mtfp.run(mtfp.load_scenario(SCENARIOS / "csr-40.yaml"))["funding_gap"][0]
    assert p["funding_gap"][1] == pytest.approx(expected_40, rel=1e-12)


def test_unsampled_lines_still_have_one_row_per_draw(default_scenario):
    p = mtfp.run_ensemble(default_scenario, {CUT: np.array([25.0, 30.0, 35.0])})
    assert p["precept"].shape == (3, 5)
    assert (p["precept"][0] == p["precept"][2]).all()


def test_sample_errors_are_clear(default_scenario):
    with pytest.raises(ValueError, match="same number of draws"):
        mtfp.run_ensemble(default_scenario, {CUT: np.ones(3), AWARD: np.ones(4)})
    with pytest.raises(KeyError, match="not a numeric assumption"):
        mtfp.run_ensemble(default_scenario, {"funding.spending_review.cut": np.ones(3)})
    with pytest.raises(ValueError, match=r"draws must have shape"):
        mtfp.run_ensemble(default_scenario, {CUT: np.ones((3, 7))})


def test_chunked_ensemble_equals_one_big_ensemble(default_scenario):
    rng = np.random.default_rng(7)
    samples = {CUT: rng.uniform(20, 40, 25), AWARD: rng.uniform(0, 3, (25, 4)),
               "workforce.groups.police_staff.attrition_rate": rng.uniform(4, 12, 25)}
    whole = mtfp.run_ensemble(default_scenario, samples)
    chunked = run_chunked(default_scenario, samples, lines=("funding_gap", "general_reserve_closing"), chunk_size=7)
    assert np.array_equal(chunked["funding_gap"], whole["funding_gap"])
    assert np.array_equal(chunked["general_reserve_closing"], whole["general_reserve_closing"])
    assert np.array_equal(chunked.events["reserves_run_out"], whole.events["reserves_run_out"])
    assert chunked.master_check() and chunked.size == 25
    threaded = run_chunked(default_scenario, samples, lines=("funding_gap",), chunk_size=4, workers=2)
    assert np.array_equal(threaded["funding_gap"], whole["funding_gap"])


def test_to_long_is_one_row_per_draw_year_and_line(default_scenario):
    p = mtfp.run_ensemble(default_scenario, {CUT: np.array([25.0, 30.0])})
    long = results.to_long(p)
    assert list(long.columns) == ["scenario", "draw", "year", "line", "unit", "value"]
    assert len(long) == len(p.lines) * 2 * 5
    row = long[(long.draw == 1) & (long.year == "2019/20") & (long.line == "funding_gap")]
    assert row.value.item() == p["funding_gap"][1, 4]
    assert row.unit.item() == "gbp"


def test_wide_has_year_and_snake_case_columns_at_full_precision(default_scenario):
    p = mtfp.run(default_scenario)
    frame = results.wide(p)
    assert list(frame["year"]) == p.years
    assert frame["funding_gap"].tolist() == p["funding_gap"][0].tolist()


def test_line_table_reads_in_sections_with_labels(default_scenario):
    table = results.line_table(mtfp.run(default_scenario))
    assert table.columns[:3].tolist() == ["line", "label", "unit"]
    assert table.line.tolist().index("total_funding") < table.line.tolist().index("funding_gap")


def test_gap_bridge_steps_sum_exactly_to_the_final_gap(default_scenario):
    p = mtfp.run(mtfp.load_scenario(SCENARIOS / "csr-30.yaml"))
    bridge = results.gap_bridge(p)
    steps = bridge[bridge.measure != "total"].value.sum()
    assert steps == pytest.approx(p["funding_gap"][0, -1], abs=0.01)
    assert bridge.value.iloc[-1] == p["funding_gap"][0, -1]


def test_key_figures_match_the_lines(default_scenario):
    p = mtfp.run(default_scenario)
    figures = results.key_figures(p)
    assert figures["final_year_gap"] == p["funding_gap"][0, -1]
    assert figures["cumulative_gap"] == p["cumulative_gap"][0, -1]
    assert figures["master_check"] is True and figures["failed_checks"] == []


def test_assumptions_table_lists_every_input_with_unit_and_source(default_scenario):
    table = results.assumptions_table(default_scenario)
    row = table[table.field == "workforce.groups.police_officers.employer_pension_rate"].iloc[0]
    assert row.unit == "% a year" and "009/2017" in row.source and not row.illustrative
    assert isinstance(table, pd.DataFrame) and table.field.is_unique


def test_an_ensemble_of_central_values_equals_the_single_run_to_the_last_bit(default_scenario):
    # Draw 0 is the central case: sampling the scenario's own values changes nothing, exactly.
    central = {CUT: np.full(3, 1.3), AWARD: np.full(3, 1.0), "non_pay.lines.ict.inflation": np.full(3, 2.5),
               "workforce.groups.police_staff.attrition_rate": np.full(3, 8.0)}
    ensemble, single = mtfp.run_ensemble(default_scenario, central), mtfp.run(default_scenario)
    for key in single.lines:
        assert np.array_equal(ensemble[key], np.broadcast_to(single[key], ensemble[key].shape), equal_nan=True), key


def test_negative_or_missing_fte_fails_the_fte_check(default_scenario):
    p = mtfp.run(default_scenario)
    broken = np.array(p["recruits_pcsos"])
    broken[0, 3] = -2.5
    p.lines["recruits_pcsos"].values = broken
    assert checks.fte_never_negative(p) == 2.5
    broken[0, 3] = np.nan
    assert np.isnan(checks.fte_never_negative(p))
    assert "fte_never_negative" in checks.failed_checks(checks.run_checks(p))


def test_a_ratio_over_a_nil_denominator_is_not_available_never_infinite():
    from mtfp.model import indicators

    out = indicators.gap_pct_of_net_budget(gap=np.array([[5.0, 5.0, 0.0]]), net_budget=np.array([[100.0, 0.0, 0.0]]))
    assert out[0, 0] == 0.05 and np.isnan(out[0, 1]) and np.isnan(out[0, 2])


def test_run_ensemble_in_chunks_equals_one_projection_and_keeps_the_worst_check(default_scenario):
    # 25 draws in chunks of 7 (4 chunks, the last of 4 draws) on 2 threads: every line of
    # every draw is the one-projection figure, and each check is the worst over the chunks.
    rng = np.random.default_rng(11)
    samples = {CUT: rng.uniform(20, 40, 25), AWARD: rng.uniform(0, 3, (25, 4))}
    whole = mtfp.run_ensemble(default_scenario, samples)
    chunked = mtfp.run_ensemble(default_scenario, samples, chunk_size=7, workers=2)
    assert chunked.size == 25 and set(chunked.lines) == set(whole.lines)
    for key in whole.lines:
        assert np.array_equal(chunked[key], whole[key], equal_nan=True), key
        assert chunked.lines[key].label == whole.lines[key].label
    assert chunked.checks.keys() == whole.checks.keys()
    assert chunked.master_check() and chunked.worst_check()[0] in checks.CHECKS
    assert max(chunked.checks.values()) <= max(whole.checks.values()) + 1e-6


def test_the_worst_check_error_of_an_ensemble_names_a_nan_first():
    errors = {"funding_is_sum_of_lines": 0.001, "fte_corkscrew": float("nan"), "fte_never_negative": 0.0}
    assert checks.worst_check(errors)[0] == "fte_corkscrew"
    assert "FAILED: fte_corkscrew" in checks.worst_check_text(errors, 10)
    ok = {"funding_is_sum_of_lines": 0.004, "fte_corkscrew": 5e-7}
    assert checks.worst_check(ok) == ("fte_corkscrew", 5e-7, "fte")  # 0.5 of its tolerance beats 0.4
    assert checks.worst_check_text(ok, 10_000).startswith("Master check over 10,000 draws: every identity holds")
