"""The projection: the only place that knows the order of the blocks.

typed inputs -> precept -> workforce and pay -> funding (after the workforce: a conditional
grant is tested on the projected workforce) -> non-pay -> earmarked reserves -> savings and
collaboration -> budget (net revenue expenditure, budget requirement, the recurring gap and
the gap after one-offs and reserves) -> general reserve -> key figures. Each block
is a function over its typed inputs (mtfp.model.typed) returning a frozen dataclass of
(S, T) or (S, G, T) arrays; `project` calls them in order and records every result line
declared in mtfp.model.lines, then runs the control checks.
"""
from __future__ import annotations

import numpy as np

from mtfp.model.budget import Budget, project_budget
from mtfp.model.capital import Capital, project_capital
from mtfp.model.costs import NonPay, project_non_pay
from mtfp.model.funding import Funding, project_funding
from mtfp.model.indicators import KeyFigures, project_key_figures
from mtfp.model.inputs import Inputs
from mtfp.model.lines import PlanWarning, Projection
from mtfp.model.precept import Precept, project_precept
from mtfp.model.reserves import Earmarked, GeneralReserve, fund_gap_in_order, project_earmarked, resilience
from mtfp.model.savings import Savings, project_savings
from mtfp.model.typed import ModelInputs, typed_inputs
from mtfp.model.workforce import Workforce, project_workforce


def project(inputs: Inputs) -> Projection:
    """Every result line of the scenario (S draws x T years), with its events and checks."""
    m = typed_inputs(inputs)
    shape = (m.size, len(m.years))
    precept = project_precept(m.precept)
    workforce = project_workforce(m.workforce)
    # after the workforce: a conditional grant is tested on the projected workforce
    funding = project_funding(m.funding, fte_closing=workforce.fte_closing, headcount=workforce.headcount)
    non_pay = project_non_pay(m.non_pay)
    earmarked = project_earmarked(m.reserves, capital_draws=m.capital.reserve_draws)
    capital = project_capital(m.capital, reserve_draws_taken=earmarked.capital_use_total, shape=shape)
    capital_financing = capital.financing if m.capital.given else non_pay.capital_financing
    savings = project_savings(m.savings, fte_average=workforce.fte_average, fte_closing=workforce.fte_closing,
                              cost_per_fte=workforce.cost_per_fte)
    contributions_to_reserves = m.reserves.general_contributions * m.projected + earmarked.contributions_total
    budget = project_budget(
        spending_lines=[*workforce.pay.transpose(1, 0, 2), *workforce.overtime.transpose(1, 0, 2),
                        workforce.apprenticeship_levy, *non_pay.lines.values(),
                        *non_pay.growth_items.values(), capital_financing,
                        *funding.ring_fenced_spending.values()],
        savings_delivered=savings.delivered,
        one_off_lines=[*workforce.redundancy_cost.transpose(1, 0, 2), savings.one_off_costs,
                       savings.collaboration_one_off_costs],
        income_lines=[*funding.specific_grants.values(), funding.other_income],
        contributions_to_reserves=contributions_to_reserves,
        use_of_earmarked_reserves=earmarked.used_total,
        funding_lines=[*funding.grants.values(), precept.precept],
        one_off_funding_lines=[precept.collection_fund],
        projected=m.projected, shape=shape,
    )
    earmarked, general = fund_gap_in_order(m.reserves, earmarked, funding_gap=budget.funding_gap,
                                           net_revenue_expenditure=budget.net_revenue_expenditure,
                                           projected=m.projected, size=m.size)
    key = project_key_figures(
        recurring_gap=budget.recurring_gap, net_budget=budget.net_revenue_expenditure,
        savings_delivered=savings.delivered, cost_per_officer=workforce.cost_per_fte[:, m.workforce.officer],
        target_rate=m.savings_target_rate, projected=m.projected,
    )

    out = Projection(inputs=inputs, years=m.years, size=m.size)
    _record_funding(out, m, funding, precept, budget)
    _record_workforce(out, m, workforce)
    _record_spending(out, m, non_pay, capital_financing, budget)
    _record_grant_conditions(out, m, funding)
    _record_billing_authorities(out, m, precept)
    _record_savings(out, m, savings)
    _record_budget(out, m, workforce, savings, earmarked, budget, funding)
    _record_reserves(out, m, earmarked, general)
    if m.capital.given:
        _record_capital(out, m, capital, earmarked, net_revenue_stream=budget.total_funding)
    _record_key_figures(out, key)
    out.events["minimum_breached"] = general.minimum_breached
    out.events["reserves_run_out"] = general.reserves_run_out
    out.events["usable_reserves_run_out"] = _record_resilience(out, budget, earmarked)

    from mtfp import checks  # the control sheet runs on every projection (checks read projections)

    out.checks = checks.run_checks(out)
    return out


