"""Hypothesis over valid scenarios across the documented ranges (docs/scenario-format.md).

Given any scenario the schema accepts (the tiny force of tests/conftest.py redrawn: base year
1990/91 to 2090/91, 1 to 10 projected years, one to three workforce groups on any recruitment
policy and pay-award form, grants with or without the cut, any cut profile, Band D rises in %
or £, a savings plan of pay, non-pay and income items, a savings target; or the default force
with its rates, cut and savings redrawn), the projection:
- passes the master check (every identity of the control sheet, to the penny);
- has no infinity anywhere and NaN only where a line is documented as "not applicable"
  (a ratio whose denominator is nil, savings against a nil target);
- has every workforce FTE line >= 0;
- gives a gap that a deeper real-terms cut never lowers.
2,000 examples in all (1,700 tiny, 300 default-like; each a 2-draw ensemble of the two cuts).
Numbers are drawn to the precision a finance lead types (2 decimals; FTE 1): a target of
1e-320 % is the model bug pinned below, not a plan.
"""
from __future__ import annotations

import copy
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mtfp
from mtfp import checks, timeline
from mtfp.scenario import FIRST_BASE_YEAR, LAST_BASE_YEAR, Scenario

EXAMPLES = settings(max_examples=1700, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CUT = "funding.spending_review.real_terms_cut"


def v(value) -> dict:
    return {"value": value, "source": "illustrative"}


def num(low: float, high: float, places: int = 2):
    """A number in the documented range, to `places` decimals (as a finance lead types it)."""
    scale = 10**places
    return st.integers(math.ceil(low * scale), math.floor(high * scale)).map(lambda i: i / scale)


@st.composite
def path_values(draw, low: float, high: float, years: list[str], places: int = 2):
    """One number for all years, or a per-year mapping from the base year."""
    if draw(st.booleans()):
        return draw(num(low, high, places))
    chosen = [years[0]] + sorted(draw(st.sets(st.sampled_from(years[1:]), max_size=3)), key=years.index)
    return {year: draw(num(low, high, places)) for year in chosen}


@st.composite
def group(draw, years: list[str], name: str) -> dict:
    fte = draw(num(0, 5_000, 1))
    g = {
        "name": name, "fte": v(fte), "salary": v(draw(num(1_000, 120_000, 0))),
        "attrition_rate": v(draw(path_values(0, 50, years))), "redundancy_cost": v(draw(num(0, 100_000, 0))),
        "drift": v(draw(num(-5, 10))), "employer_pension_rate": v(draw(num(0, 60))),
        "employer_ni_rate": v(draw(num(0, 30))), "ni_threshold": v(draw(num(0, 20_000, 0))),
        "award_month": draw(st.integers(1, 12)), "levy_applies": draw(st.booleans()),
        "recruitment": draw(st.sampled_from(["replace_leavers", "replace_share", "target", "freeze"])),
    }
    if draw(st.booleans()):
        g["pay_award_pct"] = v(draw(path_values(-10, 30, years)))
    else:
        g["pay_award_gbp"] = v(draw(path_values(-2_000, 5_000, years, 0)))
    if g["recruitment"] == "replace_share":
        g["replace_share"] = v(draw(path_values(0, 300, years)))
    if g["recruitment"] == "target":
        g["target_fte"] = v(draw(path_values(0, 6_000, years, 1)))
    if draw(st.booleans()):
        g["floor_fte"] = v(draw(path_values(0, fte, years, 1)))
    if draw(st.booleans()):
        g["planned_reduction_fte"] = v(draw(path_values(0, 300, years, 1)))
    return g


@st.composite
def tiny_scenarios(draw, make_tiny_data) -> dict:
    start = draw(st.integers(FIRST_BASE_YEAR, LAST_BASE_YEAR))
    projected = draw(st.integers(1, 10))
    years = timeline.year_labels(timeline.year_label(start), projected)
    data = make_tiny_data()
    data.update(base_year=years[0], projected_years=projected, gdp_deflator=v(draw(path_values(-5, 20, years))))
    funding = data["funding"]
    funding["grants"]["police_grant"].update(base=v(draw(num(0, 1_000))), csr_applies=draw(st.booleans()))
    if draw(st.booleans()):
        funding["grants"]["formula"] = {"name": "Formula funding", "base": v(draw(num(0, 500))),
                                        "cash_change": v(draw(path_values(-50, 100, years)))}
    if draw(st.booleans()):
        funding["specific_grants"] = {"pensions": {"name": "Pensions grant", "base": v(draw(num(0, 50))),
                                                   "cash_change": v(draw(num(-50, 100)))}}
    review = funding["spending_review"]
    review.update(real_terms_cut=v(draw(num(-50, 90))), over_years=draw(st.integers(1, 10)),
                  profile=draw(st.sampled_from(["even", "front_loaded", "back_loaded", "explicit", "flat_cash"])))
    if review["profile"] == "explicit":
        review["explicit_cash_change"] = v(draw(path_values(-50, 100, years)))
    funding["other_income"] = {"base": v(draw(num(0, 100))), "growth": v(draw(path_values(-50, 100, years)))}
    precept = data["precept"]
    precept.update(tax_base=v(draw(num(1_000, 1_000_000, 0))), tax_base_growth=v(draw(path_values(-10, 10, years))),
                   band_d=v(draw(num(10, 2_000))), referendum_held=draw(st.booleans()))
    precept.pop("band_d_rise_pct")
    if draw(st.booleans()):
        precept["band_d_rise_pct"] = v(draw(path_values(-20, 50, years)))
    else:
        precept["band_d_rise_gbp"] = v(draw(path_values(-100, 500, years)))
    if draw(st.booleans()):
        precept["referendum_limit_pct"] = v(draw(num(0, 50)))
    names = ["police_officers"] + sorted(draw(st.sets(st.sampled_from(["police_staff", "pcsos"]), max_size=2)))
    data["workforce"]["groups"] = {key: draw(group(years, key.replace("_", " ").title())) for key in names}
    data["workforce"]["apprenticeship_levy_rate"] = v(draw(num(0, 5)))
    data["workforce"]["apprenticeship_levy_allowance"] = v(draw(num(0, 1, 3)))
    data["non_pay"]["lines"]["premises"].update(base=v(draw(num(0, 500))), inflation=v(draw(path_values(-50, 100, years))))
    data["non_pay"]["capital_financing"] = v(draw(path_values(-100, 100, years)))
    if projected >= 2 and draw(st.booleans()):
        items = {}
        for i in range(draw(st.integers(1, 4))):
            reduces = draw(st.sampled_from(["pay", "non_pay", "income"]))
            item = {"name": f"Saving {i}", "reduces": reduces, "amount": v(draw(num(0, 50))),
                    "start_year": draw(st.sampled_from(years[1:])), "ramp_years": draw(st.integers(1, 10)),
                    "confidence": v(draw(num(0, 100))), "theme": draw(st.sampled_from(["people", "digital", "other"]))}
            if reduces == "pay":
                item["group"] = key = draw(st.sampled_from(names))
                chosen = data["workforce"]["groups"][key]
                if draw(st.booleans()) and chosen["recruitment"] == "replace_leavers" \
                        and "planned_reduction_fte" not in chosen:
                    # Posts removed, only from a group whose FTE holds steady, at most a quarter of it
                    # per item (four items at most): more can take FTE after savings below 0, the
                    # model bug pinned by test_posts_removed_beyond_the_groups_fte below.
                    item["fte"] = v(round(draw(st.floats(0, 1)) * chosen["fte"]["value"] / 4, 1))
            if draw(st.booleans()):
                item["one_off_cost"] = v(draw(num(0, 20)))
            items[f"item_{i}"] = item
        data["savings"] = {"items": items, "count_in_gap": draw(st.sampled_from(["planned", "risk_adjusted"]))}
        if draw(st.booleans()):
            data["savings"]["target_pct"] = v(draw(path_values(0, 50, years)))
    data["reserves"] = {"general_opening": v(draw(num(0, 500))), "minimum_pct": v(draw(num(0, 50))),
                        "fund_gap_from_reserves": draw(st.booleans())}
    return data


@st.composite
def default_like(draw, default_data) -> dict:
    data = copy.deepcopy(default_data)
    data["gdp_deflator"] = v(draw(num(-5, 20)))
    data["funding"]["spending_review"]["profile"] = draw(st.sampled_from(["even", "front_loaded", "back_loaded",
                                                                           "flat_cash"]))
    for g in data["workforce"]["groups"].values():
        g["attrition_rate"] = v(draw(num(0, 50)))
        g["salary"] = v(draw(num(1_000, 120_000, 0)))
        g["recruitment"] = draw(st.sampled_from(["replace_leavers", "freeze"]))
    for item in data["savings"].get("items", {}).values():
        item["confidence"] = v(draw(num(0, 100)))
    data["savings"]["count_in_gap"] = draw(st.sampled_from(["planned", "risk_adjusted"]))
    return data


def not_applicable(p) -> dict[str, np.ndarray]:
    """Where a line is documented as NaN = not applicable: a ratio whose denominator is nil,
    savings against a nil target, a realised saving or benefit (and its variance against plan) in a
    year not recorded."""
    masks = {}
    net = p["net_revenue_expenditure"]
    masks["gap_pct_of_net_budget"] = masks["cashable_savings_pct"] = net == 0
    if "savings_target" in p.lines:
        masks["savings_against_target"] = ~(p["savings_target"] > 0)
    # Reserves resilience: years of cover is n/a in the base year and wherever reserves do not fall;
    # the shares are n/a on a nil denominator (issue 12).
    masks["reserves_years_cover"] = np.ones_like(net, dtype=bool)
    masks["reserves_pct_of_net_revenue_expenditure"] = np.abs(net) < 2.3e-308
    if "net_revenue_stream" in p.lines:
        masks["financing_costs_pct_of_net_revenue_stream"] = np.abs(p["net_revenue_stream"]) < 2.3e-308
    for key in p.lines:
        if key.startswith(("collaboration_realised_", "collaboration_variance_", "saving_realised_", "saving_variance_")):
            masks[key] = np.ones_like(p[key], dtype=bool)
    return masks


def assert_sound(p, where: str) -> None:
    assert checks.master_check(p.checks), f"{where}: failed {checks.failed_checks(p.checks)}"
    allowed = not_applicable(p)
    for key, line in p.lines.items():
        values = line.values
        assert not np.isinf(values).any(), f"{where}: {key} holds inf"
        nan = np.isnan(values)
        if nan.any():
            assert key in allowed and not (nan & ~allowed[key]).any(), f"{where}: {key} holds NaN where it applies"
        if line.unit == "fte" and line.section != "key":  # officer_post_equivalent is a signed key figure
            assert values.min() >= 0.0, f"{where}: {key} goes below 0 FTE ({values.min()})"


def check_scenario(data: dict, cuts: list[float]) -> None:
    scenario = Scenario.model_validate(data)
    shallow, deep = sorted(cuts)
    p = mtfp.run_ensemble(scenario, {CUT: np.array([shallow, deep])})
    assert_sound(p, f"cuts {shallow}/{deep}")
    scale = max(np.abs(p["total_funding"]).max(), 1.0)
    assert (p["funding_gap"][1] >= p["funding_gap"][0] - 1e-9 * scale).all(), "a deeper cut lowered the gap"


@EXAMPLES
@given(data=st.data(), cuts=st.lists(num(-50, 90), min_size=2, max_size=2))
def test_valid_tiny_forces_are_sound(make_tiny_data, data, cuts):
    check_scenario(data.draw(tiny_scenarios(make_tiny_data)), cuts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), cuts=st.lists(num(-50, 90), min_size=2, max_size=2))
