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
    # One block holds the six results, so they are allocated and turned round in one go.
    block = np.zeros((6, n_years, size, n_groups))
    opening, leavers, recruits, redundancies, closing, average = block
    rate, share = year_major(attrition_rate), year_major(replace_share)
    opening[0] = opening_fte[:, :, 0]
    closing[0] = opening[0]
    # Steps a scenario does not use are skipped for every draw alike (a whole-array test,
    # not a loop over scenarios): they would only add zeros, so results are identical.
    any_target = bool(follows_target.any())
    any_reduction = bool(np.any(planned_reduction_fte[:, :, 1:] != 0.0))
    any_floor = bool(np.any(~np.isnan(floor_fte[:, :, 1:])))
    target_path = year_major(target_fte) if any_target else None
    planned_path = year_major(planned_reduction_fte) if (any_reduction or any_target) else None
    floor = year_major(np.where(np.isnan(floor_fte), -np.inf, floor_fte)) if any_floor else None
    target = follows_target[None, :]
    for t in range(1, n_years):
        open_t = closing[t - 1]
        leave_t = np.multiply(rate[t], open_t, out=leavers[t])
        natural = open_t - leave_t
        recruits_row = recruits[t]
        recruit_t = np.multiply(share[t], leave_t, out=recruits_row)
        redundant_t = None  # none unless a target, a planned reduction or a floor asks
        if any_target:
            to_target = target_path[t] - natural
            recruit_t = np.where(target, np.maximum(to_target, 0.0), recruit_t)
            redundant_t = np.where(target, np.maximum(-to_target, 0.0), 0.0)
        if any_reduction or any_target:
            # A planned reduction is met first by not recruiting, the rest by redundancies.
            planned = planned_path[t]
            by_not_recruiting = np.minimum(planned, recruit_t)
            recruit_t = recruit_t - by_not_recruiting
            redundant_t = np.minimum(planned - by_not_recruiting + (0.0 if redundant_t is None else redundant_t),
                                     natural + recruit_t)
        if any_floor:
            # Keep the floor: cancel redundancies first, then recruit the rest.
            if redundant_t is None:
                redundant_t = np.zeros_like(natural)
            below_floor = np.maximum(floor[t] - (natural + recruit_t - redundant_t), 0.0)
            fewer_redundancies = np.minimum(below_floor, redundant_t)
            redundant_t = redundant_t - fewer_redundancies
            recruit_t = recruit_t + (below_floor - fewer_redundancies)
        if recruit_t is not recruits_row:  # a step above replaced the share of leavers
            recruits_row[...] = recruit_t
        np.add(natural, recruit_t, out=closing[t])
        if redundant_t is not None:
            redundancies[t] = redundant_t
            closing[t] -= redundant_t
    opening[1:] = closing[:-1]  # each year opens with last year's closing FTE
    np.add(opening, closing, out=average)
    average /= 2.0  # = (opening + closing) / 2
    names = ("fte_opening", "leavers", "recruits", "redundancies", "fte_closing", "fte_average")
    return dict(zip(names, scenario_major(block)))


def year_major(array: np.ndarray) -> np.ndarray:
    """(S, G, T) -> contiguous (T, S, G), so a loop over years reads contiguous slices."""
    return np.ascontiguousarray(array.transpose(2, 0, 1))


def scenario_major(array: np.ndarray) -> np.ndarray:
    """(..., T, S, G) -> (..., S, G, T), the shape every other block uses.

    Stored group by group, so each group's (S, T) line (`result[..., g, :]`) is contiguous:
    the per-group lines, checks and charts then read memory in order. A leading axis (several
    results in one block) is kept.
    """
    lead = array.ndim - 3
    stored = np.ascontiguousarray(array.transpose(*range(lead), lead + 2, lead + 1, lead))  # (..., G, S, T)
    return stored.swapaxes(lead, lead + 1)


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
    drift_factor = 1.0 + drift_t  # every year at once: the loop below only does what must be sequential
    any_flat_award = bool(np.any(gbp_t != 0.0))  # adding £0 changes nothing: skip it for every draw alike
    for t in range(1, n_years):
        start_rate = rate * drift_factor[t]
        award = start_rate * pct_t[t]
        if any_flat_award:
            award += gbp_t[t]
        np.multiply(award, share, out=average[t])
        average[t] += start_rate  # = start_rate + award x share
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
    above_threshold = salary - ni_threshold
    np.maximum(above_threshold, 0.0, out=above_threshold)  # in place: one temporary fewer on large ensembles
    national_insurance = ni_rate * above_threshold
    return salary + pension + national_insurance


def apprenticeship_levy(*, pay_bill: np.ndarray, levy_rate: np.ndarray, allowance: np.ndarray) -> np.ndarray:
    """Levy = rate x pay bill - the annual allowance, never negative. Pounds, (S, T).

    The £15,000 allowance is taken off the levy, not off the pay bill: 0.5% x £110m =
    £550,000, less £15,000 = £535,000; nothing is due on a pay bill up to £3m (DOMAIN §3.5).
    """
    return np.maximum(levy_rate * pay_bill - allowance, 0.0)