# --- recording the declared lines (mtfp.model.lines), one line item per line ------------------------

def _record_funding(out: Projection, m: ModelInputs, funding: Funding, precept: Precept, budget: Budget) -> None:
    for grant in m.funding.grants:
        out.add("grant_{grant}", funding.grants[grant.key], id=grant.key, name=grant.name)
    out.add("precept", precept.precept)
    out.add("collection_fund", precept.collection_fund)
    out.add("total_funding", budget.total_funding)
    out.add("tax_base", precept.tax_base)
    out.add("band_d", precept.band_d)
    out.add("band_d_rise", precept.band_d_rise)
    out.add("band_d_rise_pct", precept.band_d_rise_pct)
    out.add("band_d_rise_requested", precept.band_d_rise_requested)
    out.add("precept_capped", precept.precept_capped)
    out.add("above_referendum_limit", precept.above_referendum_limit)


def _record_grant_conditions(out: Projection, m: ModelInputs, funding: Funding) -> None:
    for grant in m.funding.specific_grants:
        if grant.ring_fenced_to is not None:
            out.add("ring_fenced_spending_{specific_grant}", funding.ring_fenced_spending[grant.key], id=grant.key,
                    name=grant.ring_fenced_to)
        if grant.condition is not None:
            c = funding.conditions[grant.key]
            out.add("grant_tested_{specific_grant}", c.measured, id=grant.key, name=grant.name)
            out.add("grant_target_{specific_grant}", c.target, id=grant.key, name=grant.name)
            out.add("grant_target_share_{specific_grant}", c.achieved, id=grant.key, name=grant.name)
            out.add("grant_paid_share_{specific_grant}", c.paid_share, id=grant.key, name=grant.name)
            out.add("grant_withheld_{specific_grant}", c.withheld, id=grant.key, name=grant.name)


def _record_billing_authorities(out: Projection, m: ModelInputs, precept: Precept) -> None:
    for a in m.precept.authorities:
        out.add("authority_tax_base_{authority}", precept.authority_tax_base[a.key], id=a.key, name=a.name)
        out.add("authority_precept_{authority}", precept.authority_precept[a.key], id=a.key, name=a.name)
        out.add("authority_collection_fund_{authority}", precept.authority_collection_fund[a.key], id=a.key,
                name=a.name)


def _record_workforce(out: Projection, m: ModelInputs, w: Workforce) -> None:
    for g, (group, name) in enumerate(zip(m.workforce.groups, m.workforce.names)):
        out.add("pay_{group}", w.pay[:, g], id=group, name=name)
        out.add("overtime_{group}", w.overtime[:, g], id=group, name=name)
        out.add("fte_{group}", w.fte_closing[:, g], id=group, name=name)
        out.add("fte_average_{group}", w.fte_average[:, g], id=group, name=name)
        out.add("headcount_{group}", w.headcount[:, g], id=group, name=name)
        out.add("leavers_{group}", w.leavers[:, g], id=group, name=name)
        out.add("recruits_{group}", w.recruits[:, g], id=group, name=name)
        out.add("redundancies_{group}", w.redundancies[:, g], id=group, name=name)
        out.add("reduction_required_{group}", w.reduction_required[:, g], id=group, name=name)
        out.add("reduction_deferred_{group}", w.reduction_deferred[:, g], id=group, name=name)
        if not m.workforce.redundancy_allowed[g]:
            out.warnings.append(PlanWarning("reduction_deferred", f"reduction_deferred_{group}", name))
        out.add("vacancies_{group}", w.vacancies[:, g], id=group, name=name)
        out.add("fte_opening_{group}", w.fte_opening[:, g], id=group, name=name)
        out.add("salary_{group}", w.salary[:, g], id=group, name=name)
        out.add("cost_per_fte_{group}", w.cost_per_fte[:, g], id=group, name=name)
    out.add("apprenticeship_levy", w.apprenticeship_levy)


