"""The results workbook (XLSX) for a finance reader, built with XlsxWriter.

Money cells hold £m (pounds / 1,000,000) at full precision with the number format
#,##0.0; FTE #,##0; rates 0.0%. Each sheet has a title, a note with the date, a frozen
heading row and label columns, set column widths and bold totals. `mtfp.outputs.tables` is the
public entry point (results_xlsx, compare_xlsx).

Every sheet prints as a finance reader files it: A4 landscape, fitted to one page wide (as
many pages tall as it needs), the title and heading rows and the line labels repeated on every
page, and a footer with the scenario name, the plan date (mtfp.scenario.plandate) and "Page 1 of 3".
"""
from __future__ import annotations

import datetime as dt
import io
import math

import pandas as pd

from mtfp import results
from mtfp.checks import CHECKS, TOLERANCE
from mtfp.outputs.safe import NOT_APPLICABLE, XLSX_OPTIONS
from mtfp.outputs.tables import (
    DISPLAY,
    HEADER_ROW,
    TABLES,
    TOTAL_LINES,
    compare_frame,
    compare_summary,
    summary_lines,
    table_lines,
)
from mtfp.results import scenario_title
from mtfp.scenario.plandate import date_text, plan_date
from mtfp.units import fmt_when


class _Book:
    """An XlsxWriter workbook with the project's formats."""

    def __init__(self):
        import xlsxwriter

        self.buffer = io.BytesIO()
        # Text is written as text (never a formula or link); a NaN or inf number raises rather
        # than reach a cell, so every writer below decides what an undefined figure shows.
        self.wb = xlsxwriter.Workbook(self.buffer, {"in_memory": True, **XLSX_OPTIONS})
        self.title = self.wb.add_format({"bold": True, "font_size": 14})
        self.note = self.wb.add_format({"italic": True, "font_color": "#595959"})
        self.header = self.wb.add_format({"bold": True, "bottom": 1, "bg_color": "#D9E1F2", "text_wrap": True,
                                          "valign": "top"})
        self.header_num = self.wb.add_format({"bold": True, "bottom": 1, "bg_color": "#D9E1F2", "align": "right"})
        self.text = self.wb.add_format({})
        self.bold_text = self.wb.add_format({"bold": True, "top": 1})
        self.link = self.wb.add_format({"font_color": "#0563C1", "underline": 1})
        self._num = {}

    def num(self, fmt: str, bold: bool = False):
        if (fmt, bold) not in self._num:
            props = {"num_format": fmt}
            if bold:
                props.update(bold=True, top=1)
            self._num[(fmt, bold)] = self.wb.add_format(props)
        return self._num[(fmt, bold)]

    def number(self, ws, row: int, col: int, value, fmt) -> None:
        """A number cell, or 'n/a' (a string) when the figure is NaN or inf (e.g. a zero denominator)."""
        value = float(value)
        if math.isfinite(value):
            ws.write_number(row, col, value, fmt)
        else:
            ws.write_string(row, col, NOT_APPLICABLE, fmt)

    def close(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()


A4 = 9  # XlsxWriter's paper code for A4
FOOTER_NAME_CHARS = 120  # Excel allows 255 characters in a footer, codes included


def footer_text(name: str, as_of: dt.date, label: str = "Plan date") -> str:
    """The printed footer: scenario name left, plan date centre, page number right ('&' doubled
    so a name such as 'Avon & Somerset' prints as written, not as a footer code)."""
    name = " ".join(str(name).split())
    if len(name) > FOOTER_NAME_CHARS:
        name = name[:FOOTER_NAME_CHARS - 1] + "…"
    return f"&L{name.replace('&', '&&')}&C{label}: {date_text(as_of)}&RPage &P of &N"


def print_setup(ws, footer: str, label_columns: int = 1, heading_rows: int = HEADER_ROW + 1) -> None:
    """Landscape A4, one page wide, heading rows and label columns repeated, the footer on every page."""
    ws.set_landscape()
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, heading_rows - 1)
    if label_columns:
        ws.repeat_columns(0, label_columns - 1)
    ws.set_footer(footer)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)


