"""What differs between two scenarios, and how much of the gap difference each driver explains.

`diff_assumptions` lists every setting whose value differs. `attribute_gap_difference`
switches groups of assumptions (drivers) from scenario A to scenario B one at a time,
cumulatively, in a fixed order, re-running the model after each switch; a driver's effect is
the change in the year's gap that its switch causes. The effects telescope, so they sum to
gap(B) - gap(A) in that year (to rounding well below a penny). Order matters where drivers
interact (e.g. a pay award on a workforce that is also shrinking); the order is DRIVERS.
"""
from __future__ import annotations

import copy
from typing import Any

import pandas as pd
from pydantic import ValidationError

import mtfp
from mtfp.scenario import Param, Scenario
from mtfp.scenario.paths import flatten_settings, get_at, is_param_data, set_at
from mtfp.units import unit_label

STRUCTURE = "Other / structure"
ABSENT = "(absent)"

# Drivers in the order they are switched, each with the field paths it covers (a path
# matches a rule when it starts with the rule, or its last part equals a '*.' rule).
DRIVERS: list[tuple[str, list[str]]] = [
    ("Spending review", ["funding.spending_review", "gdp_deflator"]),
    ("Grants", ["funding.grants", "funding.specific_grants"]),
    ("Precept", ["precept"]),
    ("Other income", ["funding.other_income"]),
    ("Pay awards", ["*.salary", "*.pay_award_pct", "*.pay_award_gbp", "*.award_month", "*.drift"]),
    ("Pensions and NI", ["*.employer_pension_rate", "*.employer_ni_rate", "*.ni_threshold", "*.levy_applies",
                         "workforce.apprenticeship_levy_rate", "workforce.apprenticeship_levy_allowance"]),
    ("Workforce flows", ["*.fte", "*.attrition_rate", "*.recruitment", "*.replace_share", "*.target_fte",
                         "*.floor_fte", "*.planned_reduction_fte", "*.redundancy_cost", "workforce.officer_group"]),
    ("Non-pay inflation and growth", ["non_pay"]),
    ("Savings", ["savings"]),
    ("Reserves", ["reserves"]),
]

# Fields that describe a scenario but are not assumptions of the plan.
NOT_ASSUMPTIONS = {"name", "description", "changes", "schema_version"}


def driver_of(field: str) -> str:
    """The driver a dotted field path belongs to, e.g. 'workforce.groups.pcsos.drift' -> 'Pay awards'."""
    for driver, rules in DRIVERS:
        for rule in rules:
            if rule.startswith("*."):
                if field.startswith("workforce.groups.") and field.split(".")[3:4] == [rule[2:]]:
                    return driver
            elif field == rule or field.startswith(rule + "."):
                return driver
    return STRUCTURE


# --- flattening the scenario into settings ----------------------------------------------------

_is_param = is_param_data
_flatten = flatten_settings


def _set(data: dict, path: tuple, value: Any) -> bool:
    """Set a setting in a dumped scenario if its parent exists there; False otherwise."""
    if not isinstance(get_at(data, path[:-1], None), dict):
        return False
    set_at(data, path, copy.deepcopy(value))
    return True


def _shown(node: Any) -> Any:
    """A setting as a finance lead reads it: a number, a per-year list, or the setting itself."""
    if _is_param(node):
        value = node["value"]
        if isinstance(value, dict):
            return "; ".join(f"{y}: {'none' if v is None else f'{v:g}'}" for y, v in value.items())
        return value
    if isinstance(node, dict) and not node:
        return "(none)"
    if node is None:
        return "(not set)"
    return node


def _unit(scenario: Scenario, path: tuple) -> str:
    node = get_at(scenario, path, None)
    return unit_label(node.UNIT) if isinstance(node, Param) else ""


