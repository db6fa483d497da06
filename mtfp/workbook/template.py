"""The baseline workbook's layout and the template: sheets, columns, units, instructions.

Six sheets (Force, Grants, Precept, Workforce, NonPay, Reserves). Force and Precept are
key/value sheets (label in column A, value in column B); the others are tables with their
column headings on row HEADER_ROW and one row per grant, group, line or reserve. The
template is prefilled from a scenario (the default one unless told otherwise). Reading a
filled copy is mtfp.workbook.reader.scenario_from_baseline.
"""
from __future__ import annotations

import io
import re
import typing
from dataclasses import dataclass, field

from mtfp import timeline
from mtfp.data import default_scenario_file
from mtfp.scenario import (
    EarmarkedReserve,
    GrantLine,
    NonPayLine,
    Param,
    Precept,
    Reserves,
    Scenario,
    WorkforceGroup,
    load_scenario,
)
from mtfp.scenario.schema import SALARY_DEFINITION
from mtfp.units import unit_label

DEFAULT_SCENARIO = default_scenario_file()
HEADER_ROW = 4  # 1-based row of the column headings; data starts on the next row
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass
class Column:
    """One column of a table sheet (or one row of a key/value sheet)."""

    key: str  # the scenario field it fills
    heading: str  # the heading shown, with its unit
    kind: str  # id, text, number, int, year, yesno, choice
    help: str = ""
    required: bool = True
    choices: list[str] = field(default_factory=list)
    percent: bool = False  # a rate in % (a cell formatted as % in Excel is read as a fraction)
    width: int = 16


FORCE = [
    Column("name", "Scenario name", "text", "Shown on every table and chart"),
    Column("base_year", "Base year", "year", "The year whose figures you enter, like 2026/27 (type it as text)"),
    Column("projected_years", "Years to project", "int", "1 to 10 years after the base year"),
    Column("gdp_deflator", "GDP deflator (% a year)", "number",
           "Price inflation used for real-terms grant cuts; blank = the national rules for each year", required=False,
           percent=True),
    Column("nation", "Nation (england or wales)", "choice",
           "Whose national rules apply (referendum principle, NI, levy, pension, pay awards); blank = england",
           required=False, choices=["england", "wales"]),
    Column("other_income", "Other income (£m)", "number", "Fees, charges and other local income in the base year",
           required=False),
    Column("other_income_growth", "Other income growth (% a year)", "number", "Growth in other income each year",
           required=False, percent=True),
]
PRECEPT = [
    Column("tax_base", "Tax base (Band D equivalents)", "number", "Council-tax base in the base year"),
    Column("tax_base_growth", "Tax base growth (% a year)", "number", "Growth in Band D equivalents each year", percent=True),
    Column("band_d", "Band D precept (£)", "number", "The police precept on a Band D property in the base year"),
    Column("band_d_rise_pct", "Band D rise (% a year)", "number",
           "Planned rise each year as a %, or fill the £ row below instead (not both)", required=False, percent=True),
    Column("band_d_rise_gbp", "Band D rise (£ a year)", "number",
           "Planned rise each year in £ on Band D; the referendum limits come from the default scenario",
           required=False),
    Column("collection_fund", "Collection fund surplus or (deficit) in the budget year (£m)", "number",
           "Declared by the billing authorities in January and paid in the budget year (the first projected "
           "year) only, nil in later years; negative for a deficit", required=False),
]
GRANTS = [
    Column("id", "Id (lower case, no spaces)", "id", width=26),
    Column("name", "Grant", "text", width=36),
    Column("base", "Base-year amount (£m)", "number"),
    Column("type", "Type (central or specific)", "choice", choices=["central", "specific"]),
    Column("csr_applies", "Spending-review cut applies (yes or no)", "yesno", required=False),
    Column("cash_change", "Cash change if no cut applies (% a year; blank = flat cash)", "number", required=False,
           percent=True, width=22),
]
WORKFORCE = [
    Column("id", "Id (lower case, no spaces)", "id", width=22),
    Column("name", "Group", "text", width=22),
    Column("fte", "FTE in the base year", "number"),
    Column("salary", "Average salary (£ per FTE)", "number", SALARY_DEFINITION[0].upper() + SALARY_DEFINITION[1:]),
    Column("employer_pension_rate", "Employer pension rate (% of salary)", "number", required=False, percent=True),
    Column("employer_ni_rate", "Employer NI rate (% above threshold)", "number", required=False, percent=True),
    Column("ni_threshold", "NI threshold (£ per FTE a year)", "number", required=False),
    Column("attrition_rate", "Leavers (% of FTE a year)", "number", percent=True),
    Column("pay_award_pct", "Pay award (% a year)", "number", required=False, percent=True),
    Column("drift", "Incremental drift (% a year)", "number", percent=True),
    Column("redundancy_cost", "Redundancy cost (£ per FTE)", "number"),
    Column("recruitment", "Recruitment policy", "choice",
           choices=["replace_leavers", "replace_share", "target", "freeze"], width=18),
]
NONPAY = [
    Column("id", "Id (lower case, no spaces)", "id", width=22),
    Column("name", "Line", "text", width=28),
    Column("base", "Base-year budget (£m)", "number"),
    Column("inflation", "Inflation (% a year; blank for capital financing)", "number", required=False, percent=True,
           width=22),
]
RESERVES = [
    Column("id", "Id (general, or lower case, no spaces)", "id", width=24),
    Column("name", "Reserve", "text", width=28),
    Column("opening", "Opening balance (£m)", "number"),
    Column("minimum_pct", "Minimum (% of net budget; general reserve only)", "number", required=False, percent=True,
           width=24),
]