def _record_spending(out: Projection, m: ModelInputs, n: NonPay, capital_financing, budget: Budget) -> None:
    for line in m.non_pay.lines:
        out.add("non_pay_{non_pay_line}", n.lines[line.key], id=line.key, name=line.name)
    for item in m.non_pay.growth_items:
        out.add("growth_{growth_item}", n.growth_items[item.key], id=item.key, name=item.name)
    out.add("capital_financing", capital_financing)
    out.add("total_spending", budget.total_spending)


def _record_savings(out: Projection, m: ModelInputs, s: Savings) -> None:
    for item in m.savings.items:
        out.add("saving_planned_{item}", s.item_planned[item.key], id=item.key, name=item.name)
        out.add("saving_risk_adjusted_{item}", s.item_risk_adjusted[item.key], id=item.key, name=item.name)
        out.add("saving_realised_{item}", s.item_realised[item.key], id=item.key, name=item.name)
        out.add("saving_variance_{item}", s.item_variance[item.key], id=item.key, name=item.name)
    for project_ in m.savings.collaboration:
        key, name = project_.key, project_.name
        out.add("collaboration_planned_{project}", s.collaboration_planned[key], id=key, name=name)
        out.add("collaboration_risk_adjusted_{project}", s.collaboration_risk_adjusted[key], id=key, name=name)
        out.add("collaboration_realised_{project}", s.collaboration_realised[key], id=key, name=name)
        out.add("collaboration_variance_{project}", s.collaboration_variance[key], id=key, name=name)
        out.add("recharge_planned_{project}", s.recharge_planned[key], id=key, name=name)
        out.add("recharge_income_{project}", s.recharge_income[key], id=key, name=name)
        out.add("recharge_shortfall_{project}", s.recharge_shortfall[key], id=key, name=name)
    for gain in m.savings.productivity:
        out.add("capacity_fte_{gain}", s.capacity_fte[gain.key], id=gain.key, name=gain.name)
    for g, (group, name) in enumerate(zip(m.workforce.groups, m.workforce.names)):
        out.add("savings_fte_{group}", s.posts_removed[:, g], id=group, name=name)
        out.add("fte_after_savings_{group}", s.fte_after_savings[:, g], id=group, name=name)
    out.add("savings_planned", s.planned)
    out.add("savings_risk_adjusted", s.risk_adjusted)
    out.add("savings_variance", s.variance)
    out.add("savings_delivered", s.delivered)
    out.add("savings_pay", s.pay)
    out.add("savings_non_pay", s.non_pay)
    out.add("savings_income", s.income)


def _record_budget(out: Projection, m: ModelInputs, w: Workforce, s: Savings, e: Earmarked, budget: Budget,
                   funding: Funding) -> None:
    for g, (group, name) in enumerate(zip(m.workforce.groups, m.workforce.names)):
        out.add("redundancy_cost_{group}", w.redundancy_cost[:, g], id=group, name=name)
    out.add("savings_one_off_costs", s.one_off_costs)
    out.add("collaboration_one_off_costs", s.collaboration_one_off_costs)
    out.add("one_off_costs", budget.one_off_costs)
    for grant in m.funding.specific_grants:
        out.add("specific_grant_{specific_grant}", funding.specific_grants[grant.key], id=grant.key, name=grant.name)
    out.add("other_income", funding.other_income)
    out.add("specific_grants_and_income", budget.specific_grants_and_income)
    out.add("net_revenue_expenditure", budget.net_revenue_expenditure)
    out.add("contributions_to_reserves", budget.contributions_to_reserves)
    out.add("use_of_earmarked_reserves", e.used_total)
    out.add("budget_requirement", budget.budget_requirement)
    out.add("recurring_gap", budget.recurring_gap)
    out.add("incremental_recurring_gap", budget.incremental_recurring_gap)
    out.add("one_off_items", budget.one_off_items)
    out.add("reserve_movements", budget.reserve_movements)
    out.add("funding_gap", budget.funding_gap)
    out.add("cumulative_gap", budget.cumulative_gap)


