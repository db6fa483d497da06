"""The projection: the only place that knows the order of the blocks.

inputs (S, T) -> funding -> workforce and pay -> non-pay -> savings -> budget requirement
-> gap -> reserves -> key figures. Every result line is an (S, T) array in pounds, FTE or
a fraction, registered with a label, unit and section so tables and charts can read it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mtfp import timeline
from mtfp.model import costs, funding, indicators, lines, reserves, savings, workforce
from mtfp.model.inputs import Inputs, stack_rows
from mtfp.model.lines import Projection
from mtfp.scenario import ScenarioError


def _policy_arrays(inputs: Inputs, group_keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Share of leavers replaced (S, G, T) and which groups follow a target path (G,)."""
    shares, follows = [], []
    for key in group_keys:
        group = inputs.scenario.workforce.groups[key]
        path = f"workforce.groups.{key}"
        if group.recruitment == "replace_share":
            shares.append(inputs.get(f"{path}.replace_share"))
        else:
            shares.append(np.full((1, len(inputs.years)), workforce.POLICY_SHARE.get(group.recruitment, 0.0)))
        follows.append(group.recruitment == "target")
    return stack_rows(shares), np.array(follows)


def _years_given(p, years: list[str]) -> np.ndarray:
    """(T,) bool: the years a per-year assumption states explicitly (every year for one number)."""
    if p is None:
        return np.zeros(len(years), dtype=bool)
    if not isinstance(p.value, dict):
        return np.ones(len(years), dtype=bool)
    return np.array([y in p.value for y in years])


@dataclass(frozen=True)
class _Structure:
    """What a projection needs from the scenario's layout (groups, start years, ramps,
    policies), worked out once per Inputs and shared read-only by every projection of them."""

    projected: np.ndarray  # (T,) 1.0 in projected years, 0.0 in the base year
    groups: list[str]
    group_paths: list[str]
    replace_share: np.ndarray  # (S, G, T) share of leavers replaced
    follows_target: np.ndarray  # (G,) bool
    award_in_year_share: np.ndarray  # (G,) share of a pay award paid in the year it is given
    levy_applies: np.ndarray  # (1, G, 1) 1.0 where the group's pay counts for the levy
    savings_start: dict[tuple[str, str], int]  # ("items" | "collaboration", key) -> start year index
    savings_ramp: dict[tuple[str, str], np.ndarray]  # -> (T,) share of the full-year amount delivered
    realised_reported: dict[str, np.ndarray]  # collaboration -> (T,) bool, projected years with a reported benefit
    productivity_active: dict[str, np.ndarray]  # productivity gain -> (T,) 1.0 from its start year


def _structure(inputs: Inputs) -> _Structure:
    sc, years = inputs.scenario, inputs.years
    problems = lines.collision_problems(lines.ids_by_kind(sc))
    if problems:  # two ids would fill the same result line: refuse rather than overwrite one
        raise ScenarioError(problems)
    n_years = len(years)
    groups = list(sc.workforce.groups)
    replace_share, follows_target = _policy_arrays(inputs, groups)
    projected = (np.arange(n_years) > 0).astype(float)
    start, ramp, reported, active = {}, {}, {}, {}
    for section in ("items", "collaboration"):
        for key, item in getattr(sc.savings, section).items():
            start[section, key] = years.index(item.start_year)
            ramp[section, key] = timeline.ramp_factors(n_years, start[section, key], item.ramp_years)
    for key, project_ in sc.savings.collaboration.items():
        reported[key] = _years_given(project_.realised_benefit, years) & (projected > 0)
    for key, gain in sc.savings.productivity.items():
        active[key] = (np.arange(n_years) >= years.index(gain.start_year)).astype(float)
    structure = _Structure(
        projected=projected, groups=groups, group_paths=[f"workforce.groups.{g}" for g in groups],
        replace_share=replace_share, follows_target=follows_target,
        award_in_year_share=np.array([timeline.in_year_fraction(sc.workforce.groups[g].award_month) for g in groups]),
        levy_applies=np.array([sc.workforce.groups[g].levy_applies for g in groups], dtype=float)[None, :, None],
        savings_start=start, savings_ramp=ramp, realised_reported=reported, productivity_active=active,
    )
    for array in [projected, replace_share, structure.award_in_year_share, structure.levy_applies,
                  *ramp.values(), *reported.values(), *active.values()]:
        array.flags.writeable = False  # shared by every projection of these inputs
    return structure


