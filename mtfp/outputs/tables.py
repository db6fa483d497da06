"""Results as files a finance team can open: CSV, JSON, a formatted XLSX workbook and text.

CSV and JSON carry full precision in pounds (and FTE, fractions) with snake_case keys, one
row per year: they are for other programs. The XLSX workbook and the text table are for
people: money in £m, FTE whole numbers, rates as %. They round only in the number format;
the cells keep full precision (money cells hold £m = pounds / 1,000,000).
"""
from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd

from mtfp import results
from mtfp.atomic import write_atomic
from mtfp.outputs import safe
from mtfp.scenario.national import incomplete_message
from mtfp.units import fmt_gbp_m

# Workbook sheets after Summary: (sheet name, result sections it shows, in order).
TABLES: list[tuple[str, list[str]]] = [
    ("Funding", ["funding", "funding_total", "income", "income_total", "precept"]),
    ("Spending", ["spending", "spending_total"]),
    ("Savings", ["savings_items", "collaboration", "savings", "savings_total", "savings_detail", "productivity"]),
    ("Budget and gap", ["one_off", "budget", "gap"]),
    ("Workforce", ["workforce", "workforce_detail"]),
    ("Reserves", ["reserves", "reserves_detail"]),
    ("Capital", ["capital_programme", "capital_funding", "capital_cfr"]),
    ("Indicators", ["key"]),
    ("Grant conditions", ["grant_conditions"]),  # only when a grant is conditional
]
# (The precept by billing authority has its own sheet, "Precept by authority", when given.)

# Lines shown in bold: the totals a finance reader looks for first.
TOTAL_LINES = results.PLAN_TOTALS

# Workbook sheets start with a title and a note; the column headings are on this row (0-based).
HEADER_ROW = 3

# How each result unit is shown: (label, divisor from internal units, xlsx number format).
DISPLAY = {
    "gbp": ("£m", 1e6, "#,##0.0"),
    "fte": ("FTE", 1.0, "#,##0"),
    "headcount": ("heads", 1.0, "#,##0"),
    "fraction": ("%", 1.0, "0.0%"),
    "gbp_per_fte": ("£ per FTE", 1.0, "#,##0"),
    "gbp_per_band_d": ("£ per Band D", 1.0, "#,##0.00"),
    "band_d_equivalents": ("Band D equivalents", 1.0, "#,##0"),
    "flag": ("1 = yes", 1.0, "0"),
    "posts": ("headcount or FTE", 1.0, "#,##0"),
    "years": ("years", 1.0, "0.0"),
}

# Headline lines compared between scenarios (CSV/JSON of `compare`).
COMPARE_LINES = ["recurring_gap", "incremental_recurring_gap", "funding_gap", "cumulative_gap",
                 "net_revenue_expenditure", "budget_requirement", "total_funding", "total_spending",
                 "savings_delivered", "general_reserve_closing"]


# --- which lines go where -------------------------------------------------------------------

def summary_lines(p) -> list[str]:
    """The year-by-year summary a finance lead reads first: the plan by year (results.plan_lines:
    spending, net revenue expenditure, reserves, the budget requirement and its funding, the
    recurring gap, one-off items and reserve movements, the gap after them, reserves, FTE)."""
    return results.plan_lines(p)


def table_lines(p, sections: list[str]) -> list[str]:
    return [k for s in sections for k in p.keys(s)]


# --- CSV and JSON (full precision) -------------------------------------------------------------

def _number(value) -> float | None:
    """A float for JSON; NaN (e.g. no realised benefit recorded) or inf becomes null."""
    value = float(value)
    return value if math.isfinite(value) else None


def results_csv(p, draw: int = 0) -> str:
    """One row per year, one snake_case column per result line; pounds, FTE and fractions
    at full precision (floats written so they read back to the same number)."""
    return safe.to_csv(results.wide(p, draw))


def results_json(p, draw: int = 0) -> str:
    """Scenario, years, units of each line, one record per year (full precision), key
    figures and the control checks."""
    frame = results.wide(p, draw)
    records = [{"year": row["year"], **{k: _number(row[k]) for k in frame.columns if k != "year"}}
               for _, row in frame.iterrows()]
    figures = results.key_figures(p, draw)
    payload = {
        "scenario": results.scenario_title(p.scenario),  # '(edited)' once changed in mtfp
        "base_year": p.years[0],
        "years": p.years,
        "units": {k: line.unit for k, line in p.lines.items()},
        "results": records,
        "key_figures": figures,
        "checks": p.checks,
    }
    if results.has_risk_register(p):
        payload["risk_based_reserve"] = results.risk_based_reserve(p, draw)
        payload["risk_register"] = results.risk_register_table(p).to_dict(orient="records")
    return safe.dumps(payload)


