"""The one reader of a projection: the plan by year, tidy and wide tables, key figures, the
gap bridge and the assumptions list.

Charts, exports and the app read a projection through these functions (labels and units
come from the declared lines, mtfp.model.lines). Nothing is rounded here: rounding is for
display. pandas is imported by the functions that return a DataFrame, so `mtfp run`
(which needs none of them) starts without it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from mtfp.checks import failed_checks, master_check
from mtfp.scenario import Scenario, iter_params
from mtfp.scenario.national import basis_of
from mtfp.units import unit_label

if TYPE_CHECKING:
    import pandas as pd

# Sections printed in the year-by-year table, in reading order.
MAIN_SECTIONS = ["spending", "spending_total", "savings", "savings_total", "income", "income_total",
                 "budget", "funding", "funding_total", "gap", "reserves", "workforce", "key"]

UNIT_LABELS = {"gbp": "£", "fte": "FTE", "headcount": "heads", "fraction": "ratio", "gbp_per_band_d": "£ per Band D",
               "gbp_per_fte": "£ per FTE", "band_d_equivalents": "Band D equivalents", "flag": "1 = yes",
               "posts": "headcount or FTE"}


def to_long(projection, scenario: str | None = None, lines: list[str] | None = None) -> pd.DataFrame:
    """Tidy table: one row per (scenario, draw, year, line) with its unit and value."""
    import pandas as pd

    keys = lines or list(projection.lines)
    size, years = projection.size, projection.years
    n_years = len(years)
    stacked = np.stack([projection[k] for k in keys], axis=0)  # (L, S, T)
    n_lines = len(keys)
    return pd.DataFrame({
        "scenario": scenario or projection.scenario.name,
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
        "scenario": projection.scenario.name,
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
    pay_keys = [k for k in spending if p.lines[k].spec.key in ("pay_{group}", "apprenticeship_levy")]
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