def _heading(book: _Book, ws, title: str, note: str) -> None:
    ws.write_string(0, 0, title, book.title)
    ws.write_string(1, 0, note, book.note)


def _line_sheet(book: _Book, name: str, p, keys: list[str], draw: int, subtitle: str, footer: str) -> None:
    """Rows = result lines, columns = years; money in £m (#,##0.0), frozen header and labels."""
    ws = book.wb.add_worksheet(name)
    _heading(book, ws, f"{name}: {scenario_title(p.scenario)}", subtitle)
    ws.write_row(HEADER_ROW, 0, ["Line", "Unit"], book.header)
    ws.write_row(HEADER_ROW, 2, p.years, book.header_num)
    for r, key in enumerate(keys, start=HEADER_ROW + 1):
        line = p.lines[key]
        label, divisor, fmt = DISPLAY.get(line.unit, (line.unit, 1.0, "General"))
        bold = key in TOTAL_LINES
        ws.write_string(r, 0, line.label, book.bold_text if bold else book.text)
        ws.write_string(r, 1, label, book.bold_text if bold else book.text)
        for c, value in enumerate(line.values[draw], start=2):
            value = float(value)
            if math.isnan(value) and line.unit != "fraction":
                ws.write_blank(r, c, None, book.num(fmt, bold))
            else:
                book.number(ws, r, c, value / divisor, book.num(fmt, bold))
    ws.freeze_panes(HEADER_ROW + 1, 2)
    ws.set_column(0, 0, max([len(p.lines[k].label) for k in keys] + [20]) + 2)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 1 + len(p.years), 11)
    print_setup(ws, footer, label_columns=2)


def _key_figures_sheet(book: _Book, p, draw: int, subtitle: str, footer: str) -> None:
    ws = book.wb.add_worksheet("Key figures")
    _heading(book, ws, f"Key figures: {scenario_title(p.scenario)}", subtitle)
    ws.write_row(HEADER_ROW, 0, ["Figure", "Value", "Unit"], book.header)
    figures = results.key_figures(p, draw)
    final = figures["final_year"]
    rows = [
        (f"Recurring (structural) gap {final}", figures["final_year_recurring_gap"] / 1e6, "£m", "#,##0.0"),
        (f"New recurring savings needed in {final}", figures["final_year_new_recurring_savings"] / 1e6, "£m",
         "#,##0.0"),
        (f"Recurring gap as % of net revenue expenditure {final}", figures["gap_pct_of_net_budget"], "%", "0.0%"),
        (f"Recurring gap in officer posts {final}", figures["officer_post_equivalent"], "FTE", "#,##0"),
        (f"Gap after one-offs and reserves {final}", figures["final_year_gap"] / 1e6, "£m", "#,##0.0"),
        (f"Cumulative gap after one-offs and reserves to {final}", figures["cumulative_gap"] / 1e6, "£m", "#,##0.0"),
        (f"Net revenue expenditure {final}", figures["net_revenue_expenditure"] / 1e6, "£m", "#,##0.0"),
        (f"Budget requirement {final}", figures["budget_requirement"] / 1e6, "£m", "#,##0.0"),
        (f"General reserve closing {final}", figures["general_reserve_closing"] / 1e6, "£m", "#,##0.0"),
        ("Year the minimum general reserve is breached", figures["minimum_breached"] or "not breached", "", None),
        ("Year the general reserve runs out", figures["reserves_run_out"] or "does not run out", "", None),
        ("Years the precept rise was capped", ", ".join(figures["precept_capped_years"]) or "none", "", None),
        ("Master check", "all identities hold" if figures["master_check"]
         else "FAILED: " + ", ".join(figures["failed_checks"]), "", None),
    ]
    rows += [("Grant condition", sentence, "", None) for sentence in figures["grant_conditions"]]
    for r, (label, value, unit, fmt) in enumerate(rows, start=HEADER_ROW + 1):
        ws.write_string(r, 0, label)
        if fmt:
            book.number(ws, r, 1, value, book.num(fmt, bold=r == HEADER_ROW + 1))
        else:
            ws.write_string(r, 1, str(value))
        ws.write_string(r, 2, unit)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    ws.set_column(0, 0, 48)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 8)
    print_setup(ws, footer)


