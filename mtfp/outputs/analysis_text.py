"""Analysis results as text (the terminal), CSV, JSON and XLSX. Full precision in files
(pounds, fractions); £m to 1 dp and % to 1 dp only in text.
"""
from __future__ import annotations

import datetime as dt
import io
import json

import numpy as np
import pandas as pd

from mtfp.analysis import montecarlo
from mtfp.analysis.discovery import Discovery
from mtfp.analysis.goalseek import Answer
from mtfp.checks import worst_check_text
from mtfp.outputs import safe
from mtfp.outputs.tables import text_grid
from mtfp.units import fmt_gbp_m


def _m(pounds: float) -> str:
    pounds = float(pounds)
    return f"{pounds / 1e6:,.1f}" if np.isfinite(pounds) else safe.NOT_APPLICABLE


def _pct(fraction: float) -> str:
    return safe.percent(fraction)


def _num(value, spec: str) -> str:
    """format(value, spec), or n/a for NaN/inf (e.g. a Sobol index with no variance to explain)."""
    value = float(value)
    return format(value, spec) if np.isfinite(value) else safe.NOT_APPLICABLE


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", double_precision=15))


def xlsx(sheets: dict[str, pd.DataFrame], about: dict) -> bytes:
    """One sheet per table plus an 'About' sheet (what was run, with which settings)."""
    buffer = io.BytesIO()
    about_values = [", ".join(map(str, v)) if isinstance(v, list) else v for v in safe.json_value(about).values()]
    with safe.excel_writer(buffer) as writer:
        # A mixed column (numbers and text) of About values is written cell by cell as its type.
        pd.DataFrame({"item": list(about), "value": about_values}).to_excel(writer, sheet_name="About", index=False)
        for name, frame in sheets.items():
            safe.excel_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
        # Printed like the results workbook: landscape, one page wide, the heading row repeated.
        from mtfp.outputs.xlsx import footer_text, print_setup

        footer = footer_text(str(about.get("scenario", "mtfp analysis")), dt.date.today(), label="Analysis run")
        for ws in writer.sheets.values():
            print_setup(ws, footer, heading_rows=1)
    return buffer.getvalue()


# --- Monte Carlo ---------------------------------------------------------------------------------

def mc_by_year(mc: montecarlo.MonteCarlo) -> pd.DataFrame:
    """One row per year: gap and reserve percentiles (pounds) and the reserve probabilities."""
    gap, reserve = montecarlo.fan(mc, "funding_gap"), montecarlo.fan(mc, "general_reserve_closing")
    frame = pd.DataFrame({"year": mc.years})
    for name, table in (("gap", gap), ("general_reserve", reserve)):
        for col in table.columns[1:]:
            frame[f"{name}_{col}"] = table[col].to_numpy()
    probs = montecarlo.probabilities(mc)
    for col in probs.columns[1:]:
        frame[col] = probs[col].to_numpy()
    return frame


def mc_text(mc: montecarlo.MonteCarlo, threshold: float | None = None, discovery: Discovery | None = None) -> str:
    h = montecarlo.headline(mc, threshold)
    table = mc_by_year(mc)
    rows = [[r.year, _m(r.gap_central), _m(r.gap_p5), _m(r.gap_p50), _m(r.gap_p95), _m(r.general_reserve_p5),
             _m(r.general_reserve_p50), _pct(r.p_below_minimum_by_year), _pct(r.p_run_out_by_year)]
            for r in table.itertuples(index=False)]
    out = [f"{mc.scenario_name}: Monte Carlo, {mc.size:,} draws (seed {mc.seed}, {mc.sampler}, savings "
           f"{mc.savings_delivery}); ranges: {mc.origin}",
           f"Uncertain: {', '.join(mc.sample.labels)}", "",
           "Funding gap and general reserve by year (£m; P5/P50/P95 = 5th/50th/95th percentile of draws)", "",
           text_grid(["Year", "Gap central", "Gap P5", "Gap P50", "Gap P95", "Reserve P5", "Reserve P50",
                      "P(below minimum by)", "P(run out by)"], rows), "",
           f"Cumulative gap to {h['final_year']}: central {fmt_gbp_m(h['cumulative_gap_central'])}, "
           f"P5 {fmt_gbp_m(h['cumulative_gap_p5'])}, P50 {fmt_gbp_m(h['cumulative_gap_p50'])}, P95 {fmt_gbp_m(h['cumulative_gap_p95'])}"]
    if threshold is not None:
        out.append(f"P(gap in {h['final_year']} above {fmt_gbp_m(threshold)}) = {_pct(h['p_final_year_gap_above_threshold'])}")
    if discovery is not None:
        out += ["", f"What drives it: {discovery.summary}"] + [f"  - {r.text}" for r in discovery.rules]
    out += ["", worst_check_text(mc.checks, mc.size)]
    return "\n".join(out)


def mc_json(mc: montecarlo.MonteCarlo, threshold: float | None = None, discovery: Discovery | None = None) -> str:
    data = {"summary": montecarlo.headline(mc, threshold),
            **{name: _records(frame) for name, frame in montecarlo.tables(mc).items()}}
    if discovery is not None:
        data["discovery"] = {"summary": discovery.summary, "base_rate": discovery.base_rate,
                             "rules": [_rule(r) for r in discovery.rules]}
    return safe.dumps(data)


def _rule(rule) -> dict:
    """A discovery rule for JSON: an open end of a box (+-inf) becomes null."""
    bounds = {path: [v if np.isfinite(v) else None for v in box] for path, box in rule.bounds.items()}
    return {**rule.__dict__, "bounds": bounds}


