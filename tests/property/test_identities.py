"""Property-based tests: over random but valid scenarios (every assumption of the default
force redrawn within its schema range, random recruitment policies, cut profiles and
reserve rules), every identity of the control sheet holds, the ensemble equals the same
draws run one at a time, a deeper cut never gives a smaller gap and FTE never goes negative.
"""
from __future__ import annotations

import copy
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mtfp
from mtfp import checks, timeline
from mtfp.scenario import Scenario, iter_params, load_scenario, with_value
from tests.conftest import SCENARIOS

DEFAULT = load_scenario(SCENARIOS / "default.yaml")
BASE = DEFAULT.model_dump(mode="json", exclude_none=True)
PARAMS = [(path, type(p)) for path, p in iter_params(DEFAULT)]
# Keep draws inside the schema range but away from values no force has (a £5bn grant is
# valid but makes a test about pennies a test about float rounding of huge numbers).
CAP = {"gbp_m": 500.0, "fte": 5_000.0, "gbp_per_fte": 80_000.0, "band_d_equivalents": 1_000_000.0}
PROFILE = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def bounds(kind) -> tuple[float, float]:
    low, high = kind.LOW, kind.HIGH
    high = min(high, CAP.get(kind.UNIT, high))
    low = max(low, -high)
    return low, high


def number(kind):
    low, high = bounds(kind)
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


def set_value(data: dict, path: str, value) -> None:
    node = data
    *parents, leaf = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = {"value": value, "source": "illustrative"}


@st.composite
def per_year(draw, kind, years: list[str]):
    """One number for every year, or a value from the base year and another from a later year."""
    if not kind.PER_YEAR or draw(st.booleans()):
        return draw(number(kind))
    later = draw(st.sampled_from(years[1:]))
    return {years[0]: draw(number(kind)), later: draw(number(kind))}


@st.composite
def scenarios(draw) -> Scenario:
    data = copy.deepcopy(BASE)
    data["projected_years"] = draw(st.integers(2, 10))
    years = timeline.year_labels(data["base_year"], data["projected_years"])
    for path, kind in PARAMS:
        set_value(data, path, draw(per_year(kind, years)))
    for key, group in data["workforce"]["groups"].items():
        group["recruitment"] = policy = draw(st.sampled_from(["replace_leavers", "replace_share", "target", "freeze"]))
        prefix = f"workforce.groups.{key}"
        if policy == "replace_share":
            set_value(data, f"{prefix}.replace_share", draw(st.floats(0, 150)))
        if policy == "target":
            set_value(data, f"{prefix}.target_fte", draw(per_year(type(DEFAULT.workforce.groups[key].fte), years)))
        if draw(st.booleans()):
            set_value(data, f"{prefix}.planned_reduction_fte", draw(st.floats(0, 300)))
        if draw(st.booleans()):
            set_value(data, f"{prefix}.floor_fte", draw(st.floats(0, 3000)))
        if draw(st.booleans()):
            group["redundancy_allowed"] = draw(st.booleans())
        if draw(st.booleans()):
            set_value(data, f"{prefix}.vacancy_factor", draw(st.floats(0, 50)))
        overtime = draw(st.sampled_from([None, "overtime_pct", "overtime_gbp_m"]))
        if overtime:
            set_value(data, f"{prefix}.{overtime}", draw(st.floats(0, 50)))
            if draw(st.booleans()):
                group["overtime_pensionable"] = draw(st.booleans())
        if draw(st.booleans()):
            set_value(data, f"{prefix}.headcount_per_fte", draw(st.floats(1, 3)))
    review = data["funding"]["spending_review"]
    review["profile"] = draw(st.sampled_from(["even", "front_loaded", "back_loaded", "explicit", "flat_cash"]))
    review["over_years"] = draw(st.integers(1, 10))
    if review["profile"] == "explicit":
        set_value(data, "funding.spending_review.explicit_cash_change", draw(st.floats(-20, 10)))
    data["reserves"]["fund_gap_from_reserves"] = draw(st.booleans())
    data["savings"]["count_in_gap"] = draw(st.sampled_from(["planned", "risk_adjusted"]))
    data["precept"]["referendum_held"] = draw(st.booleans())
    return Scenario.model_validate(data)