INSTRUCTIONS = {
    "Force": "One value per row in column B. Money in £m, rates in % (2.5 means 2.5%). "
             "Blank national figures follow the national rules for each year of the plan.",
    "Grants": "One row per grant. Central grants follow the spending-review cut unless you answer no; "
              "specific grants follow their own cash change.",
    "Precept": "Base-year council-tax figures. The referendum principle for each year comes from the national rules.",
    "Workforce": "One row per workforce group: base-year FTE and average cost. Rates in % (24.2 means 24.2%). "
                 "Leave pension (officers), NI and pay award blank to follow the national rules for each year. "
                 "The officer group must have the id police_officers. Policies replace_share and target take "
                 "their share or FTE path from the default scenario's group with the same id.",
    "NonPay": "One row per non-pay budget line in £m. The row with id capital_financing is the capital "
              "financing charge (leave its inflation blank).",
    "Reserves": "The row with id general is the general reserve (give its minimum); other rows are earmarked reserves.",
}
SHEETS = {"Force": FORCE, "Grants": GRANTS, "Precept": PRECEPT, "Workforce": WORKFORCE, "NonPay": NONPAY,
          "Reserves": RESERVES}
PAIR_SHEETS = {"Force", "Precept"}  # key/value sheets: one row per Column


# The schema model whose field each sheet fills, for the allowed range of each number.
RANGE_MODELS = {"Force": Scenario, "Precept": Precept, "Grants": GrantLine, "Workforce": WorkforceGroup,
                 "NonPay": NonPayLine, "Reserves": EarmarkedReserve}


def allowed_range(sheet: str, key: str) -> tuple[float, float, str] | None:
    """(low, high, unit label) the schema allows for a sheet's field, or None if not a number field."""
    model = Reserves if (sheet, key) == ("Reserves", "minimum_pct") else RANGE_MODELS.get(sheet)
    info = model.model_fields.get(key) if model else None
    if info is None:
        return None
    for kind in (info.annotation, *typing.get_args(info.annotation)):
        if isinstance(kind, type) and issubclass(kind, Param):
            return kind.LOW, kind.HIGH, unit_label(kind.UNIT)
    return None


# --- writing the template ------------------------------------------------------------------

def _first(param) -> float | None:
    """The base-year (first) value of an assumption, for prefilling a cell. A national default
    is left blank: read back, the blank follows the national rules for the plan's own years."""
    if param is None or param.basis == "national":
        return None
    value = param.value
    if isinstance(value, dict):
        value = value[min(value, key=timeline.parse_year)]
    return value


def _budget_year(param, years: list[str]) -> float | None:
    """An in-year amount's value in the budget year (the first projected year), for prefilling."""
    return None if param is None else float(param.year_values(years)[1])


