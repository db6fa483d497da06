"""The Panel report as data: sections of headings, paragraphs, tables and charts.

`build_report(scenario, projection)` reads the scenario, its projection and mtfp.results
only, and returns a `Report` whose tables hold DISPLAY text (money as £m to 1 dp by
mtfp.units.fmt_gbp_m, household bills in £ to the penny, FTE whole), so the Word document and
the PDF print the same figures, and each equals the model's at the precision shown.

The budget year is the first projected year (the year the precept is set for), compared
with the base year (the year now ending); the plan runs to the last projected year.
Sensitivities and precept options are the model re-run with one assumption changed
(mtfp.scenario.paths.with_values), never a rule of thumb.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

import mtfp
from mtfp import results
from mtfp.checks import master_check
from mtfp.consultation.household import bands_for
from mtfp.scenario import Scenario
from mtfp.scenario.paths import get_param, set_at, set_value, with_values
from mtfp.scenario.plandate import date_text
from mtfp.units import fmt_gbp_k, fmt_gbp_m, fmt_gbp_m_or_k, fmt_money_small, fmt_pct

DRAFT_MARK = "DRAFT for the chief finance officer to review and sign"
HOME_OFFICE_GENERAL_RESERVE_PCT = 0.05  # a general reserve above 5% of budget is to be justified (CIPFA, Dewhirst)
THEMES = {"people": "People", "digital": "Digital", "demand": "Demand", "partnerships": "Partnerships",
          "support_services": "Support services", "other": "Other"}
REDUCES = {"pay": "Pay", "non_pay": "Non-pay", "income": "Income (raises)"}


# --- the report as data ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "body"  # "body", "note" (smaller, grey), "draft" (the draft mark, bold red), "signature"
    lead: str = ""  # a bold run-in heading ("Adequacy of reserves.")


@dataclass(frozen=True)
class Table:
    key: str  # a stable name ("recommendations", "mtfp_summary"): tests and writers find tables by it
    caption: str
    header: list[str]
    rows: list[list[str]]
    bold: tuple[int, ...] = ()  # indexes of total rows
    note: str = ""
    small: bool = False  # a long reference table (the appendix), printed smaller


@dataclass(frozen=True)
class Chart:
    key: str
    caption: str
    alt: str
    png: bytes | None  # None when it could not be drawn here
    unavailable: str = ""  # why not, in a sentence


Block = Paragraph | Table | Chart


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: list[Block]


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    cover: list[str]
    sections: list[Section]
    scenario_name: str
    as_of: dt.date
    key_figures: Table  # on the cover, as budget books open ("key figures and financial summary")
    notes: list[str] = field(default_factory=list)  # what could not be made here, and why

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    @property
    def tables(self) -> list[Table]:
        """Every table in print order: the cover's key figures, then each section's."""
        return [self.key_figures] + [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    @property
    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]


# --- figures of one projection --------------------------------------------------------------------

def _v(p, key: str, t: int) -> float:
    return float(p[key][0, t])


def budget_key(p) -> str:
    """The budget requirement line: the statutory `budget_requirement`."""
    return "budget_requirement"


def gap_key(p) -> str:
    """The gap the plan is judged on: the recurring (structural) gap, before one-offs and reserves."""
    return "recurring_gap"


def _label(p, key: str) -> str:
    return p.lines[key].label


def _m(p, key: str, t: int) -> str:
    return fmt_gbp_m(_v(p, key, t))


def _fte(value: float) -> str:
    return f"{value:,.0f}"


def _pct_change(new: float, old: float) -> str:
    return fmt_pct((new - old) / old) if old else "n/a"


def referendum_limit(p, t: int) -> float:
    """The largest Band D rise (£) allowed without a referendum in year t (inf: no limit)."""
    from mtfp.model.precept import max_allowed_rise

    limit_pct = p.inputs.get("precept.referendum_limit_pct", np.nan)
    limit_gbp = p.inputs.get("precept.referendum_limit_gbp", np.nan)
    return float(max_allowed_rise(previous_band_d=p["band_d"][0, t - 1], limit_pct=limit_pct[0, t],
                                  limit_gbp=limit_gbp[0, t]))


def _limit_text(limit: float) -> str:
    return "no referendum principle applies" if not math.isfinite(limit) else f"{fmt_money_small(limit)} on Band D"


def fmt_value(value: float, unit: str) -> str:
    """One figure as the report shows it, by its line's unit: money £m to 1 dp, a fraction as a
    percentage, FTE and headcount whole, Band D in £ to the penny, years to 1 dp."""
    if value is None or not math.isfinite(value):
        return "n/a"
    if unit == "gbp":
        return fmt_gbp_m(value)
    if unit == "fraction":
        return fmt_pct(value)
    if unit in ("fte", "headcount", "band_d_equivalents"):
        return f"{value:,.0f}"
    if unit in ("gbp_per_band_d", "gbp_per_fte"):
        return fmt_money_small(value)
    if unit == "years":
        return f"{value:,.1f}"
    if unit == "flag":
        return "yes" if value else "no"
    return f"{value:,g}"


def frame_table(key: str, caption: str, frame, years: list[str], label: str = "label", text: tuple[str, ...] = (),
                bold: tuple[str, ...] = (), corner: str = "", note: str = "") -> Table:
    """A results table (mtfp.results: columns line, `label`, unit, the `text` columns, then one per
    year, full precision) as a report Table: each figure shown by its unit (fmt_value), the lines
    named in `bold` in bold."""
    rows, bold_rows = [], []
    for i, rec in enumerate(frame.to_dict("records")):
        rows.append([str(rec[label]), *(str(rec[c] or "") for c in text),
                     *(fmt_value(float(rec[y]), rec["unit"]) for y in years)])
        if rec.get("line") in bold:
            bold_rows.append(i)
    return Table(key, caption, [corner, *[c.capitalize() for c in text], *years], rows, bold=tuple(bold_rows),
                 note=note)


# --- re-running the model with one assumption changed ------------------------------------------------

def _run_gap(scenario: Scenario, key: str) -> np.ndarray:
    return mtfp.run(scenario)[key][0]


def rises_in_pounds(scenario: Scenario, p) -> Scenario:
    """The scenario with its Band D rises given in £ by year at the rises the model applied (the
    same plan, so a precept option can change one year's rise in £ whatever the file gave)."""
    data = scenario.model_dump(mode="python")
    set_at(data, "precept.band_d_rise_pct", None)
    for known in ("band_d_known", "council_tax_requirement_known"):  # a known year's Band D is now its rise
        if data["precept"].get(known) is not None:
            set_at(data, f"precept.{known}", None)
    set_value(data, "precept.band_d_rise_gbp", {y: float(r) for y, r in zip(p.years, p["band_d_rise"][0])})
    return type(scenario).model_validate(data)


def _budget_year_bump(param, years: list[str], step: float, t: int = 1) -> dict[str, float]:
    """The assumption's value in every year (file units), with `step` added in year t only: every
    year is given, so later years keep their own rates and the step is that year's alone (a pay
    award 1% higher in the budget year raises the pay level from then on)."""
    values = param.year_values(years)
    values[t] += step
    return {y: float(v) for y, v in zip(years, values)}


@dataclass(frozen=True)
class Sensitivity:
    name: str
    change: str
    budget_year: float  # effect on the gap, pounds (+ widens it)
    final_year: float
    note: str = ""


def sensitivities(scenario: Scenario, p) -> list[Sensitivity]:
    """Each key assumption changed on its own, the model re-run, the change in the gap (pounds)
    in the budget year and the final year."""
    years, key = p.years, gap_key(p)
    base = p[key][0]
    out: list[Sensitivity] = []

    def case(name, change, values, note=""):
        gap = _run_gap(with_values(scenario, values), key)
        out.append(Sensitivity(name, change, float(gap[1] - base[1]), float(gap[-1] - base[-1]), note))

    pay = {f"workforce.groups.{g}.pay_award_pct": _budget_year_bump(group.pay_award_pct, years, 1.0)
           for g, group in scenario.workforce.groups.items() if group.pay_award_pct is not None}
    if pay:
        case("Pay award", f"+1% on the {years[1]} award, every group", pay)
    inflation = {f"non_pay.lines.{k}.inflation": _budget_year_bump(line.inflation, years, 1.0)
                 for k, line in scenario.non_pay.lines.items()}
    case("Non-pay inflation", f"+1% in {years[1]}, every non-pay line", inflation)
    grants = {f"funding.grants.{k}.base": g.base.value * 0.99 for k, g in scenario.funding.grants.items()}
    grants |= {f"funding.specific_grants.{k}.base": g.base.value * 0.99
               for k, g in scenario.funding.specific_grants.items()}
    case("Government grant", "1% less on every grant line, every year", grants)
    pounds = rises_in_pounds(scenario, p)
    rise = get_param(pounds, "precept.band_d_rise_gbp")
    gap = _run_gap(with_values(pounds, {"precept.band_d_rise_gbp": _budget_year_bump(rise, years, -1.0)}), key)
    # £1 more on Band D is the mirror of £1 less (precept = tax base x Band D); £1 less stays within the limit.
    out.append(Sensitivity("Band D precept", f"£1 more on Band D in {years[1]}", float(base[1] - gap[1]),
                           float(base[-1] - gap[-1]), "re-run with £1 less and the sign reversed"))
    growth = get_param(scenario, "precept.tax_base_growth")
    case("Tax base", f"1% less tax-base growth in {years[1]}",
         {"precept.tax_base_growth": _budget_year_bump(growth, years, -1.0)})
    return out


@dataclass(frozen=True)
class PreceptOption:
    name: str
    rise: float  # £ on Band D in the budget year
    band_d: float
    council_tax_requirement: float  # pounds
    gap: np.ndarray  # the gap by year, pounds
    cumulative: float  # the cumulative gap at the end of the plan (funding gap), pounds


def precept_options(scenario: Scenario, p) -> list[PreceptOption]:
    """No rise, half the referendum limit, the limit (and the proposal where it is none of those),
    each a re-run of the model with that budget-year rise and the later years' rises as planned."""
    limit = referendum_limit(p, 1)
    planned = _v(p, "band_d_rise", 1)
    if math.isfinite(limit):
        wanted = [("No rise", 0.0), ("Half the referendum limit", math.floor(limit * 50) / 100),
                  ("At the referendum limit", limit)]
    else:
        wanted = [("No rise", 0.0), ("Half the proposed rise", math.floor(planned * 50) / 100)]
    if all(abs(r - planned) > 0.005 for _, r in wanted):
        wanted.append(("Proposed", planned))
    wanted = sorted(wanted, key=lambda w: w[1])
    pounds = rises_in_pounds(scenario, p)
    rise_param = get_param(pounds, "precept.band_d_rise_gbp")
    out = []
    for name, rise in wanted:
        values = rise_param.year_values(p.years)
        values[1] = rise
        q = mtfp.run(with_values(pounds, {"precept.band_d_rise_gbp": {y: float(v) for y, v in zip(p.years, values)}}))
        if abs(rise - planned) < 0.005:
            name = f"{name} (proposed)" if name != "Proposed" else name
        out.append(PreceptOption(name, float(q["band_d_rise"][0, 1]), _v(q, "band_d", 1), _v(q, "precept", 1),
                                 q[gap_key(q)][0].copy(), _v(q, "cumulative_gap", -1)))
    return out


# --- the sections ----------------------------------------------------------------------------------

def _recommendations(sc: Scenario, p) -> Section:
    b, t0, t1 = budget_key(p), 0, 1
    y0, y1 = p.years[0], p.years[1]
    band_d, rise, rise_pct = _v(p, "band_d", t1), _v(p, "band_d_rise", t1), _v(p, "band_d_rise_pct", t1)
    limit = referendum_limit(p, t1)
    tax_base, requirement = _v(p, "tax_base", t1), _v(p, "precept", t1)
    within = ("within" if rise <= limit + 1e-9 else "above") if math.isfinite(limit) else "with"
    held = " A referendum is to be held on the rise." if _v(p, "above_referendum_limit", t1) else ""
    text = (f"The Police and Crime Panel is asked to review the Commissioner's proposal to set the police precept "
            f"for {y1} at {fmt_money_small(band_d)} for a Band D property, a rise of {fmt_money_small(rise)} "
            f"({fmt_pct(rise_pct)}) on {y0}, {within} the referendum principle ({_limit_text(limit)}).{held} "
            f"This gives a council-tax requirement of {fmt_gbp_m(requirement)} on a tax base of "
            f"{tax_base:,.2f} Band D equivalents, and a budget requirement of {_m(p, b, t1)}.")
    rows = [
        [f"Band D precept {y1}", fmt_money_small(band_d)],
        [f"Rise on {y0} (£ a year)", fmt_money_small(rise)],
        [f"Rise on {y0} (%)", fmt_pct(rise_pct)],
        [f"Referendum principle {y1}", "none" if not math.isfinite(limit) else fmt_money_small(limit)],
        ["Council-tax requirement", fmt_gbp_m(requirement)],
        ["Tax base (Band D equivalents)", f"{tax_base:,.2f}"],
        ["Collection fund surplus/(deficit)", _m(p, "collection_fund", t1)],
        [_label(p, b), _m(p, b, t1)],
    ]
    blocks: list[Block] = [Paragraph(text), Table("recommendations", f"The precept proposal for {y1}",
                                                  ["Recommendation", y1], rows)]
    bands, ninths = bands_for(sc.nation)
    old_d = _v(p, "band_d", t0)
    band_rows = [[f"Band {band}", f"{int(n)}/9", fmt_money_small(old_d * n / 9), fmt_money_small(band_d * n / 9),
                  fmt_money_small((band_d - old_d) * n / 9), fmt_money_small((band_d - old_d) * n / 9 / 52)]
                 for band, n in zip(bands, ninths)]
    wales = " and Band I (Wales, s.5(1A))" if sc.nation == "wales" else ""
    blocks.append(Table("council_tax_bands", f"Police council tax by band, {y0} and {y1}",
                        ["Band", "Share of Band D", f"{y0} (£ a year)", f"{y1} (£ a year)", "Change (£ a year)",
                         "Change (£ a week)"], band_rows, bold=(3,),
                        note=f"Bands A to H{wales} pay a fixed share of Band D, Local Government Finance Act 1992 "
                             "s.5(1); amounts to the penny."))
    blocks.append(_billing_authorities(sc, p))
    return Section("1. Recommendations", blocks)


def _billing_authorities(sc: Scenario, p) -> Block:
    authorities = getattr(sc.precept, "billing_authorities", None)
    if not authorities:
        return Paragraph("The scenario gives one tax base for the whole force area, so the precept on each billing "
                         f"authority is not shown: the {p.years[1]} council-tax requirement of "
                         f"{_m(p, 'precept', 1)} is levied on the billing authorities in proportion to the tax bases "
                         "they notify.")
    frame = results.band_d_by_authority(p)
    frame = frame[frame["year"] == p.years[1]]
    rows = [[rec["name"], f"{rec['tax_base']:,.2f}", fmt_money_small(rec["band_d"]), fmt_money_small(rec["precept"]),
             fmt_money_small(rec["collection_fund"])] for rec in frame.to_dict("records")]
    return Table("billing_authorities", f"Precept by billing authority, {p.years[1]}",
                 ["Billing authority", "Tax base (Band D equivalents)", "Band D", "Precept", "Collection fund"], rows,
                 bold=(len(rows) - 1,), note="Each authority's precept is its tax base x Band D, rounded to the penny "
                                             "on its own; the total is the council-tax requirement.")


def _funding(sc: Scenario, p) -> Section:
    y0, y1 = p.years[0], p.years[1]
    keys = p.children("total_funding") + ["total_funding"]
    income = "specific_grants_and_income"  # netted off spending in the statutory budget: shown apart from funding
    if income in p:
        keys += p.children(income) + [income]
    rows = [[_label(p, k), _m(p, k, 0), _m(p, k, 1), fmt_gbp_m(_v(p, k, 1) - _v(p, k, 0)),
             _pct_change(_v(p, k, 1), _v(p, k, 0))] for k in keys]
    totals = tuple(i for i, k in enumerate(keys) if k in ("total_funding", income))
    b = budget_key(p)
    rows.append([f"{_label(p, 'funding_gap')} (negative: a surplus)", _m(p, "funding_gap", 0),
                 _m(p, "funding_gap", 1), fmt_gbp_m(_v(p, "funding_gap", 1) - _v(p, "funding_gap", 0)), ""])
    rows.append([_label(p, b), _m(p, b, 0), _m(p, b, 1), fmt_gbp_m(_v(p, b, 1) - _v(p, b, 0)),
                 _pct_change(_v(p, b, 1), _v(p, b, 0))])
    grants = [k for k in p.children("total_funding") if k.startswith(("grant_", "specific_grant_"))]
    grant_0, grant_1 = (sum(_v(p, k, t) for k in grants) for t in (0, 1))
    deflator = float(p.inputs.get("gdp_deflator")[0, 1]) if "gdp_deflator" in p.inputs.values else float("nan")
    real = (grant_1 / grant_0) / (1 + deflator) - 1 if grant_0 and math.isfinite(deflator) else float("nan")
    real_text = f", {fmt_pct(abs(real))} {'less' if real < 0 else 'more'} in real terms after the GDP deflator" \
        if math.isfinite(real) else ""
    text = (f"Government grant for {y1} is {fmt_gbp_m(grant_1)}, {fmt_gbp_m(abs(grant_1 - grant_0))} "
            f"{'more' if grant_1 >= grant_0 else 'less'} than {y0} in cash{real_text}. The council-tax precept "
            f"raises {_m(p, 'precept', 1)} and is {fmt_pct(_v(p, 'precept', 1) / _v(p, 'total_funding', 1))} of "
            "total funding.")
    blocks: list[Block] = [
        Paragraph(text),
        Table("funding", f"Funding by grant line, {y0} to {y1}", ["Funding line", y0, y1, "Change", "Change %"],
              rows, bold=(*totals, len(rows) - 1)),
    ]
    ring_fenced = [p.scenario.funding.specific_grants[k].name for k in results.ring_fenced_grants(p)]
    if ring_fenced:
        blocks.append(Paragraph(f"Ring-fenced to matching spending (nil on the gap): {', '.join(ring_fenced)}."))
    conditions = results.grant_condition_sentences(p)
    if conditions:
        blocks.append(Paragraph("Grant conditions, tested on the projected workforce: " + "; ".join(conditions) + "."))
    return Section("2. The settlement and funding", blocks)


# Totals the bridge opens up into their lines (spending into pay and non-pay lines, specific grants into each grant).
BRIDGE_EXPANDS = ("net_revenue_expenditure", "total_spending", "specific_grants_and_income")


def _leaves(p, total: str, sign: float = 1.0) -> list[tuple[str, float]]:
    """The lines under a declared total with the sign they add with, a total in BRIDGE_EXPANDS
    replaced by its own lines (the signs multiply)."""
    out = []
    for key in p.children(total):
        s = sign * p.lines[key].spec.sign
        out += _leaves(p, key, s) if key in BRIDGE_EXPANDS and p.children(key) else [(key, s)]
    return out


def budget_bridge(p, t0: int = 0, t1: int = 1) -> list[tuple[str, float]]:
    """Steps from year t0's budget requirement to year t1's (pounds), one per declared line,
    summing exactly to the change: (label, change)."""
    return [(_label(p, k), s * (_v(p, k, t1) - _v(p, k, t0))) for k, s in _leaves(p, budget_key(p))]


def _bridge(sc: Scenario, p) -> Section:
    b, y0, y1 = budget_key(p), p.years[0], p.years[1]
    steps = [(label, change) for label, change in budget_bridge(p) if abs(change) >= 0.5]
    rows = [[f"{_label(p, b)} {y0}", _m(p, b, 0)]]
    rows += [[label, fmt_gbp_m(change)] for label, change in steps]
    rows.append([f"{_label(p, b)} {y1}", _m(p, b, 1)])
    biggest = sorted(steps, key=lambda s: -abs(s[1]))[:3]
    text = (f"The budget requirement moves from {_m(p, b, 0)} in {y0} to {_m(p, b, 1)} in {y1}. The largest "
            "movements are " + "; ".join(f"{label.lower()} {fmt_gbp_m(change)}" for label, change in biggest) + ".")
    return Section(f"3. The revenue budget: from {y0} to {y1}", [
        Paragraph(text),
        Table("budget_bridge", f"Revenue budget movements, {y0} to {y1}", ["Movement", "£m"], rows,
              bold=(0, len(rows) - 1), note="Each line is the change in that line of the plan; savings and "
                                            "earmarked-reserve use reduce the requirement."),
    ])


# The MTFP summary in reading order; each row shown where the model makes the line.
MTFP_SUMMARY = ("total_funding", "total_spending", "savings_delivered", "one_off_costs", "specific_grants_and_income",
                "net_revenue_expenditure", "contributions_to_reserves", "use_of_earmarked_reserves",
                "budget_requirement", "recurring_gap", "incremental_recurring_gap",
                "one_off_items", "reserve_movements", "funding_gap", "cumulative_gap")


def _mtfp(sc: Scenario, p, charts: list[Chart]) -> Section:
    keys = [k for k in MTFP_SUMMARY if k in p]
    g = gap_key(p)
    rows = [[_label(p, k)] + [_m(p, k, t) for t in range(len(p.years))] for k in keys]
    bold = tuple(i for i, k in enumerate(keys) if k in (budget_key(p), g, "cumulative_gap"))
    final = len(p.years) - 1
    gap_final, cumulative = _v(p, g, final), _v(p, "cumulative_gap", final)
    first_gap = next((p.years[t] for t in range(1, len(p.years)) if _v(p, g, t) > 0.5), None)
    if first_gap is None:
        text = f"The plan is balanced in every year to {p.years[-1]}: there is no {_label(p, g).lower()} to close."
    else:
        text = (f"A {_label(p, g).lower()} opens in {first_gap} and reaches {fmt_gbp_m(gap_final)} in {p.years[-1]} "
                f"({fmt_pct(gap_final / _v(p, budget_key(p), final))} of the budget requirement); the cumulative "
                f"position over the plan is {fmt_gbp_m(cumulative)}, the equivalent of "
                f"{_fte(_v(p, 'officer_post_equivalent', final))} officer posts in {p.years[-1]}.")
    years = [f"{y} (base)" if i == 0 else y for i, y in enumerate(p.years)]
    blocks: list[Block] = [Paragraph(text), Table("mtfp_summary", f"Medium-term financial plan, {p.years[0]} to "
                                                  f"{p.years[-1]}", ["£m", *years], rows, bold=bold)]
    blocks += [c for c in charts if c.key == "gap"]
    return Section("4. The medium-term financial plan", blocks)


def _workforce(sc: Scenario, p) -> Section:
    groups = list(sc.workforce.groups)
    rows = [[f"{g.name} (FTE at 31 March)"] + [_fte(v) for v in p[f"fte_{k}"][0]] for k, g in sc.workforce.groups.items()]
    rows.append(["Total FTE"] + [_fte(sum(p[f"fte_{k}"][0, t] for k in groups)) for t in range(len(p.years))])
    pay_rows = [[f"Pay: {g.name}"] + [_m(p, f"pay_{k}", t) for t in range(len(p.years))]
                for k, g in sc.workforce.groups.items()]
    officer = sc.workforce.groups.get(sc.workforce.officer_group)
    text = (f"The plan holds {_fte(sum(p[f'fte_{k}'][0, 1] for k in groups))} FTE at 31 March of {p.years[1]}"
            + (f", of whom {_fte(p[f'fte_{sc.workforce.officer_group}'][0, 1])} are {officer.name.lower()}"
               if officer else "") + f", and {_fte(sum(p[f'fte_{k}'][0, -1] for k in groups))} by {p.years[-1]}.")
    return Section("5. Workforce", [
        Paragraph(text),
        Table("workforce", "Workforce by group (FTE)", ["FTE", *p.years], rows, bold=(len(rows) - 1,)),
        Table("pay", "Pay cost by group", ["£m", *p.years], pay_rows),
    ])


def _savings(sc: Scenario, p) -> Section:
    final, y = len(p.years) - 1, p.years[-1]
    blocks: list[Block] = []
    items = sc.savings.items
    counted = "risk-adjusted (planned x delivery confidence)" if sc.savings.count_in_gap == "risk_adjusted" \
        else "planned (in full)"
    if not items and not sc.savings.collaboration:
        return Section("6. Savings plan", [Paragraph("The scenario holds no savings plan: every gap in section 4 is "
                                                     "still to be closed.")])
    rows = []
    for k, item in items.items():
        rows.append([item.name, THEMES.get(item.theme, item.theme), REDUCES.get(item.reduces, item.reduces),
                     item.start_year, fmt_pct(item.confidence.value / 100, 0),
                     _m(p, f"saving_planned_{k}", final), _m(p, f"saving_risk_adjusted_{k}", final)])
    for k, project in sc.savings.collaboration.items():
        rows.append([f"{project.name} (collaboration)", "Partnerships", "Non-pay", project.start_year,
                     fmt_pct(project.confidence.value / 100, 0), _m(p, f"collaboration_planned_{k}", final),
                     _m(p, f"collaboration_risk_adjusted_{k}", final)])
    rows.append(["Total", "", "", "", "", _m(p, "savings_planned", final), _m(p, "savings_risk_adjusted", final)])
    blocks.append(Paragraph(f"The plan counts savings {counted} in the gap: {_m(p, 'savings_delivered', final)} a year "
                            f"by {y} against {_m(p, 'savings_planned', final)} planned. Delivery confidence is the "
                            "finance lead's judgement of the share that will be delivered."))
    blocks.append(Table("savings", f"Savings plan: full-year value in {y}",
                        ["Saving", "Theme", "Reduces", "Starts", "Delivery confidence", "Planned", "Risk-adjusted"],
                        rows, bold=(len(rows) - 1,)))
    by_year = [[_label(p, k)] + [_m(p, k, t) for t in range(len(p.years))]
               for k in ("savings_planned", "savings_risk_adjusted", "savings_delivered")]
    blocks.append(Table("savings_by_year", "Savings by year", ["£m", *p.years], by_year))
    realised = [(project, k) for k, project in sc.savings.collaboration.items() if project.realised_benefit]
    if realised:
        rows = [[project.name] + [_m(p, f"collaboration_realised_{k}", t) for t in range(len(p.years))]
                for project, k in realised]
        blocks.append(Table("benefits_realised", "Benefits realised (recorded)", ["£m", *p.years], rows))
    else:
        blocks.append(Paragraph("No realised benefit is recorded in the scenario yet: the savings above are the plan, "
                                "to be reported against as they are delivered."))
    return Section("6. Savings plan", blocks)


def _sensitivity(sens: list[Sensitivity], p) -> Section:
    y1, y = p.years[1], p.years[-1]
    shown = {"Band D precept": fmt_gbp_k}  # "each £1 on Band D = £Xk", as Panel reports quote it
    rows = [[s.name, s.change, *(shown.get(s.name, fmt_gbp_m_or_k)(x) for x in (s.budget_year, s.final_year))]
            for s in sens]
    phrases = []
    for s in sens:
        if s.name == "Pay award":
            phrases.append(f"each 1% on pay = {fmt_gbp_m_or_k(s.budget_year)} in {y1} "
                           f"({fmt_gbp_m_or_k(s.final_year)} by {y})")
        elif s.name == "Band D precept":
            phrases.append(f"each £1 on Band D = {fmt_gbp_k(-s.budget_year)} in {y1}")
        elif s.name == "Government grant":
            phrases.append(f"each 1% of grant = {fmt_gbp_m_or_k(s.budget_year)} in {y1}")
    text = ("Each assumption below was changed on its own and the whole plan re-run; the table shows the change in "
            f"the {_label(p, gap_key(p)).lower()} (a positive figure widens it). In short: " + "; ".join(phrases) + ".")
    return Section("7. Sensitivity of the budget to its assumptions", [
        Paragraph(text),
        Table("sensitivity", "Sensitivity of the gap", ["Assumption", "Change", f"Gap {y1}", f"Gap {y}"], rows),
    ])


def _options(options: list[PreceptOption], p, charts: list[Chart]) -> Section:
    y0, y1, y = p.years[0], p.years[1], p.years[-1]
    old = _v(p, "band_d", 0)
    rows = [[o.name, fmt_money_small(o.rise), fmt_pct(o.rise / old), fmt_money_small(o.band_d),
             fmt_gbp_m(o.council_tax_requirement), fmt_gbp_m(o.gap[1]), fmt_gbp_m(o.gap[-1]),
             fmt_gbp_m(o.cumulative)] for o in options]
    low, high = options[0], options[-1]
    text = (f"Each option sets a different Band D rise for {y1} (later years' rises as planned) and re-runs the plan. "
            f"Between {low.name.lower()} and {high.name.lower()} the {y1} council-tax requirement differs by "
            f"{fmt_gbp_m(high.council_tax_requirement - low.council_tax_requirement)} and the gap in {y} by "
            f"{fmt_gbp_m(low.gap[-1] - high.gap[-1])} a year.")
    blocks: list[Block] = [Paragraph(text), Table(
        "precept_options", f"Precept options for {y1}",
        ["Option", f"Rise on {y0} (£)", "Rise %", f"Band D {y1}", "Council-tax requirement", f"Gap {y1}", f"Gap {y}",
         f"{_label(p, 'cumulative_gap')} to {y}"], rows)]
    blocks += [c for c in charts if c.key == "household"]
    return Section("8. Precept options", blocks)


def has_capital_programme(p) -> bool:
    return results.has_capital_programme(p)


def has_risk_register(p) -> bool:
    return results.has_risk_register(p)


def _capital(sc: Scenario, p) -> Section:
    b = budget_key(p)
    values = p["capital_financing"][0]
    if has_capital_programme(p):
        return _capital_programme(sc, p)
    rows = [["Capital financing (revenue cost)"] + [fmt_gbp_m(v) for v in values],
            [f"As % of {_label(p, b).lower()}"] + [fmt_pct(values[t] / _v(p, b, t)) for t in range(len(p.years))]]
    text = (f"No capital programme is given in this scenario; capital financing is the {fmt_gbp_m(values[1])} in "
            f"{p.years[1]} (rising to {fmt_gbp_m(values[-1])} by {p.years[-1]}) typed in the plan as the revenue cost "
            "of borrowing and revenue contributions to capital. Without the schemes, their funding and the capital "
            "financing requirement, the prudential indicator of financing costs to net revenue stream is shown "
            "below as the typed cost over the budget requirement.")
    return Section("9. Capital programme and financing", [
        Paragraph(text), Table("capital", "Capital financing in the revenue budget", ["", *p.years], rows)])


def _capital_programme(sc: Scenario, p) -> Section:
    k = results.capital_key_figures(p)
    y1, y = p.years[1], p.years[-1]
    text = (f"The capital programme totals {fmt_gbp_m(k['capital_programme_total'])} from {y1} to {y}, of which "
            f"{fmt_gbp_m(k['borrowing_total'])} is funded by prudential borrowing (the balance after grant, receipts, "
            f"revenue contributions and reserves). The capital financing requirement reaches "
            f"{fmt_gbp_m(k['cfr_closing_final'])} by the end of {y} (external debt {fmt_gbp_m(k['external_debt_final'])}); "
            f"financing costs are {fmt_pct(k['financing_costs_pct_budget_year'])} of the net revenue stream in {y1} and "
            f"{fmt_pct(k['financing_costs_pct_final_year'])} in {y}, the prudential indicator. Their revenue cost "
            f"(MRP, interest and revenue contributions) is the capital financing line of the budget: "
            f"{_m(p, 'capital_financing', 1)} in {y1}.")
    programme = frame_table("capital_programme", "Capital programme and its funding", results.capital_programme_table(p),
                            p.years, text=("category",), bold=("capital_spend", "capital_funding"), corner="£m")
    programme = Table(programme.key, programme.caption, programme.header,
                      [[r[0], r[1].replace("_", " ").capitalize(), *r[2:]] for r in programme.rows], bold=programme.bold)
    cfr = frame_table("capital_financing_requirement", "Capital financing requirement and the prudential indicator",
                      results.cfr_table(p), p.years, bold=("cfr_closing", "financing_costs_pct_of_net_revenue_stream"),
                      corner="£m")
    return Section("9. Capital programme and financing", [Paragraph(text), programme, cfr])


def _reserves(sc: Scenario, p) -> Section:
    b = budget_key(p)
    n = len(p.years)
    table = frame_table("reserves", "Reserves strategy: balances at 31 March", results.reserves_strategy_table(p),
                        p.years, label="reserve", text=("category",),
                        bold=("general_reserve_closing", "total_reserves_closing"), corner="£m")
    resilience = [k for k in ("reserves_pct_of_net_revenue_expenditure", "reserves_years_cover") if k in p]
    rows = list(table.rows) + [[_label(p, k), ""] + [fmt_value(x, p.lines[k].unit) for x in p[k][0]] for k in resilience]
    rows.append(["General reserve as % of budget requirement", ""]
                + [fmt_pct(_v(p, "general_reserve_closing", t) / _v(p, b, t)) for t in range(n)])
    table = Table(table.key, table.caption, table.header, rows, bold=table.bold)
    breached = p.event_year("minimum_breached")
    run_out = p.event_year("reserves_run_out")
    usable_out = p.event_year("usable_reserves_run_out") if "usable_reserves_run_out" in p.events else None
    text = (f"Usable reserves are forecast at {_m(p, 'total_reserves_closing', 1)} at the end of {p.years[1]} and "
            f"{_m(p, 'total_reserves_closing', n - 1)} at the end of {p.years[-1]}. The general reserve "
            + (f"falls below its minimum ({fmt_pct(sc.reserves.minimum_pct.year_values(p.years)[1] / 100)} of the "
               f"budget requirement) in {breached}" if breached else "stays above its minimum in every year")
            + (f" and runs out in {run_out}" if run_out else "")
            + (f"; usable reserves as a whole run out in {usable_out}." if usable_out else "."))
    gap_use = "may" if sc.reserves.fund_gap_from_reserves else "may not"
    note = f"The scenario says the general reserve {gap_use} meet a gap in the plan."
    return Section("10. Reserves strategy", [Paragraph(text), table, Paragraph(note, "note")])


def _risks(sc: Scenario, p) -> Section:
    if has_risk_register(p):
        return _risk_register(sc, p)
    return Section("11. Risks and the risk-based reserve", [Paragraph(
        "No risk register is given in this scenario, so no risk-based general reserve is simulated; the minimum "
        f"general reserve is the scenario's {fmt_pct(sc.reserves.minimum_pct.year_values(p.years)[1] / 100)} of the "
        f"budget requirement ({_m(p, 'minimum_general_reserve', 1)} in {p.years[1]}). The main risks to the plan are "
        "quantified in the sensitivity table (section 7).")])


def _risk_register(sc: Scenario, p) -> Section:
    need = results.risk_based_reserve(p)
    frame = results.risk_register_table(p)
    held, needed = need["general_reserve_held"], need["risk_based_reserve"]
    text = (f"The risk register is simulated ({need['draws']:,} draws, seed {need['seed']}): at "
            f"{fmt_pct(need['confidence'], 0)} confidence the risks need a general reserve of {fmt_gbp_m(needed)}, "
            f"against {fmt_gbp_m(held)} held at the end of {p.years[0]} and the scenario's minimum of "
            f"{fmt_gbp_m(need['minimum_general_reserve'])} for {need['budget_year']}. "
            + (f"The reserve held is {fmt_gbp_m(needed - held)} short of the risk-based need."
               if needed > held + 0.5 else f"The reserve held covers the risk-based need with "
                                           f"{fmt_gbp_m(held - needed)} to spare."))
    rows = [[rec["name"], str(rec["category"]).replace("_", " ").capitalize(), fmt_pct(rec["probability"], 0),
             " / ".join(fmt_gbp_m(rec[c]) for c in ("impact_low", "impact_most_likely", "impact_high")),
             fmt_gbp_m(rec["expected_loss"]), fmt_gbp_m(rec["contribution"]),
             str(rec["source"] or rec["owner"] or "")] for rec in frame.to_dict("records")]
    table = Table("risk_register", "Risk register, largest contribution first",
                  ["Risk", "Category", "Annual probability", "Impact low / likely / high", "Expected loss",
                   "Contribution to reserve", "Source or owner"], rows)
    return Section("11. Risks and the risk-based reserve", [Paragraph(text), table])


def _appendix(sc: Scenario) -> Section:
    from mtfp.analysis.assumptions import label

    frame = results.assumptions_table(sc)
    rows = []
    for rec in frame.to_dict("records"):
        value = rec["value"]
        shown = f"{value:,g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
        source = rec["source"] + (f" ({rec['link']})" if rec["link"] else "")
        basis = {"national": "national rule", "force": "force figure", "estimate": "estimate"}.get(rec["basis"],
                                                                                                    rec["basis"])
        rows.append([label(sc, rec["field"]), shown, rec["unit"], source, basis])
    illustrative = int(frame["illustrative"].sum())
    return Section("Appendix A. Assumptions and their sources", [
        Paragraph(f"Every input of the plan with its value (in the units of the scenario file) and its source. "
                  f"{illustrative} of the {len(frame)} inputs are marked illustrative in the scenario."),
        Table("assumptions", "Assumptions", ["Assumption", "Value", "Unit", "Source", "Basis"], rows, small=True)])


def _checks(p) -> Section:
    rows = [[name.replace("_", " ").capitalize(), "holds" if error <= 0.01 else f"fails by £{error:,.2f}"]
            for name, error in p.checks.items()]
    ok = master_check(p.checks)
    return Section("Appendix B. Control checks", [
        Paragraph(f"The model checks its accounting identities on every run: {'all hold' if ok else 'SOME FAIL'} "
                  f"({len(rows)} checks, to the penny)."),
        Table("checks", "Control checks", ["Check", "Result"], rows, small=True)])


# --- charts ----------------------------------------------------------------------------------------

BROWSER_LOGGERS = ("choreographer", "kaleido", "logistro")


def quiet_browser_logs() -> None:
    """Keep the chart browser's own log records (kaleido drives Chromium through choreographer,
    which logs and ignores a garbled message from the browser, with a traceback, under load) off
    the user's screen: a chart that cannot be drawn is reported by the report, in a sentence."""
    import logging

    import kaleido  # noqa: F401 - first: its logging library (logistro) sets the logger class these loggers need

    for name in BROWSER_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def _png(fig, attempts: int = 2) -> tuple[bytes | None, str]:
    """The chart as PNG, or (None, why not): no Chromium, or an export that failed twice."""
    from mtfp.charts import static

    problem = ""
    for _ in range(attempts):
        try:
            return static.figure_bytes(fig, "png"), ""
        except static.ExportUnavailable as exc:
            return None, str(exc)
        except Exception as exc:  # noqa: BLE001 - a chart export that fails is reported, never a traceback
            lines = str(exc).strip().splitlines()
            problem = f"the chart export failed ({type(exc).__name__}{': ' + lines[0][:200] if lines else ''})"
    return None, problem


def _charts(p, options: list[PreceptOption], as_of: dt.date, draw: bool) -> tuple[list[Chart], list[str]]:
    from mtfp.charts import plan
    from mtfp.charts.consultation import household_chart

    figures = [("gap", "The funding gap by year", plan.gap_chart(p, as_of=as_of)),
               ("household", f"What each option adds to a year's council tax, {p.years[1]}",
                household_chart([o.rise for o in options], results.scenario_title(p.scenario), p.years[1],
                                as_of=as_of))]
    out, notes = [], []
    if draw:
        quiet_browser_logs()
    for key, caption, fig in figures:
        alt = plan.alt_text(fig)
        if not draw:
            out.append(Chart(key, caption, alt, None, "Charts were not drawn: the report was asked for without them."))
            continue
        png, problem = _png(fig)
        if png is None:
            out.append(Chart(key, caption, alt, None, f"The chart could not be drawn here: {problem}."))
            notes.append(f"chart '{caption}' not drawn: {problem}")
        else:
            out.append(Chart(key, caption, alt, png))
    return out, notes


def _key_figures(sc: Scenario, p) -> Table:
    b, g, final = budget_key(p), gap_key(p), len(p.years) - 1
    y0, y1, y = p.years[0], p.years[1], p.years[-1]
    rows = [
        [f"Band D precept {y1}", fmt_money_small(_v(p, "band_d", 1)),
         f"{fmt_money_small(_v(p, 'band_d_rise', 1))} ({fmt_pct(_v(p, 'band_d_rise_pct', 1))}) on {y0}"],
        [f"Council-tax requirement {y1}", _m(p, "precept", 1), f"tax base {_v(p, 'tax_base', 1):,.2f} Band D equivalents"],
        [f"{_label(p, b)} {y1}", _m(p, b, 1), f"{_m(p, b, 0)} in {y0}"],
        [f"{_label(p, g)} {y}", _m(p, g, final), f"cumulative {_m(p, 'cumulative_gap', final)} to {y}"],
        [f"General reserve, end of {y1}", _m(p, "general_reserve_closing", 1),
         f"{_m(p, 'general_reserve_closing', final)} at the end of {y}"],
        ["Control checks", "all hold" if master_check(p.checks) else "SOME FAIL", f"{len(p.checks)} identities"],
    ]
    return Table("key_figures", "Key figures", ["", "", ""], rows)


# --- the report ------------------------------------------------------------------------------------

def build_report(scenario: Scenario, projection=None, as_of: dt.date | None = None, charts: bool = True,
                 edited: bool | None = None) -> Report:
    """The Panel report of one scenario (its central case), as data. `charts=False` leaves the
    charts undrawn (each says so); `edited=True` marks the scenario as edited in mtfp even where
    results.scenario_title would not (the app knows it differs from its file)."""
    from mtfp.report import section25

    p = projection if projection is not None else mtfp.run(scenario)
    as_of = as_of or dt.date.today()
    name = results.scenario_title(scenario)  # "(edited)" once changed in mtfp, as every chart and export says
    if edited and not name.endswith(results.EDITED_SUFFIX):
        name += results.EDITED_SUFFIX
    sens = sensitivities(scenario, p)
    options = precept_options(scenario, p)
    drawn, notes = _charts(p, options, as_of, charts)
    sections = [
        _recommendations(scenario, p), _funding(scenario, p), _bridge(scenario, p), _mtfp(scenario, p, drawn),
        _workforce(scenario, p), _savings(scenario, p), _sensitivity(sens, p), _options(options, p, drawn),
        _capital(scenario, p), _reserves(scenario, p), _risks(scenario, p),
        section25.statement(scenario, p, sens),
        _appendix(scenario), _checks(p),
    ]
    title = f"Precept proposal and medium-term financial plan {p.years[1]} to {p.years[-1]}"
    cover = [f"Scenario: {name}", f"Plan date: {date_text(as_of)}",
             f"Budget year {p.years[1]}; base year {p.years[0]} (the year now ending).",
             "Prepared with mtfp from the scenario file; every figure traces to an assumption in Appendix A, "
             "and figures the scenario marks illustrative are illustrative."]
    return Report(title=title, subtitle="Report to the Police and Crime Panel", cover=cover, sections=sections,
                  scenario_name=name, as_of=as_of, key_figures=_key_figures(scenario, p), notes=notes)
