"""The one reader of a projection: the plan by year, tidy and wide tables, key figures, the
gap bridge and the assumptions list.

Charts, exports and the app read a projection through these functions (labels and units
come from the declared lines, mtfp.model.lines). Nothing is rounded here: rounding is for
display. pandas is imported by the functions that return a DataFrame, so `mtfp run`
(which needs none of them) starts without it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from mtfp.checks import failed_checks, master_check
from mtfp.scenario import Scenario, iter_params
from mtfp.scenario.national import basis_of
from mtfp.scenario.paths import get_at
from mtfp.units import unit_label

if TYPE_CHECKING:
    import pandas as pd

# Sections printed in the year-by-year table, in reading order.
MAIN_SECTIONS = ["spending", "spending_total", "savings", "savings_total", "income", "income_total",
                 "budget", "funding", "funding_total", "gap", "reserves", "workforce", "key"]

UNIT_LABELS = {"gbp": "£", "fte": "FTE", "headcount": "heads", "fraction": "ratio", "gbp_per_band_d": "£ per Band D",
               "gbp_per_fte": "£ per FTE", "band_d_equivalents": "Band D equivalents", "flag": "1 = yes",
               "posts": "headcount or FTE", "years": "years"}


def to_long(projection, scenario: str | None = None, lines: list[str] | None = None) -> pd.DataFrame:
    """Tidy table: one row per (scenario, draw, year, line) with its unit and value."""
    import pandas as pd

    keys = lines or list(projection.lines)
    size, years = projection.size, projection.years
    n_years = len(years)
    stacked = np.stack([projection[k] for k in keys], axis=0)  # (L, S, T)
    n_lines = len(keys)
    return pd.DataFrame({
        "scenario": scenario or scenario_title(projection.scenario),
        "draw": np.tile(np.repeat(np.arange(size), n_years), n_lines),
        "year": np.tile(np.array(years, dtype=object), n_lines * size),
        "line": np.repeat(np.array(keys, dtype=object), size * n_years),
        "unit": np.repeat(np.array([projection.lines[k].unit for k in keys], dtype=object), size * n_years),
        "value": stacked.reshape(-1),
    })


def line_table(projection, draw: int = 0, sections: list[str] | None = None) -> pd.DataFrame:
    """Year-by-year table of one draw: rows = lines (key, label, unit), columns = years."""
    import pandas as pd

    sections = sections or MAIN_SECTIONS
    rows = [line for s in sections for line in projection.lines.values() if line.section == s]
    data = np.array([line.values[draw] for line in rows]).reshape(len(rows), len(projection.years))
    frame = pd.DataFrame(data, columns=projection.years)
    frame.insert(0, "unit", [line.unit for line in rows])
    frame.insert(0, "label", [line.label for line in rows])
    frame.insert(0, "line", [line.key for line in rows])
    return frame


def wide(projection, draw: int = 0, lines: list[str] | None = None) -> pd.DataFrame:
    """One row per year, one snake_case column per line, full precision (pounds, FTE)."""
    import pandas as pd

    keys = lines or list(projection.lines)
    frame = pd.DataFrame({k: projection[k][draw] for k in keys})
    frame.insert(0, "year", projection.years)
    return frame


def key_figures(projection, draw: int = 0) -> dict:
    """Headline figures of one draw, full precision.

    final_year_recurring_gap is the structural gap a savings plan has to close (the headline;
    the gap %, officer posts and new recurring savings needed measure it too); final_year_gap
    and cumulative_gap are the gap after one-off items and reserve movements, which the general
    reserve meets."""
    gap = projection["funding_gap"][draw]
    final = len(projection.years) - 1
    return {
        "scenario": scenario_title(projection.scenario),
        "final_year": projection.years[final],
        "final_year_recurring_gap": float(projection["recurring_gap"][draw, final]),
        "final_year_new_recurring_savings": float(projection["incremental_recurring_gap"][draw, final]),
        "final_year_gap": float(gap[final]),
        "cumulative_gap": float(projection["cumulative_gap"][draw, final]),
        "gap_pct_of_net_budget": float(projection["gap_pct_of_net_budget"][draw, final]),
        "officer_post_equivalent": float(projection["officer_post_equivalent"][draw, final]),
        "net_revenue_expenditure": float(projection["net_revenue_expenditure"][draw, final]),
        "budget_requirement": float(projection["budget_requirement"][draw, final]),
        "general_reserve_closing": float(projection["general_reserve_closing"][draw, final]),
        "minimum_breached": projection.event_year("minimum_breached", draw),
        "reserves_run_out": projection.event_year("reserves_run_out", draw),
        "precept_capped_years": [y for y, c in zip(projection.years, projection["precept_capped"][draw]) if c > 0],
        "master_check": master_check(projection.checks),
        "failed_checks": failed_checks(projection.checks),
        "grant_conditions": grant_condition_sentences(projection, draw),  # one per conditional grant and year tested
    }


def gap_by_year(projections: dict[str, object], draw: int = 0) -> pd.DataFrame:
    """Funding gap by year side by side for several scenarios: rows = years, columns = scenarios."""
    import pandas as pd

    first = next(iter(projections.values()))
    frame = pd.DataFrame({name: p["funding_gap"][draw] for name, p in projections.items()})
    frame.insert(0, "year", first.years)
    return frame


# --- the scenario's title and whether it was edited in mtfp ----------------------------------------

# An edit in mtfp keeps the published source in the new source's document after this prefix
# (mtfp.ui.editing.edited_source writes it; it is kept once through later edits).
EDITED_DOCUMENT = "the scenario's change log; before the edits: "
EDITED_SUFFIX = " (edited)"


def is_edited(param) -> bool:
    """True for an assumption edited in mtfp: its source says when and what it was."""
    document = getattr(param.source, "document", None) or ""
    return document.startswith(EDITED_DOCUMENT)


def edited_in_mtfp(scenario: Scenario) -> bool:
    """True when the scenario was changed in mtfp: its change log has an entry, or an input
    carries the edited provenance (a file saved from the app keeps both)."""
    return bool(scenario.changes) or any(is_edited(p) for _, p in iter_params(scenario))


def scenario_title(scenario) -> str:
    """The scenario's name as every chart, export and report shows it: 'Northshire 2026/27', or
    'Northshire 2026/27 (edited)' once it has been changed in mtfp (edited_in_mtfp), so a figure
    made from an edited plan is never mistaken for the published one. Takes a Scenario or a
    projection (its scenario)."""
    scenario = getattr(scenario, "scenario", scenario)
    name = scenario.name
    if edited_in_mtfp(scenario) and not name.endswith(EDITED_SUFFIX):
        return name + EDITED_SUFFIX
    return name


def source_text(source) -> tuple[str, str]:
    """(title, url-or-document) of a source; ('illustrative', '') for illustrative values."""
    if isinstance(source, str):  # 'illustrative' or 'estimate'
        return source, ""
    return source.title, source.url or source.document or ""


def assumptions_table(scenario: Scenario) -> pd.DataFrame:
    """Every input: field path, value (file units), unit, source, whether illustrative, and its
    basis (national default, the force's own figure, or an estimate awaiting it)."""
    import pandas as pd

    rows = []
    for path, p in iter_params(scenario):
        title, link = source_text(p.source)
        value = p.value if not isinstance(p.value, dict) else "; ".join(
            f"{y}: {'none' if v is None else f'{v:g}'}" for y, v in p.value.items())
        rows.append({"field": path, "value": value, "unit": unit_label(p.UNIT), "source": title,
                     "link": link, "illustrative": p.source == "illustrative", "note": p.note or "",
                     "basis": basis_of(p)})
    return pd.DataFrame(rows)


# --- the assumptions register: every input as a finance lead reads it ----------------------------

# The block an assumption belongs to (the first part of its path), as the register's Section.
REGISTER_SECTIONS = {"gdp_deflator": "Economy", "funding": "Funding", "precept": "Council tax",
                     "workforce": "Workforce and pay", "non_pay": "Non-pay", "savings": "Savings",
                     "reserves": "Reserves", "capital": "Capital"}
# Blocks inside a section that are not named entries: their label leads the field's.
REGISTER_BLOCKS = {"spending_review": "Spending review", "other_income": "Other income"}
# A field's label, first in its collection ('items' = savings items), then on its own. A field
# not listed reads as its name with spaces ('joint_cost_base' -> 'joint cost base').
REGISTER_FIELDS = {
    ("items", "amount"): "full-year saving", ("items", "fte"): "posts removed (FTE)",
    ("groups", "fte"): "FTE, base year", ("growth_items", "amount"): "cost",
    ("earmarked", "opening"): "opening balance",
    "base": "base year", "cash_change": "cash change a year", "real_terms_cut": "real-terms cut",
    "explicit_cash_change": "cash change a year (explicit profile)", "growth": "growth a year",
    "gdp_deflator": "GDP deflator", "tax_base": "Tax base", "tax_base_growth": "Tax base growth a year",
    "band_d": "Band D, base year", "band_d_rise_pct": "Band D rise (%)", "band_d_rise_gbp": "Band D rise (£)",
    "referendum_limit_pct": "Referendum limit (%)", "referendum_limit_gbp": "Referendum limit (£)",
    "collection_fund": "Collection fund surplus or deficit", "apprenticeship_levy_rate": "Apprenticeship levy rate",
    "apprenticeship_levy_allowance": "Apprenticeship levy allowance", "salary": "average salary",
    "attrition_rate": "leavers a year (attrition)", "replace_share": "share of leavers replaced",
    "target_fte": "target FTE", "floor_fte": "minimum FTE", "planned_reduction_fte": "planned reduction (FTE)",
    "redundancy_cost": "redundancy cost", "pay_award_pct": "pay award", "pay_award_gbp": "pay award (£)",
    "drift": "pay drift", "employer_pension_rate": "employer pension contribution",
    "employer_ni_rate": "employer National Insurance", "ni_threshold": "National Insurance threshold",
    "inflation": "inflation a year", "capital_financing": "Capital financing", "target_pct": "Savings target",
    "confidence": "delivery confidence", "one_off_cost": "one-off cost", "joint_cost_base": "joint cost base",
    "saving_pct": "saving", "force_share": "our share", "implementation_cost": "implementation cost",
    "realised_benefit": "realised benefit", "minutes_per_day": "minutes saved per officer per day",
    "productive_minutes_per_day": "productive minutes per officer per day",
    "general_opening": "General reserve, opening balance",
    "minimum_pct": "Minimum general reserve (% of net budget)",
    "general_contributions": "Contributions to the general reserve", "planned_use": "planned use",
    "contributions": "contributions",
    ("condition", "target"): "grant condition target", "spend": "capital spend",
    "capital_receipts": "Capital receipts used", "revenue_contributions": "Revenue contributions to capital",
    "capital_grant": "Capital grant", ("capital", "interest_rate"): "Interest rate on new borrowing",
    ("reserves", "interest_rate"): "Interest earned on reserves",
    "opening_cfr": "Capital financing requirement (CFR), opening", "existing_mrp": "MRP on the opening CFR a year",
    "existing_debt": "External debt, opening", "existing_interest": "Interest on existing debt a year",
    "existing_debt_repaid": "Existing debt repaid", ("earmarked_reserves", "amount"): "drawn for capital",
    "probability": "chance in a year", "impact_low": "impact (low)", "impact_most_likely": "impact (most likely)",
    "impact_high": "impact (high)",
}
REGISTER_COLUMNS = ["Section", "Assumption", "Value", "Basis", "Source", "Link", "Note"]
REGISTER_LAST = ["Unit", "Value in the file", "Field"]  # for audit: the file's own figure and path
BASIS_LABELS = {"national": "national default", "force": "force figure", "estimate": "estimate"}


def _readable(text: str) -> str:
    return text.replace("_", " ")


def assumption_label(scenario: Scenario, path: str) -> str:
    """A finance lead's name for an assumption, from the schema's structure and the entries'
    own names: 'funding.grants.police_grant.base' -> 'Police grant, base year';
    'funding.spending_review.real_terms_cut' -> 'Spending review, real-terms cut';
    'precept.tax_base' -> 'Tax base'."""
    from mtfp.scenario.paths import owner_name

    parts = path.split(".")
    field = parts[-1]
    collection = parts[-3] if len(parts) >= 3 else None
    parent = parts[-2] if len(parts) >= 2 else None
    label = (REGISTER_FIELDS.get((collection, field)) or REGISTER_FIELDS.get((parent, field))
             or REGISTER_FIELDS.get((parts[0], field)) or REGISTER_FIELDS.get(field) or _readable(field))
    owner = owner_name(scenario, path)
    if owner is None and len(parts) >= 3 and isinstance(get_at(scenario, ".".join(parts[:-2]), None), dict):
        owner = _readable(parts[-2]).capitalize()  # an entry without a name: its key, in words
    lead = owner or (REGISTER_BLOCKS.get(parent) if parent else None)
    if lead:
        return f"{lead}, {label}"
    return label[:1].upper() + label[1:]


def basis_text(param) -> str:
    """'edited in mtfp on 1 Dec 2026', 'estimate', 'illustrative', 'national default' or 'force figure'."""
    if is_edited(param):
        title = param.source.title
        when = title.removeprefix("Edited in mtfp on ").split(",")[0]
        return f"edited in mtfp on {when.rsplit(' ', 1)[0] if ':' in when else when}"
    basis = basis_of(param)
    if basis == "estimate" or param.source == "estimate":
        return "estimate"
    if param.source == "illustrative":
        return "illustrative"
    return BASIS_LABELS[basis]


def _by_year_text(shown: list[str], years: list[str], applied, unit: str, kind: str = "level") -> str:
    """A value given by year in a few words. A level carries forward: '1.0%' when it never
    changes; '10.4% in 2015/16, 11.9% from 2016/17, 13.8% from 2017/18' for up to three steps.
    An in-year amount counts in the years named only: '£1.5m in 2026/27 and 2027/28'. Beyond
    three steps, its range: 'by year, 1.95% to 2.94%'."""
    from mtfp.units import fmt_value

    if kind == "in_year":
        named = [(v, y) for v, y, a in zip(shown, years, applied) if a]
        if not named:
            return shown[0]
        if len({v for v, _ in named}) == 1 and len(named) <= 3:
            return f"{named[0][0]} in {' and '.join(y for _, y in named)}"
    steps = [(v, y) for i, (v, y) in enumerate(zip(shown, years)) if i == 0 or v != shown[i - 1]]
    if len(steps) == 1:
        return shown[0]
    if len(steps) <= 3 and kind != "in_year":
        return ", ".join(f"{v} {'in' if i == 0 else 'from'} {y}" for i, (v, y) in enumerate(steps))
    finite = [float(a) for a in applied if not math.isnan(a)]
    return f"by year, {fmt_value(min(finite), unit)} to {fmt_value(max(finite), unit)}" if finite else shown[0]


def _file_text(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{y}: {'none' if v is None else f'{v:g}'}" for y, v in value.items())
    return f"{value:g}"


def assumptions_register(scenario: Scenario) -> pd.DataFrame:
    """The assumptions register, one row per input, every cell text (no formulas):
    Section, Assumption (assumption_label), Value (units.fmt_value: '£101.6m', '24.2%',
    '308,500 Band D equivalents'; for a value given by year, its range), Basis (basis_text),
    Source (the title; '' for an illustrative value or an estimate), Link (the url, else the
    document), Note, then one column per year of the plan with the value that applies that year
    (Param.year_values; only for values given by year), and for audit the Unit, the value as the
    file has it and the field path."""
    import pandas as pd

    from mtfp.units import fmt_value

    years = scenario.years
    rows = []
    for path, p in iter_params(scenario):
        by_year = isinstance(p.value, dict)
        row = {"Section": REGISTER_SECTIONS.get(path.split(".")[0], _readable(path.split(".")[0]).capitalize()),
               "Assumption": assumption_label(scenario, path)}
        if by_year:
            applied = p.year_values(years)
            shown = [fmt_value(None if math.isnan(v) else v, p.UNIT) for v in applied]
            row["Value"] = _by_year_text(shown, years, applied, p.UNIT, getattr(p, "KIND", "level"))
        else:
            row["Value"] = fmt_value(p.value, p.UNIT)
            shown = [""] * len(years)
        title, link = source_text(p.source)
        row.update({"Basis": basis_text(p), "Source": "" if p.source in ("illustrative", "estimate") else title,
                    "Link": link, "Note": p.note or ""})
        row.update(dict(zip(years, shown)))
        row.update({"Unit": unit_label(p.UNIT), "Value in the file": _file_text(p.value), "Field": path})
        rows.append(row)
    return pd.DataFrame(rows, columns=[*REGISTER_COLUMNS, *years, *REGISTER_LAST])


# What the register's filter offers: an edited row's basis starts 'edited in mtfp' (then its date).
BASIS_KINDS = ["national default", "force figure", "edited in mtfp", "illustrative", "estimate"]


def filter_register(register: pd.DataFrame, sections: list[str] | None = None, bases: list[str] | None = None,
                    text: str = "") -> pd.DataFrame:
    """The register's rows in any of `sections` and any of `bases` (BASIS_KINDS; none given =
    all) whose assumption, value, source, note or field contains `text` (any case)."""
    keep = register["Section"].isin(sections) if sections else register["Section"].notna()
    if bases:
        keep &= register["Basis"].map(lambda b: any(b.startswith(kind) for kind in bases))
    words = str(text).strip().lower()
    if words:
        haystack = register[["Assumption", "Value", "Source", "Note", "Field"]].agg(" ".join, axis=1).str.lower()
        keep &= haystack.str.contains(words, regex=False)
    return register[keep]


def gap_bridge(projection, draw: int = 0, year: int = -1) -> pd.DataFrame:
    """Steps from the base-year gap to a year's gap (pounds), summing exactly to it.

    Rows: base-year gap, pay growth, non-pay growth, grant change (general and specific
    grants; a fall is a positive step: it widens the gap), precept change (with the collection
    fund), other income change, savings, one-off costs, reserve movements (contributions to
    reserves less use of earmarked reserves), then (when the scenario has any) ring-fenced
    grants and their ring-fenced spending, shown apart from the rest because they net to nil,
    then the year's gap (after one-offs and reserves).
    """
    import pandas as pd

    p, t = projection, year % len(projection.years)

    def change(keys, sign=1.0):
        return sign * float(sum(p[k][draw, t] - p[k][draw, 0] for k in keys))

    ring_spending = [k for k in p.children("total_spending") if p.lines[k].spec.key == "ring_fenced_spending_{specific_grant}"]
    ring_income = [f"specific_grant_{key}" for key in ring_fenced_grants(p)]
    spending = [k for k in p.children("total_spending") if k not in ring_spending]
    pay_keys = [k for k in spending if p.lines[k].spec.key in ("pay_{group}", "overtime_{group}", "apprenticeship_levy")]
    grant_keys = [k for k in p.children("total_funding") + p.children("specific_grants_and_income")
                  if p.lines[k].spec.key in ("grant_{grant}", "specific_grant_{specific_grant}") and k not in ring_income]
    steps = [
        ("Base-year gap", float(p["funding_gap"][draw, 0]), "absolute"),
        ("Pay", change(pay_keys), "relative"),
        ("Non-pay", change([k for k in spending if k not in pay_keys]), "relative"),
        ("Grant change", change(grant_keys, -1.0), "relative"),
        ("Precept", change(["precept", "collection_fund"], -1.0), "relative"),
        ("Other income", change(["other_income"], -1.0), "relative"),
        ("Savings", change(["savings_delivered"], -1.0), "relative"),
        ("One-off costs", change(["one_off_costs"]), "relative"),
        ("Reserve movements", change(["contributions_to_reserves"]) - change(["use_of_earmarked_reserves"]),
         "relative"),
    ]
    if ring_income:  # shown apart from the rest: they net to nil on the gap
        steps += [("Ring-fenced grants", change(ring_income, -1.0), "relative"),
                  ("Ring-fenced spending", change(ring_spending), "relative")]
    steps.append((f"Gap {p.years[t]}", float(p["funding_gap"][draw, t]), "total"))
    return pd.DataFrame(steps, columns=["step", "value", "measure"])


# --- warnings: what the plan asks for that it cannot deliver as asked ------------------------------

def _fte_text(fte: float) -> str:
    return f"{fte:,.0f}" if abs(fte) >= 10 else f"{fte:,.1f}"


def _reduction_deferred(p, warning, draw: int) -> list[str]:
    """One sentence per year in which attrition could not deliver a group's reduction."""
    deferred = p[warning.line][draw]
    group = warning.line.removeprefix("reduction_deferred_")
    required = p[f"reduction_required_{group}"][draw] if f"reduction_required_{group}" in p.lines else None
    out = []
    for t in range(1, len(p.years)):
        if not deferred[t] >= WARNING_FTE:
            continue
        asked = "" if required is None else f"a reduction of {_fte_text(required[t])} FTE in {p.years[t]}"
        achieved = "" if required is None else f"{_fte_text(required[t] - deferred[t])} achieved, "
        carried_in = f" ({_fte_text(deferred[t - 1])} of it carried forward)" if deferred[t - 1] >= WARNING_FTE else ""
        where = f"carried forward to {p.years[t + 1]}" if t + 1 < len(p.years) else "still to go at the end of the plan"
        out.append(f"{warning.name}: {asked or 'a reduction in ' + p.years[t]}{carried_in} cannot be met by attrition "
                   f"(this group cannot be made redundant): {achieved}{_fte_text(deferred[t])} {where}")
    return out


WARNING_FTE = 0.05  # FTE: smaller shortfalls are float noise, not a warning
WARNING_TEXT = {"reduction_deferred": _reduction_deferred}  # PlanWarning.kind -> its sentences


def warnings(p, draw: int = 0) -> list[str]:
    """The plan's warnings for one draw, as sentences a finance lead reads (e.g. "Police
    officers: a reduction of 300 FTE in 2027/28 cannot be met by attrition (this group cannot
    be made redundant): 126 achieved, 174 carried forward to 2028/29"), in the order the
    projection raised them. A warning whose line was not kept (an ensemble keeping a few
    lines) is left out."""
    return [text for w in p.warnings if w.line in p.lines for text in WARNING_TEXT[w.kind](p, w, draw)]


# --- the plan by year ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanRow:
    """One row of the plan by year: a result line of one draw, in internal units."""

    key: str
    label: str
    unit: str
    values: np.ndarray  # (T,)
    total: bool  # a total a finance reader looks for first (shown in bold)


# The plan by year reads as a Police and Crime Panel report's budget summary: spending, net
# revenue expenditure, reserve movements, the budget requirement and the funding that meets it,
# then the gap (recurring first, one-off items and reserve movements below it).
PLAN_BUDGET = ("savings_delivered", "one_off_costs")
PLAN_REQUIREMENT = ("net_revenue_expenditure", "contributions_to_reserves", "use_of_earmarked_reserves",
                    "budget_requirement")
PLAN_GAP = ("recurring_gap", "incremental_recurring_gap", "one_off_items", "reserve_movements", "funding_gap",
            "cumulative_gap")
PLAN_RESERVES = ("general_reserve_closing", "minimum_general_reserve", "earmarked_reserves_closing",
                 "total_reserves_closing")
PLAN_TOTALS = {"total_funding", "total_spending", "savings_delivered", "one_off_costs", "specific_grants_and_income",
               "net_revenue_expenditure", "budget_requirement", "recurring_gap", "funding_gap", "total_reserves_closing"}


# The precept behind the council-tax line: what a Panel report's precept proposal states.
PLAN_PRECEPT = ["tax_base", "band_d", "band_d_rise", "band_d_rise_pct", "precept_capped"]


def plan_lines(p) -> list[str]:
    """Keys of the plan by year (the MTFP summary a finance lead prints): every spending line
    and total spending, savings delivered, one-off costs, specific grants and other income, net
    revenue expenditure, contributions to and use of reserves, the budget requirement; the funding
    that meets it (general grants, the council-tax requirement, the collection fund) and the
    precept behind it (tax base, Band D, its £ and % rise, whether it was capped at the
    referendum limit); the recurring gap and the new recurring savings it needs, one-off items,
    reserve movements, the gap after them and its running total; reserves, FTE by group and the
    recurring gap in officer posts."""
    keys = p.children("total_spending") + ["total_spending", *PLAN_BUDGET]
    keys += p.children("specific_grants_and_income") + ["specific_grants_and_income", *PLAN_REQUIREMENT]
    keys += p.children("total_funding") + ["total_funding"] + PLAN_PRECEPT
    keys += [*PLAN_GAP, *PLAN_RESERVES]
    keys += p.keys("workforce") + ["officer_post_equivalent"]
    return [k for k in dict.fromkeys(keys) if k in p.lines]


def plan_by_year(p, draw: int = 0) -> list[PlanRow]:
    """The plan by year of one draw: one PlanRow per line of `plan_lines`, full precision."""
    return [PlanRow(k, p.lines[k].label, p.lines[k].unit, p[k][draw], k in PLAN_TOTALS) for k in plan_lines(p)]


def plan_by_year_frame(p, draw: int = 0) -> pd.DataFrame:
    """The plan by year as a table: columns line, label, unit, then one per year (pounds, FTE)."""
    import pandas as pd

    rows = plan_by_year(p, draw)
    frame = pd.DataFrame([row.values for row in rows], columns=p.years)
    frame.insert(0, "unit", [row.unit for row in rows])
    frame.insert(0, "label", [row.label for row in rows])
    frame.insert(0, "line", [row.key for row in rows])
    return frame


# --- single lines and groups of lines, as charts read them ----------------------------------------

def series(p, key: str, draw: int = 0) -> np.ndarray:
    """One line of one draw by year (T,), in the line's unit (pounds, FTE, fraction)."""
    return p.lines[key].values[draw]


# Funding sources as a chart groups them: the declared funding lines each source takes.
FUNDING_SOURCES = {
    "Government grants": ("grant_{grant}", "specific_grant_{specific_grant}"),
    "Council-tax precept": ("precept", "collection_fund"),
    "Other income": ("other_income",),
}


def funding_by_source(p, draw: int = 0) -> dict[str, np.ndarray]:
    """Funding by source (pounds by year), from the lines declared under total funding and
    under specific grants and other income; a source with no line is left out. The sources
    add up to total funding + specific grants and other income (all the income of the year)."""
    out = {}
    children = p.children("total_funding") + p.children("specific_grants_and_income")
    for source, specs in FUNDING_SOURCES.items():
        keys = [k for k in children if p.lines[k].spec.key in specs]
        if keys:
            out[source] = sum(series(p, k, draw) for k in keys)
    return out


# --- ring-fenced and conditional grants ------------------------------------------------------------

def ring_fenced_grants(p) -> list[str]:
    """Keys of the specific grants ring-fenced to a spending line (their spending nets them to nil)."""
    return [key for key, grant in p.scenario.funding.specific_grants.items() if grant.ring_fenced_to is not None]


@dataclass(frozen=True)
class GrantConditionRow:
    """One conditional grant in one year tested: the workforce against the target and what is paid."""

    key: str
    name: str
    year: str
    measure: str  # headcount or fte
    tested: float  # headcount or FTE at 31 March
    target: float
    achieved: float  # fraction of the target (0.95 = 95%)
    paid_share: float  # fraction of the grant paid
    paid: float  # pounds
    withheld: float  # pounds
    sentence: str  # "condition met (1,000 of 1,000 headcount, 100% of target): paid in full" / "95% of target (...): 90% paid, £0.4m withheld"


def grant_condition_rows(p, draw: int = 0) -> list[GrantConditionRow]:
    """Every conditional grant in every year it is tested (from its `tested_from`), one row each."""
    from mtfp.units import fmt_gbp_m

    rows = []
    for key, grant in p.scenario.funding.specific_grants.items():
        c = grant.condition
        if c is None:
            continue
        for t in range(p.years.index(c.tested_from), len(p.years)):
            achieved = float(p[f"grant_target_share_{key}"][draw, t])
            share = float(p[f"grant_paid_share_{key}"][draw, t])
            withheld = float(p[f"grant_withheld_{key}"][draw, t])
            tested, target = float(p[f"grant_tested_{key}"][draw, t]), float(p[f"grant_target_{key}"][draw, t])
            counts = f"{tested:,.0f} of {target:,.0f} {c.measure}"
            shown = f"{np.floor(achieved * 1000) / 10:g}% of target"  # 99.99% reads 99.9%, never 100%
            if share >= 1.0:
                sentence = f"condition met ({counts}, {shown}): paid in full"
            elif share <= 0.0:
                sentence = f"{shown} ({counts}): nothing paid, {fmt_gbp_m(withheld)} withheld"
            else:
                sentence = f"{shown} ({counts}): {share * 100:g}% paid, {fmt_gbp_m(withheld)} withheld"
            rows.append(GrantConditionRow(
                key, grant.name, p.years[t], c.measure, tested, target, achieved, share,
                float(p[f"specific_grant_{key}"][draw, t]), withheld, sentence))
    return rows


def grant_condition_sentences(p, draw: int = 0) -> list[str]:
    """One sentence per conditional grant and year tested, e.g. "Neighbourhood Policing Grant
    2026/27: 96% of target (1,152 of 1,200 headcount): 90% paid, £0.4m withheld" or "...: condition
    met (1,200 of 1,200 headcount, 100% of target): paid in full"."""
    return [f"{r.name} {r.year}: {r.sentence}" for r in grant_condition_rows(p, draw)]


# --- the precept by billing authority ---------------------------------------------------------------

def band_d_by_authority(p, draw: int = 0) -> pd.DataFrame:
    """The precept by billing authority, as a precept notice lists it: one row per authority
    and year (tax base in Band D equivalents, Band D £, precept £ = tax base x Band D rounded to
    the penny, collection fund £), then a Total row per year (the force's tax base and its
    council-tax requirement = the sum of the authorities' precepts). Empty without authorities."""
    import pandas as pd

    columns = ["authority", "name", "year", "tax_base", "band_d", "precept", "collection_fund"]
    rows = []
    authorities = p.scenario.precept.billing_authorities
    for t, year in enumerate(p.years if authorities else []):
        band_d = float(p["band_d"][draw, t])
        for key, authority in authorities.items():
            rows.append([key, authority.name, year, float(p[f"authority_tax_base_{key}"][draw, t]), band_d,
                         float(p[f"authority_precept_{key}"][draw, t]),
                         float(p[f"authority_collection_fund_{key}"][draw, t])])
        rows.append(["total", "Total", year, float(p["tax_base"][draw, t]), band_d, float(p["precept"][draw, t]),
                     float(p["collection_fund"][draw, t])])
    return pd.DataFrame(rows, columns=columns)
# --- capital programme and financing (issue 12) ---------------------------------------------------

CAPITAL_FUNDING_LINES = ("capital_funded_grant", "capital_funded_receipts", "capital_funded_revenue",
                         "capital_funded_reserves", "capital_funded_borrowing")
CFR_LINES = ("cfr_opening", "capital_funded_borrowing", "mrp", "cfr_closing", "external_debt", "internal_borrowing",
             "mrp_existing", "mrp_new", "interest_existing", "interest_new", "capital_interest",
             "capital_financing_costs", "capital_funded_revenue", "capital_financing", "net_revenue_stream",
             "financing_costs_pct_of_net_revenue_stream")


def has_capital_programme(p) -> bool:
    """True when the scenario gives a capital programme (the capital tables have rows)."""
    return "capital_spend" in p.lines


def _line_rows(p, keys, draw: int, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Rows line, label, unit, then one column per year (full precision) for the keys made."""
    import pandas as pd

    keys = [k for k in keys if k in p.lines]
    labels = labels or {}
    frame = pd.DataFrame([p[k][draw] for k in keys], columns=p.years)
    frame.insert(0, "unit", [p.lines[k].unit for k in keys])
    frame.insert(0, "label", [labels.get(k, p.lines[k].label) for k in keys])
    frame.insert(0, "line", keys)
    return frame


def capital_programme_table(p, draw: int = 0) -> pd.DataFrame:
    """The capital programme and its funding by year (pounds): each scheme (with its category),
    the total programme, each funding source (prudential borrowing is the balance) and total
    funding, which equals the programme. Empty when the scenario has no programme."""
    if not has_capital_programme(p):
        return _line_rows(p, [], draw)
    schemes = p.scenario.capital.schemes
    scheme_keys = [f"capital_spend_{k}" for k in schemes]
    funding = []
    for key in CAPITAL_FUNDING_LINES:  # each reserve drawn shown under the reserves line
        funding += [key, *p.children(key)] if key == "capital_funded_reserves" else [key]
    keys = scheme_keys + ["capital_spend", *funding, "capital_funding"]
    frame = _line_rows(p, keys, draw)
    categories = {f"capital_spend_{k}": s.category for k, s in schemes.items()}
    frame.insert(2, "category", [categories.get(k, "") for k in frame["line"]])
    return frame


def cfr_table(p, draw: int = 0) -> pd.DataFrame:
    """The capital financing requirement corkscrew (opening + borrowing - MRP = closing), external
    debt and internal borrowing, the revenue consequences (MRP, interest, revenue contributions =
    the budget's capital financing line) and the prudential indicator (financing costs as a
    fraction of the net revenue stream). Pounds, fraction for the indicator; empty without a programme."""
    if not has_capital_programme(p):
        return _line_rows(p, [], draw)
    return _line_rows(p, CFR_LINES, draw, labels={"capital_funded_borrowing": "Add: prudential borrowing",
                                                  "mrp": "Less: Minimum Revenue Provision"})


def capital_key_figures(p, draw: int = 0) -> dict:
    """Capital headline figures of one draw (pounds; the indicator a fraction): programme and
    borrowing over the projected years, CFR at the end of the plan, and the prudential
    indicator in the budget year and the final year. Empty without a programme."""
    if not has_capital_programme(p):
        return {}
    final = len(p.years) - 1
    return {
        "capital_programme_total": float(p["capital_spend"][draw, 1:].sum()),
        "borrowing_total": float(p["capital_funded_borrowing"][draw, 1:].sum()),
        "cfr_closing_final": float(p["cfr_closing"][draw, final]),
        "external_debt_final": float(p["external_debt"][draw, final]),
        "financing_costs_pct_budget_year": float(p["financing_costs_pct_of_net_revenue_stream"][draw, 1]),
        "financing_costs_pct_final_year": float(p["financing_costs_pct_of_net_revenue_stream"][draw, final]),
    }


# --- reserves strategy and resilience (issue 12) ------------------------------------------------

RESERVE_CATEGORIES = {  # the Home Office reserves-strategy categories, as a Panel report names them
    "planned_use": "Earmarked for planned spending in this MTFP",
    "future_projects": "Earmarked for specific projects beyond the MTFP",
    "general_contingency": "General contingency (e.g. insurance)",
    None: "Not categorised",
}


def reserves_strategy_table(p, draw: int = 0) -> pd.DataFrame:
    """Every usable reserve's closing balance by year (pounds): the general reserve, each
    earmarked reserve with its Home Office category and purpose, total usable reserves, and the
    general reserve's minimum. Columns: line, reserve, category, purpose, unit, then one per year."""
    import pandas as pd

    reserves = p.scenario.reserves
    rows = [("general_reserve_closing", "General reserve", "General reserve (unearmarked)", "")]
    rows += [(f"earmarked_closing_{k}", r.name, RESERVE_CATEGORIES[r.category], r.purpose or "")
             for k, r in reserves.earmarked.items()]
    rows += [("total_reserves_closing", "Total usable reserves", "", ""),
             ("minimum_general_reserve", "Minimum general reserve", "", "")]
    frame = pd.DataFrame([p[key][draw] for key, *_ in rows], columns=p.years)
    for i, name in enumerate(("line", "reserve", "category", "purpose")):
        frame.insert(i, name, [row[i] for row in rows])
    frame.insert(4, "unit", "gbp")
    return frame


def reserves_movements_table(p, draw: int = 0) -> pd.DataFrame:
    """Each reserve's corkscrew by year (pounds): opening, planned use, used for capital, used for
    the gap, contributions, interest, closing; the general reserve first. Columns: line, label,
    unit, then one per year (the lines made for this scenario)."""
    keys = ["general_reserve_opening", "gap_funded_from_reserves", "general_contributions", "general_interest",
            "general_reserve_closing"]
    for k in p.scenario.reserves.earmarked:
        keys += [f"earmarked_opening_{k}", f"earmarked_used_{k}", f"earmarked_capital_use_{k}",
                 f"earmarked_gap_funding_{k}", f"earmarked_contributions_{k}", f"earmarked_interest_{k}",
                 f"earmarked_closing_{k}"]
    keys += ["gap_unfunded", "total_reserves_closing"]
    return _line_rows(p, keys, draw)


def resilience_figures(p, draw: int = 0) -> dict:
    """Reserves resilience of one draw (pounds; fractions; years): usable reserves at the end of
    the base year and of the plan, as a share of net revenue expenditure by year, the years they
    would last at each year's draw (None where they do not fall), the general reserve against
    its minimum in the budget year, and the years the minimum is breached and reserves run out."""
    final = len(p.years) - 1

    def by_year(key):
        return {y: (None if np.isnan(x) else float(x)) for y, x in zip(p.years, p[key][draw])}

    return {
        "usable_reserves_base_year": float(p["total_reserves_closing"][draw, 0]),
        "usable_reserves_final_year": float(p["total_reserves_closing"][draw, final]),
        "reserves_pct_of_net_revenue_expenditure": by_year("reserves_pct_of_net_revenue_expenditure"),
        "reserves_years_cover": by_year("reserves_years_cover"),
        "general_reserve_budget_year": float(p["general_reserve_closing"][draw, 1]),
        "minimum_general_reserve_budget_year": float(p["minimum_general_reserve"][draw, 1]),
        "gap_unfunded_total": float(p["gap_unfunded"][draw, 1:].sum()) if "gap_unfunded" in p else 0.0,
        "minimum_breached": p.event_year("minimum_breached", draw),
        "general_reserve_runs_out": p.event_year("reserves_run_out", draw),
        "usable_reserves_run_out": p.event_year("usable_reserves_run_out", draw),
    }


# --- risk register and the risk-based general reserve (issue 12) -----------------------------------

def has_risk_register(p) -> bool:
    """True when the scenario holds a risk register."""
    return p.scenario.risk_register is not None


def risk_simulation(p):
    """The scenario's risk register simulated (mtfp.analysis.risk_register.RiskReserve), seeded,
    run once per compiled scenario and shared; None without a register."""
    register = p.scenario.risk_register
    if register is None:
        return None
    from mtfp.analysis.risk_register import simulate_register

    return p.inputs.derived("risk_register", lambda: simulate_register(register))


def risk_based_reserve(p, draw: int = 0) -> dict:
    """The general reserve the risk register needs, beside the reserve held and the minimum
    (pounds; confidence a fraction): at the end of the base year (the reserve the budget year
    opens with) and the minimum in the budget year; the shortfall (positive = the reserve held
    is below the risk-based need). Empty without a register."""
    sim = risk_simulation(p)
    if sim is None:
        return {}
    held = float(p["general_reserve_closing"][draw, 0])
    return {
        "confidence": sim.confidence, "draws": sim.draws, "seed": sim.seed,
        "risk_based_reserve": sim.needed, "mean_annual_loss": sim.mean_loss,
        "general_reserve_held": held, "budget_year": p.years[1],
        "minimum_general_reserve": float(p["minimum_general_reserve"][draw, 1]),
        "minimum_pct": float(p.inputs.get("reserves.minimum_pct")[0, 1]),
        "shortfall": sim.needed - held,
    }


def risk_register_table(p) -> pd.DataFrame:
    """The risk register with each risk's simulated expected loss and contribution to the
    risk-based reserve, largest contribution first (pounds; probability a fraction). Empty
    without a register."""
    import pandas as pd

    sim = risk_simulation(p)
    columns = ["risk", "name", "category", "probability", "impact_low", "impact_most_likely", "impact_high",
               "expected_loss", "contribution", "source", "owner"]
    if sim is None:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame([[r.key, r.name, r.category, r.probability, r.impact_low, r.impact_most_likely, r.impact_high,
                          r.expected_loss, r.contribution, r.source, r.owner] for r in sim.risks], columns=columns)
