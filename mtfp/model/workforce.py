"""Workforce and pay: FTE flows (a corkscrew per group) and the pay cost of each group.

Arrays are (S, G, T): scenarios, workforce groups, years (year 0 = base year). FTE are
full-time equivalents; money is pounds; rates are fractions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mtfp import timeline
from mtfp.model.inputs import stack_rows

# Recruitment policies as data: the share of leavers replaced, or a target path.
POLICY_SHARE = {"replace_leavers": 1.0, "freeze": 0.0}


@dataclass(frozen=True)
class WorkforceInputs:
    """The workforce assumptions, in internal units: (S or 1, G, T) unless noted."""

    groups: tuple[str, ...]  # group ids, in file order
    names: tuple[str, ...]  # their display names
    officer: int  # index of the police officer group (for the gap in officer posts)
    fte: np.ndarray  # opening FTE (the base-year figure is used)
    attrition_rate: np.ndarray  # fraction of opening FTE leaving each year
    replace_share: np.ndarray  # share of leavers replaced
    follows_target: np.ndarray  # (G,) bool: the group recruits to a target path instead
    target_fte: np.ndarray  # FTE at the end of each year (target groups)
    planned_reduction_fte: np.ndarray  # FTE to remove each year
    floor_fte: np.ndarray  # minimum FTE (NaN = none)
    salary: np.ndarray  # £ per FTE, the rate in payment at the end of the base year
    drift: np.ndarray  # incremental drift, fraction a year
    award_pct: np.ndarray  # pay award, fraction
    award_gbp: np.ndarray  # flat pay award, £ per FTE
    award_in_year_share: np.ndarray  # (G,) share of a year's award paid in the year it is given
    pension_rate: np.ndarray  # employer pension, fraction of salary
    ni_rate: np.ndarray  # employer NI, fraction of salary above the threshold
    ni_threshold: np.ndarray  # £ per FTE
    redundancy_cost: np.ndarray  # £ per FTE made redundant
    headcount_per_fte: np.ndarray  # people per FTE (1.0 when not given)
    levy_applies: np.ndarray  # (G,) 1.0 where the group's pay counts for the apprenticeship levy
    levy_rate: np.ndarray  # (S, T) fraction of the pay bill
    levy_allowance: np.ndarray  # (S, T) pounds

    @classmethod
    def build(cls, inputs) -> WorkforceInputs:
        sc = inputs.scenario.workforce
        groups = tuple(sc.groups)
        paths = [f"workforce.groups.{g}" for g in groups]

        def stack(field: str, default: float | None = None) -> np.ndarray:
            return inputs.stack([f"{p}.{field}" for p in paths], default)

        shares = []
        for g, path in zip(groups, paths):
            group = sc.groups[g]
            if group.recruitment == "replace_share":
                shares.append(inputs.get(f"{path}.replace_share"))
            else:
                shares.append(np.full((1, len(inputs.years)), POLICY_SHARE.get(group.recruitment, 0.0)))
        return cls(
            groups=groups, names=tuple(sc.groups[g].name for g in groups), officer=groups.index(sc.officer_group),
            fte=stack("fte"), attrition_rate=stack("attrition_rate"), replace_share=stack_rows(shares),
            follows_target=np.array([sc.groups[g].recruitment == "target" for g in groups]),
            target_fte=stack("target_fte", 0.0), planned_reduction_fte=stack("planned_reduction_fte", 0.0),
            floor_fte=stack("floor_fte", np.nan),
            salary=stack("salary"), drift=stack("drift"), award_pct=stack("pay_award_pct", 0.0),
            award_gbp=stack("pay_award_gbp", 0.0),
            award_in_year_share=np.array([timeline.in_year_fraction(sc.groups[g].award_month) for g in groups]),
            pension_rate=stack("employer_pension_rate"), ni_rate=stack("employer_ni_rate"),
            ni_threshold=stack("ni_threshold"), redundancy_cost=stack("redundancy_cost"),
            headcount_per_fte=stack("headcount_per_fte", 1.0),
            levy_applies=np.array([sc.groups[g].levy_applies for g in groups], dtype=float),
            levy_rate=inputs.get("workforce.apprenticeship_levy_rate"),
            levy_allowance=inputs.get("workforce.apprenticeship_levy_allowance"),
        )


@dataclass(frozen=True)
class Workforce:
    """The workforce and pay block's results: (S, G, T) by group unless noted."""

    fte_opening: np.ndarray  # FTE
    leavers: np.ndarray  # FTE
    recruits: np.ndarray  # FTE
    redundancies: np.ndarray  # FTE
    fte_closing: np.ndarray  # FTE
    fte_average: np.ndarray  # FTE
    headcount: np.ndarray  # people at the end of the year = closing FTE x headcount per FTE
    salary: np.ndarray  # average salary paid, £ per FTE
    cost_per_fte: np.ndarray  # employer cost, £ per FTE
    pay: np.ndarray  # pounds
    redundancy_cost: np.ndarray  # pounds
    apprenticeship_levy: np.ndarray  # (S, T) pounds


