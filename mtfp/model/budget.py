"""The budget as a Police and Crime Panel report shows it: net revenue expenditure, the
budget requirement, the funding that meets it, and the gap, recurring first. Pounds, (S, T).

    net revenue expenditure = spending (pay, levy, non-pay, growth, capital financing)
                              - savings delivered + one-off costs - specific grants and other income
    budget requirement      = net revenue expenditure + contributions to reserves - use of reserves
    funding gap             = budget requirement - (general grants + council-tax requirement
                              + collection fund)
    recurring gap           = recurring spending - recurring savings - recurring income and funding
                              (before one-off items and reserve movements: the structural gap)
    funding gap             = recurring gap + one-off items + reserve movements

The budget requirement is the statutory figure (Local Government Finance Act 1992 s.43 for a
police and crime commissioner): the revenue spending it must meet from general grants and
council tax once specific grants, income and reserves are taken into account.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Budget:
    """The budget and gap block's results: pounds, (S, T) each."""

    total_spending: np.ndarray  # recurring spending before savings and one-off costs
    one_off_costs: np.ndarray
    specific_grants_and_income: np.ndarray  # specific grants + other income (recurring)
    net_revenue_expenditure: np.ndarray
    contributions_to_reserves: np.ndarray
    budget_requirement: np.ndarray
    total_funding: np.ndarray  # general grants + council-tax requirement + collection fund
    recurring_gap: np.ndarray  # the structural gap, before one-off items and reserve movements
    incremental_recurring_gap: np.ndarray  # the change in the recurring gap: new recurring savings needed
    one_off_items: np.ndarray  # one-off costs less one-off funding (collection fund)
    reserve_movements: np.ndarray  # contributions to less use of earmarked reserves
    funding_gap: np.ndarray  # after one-offs and reserve movements: what the general reserve meets
    cumulative_gap: np.ndarray  # running sum of the projected years' funding gaps


def total(lines: list[np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    """Sum of lines, added in the order given (so one draw of an ensemble equals the same
    scenario run alone, to the last bit). Pounds, `shape` (S, T)."""
    result = np.zeros(shape)
    for line in lines:
        result += line
    return result


def project_budget(*, spending_lines: list[np.ndarray], savings_delivered: np.ndarray,
                   one_off_lines: list[np.ndarray], income_lines: list[np.ndarray],
                   contributions_to_reserves: np.ndarray, use_of_earmarked_reserves: np.ndarray,
                   funding_lines: list[np.ndarray], one_off_funding_lines: list[np.ndarray],
                   projected: np.ndarray, shape: tuple[int, int]) -> Budget:
    """The budget block. `spending_lines`, `income_lines` (specific grants, other income) and
    `funding_lines` (general grants, the precept) are recurring; `one_off_lines` (costs) and
    `one_off_funding_lines` (the collection fund) are one-off."""
    spending = total(spending_lines, shape)
    one_off_costs = total(one_off_lines, shape)
    income = total(income_lines, shape)
    nre = spending - savings_delivered + one_off_costs - income
    contributions = contributions_to_reserves + np.zeros(shape)
    requirement = nre + contributions - use_of_earmarked_reserves
    recurring_funding = total(funding_lines, shape)
    one_off_funding = total(one_off_funding_lines, shape)
    total_funding = recurring_funding + one_off_funding
    gap = requirement - total_funding
    recurring_gap = spending - savings_delivered - income - recurring_funding
    return Budget(
        total_spending=spending,
        one_off_costs=one_off_costs,
        specific_grants_and_income=income,
        net_revenue_expenditure=nre,
        contributions_to_reserves=contributions,
        budget_requirement=requirement,
        total_funding=total_funding,
        recurring_gap=recurring_gap,
        incremental_recurring_gap=np.diff(recurring_gap, axis=1, prepend=0.0),
        one_off_items=one_off_costs - one_off_funding,
        reserve_movements=contributions - use_of_earmarked_reserves,
        funding_gap=gap,
        cumulative_gap=np.cumsum(gap * projected, axis=1),
    )
