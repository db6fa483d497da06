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
    # Work year-major, (T, S, G), so each year's slice is contiguous in memory: with many
    # draws this is several times faster than striding along the last axis.
    shape = (n_years, size, n_groups)
    opening, leavers, recruits, redundancies, closing = (np.zeros(shape) for _ in range(5))
    rate, share = year_major(attrition_rate), year_major(replace_share)
    opening[0] = opening_fte[:, :, 0]
    closing[0] = opening[0]
    # Steps a scenario does not use are skipped for every draw alike (a whole-array test,
    # not a loop over scenarios): they would only add zeros, so results are identical.
    any_target = bool(follows_target.any())
    any_reduction = bool(np.any(planned_reduction_fte[:, :, 1:] != 0.0))
    any_floor = bool(np.any(~np.isnan(floor_fte[:, :, 1:])))
    target_path, planned_path = year_major(target_fte), year_major(planned_reduction_fte)
    floor = year_major(np.where(np.isnan(floor_fte), -np.inf, floor_fte))
    target = follows_target[None, :]
    for t in range(1, n_years):
        open_t = closing[t - 1]
        leave_t = np.multiply(rate[t], open_t, out=leavers[t])
        natural = open_t - leave_t
        recruit_t = share[t] * leave_t
        redundant_t = 0.0
        if any_target:
            to_target = target_path[t] - natural
            recruit_t = np.where(target, np.maximum(to_target, 0.0), recruit_t)
            redundant_t = np.where(target, np.maximum(-to_target, 0.0), 0.0)
        if any_reduction or any_target:
            # A planned reduction is met first by not recruiting, the rest by redundancies.
            planned = planned_path[t]
            by_not_recruiting = np.minimum(planned, recruit_t)
            recruit_t = recruit_t - by_not_recruiting
            redundant_t = np.minimum(planned - by_not_recruiting + redundant_t, natural + recruit_t)
        if any_floor:
            # Keep the floor: cancel redundancies first, then recruit the rest.
            below_floor = np.maximum(floor[t] - (natural + recruit_t - redundant_t), 0.0)
            fewer_redundancies = np.minimum(below_floor, redundant_t)
            redundant_t = redundant_t - fewer_redundancies
            recruit_t = recruit_t + (below_floor - fewer_redundancies)
        opening[t] = open_t
        recruits[t] = recruit_t
        redundancies[t] = redundant_t
        np.add(natural, recruit_t, out=closing[t])
        closing[t] -= redundant_t
    average = (opening + closing) / 2.0
    flows = {"fte_opening": opening, "leavers": leavers, "recruits": recruits,
             "redundancies": redundancies, "fte_closing": closing, "fte_average": average}
    return {key: scenario_major(value) for key, value in flows.items()}


def year_major(array: np.ndarray) -> np.ndarray:
    """(S, G, T) -> contiguous (T, S, G), so a loop over years reads contiguous slices."""
    return np.ascontiguousarray(array.transpose(2, 0, 1))


def scenario_major(array: np.ndarray) -> np.ndarray:
    """(T, S, G) -> (S, G, T), the shape every other block uses.

    Stored group by group, so each group's (S, T) line (`result[:, g]`) is contiguous: the
    per-group lines, checks and charts then read memory in order.
    """
    return np.ascontiguousarray(array.transpose(2, 1, 0)).transpose(1, 0, 2)


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
    drift_t, pct_t, gbp_t = year_major(drift), year_major(award_pct), year_major(award_gbp)
    rate = np.broadcast_to(base_salary[:, :, 0], (size, n_groups)).copy()
    average = np.empty((n_years, size, n_groups))
    average[0] = rate
    share = in_year_fraction[None, :]
    for t in range(1, n_years):
        start_rate = rate * (1.0 + drift_t[t])
        award = start_rate * pct_t[t] + gbp_t[t]
        average[t] = start_rate + award * share
        rate = start_rate + award
    return scenario_major(average)


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
    """Levy = rate x pay bill - the annual allowance, never negative. Pounds, (S, T).

    The £15,000 allowance is taken off the levy, not off the pay bill: 0.5% x £110m =
    £550,000, less £15,000 = £535,000; nothing is due on a pay bill up to £3m (DOMAIN §3.5).
    """
    return np.maximum(levy_rate * pay_bill - allowance, 0.0)