def by_year(array: np.ndarray) -> np.ndarray:
    """(S, G, T) -> (T, S, G), each year's (S, G) slice contiguous in memory.

    Kept for speed, not for the finance: the corkscrew and the salary roll read and write
    one year at a time, and with 10,000 draws a chunk strided slices ([..., t]) made the
    100,000-draw ensemble of benchmarks/bench_engine.py about twice as slow in CPU time.
    """
    return np.ascontiguousarray(np.moveaxis(array, -1, 0))


def by_group(array: np.ndarray) -> np.ndarray:
    """(T, S, G) -> (S, G, T), stored group by group so each group's (S, T) line is contiguous
    (the per-group result lines and the checks then read memory in order; see by_year)."""
    return np.ascontiguousarray(array.transpose(2, 1, 0)).transpose(1, 0, 2)


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
    n_groups, n_years = opening_fte.shape[1:]
    # Year by year, (T, S, G): see by_year.
    opening = np.zeros((n_years, size, n_groups))
    leavers = np.zeros((n_years, size, n_groups))
    recruits = np.zeros((n_years, size, n_groups))
    redundancies = np.zeros((n_years, size, n_groups))
    closing = np.zeros((n_years, size, n_groups))
    opening[0] = opening_fte[..., 0]
    closing[0] = opening_fte[..., 0]
    rate, share = by_year(attrition_rate), by_year(replace_share)
    # Steps no group uses are skipped for every draw alike (a test on the whole array, not a
    # loop over draws); they would only add zeros. Kept for speed: doing all three for every
    # plan made the corkscrew about three times slower (benchmarks/bench_engine.py).
    any_target = bool(follows_target.any())
    any_reduction = any_target or bool(np.any(planned_reduction_fte[..., 1:] != 0.0))
    any_floor = bool(np.any(~np.isnan(floor_fte[..., 1:])))
    target_path = by_year(target_fte) if any_target else None
    reduction = by_year(planned_reduction_fte) if any_reduction else None
    floor = by_year(np.where(np.isnan(floor_fte), -np.inf, floor_fte)) if any_floor else None  # no floor: -inf
    no_redundancies = np.zeros((size, n_groups))
    for t in range(1, n_years):
        open_t = closing[t - 1]
        leave_t = rate[t] * open_t
        natural = open_t - leave_t
        recruit_t = share[t] * leave_t
        redundant_t = no_redundancies
        if any_target:
            # A group on a target path recruits (or makes redundant) what takes it to the target.
            to_target = target_path[t] - natural
            recruit_t = np.where(follows_target, np.maximum(to_target, 0.0), recruit_t)
            redundant_t = np.where(follows_target, np.maximum(-to_target, 0.0), 0.0)
        if any_reduction:
            # A planned reduction is met first by not recruiting, the rest by redundancies.
            by_not_recruiting = np.minimum(reduction[t], recruit_t)
            recruit_t = recruit_t - by_not_recruiting
            redundant_t = np.minimum(reduction[t] - by_not_recruiting + redundant_t, natural + recruit_t)
        if any_floor:
            # Keep the floor: cancel redundancies first, then recruit the rest.
            below_floor = np.maximum(floor[t] - (natural + recruit_t - redundant_t), 0.0)
            fewer_redundancies = np.minimum(below_floor, redundant_t)
            redundant_t = redundant_t - fewer_redundancies
            recruit_t = recruit_t + (below_floor - fewer_redundancies)
        opening[t] = open_t
        leavers[t] = leave_t
        recruits[t] = recruit_t
        redundancies[t] = redundant_t
        closing[t] = natural + recruit_t - redundant_t
    average = (opening + closing) / 2.0
    flows = {"fte_opening": opening, "leavers": leavers, "recruits": recruits, "redundancies": redundancies,
             "fte_closing": closing, "fte_average": average}
    return {name: by_group(array) for name, array in flows.items()}


