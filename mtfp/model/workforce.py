"""Workforce: FTE flows (a corkscrew per group) and the pay cost of each group.

Arrays are (S, G, T): scenarios, workforce groups, years (year 0 = base year). FTE are
full-time equivalents; money is pounds; rates are fractions.
"""
from __future__ import annotations

import numpy as np

# Recruitment policies as data: the share of leavers replaced, or a target path.
POLICY_SHARE = {"replace_leavers": 1.0, "freeze": 0.0}


def fte_flows(
    *, opening_fte: np.ndarray, attrition_rate: np.ndarray, replace_share: np.ndarray,
    follows_target: np.ndarray, target_fte: np.ndarray, planned_reduction_fte: np.ndarray,
    floor_fte: np.ndarray,
) -> dict[str, np.ndarray]:
    """Roll FTE forward year by year: closing = opening - leavers + recruits - redundancies.

    leavers = attrition rate x opening FTE. Recruits replace a share of leavers, or fill
    the gap to a target path. A planned reduction is met first by not recruiting; what
    attrition cannot deliver needs redundancies. A floor (NaN = none) is kept by cancelling
    redundancies first, then recruiting. `follows_target` is (G,) bool; the rest (S, G, T).
    """
    size = max(a.shape[0] for a in (opening_fte, attrition_rate, replace_share, target_fte,
                                    planned_reduction_fte, floor_fte))
    n_groups, n_years = opening_fte.shape[1], opening_fte.shape[2]
    shape = (size, n_groups, n_years)
    opening, leavers, recruits, redundancies, closing = (np.zeros(shape) for _ in range(5))
    start = np.broadcast_to(opening_fte[:, :, 0], (size, n_groups))
    opening[:, :, 0] = start
    closing[:, :, 0] = start
    floor = np.where(np.isnan(floor_fte), -np.inf, floor_fte)
    target = follows_target[None, :]
    for t in range(1, n_years):
        open_t = closing[:, :, t - 1]
        leave_t = attrition_rate[:, :, t] * open_t
        natural = open_t - leave_t
        to_target = target_fte[:, :, t] - natural
        policy_recruits = np.where(target, np.maximum(to_target, 0.0), replace_share[:, :, t] * leave_t)
        beyond_attrition = np.where(target, np.maximum(-to_target, 0.0), 0.0)
        planned = planned_reduction_fte[:, :, t]
        by_not_recruiting = np.minimum(planned, policy_recruits)
        recruit_t = policy_recruits - by_not_recruiting
        redundant_t = np.minimum(planned - by_not_recruiting + beyond_attrition, natural + recruit_t)
        below_floor = np.maximum(floor[:, :, t] - (natural + recruit_t - redundant_t), 0.0)
        fewer_redundancies = np.minimum(below_floor, redundant_t)
        redundant_t = redundant_t - fewer_redundancies
        recruit_t = recruit_t + (below_floor - fewer_redundancies)
        opening[:, :, t] = open_t
        leavers[:, :, t] = leave_t
        recruits[:, :, t] = recruit_t
        redundancies[:, :, t] = redundant_t
        closing[:, :, t] = natural + recruit_t - redundant_t
    average = (opening + closing) / 2.0
    return {"fte_opening": opening, "leavers": leavers, "recruits": recruits,
            "redundancies": redundancies, "fte_closing": closing, "fte_average": average}


def average_salary(
    *, base_salary: np.ndarray, drift: np.ndarray, award_pct: np.ndarray, award_gbp: np.ndarray,
    in_year_fraction: np.ndarray,
) -> np.ndarray:
    """Average salary paid per FTE in each year. Pounds per FTE, (S, G, T).

    The base-year salary is the rate in payment at the end of the base year. Each year
    incremental drift applies from April; an award (% or flat £ per FTE) effective in
    month m pays `in_year_fraction` of its full-year effect in its first year (7/12 for
    September) and the rest from the next year, because it is in the rate carried forward.
    """
    size = max(a.shape[0] for a in (base_salary, drift, award_pct, award_gbp))
    n_groups, n_years = base_salary.shape[1], base_salary.shape[2]
    rate = np.broadcast_to(base_salary[:, :, 0], (size, n_groups)).copy()
    average = np.empty((size, n_groups, n_years))
    average[:, :, 0] = rate
    share = in_year_fraction[None, :]
    for t in range(1, n_years):
        start_rate = rate * (1.0 + drift[:, :, t])
        pct_award = start_rate * award_pct[:, :, t]
        award = pct_award + award_gbp[:, :, t]
        average[:, :, t] = start_rate + award * share
        rate = start_rate + award
    return average


def cost_per_fte(
    *, salary: np.ndarray, pension_rate: np.ndarray, ni_rate: np.ndarray, ni_threshold: np.ndarray,
) -> np.ndarray:
    """Employer cost per FTE = salary + employer pension + employer NI above the threshold.

    NI is charged per head on pay above the secondary threshold (DOMAIN §3.5), not as a flat
    % of the pay bill. Pounds per FTE, (S, G, T).
    """
    pension = salary * pension_rate
    national_insurance = ni_rate * np.maximum(salary - ni_threshold, 0.0)
    return salary + pension + national_insurance


def apprenticeship_levy(*, pay_bill: np.ndarray, levy_rate: np.ndarray, allowance: np.ndarray) -> np.ndarray:
    """Levy = rate x (salary bill - annual allowance), never negative. Pounds, (S, T)."""
    return levy_rate * np.maximum(pay_bill - allowance, 0.0)