def template_rows(sc: Scenario) -> dict[str, list[list]]:
    """The values the template is prefilled with, sheet by sheet, from a scenario."""
    rows = {
        "Force": [[sc.name], [sc.base_year], [sc.projected_years], [_first(sc.gdp_deflator)], [sc.nation],
                  [_first(sc.funding.other_income.base)], [_first(sc.funding.other_income.growth)]],
        "Precept": [[_budget_year(sc.precept.collection_fund, sc.years) if c.key == "collection_fund"
                     else _first(getattr(sc.precept, c.key))] for c in PRECEPT],
        "Grants": [[k, g.name, _first(g.base), "central", "yes" if g.csr_applies else "no", _first(g.cash_change)]
                   for k, g in sc.funding.grants.items()]
        + [[k, g.name, _first(g.base), "specific", "no", _first(g.cash_change)] for k, g in sc.funding.specific_grants.items()],
        "Workforce": [[k, g.name] + [_first(getattr(g, c.key)) for c in WORKFORCE[2:-1]] + [g.recruitment]
                      for k, g in sc.workforce.groups.items()],
        "NonPay": [[k, line.name, _first(line.base), _first(line.inflation)] for k, line in sc.non_pay.lines.items()]
        # With a capital programme (capital:) the line is the programme's, not a figure to type.
        + ([["capital_financing", "Capital financing", _first(sc.non_pay.capital_financing), None]]
           if sc.non_pay.capital_financing is not None else []),
        "Reserves": [["general", "General reserve", _first(sc.reserves.general_opening), _first(sc.reserves.minimum_pct)]]
        + [[k, r.name, _first(r.opening), None] for k, r in sc.reserves.earmarked.items()],
    }
    return rows


def template_xlsx(defaults: Scenario | None = None) -> bytes:
    """The baseline template as .xlsx bytes, prefilled with the default scenario's figures."""
    import xlsxwriter

    sc = defaults or load_scenario(DEFAULT_SCENARIO)
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title = wb.add_format({"bold": True, "font_size": 14})
    note = wb.add_format({"italic": True, "font_color": "#595959", "text_wrap": False})
    header = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "bottom": 1, "text_wrap": True, "valign": "top"})
    entry = wb.add_format({"bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF"})
    number = wb.add_format({"bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF", "num_format": "#,##0.0##"})
    text = wb.add_format({"bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF", "num_format": "@"})
    prefill = template_rows(sc)
    for name, columns in SHEETS.items():
        ws = wb.add_worksheet(name)
        ws.write(0, 0, f"{name}: base-year figures", title)
        ws.write(1, 0, INSTRUCTIONS[name], note)
        ws.write(2, 0, f"Prefilled with {sc.name}: replace with your force's figures (yellow cells).", note)
        if name in PAIR_SHEETS:
            ws.write_row(HEADER_ROW - 1, 0, ["Item", "Value", "What it means"], header)
            for r, (column, values) in enumerate(zip(columns, prefill[name]), start=HEADER_ROW):
                ws.write_string(r, 0, column.heading)
                value = values[0]
                fmt = text if column.kind in ("text", "year", "choice") else number
                if value is None:
                    ws.write_blank(r, 1, None, fmt)
                elif column.kind in ("text", "year", "choice"):
                    ws.write_string(r, 1, str(value), fmt)
                else:
                    ws.write_number(r, 1, value, fmt)
                ws.write_string(r, 2, column.help + ("" if column.required else " (optional)"))
            ws.set_column(0, 0, 40)
            ws.set_column(1, 1, 18)
            ws.set_column(2, 2, 80)
            ws.freeze_panes(HEADER_ROW, 0)
            continue
        ws.set_row(HEADER_ROW - 1, 45)
        ws.write_row(HEADER_ROW - 1, 0, [c.heading for c in columns], header)
        for r, values in enumerate(prefill[name], start=HEADER_ROW):
            for c, value in enumerate(values[:len(columns)]):
                if value is None:
                    ws.write_blank(r, c, None, entry)
                elif isinstance(value, str):
                    ws.write_string(r, c, value, text)
                else:
                    ws.write_number(r, c, value, number)
        last = HEADER_ROW + 60
        for c, column in enumerate(columns):
            ws.set_column(c, c, column.width)
            if column.kind in ("choice", "yesno"):
                ws.data_validation(HEADER_ROW, c, last, c, {
                    "validate": "list", "source": column.choices or ["yes", "no"],
                    "error_message": f"Choose one of: {', '.join(column.choices or ['yes', 'no'])}"})
        ws.freeze_panes(HEADER_ROW, 1)
    wb.close()
    return buffer.getvalue()


def present_day_template(base_year: str = "2025/26", force: str | None = None) -> bytes:
    """A template for a present-day base year, prefilled from the named force's published
    figures (mtfp new) or, without a force, the present-day illustrative example. National
    figures are left blank so the read-back follows the national rules for the plan's years."""
    from mtfp.data import data_path
    from mtfp.scenario.files import validate
    from mtfp.scenario.forces import SUPPORTED_BASE_YEARS, force_scenario

    if base_year not in SUPPORTED_BASE_YEARS:
        raise ValueError(f"base year {base_year!r}: a present-day template is for {', '.join(SUPPORTED_BASE_YEARS)}")
    if force:
        data = force_scenario(force, base_year)
        return template_xlsx(validate(data, data["name"]))
    return template_xlsx(load_scenario(data_path("scenarios", "example-2026.yaml")))