def _risk_register_sheet(book: _Book, p, draw: int, subtitle: str, footer: str) -> None:
    """The risk register with each risk's expected loss and contribution, and the risk-based
    reserve beside the reserve held and the minimum (money in £m)."""
    ws = book.wb.add_worksheet("Risk register")
    figures = results.risk_based_reserve(p, draw)
    _heading(book, ws, f"Risk register: {scenario_title(p.scenario)}",
             f"{subtitle}. Simulated {figures['draws']:,} years, seed {figures['seed']}; reserve needed at "
             f"{figures['confidence']:.0%} confidence")
    header = ["Risk", "Category", "Probability", "Impact low £m", "Most likely £m", "Impact high £m",
              "Expected loss £m", "Contribution £m", "Source", "Owner"]
    ws.write_row(HEADER_ROW, 0, header, book.header)
    money, pct = book.num("#,##0.00"), book.num("0%")
    table = results.risk_register_table(p)
    row = HEADER_ROW
    for row, r in enumerate(table.itertuples(index=False), start=HEADER_ROW + 1):
        ws.write_string(row, 0, r.name, book.text)
        ws.write_string(row, 1, r.category, book.text)
        book.number(ws, row, 2, r.probability, pct)
        for c, value in enumerate((r.impact_low, r.impact_most_likely, r.impact_high, r.expected_loss, r.contribution),
                                  start=3):
            book.number(ws, row, c, value / 1e6, money)
        ws.write_string(row, 8, r.source, book.text)
        ws.write_string(row, 9, r.owner, book.text)
    summary = [("Risk-based general reserve", figures["risk_based_reserve"]),
               (f"General reserve held at the start of {figures['budget_year']}", figures["general_reserve_held"]),
               (f"Minimum general reserve {figures['budget_year']}", figures["minimum_general_reserve"]),
               ("Shortfall (positive) or cover above the need (negative)", figures["shortfall"])]
    for i, (label, value) in enumerate(summary, start=row + 2):
        ws.write_string(i, 0, label, book.bold_text)
        book.number(ws, i, 7, value / 1e6, book.num("#,##0.00", True))
    ws.set_column(0, 0, 55)
    ws.set_column(1, 9, 14)
    print_setup(ws, footer)


def _checks_sheet(book: _Book, p, subtitle: str, footer: str) -> None:
    ws = book.wb.add_worksheet("Checks")
    _heading(book, ws, f"Control checks: {scenario_title(p.scenario)}", subtitle)
    ws.write_row(HEADER_ROW, 0, ["Identity", "What it checks", "Largest error", "Unit", "Holds"], book.header)
    for r, (name, error) in enumerate(p.checks.items(), start=HEADER_ROW + 1):
        func, unit = CHECKS[name]
        ws.write_string(r, 0, name)
        ws.write_string(r, 1, (func.__doc__ or "").strip())
        book.number(ws, r, 2, error, book.num("0.000000"))
        ws.write_string(r, 3, {"gbp": "£", "fte": "FTE"}.get(unit, unit))
        ws.write_string(r, 4, "yes" if error <= TOLERANCE[unit] else "NO")
    ws.freeze_panes(HEADER_ROW + 1, 0)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 80)
    ws.set_column(2, 4, 14)
    print_setup(ws, footer)