def average_salary(
    *, base_salary: np.ndarray, drift: np.ndarray, award_pct: np.ndarray, award_gbp: np.ndarray,
    in_year_fraction: np.ndarray,
) -> np.ndarray:
    """Average salary paid per FTE in each year. Pounds per FTE, (S, G, T).

    The base-year salary is the rate in payment at the end of the base year. Each year
    incremental drift applies from April; an award (% or flat £ per FTE) effective in
    month m pays `in_year_fraction` (G,) of its full-year effect in its first year (7/12 for
    September) and the rest from the next year, because it is in the rate carried forward.
    """
    size = max(a.shape[0] for a in (base_salary, drift, award_pct, award_gbp))
    n_groups, n_years = base_salary.shape[1:]
    drift_t, pct_t, gbp_t = by_year(drift), by_year(award_pct), by_year(award_gbp)  # (T, S, G): see by_year
    average = np.zeros((n_years, size, n_groups))
    rate = np.broadcast_to(base_salary[..., 0], (size, n_groups)).copy()  # the rate in payment
    average[0] = rate
    for t in range(1, n_years):
        start_rate = rate * (1.0 + drift_t[t])
        award = start_rate * pct_t[t] + gbp_t[t]
        average[t] = start_rate + award * in_year_fraction
        rate = start_rate + award
    return by_group(average)


def cost_per_fte(
    *, salary: np.ndarray, pension_rate: np.ndarray, ni_rate: np.ndarray, ni_threshold: np.ndarray,
) -> np.ndarray:
    """Employer cost per FTE = salary + employer pension + employer NI above the threshold.

    NI is charged per head on pay above the secondary threshold, not as a flat % of the pay
    bill (HM Treasury and HMRC, "Cancellation of the Health and Social Care Levy and in-year
    reductions in National Insurance contributions rates", 23 September 2022,
    https://www.gov.uk/government/publications/reversal-of-the-health-and-social-care-levy-and-in-year-reductions-for-national-insurance-contributions-rates/cancellation-of-the-health-and-social-care-levy-and-in-year-reductions-in-national-insurance-contributions-rates).
    Pounds per FTE, (S, G, T).
    """
    pension = salary * pension_rate
    national_insurance = ni_rate * np.maximum(salary - ni_threshold, 0.0)
    return salary + pension + national_insurance


def headcount(*, fte: np.ndarray, headcount_per_fte: np.ndarray) -> np.ndarray:
    """People = FTE x heads per FTE (e.g. 1,000 FTE at 1.08 = 1,080 people). Heads, (S, G, T).

    Grant conditions such as the officer uplift targets count people, not FTE (Surrey PCC,
    "Decision Log 018/2022 - Agreement of Police Uplift Funding Agreement 2022/23", June 2022,
    https://www.surrey-pcc.gov.uk/xh/decisions/decision-log-018-2022-agreement-of-police-uplift-funding-agreement-2022-23/).
    """
    return fte * headcount_per_fte


def apprenticeship_levy(*, pay_bill: np.ndarray, levy_rate: np.ndarray, allowance: np.ndarray) -> np.ndarray:
    """Levy = rate x pay bill - the annual allowance, never negative. Pounds, (S, T).

    The £15,000 allowance is taken off the levy, not off the pay bill: 0.5% x £110m =
    £550,000, less £15,000 = £535,000; nothing is due on a pay bill up to £3m (Unite,
    "The Apprenticeship Levy", http://www.unitetheunion.org/growing-our-union/unite-for-apprenticeships/the-apprenticeship-levy/).
    """
    return np.maximum(levy_rate * pay_bill - allowance, 0.0)


def project_workforce(w: WorkforceInputs) -> Workforce:
    """The workforce and pay block: FTE corkscrew, average salary, employer cost, pay, levy."""
    flows = fte_flows(
        opening_fte=w.fte, attrition_rate=w.attrition_rate, replace_share=w.replace_share,
        follows_target=w.follows_target, target_fte=w.target_fte, planned_reduction_fte=w.planned_reduction_fte,
        floor_fte=w.floor_fte,
    )
    salary = average_salary(base_salary=w.salary, drift=w.drift, award_pct=w.award_pct, award_gbp=w.award_gbp,
                            in_year_fraction=w.award_in_year_share)
    unit_cost = cost_per_fte(salary=salary, pension_rate=w.pension_rate, ni_rate=w.ni_rate,
                             ni_threshold=w.ni_threshold)
    average = flows["fte_average"]
    levy_pay_bill = (average * salary * w.levy_applies[None, :, None]).sum(axis=1)  # (S, T) pounds
    return Workforce(
        fte_opening=flows["fte_opening"],
        leavers=flows["leavers"],
        recruits=flows["recruits"],
        redundancies=flows["redundancies"],
        fte_closing=flows["fte_closing"],
        fte_average=average,
        headcount=headcount(fte=flows["fte_closing"], headcount_per_fte=w.headcount_per_fte),
        salary=salary,
        cost_per_fte=unit_cost,
        pay=average * unit_cost,
        redundancy_cost=flows["redundancies"] * w.redundancy_cost,
        apprenticeship_levy=apprenticeship_levy(pay_bill=levy_pay_bill, levy_rate=w.levy_rate,
                                                allowance=w.levy_allowance),
    )