def mc_csv(mc: montecarlo.MonteCarlo) -> str:
    return safe.to_csv(mc_by_year(mc), float_format="%.17g")


def mc_xlsx(mc: montecarlo.MonteCarlo, threshold: float | None = None) -> bytes:
    return xlsx({"By year": mc_by_year(mc), **montecarlo.tables(mc)}, montecarlo.headline(mc, threshold))


# --- sensitivity ---------------------------------------------------------------------------------

def sensitivity_text(method: str, frame: pd.DataFrame) -> str:
    text = _sensitivity_body(method, frame)
    return text + ("\n\n" + frame.attrs["master_check"] if "master_check" in frame.attrs else "")


def _sensitivity_body(method: str, frame: pd.DataFrame) -> str:
    if method == "table":
        years = [c for c in frame.columns if c not in ("field", "assumption", "change")]
        rows = [[r["assumption"], r["change"]] + [_m(r[y]) for y in years] for _, r in frame.iterrows()]
        return "\n".join(["Effect on the funding gap (£m) of one change at a time, largest final-year effect first", "",
                          text_grid(["Assumption", "Change"] + years, rows)])
    head = f"Ranges: {frame.attrs.get('origin', '')}; output: {frame.attrs.get('line', 'funding_gap')} in {frame.attrs.get('year', '')}"
    if method == "tornado":
        rows = [[r.assumption, f"{_num(r.low, 'g')} / {_num(r.central, 'g')} / {_num(r.high, 'g')} {r.unit}", _m(r.at_low),
                 _m(r.at_high), _m(r.swing)]
                for r in frame.itertuples(index=False)]
        return "\n".join([f"Tornado: each assumption at its low and high value, the rest central. {head}",
                          f"Central case: {fmt_gbp_m(frame['central_value'].iloc[0])}", "",
                          text_grid(["Assumption", "Low / central / high", "Gap at low £m", "Gap at high £m", "Swing £m"], rows)])
    if method == "sobol":
        rows = [[r.assumption, f"{_num(r.S1, '.3f')} ± {_num(r.S1_conf, '.3f')}", f"{_num(r.ST, '.3f')} ± {_num(r.ST_conf, '.3f')}"]
                for r in frame.itertuples(index=False)]
        return "\n".join([f"Sobol indices ({frame.attrs.get('cases', 0):,} model runs). {head}",
                          "S1: share of the variance explained alone; ST: including interactions (± 95% interval)", "",
                          text_grid(["Assumption", "S1", "ST"], rows)])
    rows = [[r.assumption, _m(r.mu_star), _m(r.mu_star_conf), _m(r.sigma)] for r in frame.itertuples(index=False)]
    return "\n".join([f"Morris screen ({frame.attrs.get('cases', 0):,} model runs). {head}",
                      "mu*: mean absolute effect of moving across the range (£m); sigma: non-linearity/interactions", "",
                      text_grid(["Assumption", "mu* £m", "± £m", "sigma £m"], rows)])


def frame_json(frame: pd.DataFrame) -> str:
    return safe.dumps({**{k: v for k, v in frame.attrs.items()}, "rows": _records(frame)})


def frame_csv(frame: pd.DataFrame) -> str:
    return safe.to_csv(frame, float_format="%.17g")


# --- goal seek -----------------------------------------------------------------------------------

def _rate(value: float) -> str:
    return f"{value:.2f}%"


def _fte(value: float) -> str:
    return f"{value:,.1f}"


# Each goal-seek detail -> (the finance label, how its value is shown): money by the one rule
# (units.fmt_gbp_m, £m to 1 dp), FTE to 1 dp, rates to 2 dp (a Band D rise is set to the hundredth).
ANSWER_DETAILS = {
    "year": ("Target", str), "group": ("Workforce group", str),
    "band_d_rise_pct": ("Band D rise needed (% a year)", _rate),
    "capped_years": ("Years the referendum limit caps the rise", lambda v: ", ".join(v) or "none"),
    "gap_within_limit": ("Gap left within the limit", fmt_gbp_m),
    "new_savings_by_year": ("New recurring savings in", fmt_gbp_m),
    "recurring_savings_by_final_year": ("Recurring savings by the final year", fmt_gbp_m),
    "reduction_fte": ("FTE reduction", _fte),
    "by_attrition_fte": ("Delivered by not replacing leavers (FTE)", _fte),
    "redundancies_fte": ("Redundancies (FTE)", _fte),
    "redundancy_cost": ("Redundancy cost (one-off)", fmt_gbp_m),
    "reduction_by_year_fte": ("FTE reduction in", _fte),
    "real_terms_cut_pct": ("Break-even real-terms cut", _rate),
}


def answer_rows(answer: Answer) -> list[tuple[str, str]]:
    """The answer's details as (measure, value) rows a finance lead reads: a by-year detail
    gives one row a year ("New recurring savings in 2017/18", "£1.4m")."""
    rows = []
    for key, value in answer.details.items():
        label, show = ANSWER_DETAILS.get(key, (key.replace("_", " "), str))
        if isinstance(value, dict):
            rows += [(f"{label} {k}", show(v)) for k, v in value.items()]
        else:
            rows.append((label, show(value)))
    return rows


def answer_text(answer: Answer) -> str:
    """The answer for the terminal: "Feasible." only before a feasible answer (an infeasible
    one's message starts "Not feasible")."""
    lines = [("Feasible. " if answer.feasible else "") + answer.message]
    lines += [f"  {label}: {value}" for label, value in answer_rows(answer)]
    return "\n".join(lines)


def answer_json(answer: Answer) -> str:
    return safe.dumps(answer.as_dict())