def _billing_authorities_sheet(book: _Book, p, draw: int, subtitle: str, footer: str) -> None:
    """The precept by billing authority (results.band_d_by_authority): one row per authority and
    year, then the year's Total; each precept = tax base x Band D, rounded to the penny."""
    from mtfp import results

    frame = results.band_d_by_authority(p, draw)
    if frame.empty:
        return
    ws = book.wb.add_worksheet("Precept by authority")
    _heading(book, ws, f"Precept by billing authority: {p.scenario.name}",
             subtitle + "; each authority's precept = its tax base x Band D, rounded to the penny")
    ws.write_row(HEADER_ROW, 0, ["Billing authority", "Year", "Tax base (Band D equivalents)", "Band D (£)",
                                 "Precept (£)", "Collection fund (£)"], book.header)
    for r, row in enumerate(frame.itertuples(), start=HEADER_ROW + 1):
        bold = row.authority == "total"
        ws.write_string(r, 0, row.name, book.bold_text if bold else book.text)
        ws.write_string(r, 1, row.year, book.bold_text if bold else book.text)
        for c, (value, fmt) in enumerate(((row.tax_base, "#,##0.00"), (row.band_d, "#,##0.00"),
                                          (row.precept, "#,##0.00"), (row.collection_fund, "#,##0.00")), start=2):
            book.number(ws, r, c, value, book.num(fmt, bold))
    ws.freeze_panes(HEADER_ROW + 1, 2)
    ws.set_column(0, 0, max([len(n) for n in frame.name] + [20]) + 2)
    ws.set_column(1, 5, 16)
    print_setup(ws, footer, label_columns=2)


def _assumptions_sheet(book: _Book, scenario, subtitle: str, footer: str) -> None:
    """The assumptions register (results.assumptions_register), every cell text (never a formula):
    section, assumption, value with its unit, basis, source, link, note, the value each year for
    those given by year, then the unit, the file's own figure and the field path."""
    ws = book.wb.add_worksheet("Assumptions")
    _heading(book, ws, f"Assumptions register: {scenario_title(scenario)}", subtitle)
    table = results.assumptions_register(scenario)
    columns = list(table.columns)
    ws.write_row(HEADER_ROW, 0, columns, book.header)
    link = columns.index("Link")
    for r, row in enumerate(table.itertuples(index=False), start=HEADER_ROW + 1):
        for c, text in enumerate(row):
            if c == link and str(text).startswith(("http://", "https://")):
                ws.write_url(r, c, text, book.link, string=text)
            else:
                ws.write_string(r, c, str(text))
    ws.freeze_panes(HEADER_ROW + 1, 2)
    ws.autofilter(HEADER_ROW, 0, HEADER_ROW + len(table), len(columns) - 1)
    years = len(scenario.years)
    for c, width in enumerate([16, 48, 30, 24, 60, 40, 40] + [16] * years + [18, 30, 52]):
        ws.set_column(c, c, width)
    print_setup(ws, footer, label_columns=2)


def _change_log_sheet(book: _Book, scenario, subtitle: str, footer: str) -> None:
    """The scenario's change log, oldest first: when (e.g. 1 Dec 2026 14:05), field, old, new and
    where the old value came from. Values are written as text, never as formulas."""
    ws = book.wb.add_worksheet("Change log")
    _heading(book, ws, f"Change log: {scenario_title(scenario)}", subtitle)
    columns = ["When", "Field", "Old", "New", "Old value's source"]
    ws.write_row(HEADER_ROW, 0, columns, book.header)
    if not scenario.changes:
        ws.write_string(HEADER_ROW + 1, 0, "No changes: the scenario is as its file has it.")
    for r, change in enumerate(scenario.changes, start=HEADER_ROW + 1):
        for c, text in enumerate([fmt_when(change.when), change.field, _log_text(change.old), _log_text(change.new),
                                   change.old_source or ""]):
            ws.write_string(r, c, text)
    for c, width in enumerate([20, 52, 30, 30, 70]):
        ws.set_column(c, c, width)
    print_setup(ws, footer)


def _log_text(value) -> str:
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _subtitle() -> str:
    """The note under each sheet's title: units and the date the workbook was produced."""
    return f"Money in £m unless stated; positive gap = shortfall. Produced by mtfp on {date_text(dt.date.today())}."


