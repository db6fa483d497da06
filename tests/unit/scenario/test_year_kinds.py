"""Per-year values say what they are: a level carries forward, an in-year amount is that
year's only (issue 11 item 2). Worked examples on the present-day illustrative force
(base year 2025/26, budget year 2026/27, plan to 2030/31)."""
from __future__ import annotations

import numpy as np
import pytest

import mtfp
from mtfp.analysis.sampling import to_samples
from mtfp.scenario import get_param, load_scenario, with_value
from mtfp.scenario.params import param
from tests.conftest import SCENARIOS

EXAMPLE = SCENARIOS / "example-2026.yaml"
YEARS = ["2025/26", "2026/27", "2027/28", "2028/29", "2029/30", "2030/31"]


@pytest.fixture(scope="module")
def example():
    return load_scenario(EXAMPLE)


def test_a_12m_collection_fund_surplus_in_2027_28_appears_in_2027_28_only(example):
    p = mtfp.run(with_value(example, "precept.collection_fund", {"2027/28": 1.2}))
    assert p["collection_fund"][0] == pytest.approx([0, 0, 1.2e6, 0, 0, 0])
    # ... and funds 2027/28 alone: total funding is £1.2m above a plan with no surplus that year only.
    without = mtfp.run(with_value(example, "precept.collection_fund", 0.0))
    assert p["total_funding"][0] - without["total_funding"][0] == pytest.approx([0, 0, 1.2e6, 0, 0, 0])


def test_planned_reduction_of_50_fte_in_2027_28_removes_50_fte_in_2027_28_only(example):
    # Police staff replace their leavers, so without the reduction FTE is flat; with it, 50
    # posts go in 2027/28 and none in later years (the gap to the plain plan stays 50, not 100, 150...).
    path = "workforce.groups.police_staff.planned_reduction_fte"
    p = mtfp.run(with_value(example, path, {"2027/28": 50}))
    plain = mtfp.run(example)
    assert plain["fte_police_staff"][0] - p["fte_police_staff"][0] == pytest.approx([0, 0, 50, 50, 50, 50])


def test_pay_award_of_3pct_from_2026_27_carries_forward(example):
    path = "workforce.groups.police_staff.pay_award_pct"
    mapped = with_value(example, path, {"2026/27": 3.0})
    assert get_param(mapped, path).year_values(YEARS) == pytest.approx([3.0] * 6)
    # The same plan as a 3% award in every year.
    every_year = mtfp.run(with_value(example, path, 3.0))
    assert mtfp.run(mapped)["pay_police_staff"][0] == pytest.approx(every_year["pay_police_staff"][0])


def test_one_number_applies_to_every_year_whatever_the_kind():
    level, in_year = param("gbp_m", -50, 50), param("gbp_m", -50, 50, kind="in_year")
    assert level is not in_year  # the kind is part of the type (and its cache key)
    for kind in (level, in_year):
        assert kind(value=0.5, source="illustrative").year_values(YEARS) == pytest.approx([0.5] * 6)
    assert level(value={"2027/28": 1.2, "2029/30": 0.0}, source="illustrative").year_values(YEARS) \
        == pytest.approx([1.2, 1.2, 1.2, 1.2, 0, 0])
    assert in_year(value={"2027/28": 1.2, "2029/30": 0.0}, source="illustrative").year_values(YEARS) \
        == pytest.approx([0, 0, 1.2, 0, 0, 0])


def test_an_in_year_amount_cannot_be_null_or_a_base_year_figure():
    with pytest.raises(ValueError, match="in-year"):
        param("gbp_m", 0, 1, nullable=True, kind="in_year")
    with pytest.raises(ValueError, match="kind must be one of"):
        param("gbp_m", 0, 1, kind="one_off")


def test_a_monte_carlo_draw_of_an_in_year_amount_replaces_it_in_the_years_named_only(example):
    # A surplus of £1.2m in 2027/28 drawn at £0.8m: £0.8m in 2027/28, still nothing in other years.
    sc = with_value(example, "precept.collection_fund", {"2027/28": 1.2})
    samples = to_samples(sc, ["precept.collection_fund"], np.array([[1.2], [0.8]]))
    assert samples["precept.collection_fund"] == pytest.approx(np.array([[0, 1.2, 0, 0, 0], [0, 0.8, 0, 0, 0]]))
    p = mtfp.run_ensemble(sc, samples)
    assert p["collection_fund"][1] == pytest.approx([0, 0, 0.8e6, 0, 0, 0])