@pytest.mark.parametrize("name", list(checks.CHECKS))
@PROFILE
@given(scenario=scenarios())
def test_every_identity_holds(name, scenario):
    p = mtfp.run(scenario)
    error = checks.CHECKS[name][0](p)
    assert error <= checks.TOLERANCE[checks.CHECKS[name][1]], f"{name}: largest error {error}"


@PROFILE
@given(scenario=scenarios())
def test_master_check_passes_and_totals_add_up_from_the_line_names(scenario):
    p = mtfp.run(scenario)
    assert checks.master_check(p.checks), checks.failed_checks(p.checks)
    # Recomputed here from the line names, not from p.totals, so a wrong totals list is caught too.
    funding = sum(p[k] for k in p.lines if k.startswith("grant_")) + p["precept"] + p["collection_fund"]
    np.testing.assert_allclose(p["total_funding"], funding, rtol=1e-12, atol=1e-6)
    income = sum(p[k] for k in p.lines if k.startswith("specific_grant_")) + p["other_income"]
    np.testing.assert_allclose(p["specific_grants_and_income"], income, rtol=1e-12, atol=1e-6)
    groups = list(scenario.workforce.groups)
    spending = sum(p[f"pay_{g}"] + p[f"overtime_{g}"] for g in groups) + p["apprenticeship_levy"] + p["capital_financing"] \
        + sum(p[k] for k in p.lines if k.startswith(("non_pay_", "growth_")))
    np.testing.assert_allclose(p["total_spending"], spending, rtol=1e-12, atol=1e-6)
    scale = max(np.abs(p["total_spending"]).max(), 1.0)
    # Net revenue expenditure, the statutory budget requirement and what funds it.
    nre = p["total_spending"] - p["savings_delivered"] + p["one_off_costs"] - income
    np.testing.assert_allclose(p["net_revenue_expenditure"], nre, rtol=0, atol=1e-12 * scale)
    requirement = nre + p["contributions_to_reserves"] - p["use_of_earmarked_reserves"]
    np.testing.assert_allclose(p["budget_requirement"], requirement, rtol=0, atol=1e-12 * scale)
    np.testing.assert_allclose(p["budget_requirement"], funding + p["funding_gap"], rtol=0, atol=1e-12 * scale)
    # The recurring gap, one-off items and reserve movements make up the gap after them.
    one_off = p["one_off_costs"] - p["collection_fund"]
    movements = p["contributions_to_reserves"] - p["use_of_earmarked_reserves"]
    np.testing.assert_allclose(p["funding_gap"], p["recurring_gap"] + one_off + movements, rtol=0, atol=1e-12 * scale)
    recurring = p["total_spending"] - p["savings_delivered"] - income - (funding - p["collection_fund"])
    np.testing.assert_allclose(p["recurring_gap"], recurring, rtol=0, atol=1e-12 * scale)


@PROFILE
@given(scenario=scenarios())
def test_fte_is_never_negative(scenario):
    p = mtfp.run(scenario)
    for g in scenario.workforce.groups:
        for line in ("fte", "fte_average", "leavers", "recruits", "redundancies", "reduction_required",
                     "reduction_deferred", "vacancies", "headcount", "savings_fte", "fte_after_savings"):
            assert p[f"{line}_{g}"].min() >= 0.0, f"{line}_{g}"