def billing_authorities_csv(p, draw: int = 0) -> str:
    """The precept by billing authority (results.band_d_by_authority) as CSV: one row per
    authority and year, then the Total row per year; pounds to full precision."""
    return safe.to_csv(results.band_d_by_authority(p, draw))


def assumptions_csv(scenario) -> str:
    """The assumptions register (results.assumptions_register): one row per input, every value
    as text with its unit ('£101.6m', '24.2%'), its basis, source and link, one column per year
    for values given by year, then the unit, the file's own figure and the field path."""
    return safe.to_csv(results.assumptions_register(scenario))


def compare_frame(projections: dict, draw: int = 0) -> pd.DataFrame:
    """Tidy comparison: one row per (scenario, year) with the headline lines (pounds)."""
    frames = []
    for name, p in projections.items():
        frame = results.wide(p, draw, [k for k in COMPARE_LINES if k in p.lines])
        frame.insert(0, "scenario", name)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def compare_summary(projections: dict, draw: int = 0) -> pd.DataFrame:
    """Each scenario's final year, final-year recurring gap, final-year and cumulative gap after
    one-offs and reserves (pounds) and the recurring gap as a fraction of net revenue expenditure."""
    rows = []
    for name, p in projections.items():
        figures = results.key_figures(p, draw)
        rows.append({"scenario": name, "final_year": figures["final_year"],
                     "final_year_recurring_gap": figures["final_year_recurring_gap"],
                     "final_year_gap": figures["final_year_gap"], "cumulative_gap": figures["cumulative_gap"],
                     "gap_pct_of_net_budget": figures["gap_pct_of_net_budget"]})
    return pd.DataFrame(rows)


def compare_csv(projections: dict, draw: int = 0) -> str:
    """Tidy CSV: scenario, year, recurring_gap, incremental_recurring_gap, funding_gap, cumulative_gap, ... in pounds."""
    return safe.to_csv(compare_frame(projections, draw))


def compare_json(projections: dict, draw: int = 0) -> str:
    """Each scenario with its final-year and cumulative gap and one record per year."""
    summary = compare_summary(projections, draw).set_index("scenario")
    tidy = compare_frame(projections, draw)
    out = []
    for name in projections:
        rows = tidy[tidy["scenario"] == name].drop(columns="scenario")
        out.append({
            "scenario": name,
            "final_year": summary.loc[name, "final_year"],
            "final_year_recurring_gap": _number(summary.loc[name, "final_year_recurring_gap"]),
            "final_year_gap": _number(summary.loc[name, "final_year_gap"]),
            "cumulative_gap": _number(summary.loc[name, "cumulative_gap"]),
            "gap_pct_of_net_budget": _number(summary.loc[name, "gap_pct_of_net_budget"]),
            "years": [{"year": r["year"], **{k: _number(r[k]) for k in rows.columns if k != "year"}}
                      for _, r in rows.iterrows()],
        })
    return safe.dumps({"scenarios": out})


# --- XLSX (formatted for people; built in mtfp.outputs.xlsx) ------------------------------------------

def results_xlsx(p, scenario=None, draw: int = 0) -> bytes:
    """Workbook: Summary, one sheet per table (Funding, Spending, Savings, Budget and gap,
    Workforce, Reserves, Indicators), Key figures, Checks and Assumptions (every input).
    Money cells hold £m with the format #,##0.0; headers frozen; totals in bold."""
    from mtfp.outputs.xlsx import results_workbook  # xlsxwriter only when a workbook is asked for

    return results_workbook(p, scenario, draw)


def compare_xlsx(projections: dict, draw: int = 0) -> bytes:
    """Workbook: 'Gap by year' and 'Cumulative gap' side by side (£m) and 'Key figures'."""
    from mtfp.outputs.xlsx import compare_workbook

    return compare_workbook(projections, draw)


# --- text (the terminal) -------------------------------------------------------------------