def diff_assumptions(a: Scenario, b: Scenario) -> pd.DataFrame:
    """Settings whose values differ: columns field, unit, a_value, b_value.

    Money in £m and rates in %, as in the files. A setting present in only one scenario
    (e.g. a workforce group only B has) is one row for the whole entry: its name on one side,
    '(absent)' on the other. A setting left out shows '(not set)'. Sources and
    notes are not compared: only what changes the numbers.
    """
    dump_a, dump_b = a.model_dump(mode="python"), b.model_dump(mode="python")
    flat_a, flat_b = _flatten(dump_a), _flatten(dump_b)
    rows, entries_done = [], set()
    for path in list(flat_a) + [p for p in flat_b if p not in flat_a]:
        if path[0] in NOT_ASSUMPTIONS:
            continue
        entry = _missing_entry(path, dump_a) or _missing_entry(path, dump_b)
        if entry is not None:
            # A whole entry (grant, group, line, item...) only one scenario has: one row for it.
            if entry not in entries_done:
                entries_done.add(entry)
                rows.append({"field": ".".join(map(str, entry)), "unit": "",
                             "a_value": _entry_shown(dump_a, entry), "b_value": _entry_shown(dump_b, entry)})
            continue
        va, vb = flat_a.get(path), flat_b.get(path)
        if (va == {} and path not in flat_b) or (vb == {} and path not in flat_a):
            continue  # an empty collection against entries: the entries have their own rows
        value_a = va["value"] if _is_param(va) else va
        value_b = vb["value"] if _is_param(vb) else vb
        if value_a == value_b:
            continue
        rows.append({"field": ".".join(map(str, path)), "unit": _unit(a, path) or _unit(b, path),
                     "a_value": _shown(va), "b_value": _shown(vb)})
    return pd.DataFrame(rows, columns=["field", "unit", "a_value", "b_value"])


def _missing_entry(path: tuple, dump: dict) -> tuple | None:
    """The shortest part of `path` that the dumped scenario does not have, or None."""
    node: Any = dump
    for i, part in enumerate(path):
        if not isinstance(node, dict):
            return None
        if part not in node:
            return path[: i + 1]
        node = node[part]
    return None


def _entry_shown(dump: dict, entry: tuple) -> str:
    node: Any = dump
    for part in entry:
        if not isinstance(node, dict) or part not in node:
            return ABSENT
        node = node[part]
    return node.get("name", "(present)") if isinstance(node, dict) else str(_shown(node))


# --- attribution -----------------------------------------------------------------------------

def _gap(scenario: Scenario, year: int | str) -> float:
    p = mtfp.run(scenario)
    if isinstance(year, str):
        if year not in p.years:
            raise ValueError(f"{year!r} is not a year of scenario {scenario.name!r} ({p.years[0]} to {p.years[-1]})")
        year = p.years.index(year)
    return float(p["funding_gap"][0, year % len(p.years)])


def attribute_gap_difference(a: Scenario, b: Scenario, year: int | str = -1) -> pd.DataFrame:
    """Effect of each driver on the funding gap in one year (a label like '2019/20', or an
    index into each scenario's years; -1 = final year), switching drivers from A to B
    cumulatively in DRIVERS order.

    Columns: driver, effect (pounds; positive = B's gap is larger). The rows sum to
    gap_B - gap_A. A switch that would make an inconsistent scenario (for instance B's
    per-year values on A's years, or a savings item naming a group only B has) is carried
    into the last step, 'Other / structure', which also covers added or removed lines,
    groups and items and any other difference.
    """
    data_b = b.model_dump(mode="python")
    flat_a = _flatten(a.model_dump(mode="python"))
    flat_b = _flatten(data_b)
    current = a.model_dump(mode="python")
    gap_before = _gap(a, year)
    rows = []
    for driver, _ in DRIVERS:
        paths = [p for p in flat_b if p in flat_a and p[0] not in NOT_ASSUMPTIONS
                 and driver_of(".".join(map(str, p))) == driver and flat_a[p] != flat_b[p]]
        effect = 0.0
        if paths:
            trial = copy.deepcopy(current)
            for path in paths:
                _set(trial, path, flat_b[path])
            try:
                switched = Scenario.model_validate(trial)
            except ValidationError:
                switched = None  # inconsistent on its own: left to the structure step
            if switched is not None:
                gap_after = _gap(switched, year)
                effect = gap_after - gap_before
                current, gap_before = trial, gap_after
        rows.append({"driver": driver, "effect": effect})
    gap_b = _gap(b, year)
    rows.append({"driver": STRUCTURE, "effect": gap_b - gap_before})
    return pd.DataFrame(rows, columns=["driver", "effect"])


def gap_difference_by_year(pa, pb) -> pd.DataFrame:
    """Funding gap of two projections by year (pounds): year, gap_a, gap_b, difference (B - A).
    Years only one scenario covers show NaN on the other side."""
    a = pd.DataFrame({"year": pa.years, "gap_a": pa["funding_gap"][0]})
    b = pd.DataFrame({"year": pb.years, "gap_b": pb["funding_gap"][0]})
    frame = a.merge(b, on="year", how="outer", sort=True)
    frame["difference"] = frame["gap_b"] - frame["gap_a"]
    return frame