@PROFILE
@given(scenario=scenarios())
def test_a_group_that_cannot_be_made_redundant_never_is(scenario):
    # Officers by default (office holders); any group with redundancy_allowed: false. What
    # attrition cannot deliver is carried forward, never more than was asked for.
    p = mtfp.run(scenario)
    officer_group = scenario.workforce.officer_group
    for g, group in scenario.workforce.groups.items():
        allowed = group.redundancy_allowed
        if allowed is None:
            allowed = g != officer_group and group.pay_scheme != "police_officers"
        if not allowed:
            assert p[f"redundancies_{g}"].max() == 0.0 and p[f"redundancy_cost_{g}"].max() == 0.0
        assert (p[f"reduction_deferred_{g}"] <= p[f"reduction_required_{g}"] + 1e-9).all()


@PROFILE
@given(scenario=scenarios(), cuts=st.lists(st.floats(-50, 90), min_size=2, max_size=2))
def test_a_deeper_cut_never_gives_a_smaller_gap(scenario, cuts):
    shallow, deep = sorted(cuts)
    p = mtfp.run_ensemble(scenario, {"funding.spending_review.real_terms_cut": np.array([shallow, deep])})
    gap = p["funding_gap"]
    scale = np.abs(p["total_funding"]).max()
    assert (gap[1] >= gap[0] - 1e-12 * scale).all()


ENSEMBLE_PATHS = [
    "funding.spending_review.real_terms_cut", "gdp_deflator", "precept.band_d_rise_pct",
    "workforce.groups.police_officers.pay_award_pct", "workforce.groups.police_staff.attrition_rate",
    "non_pay.lines.ict.inflation", "savings.items.support_services_review.confidence", "reserves.minimum_pct",
]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios(), data=st.data())
def test_the_ensemble_equals_the_same_draws_run_one_by_one(scenario, data):
    size = data.draw(st.integers(2, 4))
    kinds = dict(PARAMS)
    samples = {path: np.array(data.draw(st.lists(number(kinds[path]), min_size=size, max_size=size)))
               for path in ENSEMBLE_PATHS}
    ensemble = mtfp.run_ensemble(scenario, samples)
    for i in range(size):
        single = scenario
        for path, draws in samples.items():
            single = with_value(single, path, float(draws[i]))
        one = mtfp.run(single)
        for key in one.lines:
            np.testing.assert_allclose(ensemble[key][i], one[key][0], rtol=1e-9, atol=1e-9, equal_nan=True,
                                       err_msg=f"draw {i}, line {key}")
        for name in one.events:
            assert ensemble.events[name][i] == one.events[name][0]
    assert not math.isnan(sum(ensemble.checks.values()))


@PROFILE
@given(scenario=scenarios(), pick=st.integers(0, 10_000), other=st.integers(0, 10_000))
def test_every_declared_rollup_holds_and_a_line_declared_under_another_total_is_caught(scenario, pick, other):
    import dataclasses

    from mtfp.model import lines

    p = mtfp.run(scenario)
    made = [total for total in lines.ROLLUPS if total in p]  # the capital totals only with a programme
    for total in made:
        scale = max(1.0, float(np.abs(p[total]).max()))
        assert checks.rollup_error(p, total) <= 0.01 + 1e-12 * scale, total
    # Declare one kind of child line (e.g. every pay_{group}) under a different total, as a
    # modelling mistake would: the totals the blocks compute no longer match the declarations.
    def moved_sum(pattern: str) -> float:
        return float(np.abs(sum(p[k] for k, line in p.lines.items() if line.spec.key == pattern)).max())

    patterns = [spec.key for spec in lines.LINES if spec.parent
                and any(line.spec.key == spec.key for line in p.lines.values()) and moved_sum(spec.key) > 1.0]
    spec = lines.SPECS[patterns[pick % len(patterns)]]
    elsewhere = [t for t in made if t != spec.parent]
    moved_to = elsewhere[other % len(elsewhere)]
    lines.SPECS[spec.key] = dataclasses.replace(spec, parent=moved_to)
    try:
        wrong = mtfp.run(scenario)
    finally:
        lines.SPECS[spec.key] = spec
    assert checks.rollup_error(wrong, spec.parent) > 0.01
    assert checks.rollup_error(wrong, moved_to) > 0.01
    assert not checks.master_check(wrong.checks)