def test_valid_default_like_forces_are_sound(default_data, data, cuts):
    check_scenario(data.draw(default_like(default_data)), cuts)


def test_the_tiny_force_itself_is_sound(make_tiny_data):
    """The generator's starting point: the tiny force as tests/conftest.py gives it (gap nil)."""
    check_scenario(make_tiny_data(), [0.0, 10.0])
    assert float(np.abs(mtfp.run(Scenario.model_validate(make_tiny_data()))["funding_gap"]).max()) < 0.01


def test_posts_removed_beyond_the_groups_fte_never_give_negative_fte(make_tiny_data):
    """Found by the generator above: a group of 1 FTE whose planned reduction removes that one
    post, and a pay saving that removes 0.2 posts more. FTE after savings is 1 - 1 - 0.2 = -0.2
    in 2016/17; it should stop at 0 (or the file be refused)."""
    data = make_tiny_data({
        "workforce": {"groups": {"police_officers": {"fte": v(1.0), "planned_reduction_fte": v(1.0)}}},
        "savings": {"items": {"posts": {"name": "Posts", "reduces": "pay", "group": "police_officers", "fte": v(0.2),
                                        "amount": v(0.0), "start_year": "2016/17", "confidence": v(100.0)}}},
    })
    p = mtfp.run(Scenario.model_validate(data))
    assert p["fte_after_savings_police_officers"].min() >= 0.0


def test_a_vanishing_savings_target_gives_no_infinity(make_tiny_data):
    """A target of 1e-320 % of a £120m budget is 1e-316 pounds: savings of £1m against it are
    'inf' times the target, which breaks `run --format json`. Not applicable, or refused, instead."""
    data = make_tiny_data({"savings": {"target_pct": v(1e-320), "items": {"a": {
        "name": "A", "reduces": "non_pay", "amount": v(1.0), "start_year": "2016/17", "confidence": v(100.0)}}}})
    p = mtfp.run(Scenario.model_validate(data))
    assert not np.isinf(p["savings_against_target"]).any()