def results_workbook(p, scenario=None, draw: int = 0, as_of: dt.date | None = None) -> bytes:
    """Workbook: Summary, one sheet per table (Funding, Spending, Savings, Budget and gap,
    Workforce, Reserves, Indicators), Key figures, Checks, Assumptions (every input) and Change log.
    `as_of` is the plan date in the footer (default: the scenario's own, mtfp.scenario.plandate)."""
    scenario = scenario or p.scenario
    book = _Book()
    subtitle = _subtitle()
    footer = footer_text(scenario_title(scenario), as_of or plan_date(scenario))
    _line_sheet(book, "Summary", p, summary_lines(p), draw, subtitle, footer)
    for name, sections in TABLES:
        keys = table_lines(p, sections)
        if keys:
            _line_sheet(book, name, p, keys, draw, subtitle, footer)
    _billing_authorities_sheet(book, p, draw, subtitle, footer)
    _key_figures_sheet(book, p, draw, subtitle, footer)
    if results.has_risk_register(p):
        _risk_register_sheet(book, p, draw, subtitle, footer)
    _checks_sheet(book, p, subtitle, footer)
    _assumptions_sheet(book, scenario, subtitle, footer)
    _change_log_sheet(book, scenario, subtitle, footer)
    return book.close()


def compare_workbook(projections: dict, draw: int = 0, as_of: dt.date | None = None) -> bytes:
    """Workbook: 'Recurring gap by year', 'Gap by year' (after one-offs and reserves) and
    'Cumulative gap' side by side (£m) and 'Key figures'.
    The footer names the scenarios compared and the latest of their plan dates."""
    book = _Book()
    subtitle = _subtitle()
    as_of = as_of or max((plan_date(q.scenario) for q in projections.values()), default=dt.date.today())
    footer = footer_text("Comparison: " + ", ".join(projections), as_of)
    names = list(projections)
    tidy = compare_frame(projections, draw)
    years = list(dict.fromkeys(tidy["year"]))
    for sheet, line, title in (("Recurring gap by year", "recurring_gap", "Recurring (structural) gap by scenario"),
                               ("Gap by year", "funding_gap", "Gap after one-offs and reserves by scenario"),
                               ("Cumulative gap", "cumulative_gap",
                                "Cumulative gap after one-offs and reserves by scenario")):
        ws = book.wb.add_worksheet(sheet)
        _heading(book, ws, title, subtitle)
        ws.write_row(HEADER_ROW, 0, ["Year"], book.header)
        for c, name in enumerate(names, start=1):
            ws.write_string(HEADER_ROW, c, name, book.header)
        pivot = tidy.pivot(index="year", columns="scenario", values=line)
        for r, year in enumerate(years, start=HEADER_ROW + 1):
            ws.write_string(r, 0, year)
            for c, name in enumerate(names, start=1):
                value = pivot.loc[year, name]
                if pd.isna(value):
                    ws.write_blank(r, c, None)
                else:
                    book.number(ws, r, c, float(value) / 1e6, book.num("#,##0.0"))
        ws.freeze_panes(HEADER_ROW + 1, 1)
        ws.set_column(0, 0, 10)
        ws.set_column(1, len(names), max([len(n) for n in names] + [12]) + 2)
        print_setup(ws, footer)
    ws = book.wb.add_worksheet("Key figures")
    _heading(book, ws, "Final-year and cumulative gap by scenario", subtitle)
    headers = ["Scenario", "Final year", "Recurring gap (£m)", "Gap after one-offs and reserves (£m)",
               "Cumulative gap after one-offs and reserves (£m)", "Recurring gap as % of net revenue expenditure"]
    ws.write_row(HEADER_ROW, 0, headers, book.header)
    for r, row in enumerate(compare_summary(projections, draw).itertuples(index=False), start=HEADER_ROW + 1):
        ws.write_string(r, 0, row.scenario)
        ws.write_string(r, 1, row.final_year)
        book.number(ws, r, 2, row.final_year_recurring_gap / 1e6, book.num("#,##0.0"))
        book.number(ws, r, 3, row.final_year_gap / 1e6, book.num("#,##0.0"))
        book.number(ws, r, 4, row.cumulative_gap / 1e6, book.num("#,##0.0"))
        book.number(ws, r, 5, row.gap_pct_of_net_budget, book.num("0.0%"))
    ws.freeze_panes(HEADER_ROW + 1, 1)
    ws.set_column(0, 0, max([len(n) for n in names] + [12]) + 2)
    ws.set_column(1, 5, 16)
    print_setup(ws, footer)
    return book.close()