def _sum(out: Projection, keys: list[str]) -> np.ndarray:
    """Sum of the lines `keys`, added in the order given (so one draw of an ensemble equals
    the same scenario run alone, to the last bit). Pounds, (S, T)."""
    total = np.zeros(out._line_shape)
    for key in keys:
        total += out[key]
    return total


def project(inputs: Inputs) -> Projection:
    sc = inputs.scenario
    years = inputs.years
    n_years = len(years)
    get = inputs.get
    out = Projection(inputs=inputs, years=years, size=inputs.size)
    structure = inputs.derived("projection_structure", lambda: _structure(inputs))
    projected = structure.projected

    # --- funding -------------------------------------------------------------------------
    price_index = funding.growth_index(get("gdp_deflator"))
    review = sc.funding.spending_review
    csr_index = funding.csr_cash_index(
        profile=review.profile,
        real_terms_cut=get("funding.spending_review.real_terms_cut"),
        over_years=review.over_years,
        price_index=price_index,
        explicit_cash_change=get("funding.spending_review.explicit_cash_change", 0.0),
    )
    funding_keys = []
    for key, grant in sc.funding.grants.items():
        path = f"funding.grants.{key}"
        index = csr_index if grant.csr_applies else funding.growth_index(get(f"{path}.cash_change", 0.0))
        out.add("grant_{grant}", funding.grant_cash(base=get(f"{path}.base"), cash_index=index), id=key, name=grant.name)
        funding_keys.append(f"grant_{key}")
    for key, grant in sc.funding.specific_grants.items():
        path = f"funding.specific_grants.{key}"
        index = funding.growth_index(get(f"{path}.cash_change"))
        out.add("specific_grant_{specific_grant}", funding.grant_cash(base=get(f"{path}.base"), cash_index=index), id=key, name=grant.name)
        funding_keys.append(f"specific_grant_{key}")

    band_d = funding.precept_band_d(
        band_d=get("precept.band_d"),
        rise_pct=get("precept.band_d_rise_pct") if sc.precept.band_d_rise_pct else None,
        rise_gbp=get("precept.band_d_rise_gbp") if sc.precept.band_d_rise_gbp else None,
        limit_pct=get("precept.referendum_limit_pct", np.nan),
        limit_gbp=get("precept.referendum_limit_gbp", np.nan),
        referendum_held=sc.precept.referendum_held,
    )
    tax_base = get("precept.tax_base")[:, :1] * funding.growth_index(get("precept.tax_base_growth"))
    out.add("precept", funding.precept_income(tax_base=tax_base, band_d=band_d["band_d"]))
    out.add("collection_fund", get("precept.collection_fund", 0.0))
    out.add("other_income", funding.grant_cash(base=get("funding.other_income.base"), cash_index=funding.growth_index(get("funding.other_income.growth"))))
    funding_keys += ["precept", "collection_fund", "other_income"]
    out.add("total_funding", _sum(out, funding_keys))

    out.add("tax_base", tax_base)
    out.add("band_d", band_d["band_d"])
    out.add("band_d_rise", band_d["band_d_rise"])
    out.add("band_d_rise_requested", band_d["band_d_rise_requested"])
    out.add("precept_capped", band_d["precept_capped"])
    out.add("above_referendum_limit", band_d["above_referendum_limit"])

    # --- workforce and pay -------------------------------------------------------------------
    groups = structure.groups
    gpaths = structure.group_paths
    flows = workforce.fte_flows(
        opening_fte=inputs.stack([f"{p}.fte" for p in gpaths]),
        attrition_rate=inputs.stack([f"{p}.attrition_rate" for p in gpaths]),
        replace_share=structure.replace_share,
        follows_target=structure.follows_target,
        target_fte=inputs.stack([f"{p}.target_fte" for p in gpaths], default=0.0),
        planned_reduction_fte=inputs.stack([f"{p}.planned_reduction_fte" for p in gpaths], default=0.0),
        floor_fte=inputs.stack([f"{p}.floor_fte" for p in gpaths], default=np.nan),
    )
    salary = workforce.average_salary(
        base_salary=inputs.stack([f"{p}.salary" for p in gpaths]),
        drift=inputs.stack([f"{p}.drift" for p in gpaths]),
        award_pct=inputs.stack([f"{p}.pay_award_pct" for p in gpaths], default=0.0),
        award_gbp=inputs.stack([f"{p}.pay_award_gbp" for p in gpaths], default=0.0),
        in_year_fraction=structure.award_in_year_share,
    )
    unit_cost = workforce.cost_per_fte(
        salary=salary,
        pension_rate=inputs.stack([f"{p}.employer_pension_rate" for p in gpaths]),
        ni_rate=inputs.stack([f"{p}.employer_ni_rate" for p in gpaths]),
        ni_threshold=inputs.stack([f"{p}.ni_threshold" for p in gpaths]),
    )
    pay = flows["fte_average"] * unit_cost
    salary_bill = (flows["fte_average"] * salary * structure.levy_applies).sum(axis=1)
    redundancy_cost = flows["redundancies"] * inputs.stack([f"{p}.redundancy_cost" for p in gpaths])

    spending_keys = []
    for i, g in enumerate(groups):
        name = sc.workforce.groups[g].name
        spending_keys.append(f"pay_{g}")
        out.add("pay_{group}", pay[:, i], id=g, name=name)
        out.add("fte_{group}", flows["fte_closing"][:, i], id=g, name=name)
        out.add("fte_average_{group}", flows["fte_average"][:, i], id=g, name=name)
        out.add("leavers_{group}", flows["leavers"][:, i], id=g, name=name)
        out.add("recruits_{group}", flows["recruits"][:, i], id=g, name=name)
        out.add("redundancies_{group}", flows["redundancies"][:, i], id=g, name=name)
        out.add("fte_opening_{group}", flows["fte_opening"][:, i], id=g, name=name)
        out.add("salary_{group}", salary[:, i], id=g, name=name)
        out.add("cost_per_fte_{group}", unit_cost[:, i], id=g, name=name)
    levy = workforce.apprenticeship_levy(
        pay_bill=salary_bill,
        levy_rate=get("workforce.apprenticeship_levy_rate"),
        allowance=get("workforce.apprenticeship_levy_allowance"),
    )
    out.add("apprenticeship_levy", levy)
    spending_keys.append("apprenticeship_levy")

    # --- non-pay ------------------------------------------------------------------------------
    for key, line in sc.non_pay.lines.items():
        path = f"non_pay.lines.{key}"
        out.add("non_pay_{non_pay_line}", costs.inflated(base=get(f"{path}.base"), inflation=get(f"{path}.inflation")), id=key, name=line.name)
        spending_keys.append(f"non_pay_{key}")
    for key, item in sc.non_pay.growth_items.items():
        out.add("growth_{growth_item}", get(f"non_pay.growth_items.{key}.amount"), id=key, name=item.name)
        spending_keys.append(f"growth_{key}")
    out.add("capital_financing", get("non_pay.capital_financing"))
    spending_keys.append("capital_financing")

    # --- reserves contributions and use (known before the gap) ---------------------------------------
    earmarked_keys = list(sc.reserves.earmarked)
    if earmarked_keys:
        epaths = [f"reserves.earmarked.{k}" for k in earmarked_keys]
        earmarked = reserves.earmarked_roll(
            opening=inputs.stack([f"{p}.opening" for p in epaths]),
            planned_use=inputs.stack([f"{p}.planned_use" for p in epaths], default=0.0),
            contributions=inputs.stack([f"{p}.contributions" for p in epaths], default=0.0),
        )
        earmarked_use = earmarked["used"].sum(axis=1)
        earmarked_in = earmarked["contributions"].sum(axis=1)
    else:
        earmarked_use = earmarked_in = np.zeros((1, n_years))
    general_in = get("reserves.general_contributions", 0.0) * projected
    out.add("contributions_to_reserves", general_in + earmarked_in)
    spending_keys.append("contributions_to_reserves")
    out.add("total_spending", _sum(out, spending_keys))

    # --- savings ----------------------------------------------------------------------------
    planned_total = np.zeros((1, n_years))
    risk_total = np.zeros((1, n_years))
    one_off_savings = np.zeros((1, n_years))
    savings_fte = {g: np.zeros((1, n_years)) for g in groups}
    by_kind = {"pay": np.zeros((1, n_years)), "non_pay": np.zeros((1, n_years)), "income": np.zeros((1, n_years))}
    counted = sc.savings.count_in_gap
    for key, item in sc.savings.items.items():
        path = f"savings.items.{key}"
        start, ramp = structure.savings_start["items", key], structure.savings_ramp["items", key]
        planned, risk = savings.item_savings(full_year_amount=get(f"{path}.amount"), ramp=ramp, confidence=get(f"{path}.confidence"))
        out.add("saving_planned_{item}", planned, id=key, name=item.name)
        out.add("saving_risk_adjusted_{item}", risk, id=key, name=item.name)
        planned_total = planned_total + planned
        risk_total = risk_total + risk
        by_kind[item.reduces] = by_kind[item.reduces] + (planned if counted == "planned" else risk)
        if item.one_off_cost is not None:
            one_off_savings = one_off_savings + savings.one_off_in_start_year(amount=get(f"{path}.one_off_cost"), start_index=start, n_years=n_years)
        if item.reduces == "pay" and item.fte is not None:
            savings_fte[item.group] = savings_fte[item.group] + get(f"{path}.fte")[:, :1] * ramp[None, :]
    one_off_collaboration = np.zeros((1, n_years))
    for key, project_ in sc.savings.collaboration.items():
        path = f"savings.collaboration.{key}"
        start, ramp = structure.savings_start["collaboration", key], structure.savings_ramp["collaboration", key]
        planned = savings.collaboration_saving(
            joint_cost_base=get(f"{path}.joint_cost_base"), saving_rate=get(f"{path}.saving_pct"),
            force_share=get(f"{path}.force_share"), ramp=ramp,
        )
        risk = planned * get(f"{path}.confidence")[:, :1]
        out.add("collaboration_planned_{project}", planned, id=key, name=project_.name)
        out.add("collaboration_risk_adjusted_{project}", risk, id=key, name=project_.name)
        # Realised benefit is known only for the years reported; later years stay unknown (NaN)
        # rather than carrying the last figure forward as other per-year values do.
        realised = np.where(structure.realised_reported[key], get(f"{path}.realised_benefit", np.nan), np.nan)
        out.add("collaboration_realised_{project}", realised, id=key, name=project_.name)
        planned_total = planned_total + planned
        risk_total = risk_total + risk
        by_kind["non_pay"] = by_kind["non_pay"] + (planned if counted == "planned" else risk)
        force_share = get(f"{path}.force_share")
        one_off_collaboration = one_off_collaboration + savings.one_off_in_start_year(
            amount=get(f"{path}.implementation_cost") * force_share, start_index=start, n_years=n_years)
    for key, gain in sc.savings.productivity.items():
        path = f"savings.productivity.{key}"
        active = structure.productivity_active[key]
        capacity = savings.productivity_capacity_fte(
            minutes_per_day=get(f"{path}.minutes_per_day"),
            productive_minutes_per_day=get(f"{path}.productive_minutes_per_day"),
            average_fte=flows["fte_average"][:, groups.index(gain.group)], active=active,
        )
        out.add("capacity_fte_{gain}", capacity, id=key, name=gain.name)
    for g in groups:
        name = sc.workforce.groups[g].name
        out.add("savings_fte_{group}", savings_fte[g], id=g, name=name)
        # Savings cannot remove more posts than the group has: FTE after savings stops at nil.
        out.add("fte_after_savings_{group}", np.maximum(out[f"fte_{g}"] - savings_fte[g], 0.0), id=g, name=name)

    out.add("savings_planned", planned_total)
    out.add("savings_risk_adjusted", risk_total)
    delivered = planned_total if counted == "planned" else risk_total
    out.add("savings_delivered", delivered)
    out.add("savings_pay", by_kind["pay"])
    out.add("savings_non_pay", by_kind["non_pay"])
    out.add("savings_income", by_kind["income"])

    one_off_keys = []
    for i, g in enumerate(groups):
        out.add("redundancy_cost_{group}", redundancy_cost[:, i], id=g, name=sc.workforce.groups[g].name)
        one_off_keys.append(f"redundancy_cost_{g}")
    out.add("savings_one_off_costs", one_off_savings)
    out.add("collaboration_one_off_costs", one_off_collaboration)
    one_off_keys += ["savings_one_off_costs", "collaboration_one_off_costs"]
    out.add("one_off_costs", _sum(out, one_off_keys))
    out.add("use_of_earmarked_reserves", earmarked_use)

    # --- budget requirement and gap ------------------------------------------------------------------
    requirement = out["total_spending"] - out["savings_delivered"] + out["one_off_costs"] - out["use_of_earmarked_reserves"]
    out.add("net_budget_requirement", requirement)
    gap = out.add("funding_gap", requirement - out["total_funding"])
    out.add("incremental_gap", indicators.new_in_year(gap, axis=1))
    out.add("cumulative_gap", np.cumsum(gap * projected, axis=1))

    # --- reserves -------------------------------------------------------------------------------------
    drawn = gap * projected if sc.reserves.fund_gap_from_reserves else np.zeros_like(gap)
    general = reserves.general_reserve(opening=get("reserves.general_opening"), drawn=drawn, contributions=general_in)
    out.add("general_reserve_opening", general["opening"])
    out.add("gap_funded_from_reserves", drawn)
    out.add("general_contributions", general_in)
    out.add("general_reserve_closing", general["closing"])
    minimum = out.add("minimum_general_reserve", get("reserves.minimum_pct") * requirement)
    if earmarked_keys:
        for i, key in enumerate(earmarked_keys):
            name = sc.reserves.earmarked[key].name
            out.add("earmarked_opening_{reserve}", earmarked["opening"][:, i], id=key, name=name)
            out.add("earmarked_used_{reserve}", earmarked["used"][:, i], id=key, name=name)
            out.add("earmarked_contributions_{reserve}", earmarked["contributions"][:, i], id=key, name=name)
            out.add("earmarked_closing_{reserve}", earmarked["closing"][:, i], id=key, name=name)
        earmarked_close = earmarked["closing"].sum(axis=1)
    else:
        earmarked_close = get("reserves.general_opening") * 0.0
    out.add("earmarked_reserves_closing", earmarked_close)
    out.add("total_reserves_closing", out["general_reserve_closing"] + out["earmarked_reserves_closing"])
    out.events["minimum_breached"] = reserves.first_year_below(balance=out["general_reserve_closing"], threshold=minimum)
    out.events["reserves_run_out"] = reserves.first_year_below(balance=out["general_reserve_closing"], threshold=np.zeros_like(minimum))

    # --- key figures ----------------------------------------------------------------------------------
    officer = groups.index(sc.workforce.officer_group)
    out.add("officer_post_equivalent", indicators.officer_post_equivalent(funding_gap=gap, cost_per_officer=unit_cost[:, officer]))
    out.add("gap_pct_of_net_budget", indicators.gap_pct_of_net_budget(funding_gap=gap, net_budget=requirement))
    new_savings = indicators.new_in_year(out["savings_delivered"], axis=1)
    out.add("new_savings_in_year", new_savings)
    out.add("cashable_savings_pct", indicators.savings_pct_of_net_budget(cashable_savings=new_savings, net_budget=requirement))
    if sc.savings.target_pct is not None:
        target = indicators.savings_target(net_budget=requirement, target_rate=get("savings.target_pct")) * projected
        out.add("savings_target", target)
        out.add("savings_against_target", np.where(target > 0, indicators.savings_against_target(savings=new_savings, target=target), np.nan))

    from mtfp import checks  # the control sheet runs on every projection

    out.checks = checks.run_checks(out)
    return out