def format_value(value: float, unit: str) -> str:
    """One cell for people: money £m 1 dp, FTE whole numbers, fractions as % 1 dp."""
    value = float(value)
    if not math.isfinite(value):
        # A ratio with a zero denominator is not applicable; other missing figures are a dash.
        return safe.NOT_APPLICABLE if unit in ("fraction", "years") or math.isinf(value) else "-"
    if unit == "gbp":
        return f"{value / 1e6:,.1f}"
    if unit == "fraction":
        return f"{value * 100:.1f}%"
    if unit == "flag":
        return "yes" if value > 0 else "no"
    if unit == "gbp_per_band_d":
        return f"{value:,.2f}"
    if unit == "years":
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def text_grid(header: list[str], rows: list[list[str]]) -> str:
    """A plain aligned table: first column left-aligned, the rest right-aligned."""
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]

    def fmt(row):
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths)))

    lines = [fmt(header), "  ".join("-" * w for w in widths)]
    lines += [fmt(r) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def results_text(p, draw: int = 0) -> str:
    """The year-by-year summary table, key figures and master check, as printed by `run`."""
    rows = []
    for key in results.plan_lines(p):
        line = p.lines[key]
        label = DISPLAY.get(line.unit, (line.unit,))[0]
        rows.append([f"{line.label} ({label})"] + [format_value(v, line.unit) for v in line.values[draw]])
    out = [f"{results.scenario_title(p.scenario)}: year by year (money in £m, FTE whole numbers)", "",
           text_grid(["Line"] + p.years, rows), "", key_figures_text(p, draw)]
    out += grant_conditions_text(p, draw) + billing_authorities_text(p, draw)
    extra = capital_reserves_text(p, draw)
    if extra:
        out += ["", extra]
    incomplete = incomplete_message(p.scenario)
    if incomplete:  # every figure above depends on the estimates: say so with the figures
        out.append(f"Note: {incomplete}")
    return "\n".join(out)


def grant_conditions_text(p, draw: int = 0) -> list[str]:
    """Lines for `run`: each conditional grant's test by year (none without one)."""
    sentences = results.grant_condition_sentences(p, draw)
    return ["", "Conditional grants", *[f"  {s}" for s in sentences]] if sentences else []


def billing_authorities_text(p, draw: int = 0) -> list[str]:
    """Lines for `run`: the precept by billing authority in the budget year (first projected year)."""
    frame = results.band_d_by_authority(p, draw)
    if frame.empty:
        return []
    year = p.years[1]
    rows = [[r.name, f"{r.tax_base:,.2f}", f"{r.band_d:,.2f}", f"{r.precept:,.2f}", f"{r.collection_fund:,.2f}"]
            for r in frame[frame.year == year].itertuples()]
    return ["", f"Precept by billing authority {year} (£; each precept = tax base x Band D, to the penny)",
            text_grid(["Billing authority", "Tax base", "Band D", "Precept", "Collection fund"], rows)]


def key_figures_text(p, draw: int = 0) -> str:
    """Key figures and the master check, one per line."""
    f = results.key_figures(p, draw)
    final = f["final_year"]
    lines = [
        "Key figures",
        f"  Recurring (structural) gap {final}: {fmt_gbp_m(f['final_year_recurring_gap'])}",
        f"  New recurring savings needed in {final}: {fmt_gbp_m(f['final_year_new_recurring_savings'])}",
        f"  Recurring gap as % of net revenue expenditure {final}: {safe.percent(f['gap_pct_of_net_budget'])}",
        f"  Recurring gap in officer posts {final}: {f['officer_post_equivalent']:,.0f}",
        f"  Gap after one-offs and reserves {final}: {fmt_gbp_m(f['final_year_gap'])}",
        f"  Cumulative gap after one-offs and reserves to {final}: {fmt_gbp_m(f['cumulative_gap'])}",
        f"  Minimum general reserve breached: {f['minimum_breached'] or 'not breached'}",
        f"  General reserve runs out: {f['reserves_run_out'] or 'does not run out'}",
        f"  Precept rise capped at the referendum limit: {', '.join(f['precept_capped_years']) or 'no year'}",
    ]
    if f["master_check"]:
        lines.append(f"Master check: OK (all {len(p.checks)} identities hold)")
    else:
        failed = ", ".join(f"{n} (largest error {p.checks[n]:.6g})" for n in f["failed_checks"])
        lines.append(f"Master check: FAILED: {failed}")
    return "\n".join(lines)


def capital_reserves_text(p, draw: int = 0) -> str:
    """Capital programme, reserves resilience and the risk-based reserve, a few lines each
    (empty when the scenario has none of them beyond the plain reserves)."""
    lines = []
    final = p.years[-1]
    capital = results.capital_key_figures(p, draw)
    if capital:
        lines += ["Capital programme",
                  f"  Programme {p.years[1]} to {final}: {fmt_gbp_m(capital['capital_programme_total'])}, of which "
                  f"borrowed {fmt_gbp_m(capital['borrowing_total'])}",
                  f"  Capital financing requirement {final}: {fmt_gbp_m(capital['cfr_closing_final'])}; external debt "
                  f"{fmt_gbp_m(capital['external_debt_final'])}",
                  f"  Financing costs as % of net revenue stream: {safe.percent(capital['financing_costs_pct_budget_year'])}"
                  f" in {p.years[1]}, {safe.percent(capital['financing_costs_pct_final_year'])} in {final}"]
    resilience = results.resilience_figures(p, draw)
    cover = resilience["reserves_years_cover"][final]
    share = resilience["reserves_pct_of_net_revenue_expenditure"][final]
    lines += ["Reserves",
              f"  Usable reserves {final}: {fmt_gbp_m(resilience['usable_reserves_final_year'])} "
              f"({safe.NOT_APPLICABLE if share is None else safe.percent(share)} of net revenue "
              f"expenditure); at {final}'s draw they would last "
              f"{'(not drawn)' if cover is None else f'{cover:,.1f} years'}",
              f"  Usable reserves run out: {resilience['usable_reserves_run_out'] or 'do not run out'}"]
    if resilience["gap_unfunded_total"] > 0.005:
        lines.append(f"  Gap not funded from reserves over the plan: {fmt_gbp_m(resilience['gap_unfunded_total'])}")
    risk = results.risk_based_reserve(p, draw)
    if risk:
        top = results.risk_register_table(p).head(3)
        lines += [f"Risk-based general reserve ({safe.percent(risk['confidence'])} confidence, {risk['draws']:,} "
                  f"simulated years, seed {risk['seed']})",
                  f"  Needed: {fmt_gbp_m(risk['risk_based_reserve'])}; held at the start of {risk['budget_year']}: "
                  f"{fmt_gbp_m(risk['general_reserve_held'])}; minimum ({safe.percent(risk['minimum_pct'])} of the "
                  f"budget): {fmt_gbp_m(risk['minimum_general_reserve'])}",
                  "  Largest contributions: " + "; ".join(
                      f"{name} {fmt_gbp_m(value)}" for name, value in zip(top["name"], top["contribution"]))]
    return "\n".join(lines)


def compare_text(projections: dict, draw: int = 0) -> str:
    """Recurring gap by year side by side (£m), then each scenario's final-year recurring gap, its
    final-year and cumulative gap after one-offs and reserves."""
    names = list(projections)
    tidy = compare_frame(projections, draw)
    pivot = tidy.pivot(index="year", columns="scenario", values="recurring_gap")
    years = list(dict.fromkeys(tidy["year"]))
    rows = [[y] + [format_value(pivot.loc[y, n], "gbp") for n in names] for y in years]
    summary = compare_summary(projections, draw)
    srows = [[r.scenario, r.final_year, format_value(r.final_year_recurring_gap, "gbp"),
              format_value(r.final_year_gap, "gbp"), format_value(r.cumulative_gap, "gbp"),
              format_value(r.gap_pct_of_net_budget, "fraction")] for r in summary.itertuples(index=False)]
    return "\n".join([
        "Recurring (structural) gap by year (£m; positive = shortfall, before one-offs and reserves)", "",
        text_grid(["Year"] + names, rows), "",
        text_grid(["Scenario", "Final year", "Recurring gap £m", "Gap after one-offs and reserves £m",
                   "Cumulative gap after one-offs and reserves £m", "Recurring gap % of net revenue expenditure"], srows),
    ])


# --- writing files -----------------------------------------------------------------------------

def write_output(path: str | os.PathLike, data: bytes | str, force: bool = False) -> Path:
    """Write atomically; refuse to overwrite an existing file unless `force` (FileExistsError)."""
    path = Path(path)
    if not path.parent.exists():
        raise FileNotFoundError(f"{path}: the folder {path.parent} does not exist")
    return write_atomic(path, data, overwrite=force, exists_hint="use --force to overwrite it")


__all__ = ["billing_authorities_csv", "results_csv", "results_json", "assumptions_csv", "results_xlsx", "compare_csv", "compare_json", "compare_xlsx",
           "results_text", "compare_text", "write_output", "summary_lines", "TABLES"]