def _record_reserves(out: Projection, m: ModelInputs, e: Earmarked, general: GeneralReserve) -> None:
    out.add("general_reserve_opening", general.opening)
    out.add("gap_funded_from_reserves", general.drawn)
    out.add("general_contributions", general.contributions)
    out.add("general_reserve_closing", general.closing)
    out.add("minimum_general_reserve", general.minimum)
    for i, (key, name) in enumerate(zip(m.reserves.earmarked, m.reserves.earmarked_names)):
        out.add("earmarked_opening_{reserve}", e.opening[:, i], id=key, name=name)
        out.add("earmarked_used_{reserve}", e.used[:, i], id=key, name=name)
        out.add("earmarked_contributions_{reserve}", e.contributions[:, i], id=key, name=name)
        out.add("earmarked_closing_{reserve}", e.closing[:, i], id=key, name=name)
    out.add("earmarked_reserves_closing", e.closing_total)
    out.add("total_reserves_closing", general.closing + e.closing_total)
    if m.reserves.strategy:  # the reserves strategy's own lines, only where it sets one
        for i, (key, name) in enumerate(zip(m.reserves.earmarked, m.reserves.earmarked_names)):
            if key in m.reserves.gap_order:
                out.add("earmarked_gap_funding_{reserve}", e.gap_drawn[:, i], id=key, name=name)
            if m.reserves.interest_rate is not None:
                out.add("earmarked_interest_{reserve}", e.interest[:, i], id=key, name=name)
        if m.reserves.interest_rate is not None:
            out.add("general_interest", general.interest)
        out.add("gap_unfunded", general.gap_unfunded)


def _record_resilience(out: Projection, budget: Budget, e: Earmarked):
    """Resilience figures of the usable reserves; returns the year they run out (event)."""
    from mtfp.model.reserves import first_year_below

    total = out["total_reserves_closing"]
    opening = np.concatenate([total[:, :1], total[:, :-1]], axis=1)
    figures = resilience(total_closing=total, total_opening=opening,
                         net_revenue_expenditure=budget.net_revenue_expenditure)
    out.add("reserves_pct_of_net_revenue_expenditure", figures["reserves_pct_of_net_revenue_expenditure"])
    out.add("reserves_years_cover", figures["reserves_years_cover"])
    return first_year_below(balance=total, threshold=np.full(total.shape, 0.01))


def _record_capital(out: Projection, m: ModelInputs, c: Capital, e: Earmarked, *, net_revenue_stream) -> None:
    for k, (key, name) in enumerate(zip(m.capital.schemes, m.capital.scheme_names)):
        out.add("capital_spend_{scheme}", c.spend_by_scheme[:, k], id=key, name=name)
    out.add("capital_spend", c.spend)
    out.add("capital_funded_grant", c.funded_by_grant)
    out.add("capital_funded_receipts", c.funded_by_receipts)
    out.add("capital_funded_revenue", c.funded_by_revenue)
    out.add("capital_funded_reserves", c.funded_by_reserves)
    for i, (key, name) in enumerate(zip(m.reserves.earmarked, m.reserves.earmarked_names)):
        if key in m.capital.reserve_draws:
            out.add("earmarked_capital_use_{reserve}", e.capital_use[:, i], id=key, name=name)
    out.add("capital_funded_borrowing", c.funded_by_borrowing)
    out.add("capital_funding", c.funding)
    out.add("cfr_opening", c.cfr_opening)
    out.add("mrp_existing", c.mrp_existing)
    out.add("mrp_new", c.mrp_new)
    out.add("mrp", c.mrp)
    out.add("cfr_closing", c.cfr_closing)
    out.add("interest_existing", c.interest_existing)
    out.add("interest_new", c.interest_new)
    out.add("capital_interest", c.interest)
    costs = out.add("capital_financing_costs", c.mrp + c.interest)
    out.add("external_debt", c.external_debt)
    out.add("internal_borrowing", c.cfr_closing - c.external_debt)
    stream = out.add("net_revenue_stream", net_revenue_stream)
    from mtfp.model.indicators import ratio

    out.add("financing_costs_pct_of_net_revenue_stream", ratio(costs, stream))


def _record_key_figures(out: Projection, key: KeyFigures) -> None:
    out.add("officer_post_equivalent", key.officer_post_equivalent)
    out.add("gap_pct_of_net_budget", key.gap_pct_of_net_budget)
    out.add("new_savings_in_year", key.new_savings_in_year)
    out.add("cashable_savings_pct", key.cashable_savings_pct)
    if key.savings_target is not None:
        out.add("savings_target", key.savings_target)
        out.add("savings_against_target", key.savings_against_target)
