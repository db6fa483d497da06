"""Goal seek: what would close the gap? Answers from scipy.optimize, checked by the model.

"Balances" means the gap after one-off items and reserve movements (`funding_gap`: the budget
requirement less general grants, council tax and the collection fund) is nil: the statutory
balanced budget of the year. It is not the recurring gap, which a balanced year may still
carry, met by one-off income or reserves.

- precept: the Band D rise (% a year, every projected year) that balances a chosen year
  or the whole plan, within the referendum limit unless a referendum is allowed;
- savings: the least further savings (new each year, recurring) keeping the general
  reserve at or above its minimum in every year (a linear programme: the model is linear
  in savings, so its coefficients come from one ensemble of unit savings);
- posts: the FTE reduction in one workforce group, spread evenly up to the chosen year,
  that balances that year, split into what attrition delivers and the redundancies left;
- cut: the break-even spending-review cut, the deepest real-terms cut before the general
  reserve falls below its minimum by a chosen year.

Every answer says whether it is feasible and, when not, why; `answer.scenario` is the
scenario with the answer applied, so it can be saved and re-run.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import optimize

import mtfp
from mtfp.model.lines import Projection
from mtfp.scenario import Scenario, ScenarioError, get_param, set_at
from mtfp.units import fmt_gbp_m, fmt_money_small

NOTE = "set by goal seek"
XTOL = 1e-10  # in file units (% or FTE): far below £1 of gap


@dataclass
class Answer:
    """A goal-seek answer: the value, whether it is feasible, and a sentence that says so."""

    target: str
    feasible: bool
    value: float | None
    unit: str
    message: str
    scenario: Scenario | None = None
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"target": self.target, "feasible": self.feasible, "value": self.value, "unit": self.unit,
                "message": self.message, **self.details}


def year_index(scenario: Scenario, year: str | int | None) -> int:
    """A projected year as an index (default: the final year). Raises ScenarioError."""
    years = scenario.years
    if year is None:
        return len(years) - 1
    if isinstance(year, int):
        index = year % len(years)
    elif year in years:
        index = years.index(year)
    else:
        raise ScenarioError([f"{scenario.name}: year {year!r} is not in the plan; choose one of {', '.join(years[1:])}"])
    if index == 0:
        raise ScenarioError([f"{scenario.name}: year {years[0]} is the base year; choose one of {', '.join(years[1:])}"])
    return index


def with_fields(scenario: Scenario, values: dict[str, object], structure: dict[str, object] | None = None) -> Scenario:
    """A copy with assumptions set (created if absent, marked 'set by goal seek') and
    structural fields (e.g. 'precept.referendum_held') changed."""
    data = scenario.model_dump(mode="python")
    for path, value in values.items():
        set_at(data, path, {"value": value, "source": "illustrative", "note": NOTE})
    for path, value in (structure or {}).items():
        set_at(data, path, value)
    return Scenario.model_validate(data)


class _Evaluator:
    """Runs the model with one assumption changed (file units), reusing the compiled inputs."""

    def __init__(self, scenario: Scenario, path: str):
        self.inputs = mtfp.compile_inputs(scenario)
        self.path = path
        self.per_year = get_param(scenario, path).PER_YEAR

    def __call__(self, value) -> Projection:
        value = np.atleast_1d(np.asarray(value, dtype=float))
        return mtfp.run_ensemble(self.inputs, {self.path: value[None, :] if value.size > 1 else value})


def _headroom(p: Projection, upto: int) -> float:
    """Smallest general reserve above its minimum in projected years 1..upto (pounds)."""
    return float((p["general_reserve_closing"][0, 1:upto + 1] - p["minimum_general_reserve"][0, 1:upto + 1]).min())


# --- precept --------------------------------------------------------------------------------

def precept(scenario: Scenario, year: str | int | None = None, whole_plan: bool = False,
            allow_referendum: bool = False) -> Answer:
    """The Band D rise (% a year) that balances a year (gap = 0) or the whole plan (the sum
    of the projected years' gaps = 0)."""
    t = year_index(scenario, year)
    target = f"the whole plan to {scenario.years[-1]}" if whole_plan else scenario.years[t]
    free = with_fields(scenario, {"precept.band_d_rise_pct": 0.0},
                       {"precept.band_d_rise_gbp": None, "precept.referendum_held": True})
    run = _Evaluator(free, "precept.band_d_rise_pct")

    def gap(rise: float) -> float:
        g = run(rise)["funding_gap"][0]
        return float(g[1:].sum() if whole_plan else g[t])

    low, high = get_param(free, "precept.band_d_rise_pct").LOW, get_param(free, "precept.band_d_rise_pct").HIGH
    if gap(high) > 0:
        return Answer("precept", False, None, "% a year",
                      f"Not feasible: even a {high:g}% Band D rise every year leaves a gap in {target}.")
    if gap(low) < 0:
        return Answer("precept", True, low, "% a year",
                      f"{target} is in surplus even with Band D cut by {-low:g}% a year.", None)
    rise = optimize.brentq(gap, low, high, xtol=XTOL)
    capped_scenario = with_fields(scenario, {"precept.band_d_rise_pct": rise}, {"precept.band_d_rise_gbp": None})
    capped = mtfp.run(capped_scenario)
    last = len(scenario.years) - 1 if whole_plan else t
    capped_years = [y for y, c in zip(scenario.years[1:last + 1], capped["precept_capped"][0, 1:last + 1]) if c > 0]
    details = {"year": target, "band_d_rise_pct": rise, "capped_years": capped_years}
    if not capped_years or scenario.precept.referendum_held:
        p = capped
        return Answer("precept", True, rise, "% a year",
                      f"A Band D rise of {rise:.2f}% a year balances {target} "
                      f"(Band D {fmt_money_small(p['band_d'][0, last])} in {scenario.years[last]}).",
                      capped_scenario, details)
    left = capped["funding_gap"][0]
    left = float(left[1:].sum() if whole_plan else left[t])
    details["gap_within_limit"] = left
    if allow_referendum:
        held = with_fields(capped_scenario, {}, {"precept.referendum_held": True})
        return Answer("precept", True, rise, "% a year",
                      f"A Band D rise of {rise:.2f}% a year balances {target}, above the referendum limit in "
                      f"{', '.join(capped_years)}: it needs a referendum.", held, details)
    return Answer("precept", False, rise, "% a year",
                  f"Not feasible within the referendum limit: balancing {target} needs a Band D rise of "
                  f"{rise:.2f}% a year, but the limit caps it in {', '.join(capped_years)}; within the limit the gap "
                  f"is {fmt_gbp_m(left)}.", capped_scenario, details)


# --- savings to protect the minimum reserve ----------------------------------------------------

def savings(scenario: Scenario) -> Answer:
    """The least further recurring savings, new in each projected year (pounds), that keep
    the closing general reserve at or above its minimum in every projected year.

    Least = the smallest total of savings over the plan (linprog, HiGHS). The new savings
    are added as plan items 'Further savings needed from <year>' (confidence 100%).
    """
    years = scenario.years
    projected = years[1:]
    data = scenario.model_dump(mode="python")
    keys = []
    for y in projected:  # new keys: a scenario solved before keeps its earlier items
        key = f"goal_seek_savings_{y.replace('/', '_')}"
        while key in data["savings"]["items"] or key in keys:
            key += "_more"
        keys.append(key)
    for key, y in zip(keys, projected):
        data["savings"]["items"][key] = {
            "name": f"Further savings needed from {y}", "theme": "other", "reduces": "non_pay",
            "amount": {"value": 0.0, "source": "illustrative", "note": NOTE}, "start_year": y, "ramp_years": 1,
            "confidence": {"value": 100.0, "source": "illustrative", "note": NOTE}}
    base = Scenario.model_validate(data)
    paths = [f"savings.items.{k}.amount" for k in keys]
    n = len(keys)
    unit = np.vstack([np.zeros(n), np.eye(n)])  # draw 0: none; draw k: £1m new in year k
    p = mtfp.run_ensemble(base, {path: unit[:, j] for j, path in enumerate(paths)})
    headroom = p["general_reserve_closing"][:, 1:] - p["minimum_general_reserve"][:, 1:]
    per_million = (headroom[1:] - headroom[:1]).T  # (year, item): headroom gained per £1m
    cash = (p["savings_delivered"][1:, 1:] - p["savings_delivered"][:1, 1:]).sum(axis=1) / 1e6  # £ per £
    result = optimize.linprog(c=cash, A_ub=-per_million, b_ub=headroom[0], bounds=[(0, 500)] * n, method="highs")
    if result.status != 0:
        return Answer("savings", False, None, "£",
                      "Not feasible: no level of further savings keeps the general reserve at its minimum "
                      f"({result.message.strip()}).")
    amounts = np.where(result.x < 1e-9, 0.0, result.x)  # £m
    answer = with_fields(base, {path: float(a) for path, a in zip(paths, amounts)})
    by_year = {y: float(a) * 1e6 for y, a in zip(projected, amounts)}
    total = float(amounts.sum()) * 1e6
    if total == 0:
        message = "No further savings are needed: the general reserve stays at or above its minimum in every year."
    else:
        listed = ", ".join(f"{fmt_gbp_m(v)} in {y}" for y, v in by_year.items() if v > 0)
        message = (f"Further recurring savings of {fmt_gbp_m(total)} keep the general reserve at its minimum: "
                   f"new savings of {listed}.")
    return Answer("savings", True, total, "£", message, answer,
                  {"new_savings_by_year": by_year, "recurring_savings_by_final_year": total})


# --- posts -------------------------------------------------------------------------------------

def posts(scenario: Scenario, group: str | None = None, year: str | int | None = None) -> Answer:
    """The FTE reduction in one group, spread evenly over the projected years up to `year`,
    that balances that year; how much attrition (not recruiting) delivers and how many
    redundancies remain. Police officers cannot be made redundant, so an officer answer
    needing redundancies is not feasible."""
    groups = scenario.workforce.groups
    group = group or scenario.workforce.officer_group
    if group not in groups:
        raise ScenarioError([f"{scenario.name}: group {group!r} is not one of the groups {sorted(groups)}"])
    t = year_index(scenario, year)
    path = f"workforce.groups.{group}.planned_reduction_fte"
    existing = groups[group].planned_reduction_fte
    if existing is not None:
        raise ScenarioError([f"{scenario.name}: {path} is already set; goal seek adds a reduction only where none is planned"])
    base = with_fields(scenario, {path: 0.0})
    run = _Evaluator(base, path)
    spread = (np.arange(1, len(scenario.years)) <= t) / t  # share of the total cut in each projected year
    name = groups[group].name

    def gap(total_fte: float) -> float:
        return float(run(total_fte * spread)["funding_gap"][0, t])

    upper = float(groups[group].fte.value)
    if gap(0.0) <= 0:
        return Answer("posts", True, 0.0, "FTE", f"No reduction is needed: {scenario.years[t]} is balanced already.", base)
    if gap(upper) > 0:
        from mtfp.model.typed import typed_inputs

        w = typed_inputs(mtfp.compile_inputs(scenario)).workforce
        if not w.redundancy_allowed[w.groups.index(group)]:
            # Nobody in the group can be made redundant: attrition is all a reduction can take.
            most = run(upper * spread)
            achieved = float(most[f"fte_{group}"][0, 0] - most[f"fte_{group}"][0, t])
            return Answer("posts", False, None, "FTE",
                          f"Not feasible: {name} cannot be made redundant, and not replacing leavers removes at most "
                          f"{achieved:,.1f} FTE by {scenario.years[t]}, which leaves a gap of "
                          f"{fmt_gbp_m(float(most['funding_gap'][0, t]))}.", None,
                          {"group": group, "year": scenario.years[t], "by_attrition_fte": achieved,
                           "redundancies_fte": 0.0})
        return Answer("posts", False, None, "FTE",
                      f"Not feasible: even removing all {upper:,.0f} FTE of {name} by {scenario.years[t]} "
                      "(or as far as the floor allows) leaves a gap.")
    total = optimize.brentq(gap, 0.0, upper, xtol=XTOL)
    per_year = total * spread
    answer = with_fields(scenario, {path: {y: float(v) for y, v in zip(scenario.years, np.concatenate([[0.0], per_year]))}})
    p = mtfp.run(answer)
    redundancies = float(p[f"redundancies_{group}"][0, 1:t + 1].sum())
    cost = float(p[f"redundancy_cost_{group}"][0, 1:t + 1].sum())
    by_attrition = total - redundancies
    details = {"group": group, "year": scenario.years[t], "reduction_fte": total, "by_attrition_fte": by_attrition,
               "redundancies_fte": redundancies, "redundancy_cost": cost,
               "reduction_by_year_fte": {y: float(v) for y, v in zip(scenario.years[1:], per_year)}}
    summary = (f"Removing {total:,.1f} FTE of {name} by {scenario.years[t]} ({total / t:,.1f} a year) balances "
               f"{scenario.years[t]}: not replacing leavers delivers {by_attrition:,.1f} FTE, {redundancies:,.1f} "
               f"redundancies remain (one-off cost {fmt_gbp_m(cost)}).")
    if group == scenario.workforce.officer_group and redundancies > 0.05:
        return Answer("posts", False, total, "FTE",
                      f"Not feasible: police officers cannot be made redundant, and attrition delivers only "
                      f"{by_attrition:,.1f} of the {total:,.1f} FTE needed. {summary}", answer, details)
    return Answer("posts", True, total, "FTE", summary, answer, details)


# --- break-even spending-review cut ---------------------------------------------------------------

def breakeven_cut(scenario: Scenario, year: str | int | None = None) -> Answer:
    """The deepest real-terms grant cut (%) with the general reserve at or above its minimum
    in every projected year up to `year` (default: the whole plan)."""
    t = year_index(scenario, year)
    review = scenario.funding.spending_review
    if review.profile in ("flat_cash", "explicit"):
        return Answer("cut", False, None, "%",
                      f"Not applicable: the spending review profile is {review.profile!r}, so the real-terms cut "
                      "does not drive grant; change the profile to even, front_loaded or back_loaded.")
    path = "funding.spending_review.real_terms_cut"
    run = _Evaluator(scenario, path)
    low, high = get_param(scenario, path).LOW, get_param(scenario, path).HIGH

    def headroom(cut: float) -> float:
        return _headroom(run(cut), t)

    by = scenario.years[t]
    if headroom(low) < 0:
        return Answer("cut", False, None, "%",
                      f"Not feasible: the general reserve falls below its minimum by {by} even with "
                      f"{-low:g}% real-terms growth in grant.")
    if headroom(high) >= 0:
        return Answer("cut", True, high, "%",
                      f"The general reserve stays at or above its minimum to {by} even with a {high:g}% cut.",
                      with_fields(scenario, {path: high}))
    cut = optimize.brentq(headroom, low, high, xtol=XTOL)
    answer = with_fields(scenario, {path: cut})
    if cut >= 0:
        message = (f"The force can absorb a real-terms cut of up to {cut:.2f}% in central grant over "
                   f"{review.over_years} years before the general reserve falls below its minimum by {by}.")
    else:
        message = (f"The force cannot absorb any real-terms cut: the general reserve stays at or above its "
                   f"minimum to {by} only if central grant grows by at least {-cut:.2f}% in real terms.")
    return Answer("cut", True, cut, "%", message, answer, {"year": by, "real_terms_cut_pct": cut})


SOLVERS = {"precept": precept, "savings": savings, "posts": posts, "cut": breakeven_cut}
