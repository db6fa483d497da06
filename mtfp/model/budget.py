"""Budget and gap: total funding, total spending, the net budget requirement and the funding gap.

net budget requirement = total spending - savings delivered + one-off costs - use of
earmarked reserves; funding gap = net budget requirement - total funding (positive = a
shortfall). Pounds, (S, T).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Budget:
    """The budget and gap block's results: pounds, (S, T) each."""

    total_funding: np.ndarray
    total_spending: np.ndarray
    one_off_costs: np.ndarray
    net_budget_requirement: np.ndarray
    funding_gap: np.ndarray
    incremental_gap: np.ndarray  # the change in the gap: new savings needed that year
    cumulative_gap: np.ndarray  # running sum of the projected years' gaps


def total(lines: list[np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    """Sum of lines, added in the order given (so one draw of an ensemble equals the same
    scenario run alone, to the last bit). Pounds, `shape` (S, T)."""
    result = np.zeros(shape)
    for line in lines:
        result += line
    return result


def project_budget(*, funding_lines: list[np.ndarray], spending_lines: list[np.ndarray], savings_delivered: np.ndarray,
                   one_off_lines: list[np.ndarray], use_of_earmarked_reserves: np.ndarray, projected: np.ndarray,
                   shape: tuple[int, int]) -> Budget:
    """The budget block: totals of the lines given, the requirement, the gap and its running sums."""
    total_funding = total(funding_lines, shape)
    total_spending = total(spending_lines, shape)
    one_off_costs = total(one_off_lines, shape)
    requirement = total_spending - savings_delivered + one_off_costs - use_of_earmarked_reserves
    gap = requirement - total_funding
    return Budget(
        total_funding=total_funding,
        total_spending=total_spending,
        one_off_costs=one_off_costs,
        net_budget_requirement=requirement,
        funding_gap=gap,
        incremental_gap=np.diff(gap, axis=1, prepend=0.0),
        cumulative_gap=np.cumsum(gap * projected, axis=1),
    )
