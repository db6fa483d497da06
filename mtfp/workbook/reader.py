"""A force's base-year figures from an Excel workbook: the template and the reader.

`template_xlsx()` writes a formatted workbook (sheets Force, Grants, Precept, Workforce,
NonPay, Reserves; layout in mtfp.workbook.template) prefilled with the default scenario's
figures, units and instructions in the header rows. `scenario_from_baseline(data, name)`
reads a filled copy back into a Scenario: every figure taken from the workbook is sourced
to "baseline workbook <name>" and the cell it came from; everything the workbook does not
cover (spending review, referendum limits, the later years of per-year rates, savings
plan...) is taken from the default scenario. Bad cells are reported together, one
"Sheet!C5: reason" each.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from typing import Any

import numpy as np
from pydantic import ValidationError

from mtfp import timeline
from mtfp.scenario import Scenario, ScenarioError, format_validation_error
from mtfp.scenario.national import inherit_national
from mtfp.scenario.params import shown, year_values
from mtfp.workbook.template import (
    DEFAULT_SCENARIO,
    FORCE,
    HEADER_ROW,
    ID_PATTERN,
    PRECEPT,
    SHEETS,
    WORKFORCE,
    Column,
    allowed_range,
    template_xlsx,
)

__all__ = ["template_xlsx", "scenario_from_baseline", "DEFAULT_SCENARIO", "HEADER_ROW", "SHEETS"]

# Limits on a baseline workbook (docs/scenario-format.md, "Limits"). The filled template is
# ~15 kB, ~25 zip entries and a few hundred cells; these are checked from the zip's directory
# and a streamed count of the sheets' cells before openpyxl parses anything, so a small file
# that decompresses to gigabytes (a zip bomb) is refused in a moment.
MAX_WORKBOOK_BYTES = 5_000_000  # the .xlsx file as uploaded or read
MAX_WORKBOOK_ENTRIES = 500  # files inside the .xlsx zip
MAX_WORKBOOK_UNCOMPRESSED = 50_000_000  # all its files decompressed, as the zip declares them
MAX_WORKBOOK_CELLS = 100_000  # cells written in all its sheets

_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")  # a <c> (cell) element, with or without a prefix


def check_workbook_size(data: bytes, name: str) -> None:
    """Refuse a workbook past the limits above, reading only the zip directory and streaming
    the sheet XML through a counter (never holding more than a chunk of it)."""
    if len(data) > MAX_WORKBOOK_BYTES:
        raise ScenarioError([f"{name}: the workbook is {len(data):,} bytes; the limit is {MAX_WORKBOOK_BYTES:,}"])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            entries = zf.infolist()
            if len(entries) > MAX_WORKBOOK_ENTRIES:
                raise ScenarioError([f"{name}: the workbook holds {len(entries):,} files; the limit is "
                                     f"{MAX_WORKBOOK_ENTRIES:,} (the template holds about 25)"])
            unpacked = sum(e.file_size for e in entries)
            if unpacked > MAX_WORKBOOK_UNCOMPRESSED:
                raise ScenarioError([f"{name}: the workbook unpacks to {unpacked:,} bytes; the limit is "
                                     f"{MAX_WORKBOOK_UNCOMPRESSED:,} (the template unpacks to well under 1 MB)"])
            cells = 0
            for entry in entries:
                if not (entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml")):
                    continue
                with zf.open(entry) as sheet:
                    tail = b""
                    while chunk := sheet.read(1 << 20):
                        block = tail + chunk
                        cells += len(_CELL.findall(block, 0, max(len(block) - 16, 0)))
                        tail = block[max(len(block) - 16, 0):]
                        if cells > MAX_WORKBOOK_CELLS:
                            raise ScenarioError([f"{name}: the workbook has over {MAX_WORKBOOK_CELLS:,} cells; "
                                                 "the template has a few hundred"])
                    cells += len(_CELL.findall(tail))
            if cells > MAX_WORKBOOK_CELLS:
                raise ScenarioError([f"{name}: the workbook has over {MAX_WORKBOOK_CELLS:,} cells; "
                                     "the template has a few hundred"])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError, OSError) as exc:
        raise ScenarioError([f"{name}: not an Excel workbook (.xlsx) the template reader can open "
                             f"({shown(str(exc))[1:-1]})"]) from None


def _formulas(data: bytes) -> dict[str, str]:
    """'Sheet!C5' -> '=SUM(...)' for every formula cell. A formula Excel never calculated has
    no saved value, which data_only reading sees as blank: say so rather than 'the cell is empty'."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False, read_only=True)
    found = {}
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if isinstance(value, str) and value.startswith("="):
                        found[f"{ws.title}!{cell.coordinate}"] = value
                    elif value is not None and type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
                        found[f"{ws.title}!{cell.coordinate}"] = str(getattr(value, "text", "") or "=(array formula)")
    finally:
        wb.close()
    return found

# --- reading a filled workbook ------------------------------------------------------------------

class _Reader:
    """Reads cells, converting types and collecting one problem per bad cell."""

    def __init__(self, workbook_name: str, formulas: dict[str, str] | None = None):
        self.name = workbook_name
        self.formulas = formulas or {}
        self.problems: list[str] = []
        self.cells: dict[tuple, str] = {}  # scenario field path -> cell address

    def source(self, address: str) -> dict:
        return {"title": f"Baseline workbook, {address}", "document": f"baseline workbook {self.name}"}

    def convert(self, cell, column: Column, address: str) -> Any:
        """The cell's value in the column's type, or None (blank). Bad cells are recorded."""
        value = cell.value
        if isinstance(value, str) and not value.strip():
            value = None
        if value is None:
            if address in self.formulas:
                self.problems.append(f"{address} holds a formula ({shown(self.formulas[address])[1:-1]}) with no "
                                     f"saved value: type the number for {column.heading}")
            elif column.required:
                self.problems.append(f"{address}: {column.heading} is required; the cell is empty")
            return None
        kind = column.kind
        if kind in ("number", "int"):
            if isinstance(value, bool):
                number = None
            elif isinstance(value, (int, float)):
                number = float(value)
                if column.percent and "%" in (cell.number_format or ""):
                    number *= 100  # typed as 2.5% in Excel: stored as 0.025
            else:
                try:
                    number = float(str(value).replace(",", "").replace("£", "").replace("%", "").strip())
                except ValueError:
                    number = None
            if number is None or number != number:
                self.problems.append(f"{address}: {column.heading}: expected a number, got {shown(value)}")
                return None
            limits = allowed_range(address.split("!")[0], column.key)
            if limits and not limits[0] <= number <= limits[1]:
                self.problems.append(f"{address}: {column.heading}: {number:g} is outside the allowed range "
                                     f"{limits[0]:g} to {limits[1]:g} {limits[2]}")
                return None
            if kind == "int":
                if number != int(number):
                    self.problems.append(f"{address}: {column.heading}: expected a whole number, got {shown(value)}")
                    return None
                return int(number)
            return number
        text = str(value).strip()
        if kind == "id":
            if not ID_PATTERN.match(text):
                self.problems.append(f"{address}: id {shown(text)} must start with a letter and use only lower-case "
                                     "letters, digits and _ (e.g. police_staff)")
                return None
        elif kind == "year":
            if len(text) > 7:
                self.problems.append(f"{address}: {column.heading}: {shown(text)} is not a financial year like 2016/17")
                return None
            try:
                timeline.parse_year(text)
            except ValueError as exc:
                self.problems.append(f"{address}: {column.heading}: {exc}")
                return None
        elif kind == "yesno":
            answer = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}.get(text.lower())
            if isinstance(value, bool):
                answer = value
            if answer is None:
                self.problems.append(f"{address}: {column.heading}: expected yes or no, got {shown(value)}")
            return answer
        elif kind == "choice" and text not in column.choices:
            self.problems.append(f"{address}: {column.heading}: expected one of {', '.join(column.choices)}, got {shown(text)}")
            return None
        return text

    def pairs(self, ws, columns: list[Column]) -> dict[str, tuple[Any, str]]:
        """A key/value sheet: rows found by the label in column A, value in column B."""
        found: dict[str, tuple[Any, str]] = {}
        by_heading = {c.heading: c for c in columns}
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_col=2):
            label = row[0].value
            if label is None or str(label).strip() == "":
                continue
            column = by_heading.get(str(label).strip())
            address = f"{ws.title}!{row[0].coordinate}"
            if column is None:
                self.problems.append(f"{address}: unknown item {shown(label)}; the items are: {', '.join(by_heading)}")
                continue
            address = f"{ws.title}!{row[1].coordinate}"
            found[column.key] = (self.convert(row[1], column, address), address)
        for column in columns:
            if column.key not in found and column.required:
                self.problems.append(f"{ws.title}!A{HEADER_ROW + 1}: the item {column.heading!r} is missing from column A")
        return found

    def table(self, ws, columns: list[Column]) -> list[dict[str, tuple[Any, str]]]:
        """A table sheet: headings on HEADER_ROW, one record per non-empty row below."""
        for c, column in enumerate(columns, start=1):
            cell = ws.cell(row=HEADER_ROW, column=c)
            if str(cell.value or "").strip() != column.heading:
                self.problems.append(f"{ws.title}!{cell.coordinate}: expected the heading {column.heading!r}, "
                                     f"found {shown(cell.value)}; keep the template's columns")
                return []
        records, seen = [], {}
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_col=len(columns)):
            if all(cell.value is None or str(cell.value).strip() == "" for cell in row):
                continue
            record = {}
            for cell, column in zip(row, columns):
                address = f"{ws.title}!{cell.coordinate}"
                record[column.key] = (self.convert(cell, column, address), address)
            key, address = record["id"]
            if key is not None and key in seen:
                self.problems.append(f"{address}: id {shown(key)} is used twice (also {seen[key]})")
                continue
            seen[key] = address
            records.append(record)
        if not records:
            self.problems.append(f"{ws.title}!A{HEADER_ROW + 1}: the sheet needs at least one row")
        return records

    def param(self, path: tuple, value: Any, address: str, old: dict | None = None) -> dict | None:
        """An assumption from the workbook. A per-year assumption in the defaults keeps its
        later years, with the workbook figure replacing its first year's value."""
        if value is None:
            return None
        self.cells[path] = address
        if old and isinstance(old.get("value"), dict):
            years = sorted(old["value"], key=timeline.parse_year)
            value = {**old["value"], years[0]: value}
            note = f"First year from the workbook; later years as in the default scenario ({_title(old)})."
            return {"value": value, "source": self.source(address), "note": note}
        return {"value": value, "source": self.source(address)}


def budget_year_amount(old: Any, amount: float, years: list[str]) -> float | dict[str, float]:
    """An in-year value with the budget year (years[1]) set to `amount`: the other years as the
    defaults had them (0 without defaults). Every year equal collapses to the one number."""
    row = year_values(old, years, "in_year") if old is not None else np.zeros(len(years))
    row[1] = amount
    if (row == row[0]).all():
        return float(row[0])
    return {y: float(v) for y, v in zip(years, row, strict=True) if v != 0}


def _at_most(problems: list[str], name: str, limit: int = 50) -> list[str]:
    """The first `limit` problems, then a count: a workbook of junk gets a readable answer."""
    if len(problems) <= limit:
        return problems
    return problems[:limit] + [f"{name}: ... and {len(problems) - limit:,} more problems"]


def _title(param: dict) -> str:
    source = param.get("source")
    return source if isinstance(source, str) else source.get("title", "")


def _shift_years(node: Any, years: int, last_year: str) -> Any:
    """Move every year label in the defaults by `years` so they fit the workbook's base year;
    drop per-year entries after the plan's last year (keeping at least the first)."""
    if isinstance(node, list):
        return [_shift_years(v, years, last_year) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    end = timeline.parse_year(last_year)
    for key, value in node.items():
        if key == "value" and isinstance(value, dict):
            moved = {timeline.year_label(timeline.parse_year(y) + years): v for y, v in value.items()}
            kept = {y: v for y, v in moved.items() if timeline.parse_year(y) <= end}
            if not kept:
                first = moved[min(moved, key=timeline.parse_year)]
                kept = {last_year: first}
            out[key] = kept
        elif key == "start_year" and isinstance(value, str):
            out[key] = timeline.year_label(timeline.parse_year(value) + years)
        else:
            out[key] = _shift_years(value, years, last_year)
    return out


def _collection(reader: _Reader, records, defaults: dict, path: tuple, fill) -> dict:
    """Entries of a collection (grants, groups, lines...) from sheet rows. Fields the sheet
    does not cover come from the default entry with the same id, if there is one."""
    out = {}
    for record in records:
        key = record["id"][0]
        if key is None:
            continue
        entry = copy.deepcopy(defaults.get(key, {}))
        reader.cells[path + (key,)] = record["id"][1]  # rules about the whole entry point at its row
        fill(entry, record, path + (key,))
        out[key] = {k: v for k, v in entry.items() if v is not None}
    return out


def scenario_from_baseline(data: bytes, name: str, defaults: Scenario | None = None) -> Scenario:
    """A Scenario from a filled baseline workbook (.xlsx bytes). `name` is the workbook's
    file name, recorded as the source of every figure read from it. Raises ScenarioError
    with one "Sheet!C5: reason" message per bad cell."""
    import openpyxl

    check_workbook_size(data, name)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
        formulas = _formulas(data)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise ScenarioError([f"{name}: not an Excel workbook (.xlsx) the template reader can open "
                             f"({shown(str(exc))[1:-1]})"]) from None
    missing = [s for s in SHEETS if s not in wb.sheetnames]
    if missing:
        raise ScenarioError([f"{name}: sheet {s!r} is missing; start from `python -m mtfp template`" for s in missing])
    reader = _Reader(name, formulas)
    force = reader.pairs(wb["Force"], FORCE)
    precept = reader.pairs(wb["Precept"], PRECEPT)
    tables = {s: reader.table(wb[s], SHEETS[s]) for s in ("Grants", "Workforce", "NonPay", "Reserves")}
    if reader.problems:
        raise ScenarioError(_at_most(reader.problems, name))

    base_year = force["base_year"][0]
    projected = force["projected_years"][0]
    if not 1 <= projected <= 10:
        raise ScenarioError([f"{force['projected_years'][1]}: Years to project: {projected} is outside 1 to 10"])
    last_year = timeline.year_labels(base_year, projected)[-1]
    nation = force.get("nation", (None,))[0] or (defaults.nation if defaults is not None else "england")
    if defaults is not None:
        # Opted in: figures the workbook does not cover come from the chosen scenario, its years
        # moved to fit; its national defaults are dropped so the plan's own years inherit them.
        data_ = _strip_national(defaults.model_dump(mode="json", exclude_none=True))
        offset = timeline.parse_year(base_year) - timeline.parse_year(defaults.base_year)
        data_ = _shift_years(data_, offset, last_year)
        description = (f"Figures not in the workbook are taken from the scenario chosen to supply them ({defaults.name})"
                       + (f", with its years moved {offset:+d} to fit base year {base_year}." if offset else "."))
    else:
        data_ = neutral_base()
        description = (f"Figures not in the workbook follow the national rules ({nation.title()}) for each year of the "
                       "plan or are neutral (no savings plan, growth items or grant cut); nothing is taken from an "
                       "illustrative force.")
    data_["name"], data_["base_year"], data_["projected_years"] = force["name"][0], base_year, projected
    data_["nation"] = nation
    data_["changes"] = []
    data_["description"] = f"Created from baseline workbook {name} on {dt.date.today().isoformat()}. {description}"
    deflator, address = force.get("gdp_deflator", (None, None))
    if deflator is None:
        data_.pop("gdp_deflator", None)  # inherited from the national rules
    else:
        data_["gdp_deflator"] = reader.param(("gdp_deflator",), deflator, address, data_.get("gdp_deflator"))
    income = data_["funding"].setdefault("other_income", {})
    for key, field_ in (("other_income", "base"), ("other_income_growth", "growth")):
        value, address = force.get(key, (None, None))
        if value is not None:
            income[field_] = reader.param(("funding", "other_income", field_), value, address, income.get(field_))
    for key, (value, address) in precept.items():
        if value is not None:
            old = data_["precept"].get(key)
            data_["precept"][key] = reader.param(("precept", key), value, address, old)
            if key == "collection_fund":  # the cell is the budget year's amount only (a surplus is paid once)
                years = timeline.year_labels(base_year, projected)
                data_["precept"][key]["value"] = budget_year_amount(old and old.get("value"), value, years)
                data_["precept"][key]["note"] = f"{years[1]} from the workbook (an amount in that year only)."
    if precept.get("collection_fund", (None,))[0] is None:
        data_["precept"].pop("collection_fund", None)
    rises = [precept.get(k, (None, None)) for k in ("band_d_rise_pct", "band_d_rise_gbp")]
    given = [r for r in rises if r[0] is not None]
    if len(given) != 1:
        where = (given[1] if given else rises[0])[1] or f"Precept!B{HEADER_ROW + 1}"
        reader.problems.append(f"{where}: give the Band D rise as a % or as £, exactly one of the two")
    for key, (value, _) in zip(("band_d_rise_pct", "band_d_rise_gbp"), rises):
        if value is None:
            data_["precept"].pop(key, None)

    _fill_grants(reader, tables["Grants"], data_)
    _fill_workforce(reader, tables["Workforce"], data_)
    _fill_non_pay(reader, tables["NonPay"], data_)
    _fill_reserves(reader, tables["Reserves"], data_)
    _drop_out_of_plan(data_, base_year, last_year)
    if reader.problems:
        raise ScenarioError(_at_most(reader.problems, name))
    try:
        return Scenario.model_validate(inherit_national(data_))
    except ValidationError as exc:
        raise ScenarioError(_at_most(_cell_messages(exc, reader, name, defaults is not None), name)) from None


def neutral_base() -> dict:
    """What a workbook read without a chosen scenario starts from: nothing from any force, only
    neutral settings (grant at flat cash, no savings or growth items), and placeholders for the
    other income a workbook may leave blank. National figures are inherited afterwards."""
    return {
        "schema_version": 1,
        "funding": {"spending_review": {"real_terms_cut": {"value": 0.0, "source": "illustrative"}, "over_years": 1,
                                        "profile": "flat_cash"},
                    "other_income": {"base": {"value": 0.0, "source": "estimate",
                                              "note": "not in the workbook: enter your force's other income"},
                                     "growth": {"value": 0.0, "source": "illustrative"}}},
        "precept": {}, "workforce": {"officer_group": "police_officers", "groups": {}},
        "non_pay": {"lines": {}}, "savings": {"count_in_gap": "risk_adjusted"},
        "reserves": {"fund_gap_from_reserves": True, "earmarked": {}},
    }


def _strip_national(node: Any) -> Any:
    """The mapping without the figures inherited from national rules (basis: national)."""
    if isinstance(node, list):
        return [_strip_national(v) for v in node]
    if not isinstance(node, dict):
        return node
    return {k: _strip_national(v) for k, v in node.items()
            if not (isinstance(v, dict) and v.get("basis") == "national")}


def _fill_grants(reader: _Reader, records, data_: dict) -> None:
    old = {**data_["funding"].get("grants", {}), **data_["funding"].get("specific_grants", {})}
    central = [r for r in records if r["type"][0] == "central"]
    specific = [r for r in records if r["type"][0] == "specific"]

    def fill(entry, record, path):
        entry["name"] = record["name"][0]
        entry["base"] = reader.param(path + ("base",), record["base"][0], record["base"][1])
        change = reader.param(path + ("cash_change",), record["cash_change"][0], record["cash_change"][1])
        if record["type"][0] == "central":
            applies = record["csr_applies"][0]
            entry["csr_applies"] = True if applies is None else applies
            entry["cash_change"] = change
        else:
            entry.pop("csr_applies", None)
            entry["cash_change"] = change or {"value": 0.0, "source": reader.source(record["cash_change"][1]),
                                              "note": "Blank in the workbook: flat cash."}
    if not central:
        reader.problems.append(f"Grants!D{HEADER_ROW + 1}: at least one grant must be of type central")
    data_["funding"]["grants"] = _collection(reader, central, old, ("funding", "grants"), fill)
    data_["funding"]["specific_grants"] = _collection(reader, specific, old, ("funding", "specific_grants"), fill)


def _fill_workforce(reader: _Reader, records, data_: dict) -> None:
    old = data_["workforce"]["groups"]

    def fill(entry, record, path):
        entry["name"] = record["name"][0]
        entry["recruitment"] = record["recruitment"][0]
        for column in WORKFORCE[2:-1]:
            value, address = record[column.key]
            entry[column.key] = reader.param(path + (column.key,), value, address, entry.get(column.key))
        entry.pop("pay_award_gbp", None)

    data_["workforce"]["groups"] = _collection(reader, records, old, ("workforce", "groups"), fill)
    groups = data_["workforce"]["groups"]
    if data_["workforce"].get("officer_group") not in groups:
        reader.problems.append(f"Workforce!A{HEADER_ROW + 1}: no row has the officer group's id "
                               f"{data_['workforce'].get('officer_group')!r}")
    # Savings and productivity items of the defaults that name a group the force does not have.
    for section in ("items", "productivity"):
        entries = data_["savings"].get(section, {})
        for key in [k for k, v in entries.items() if v.get("group") and v["group"] not in groups]:
            del entries[key]


def _fill_non_pay(reader: _Reader, records, data_: dict) -> None:
    old = data_["non_pay"]["lines"]
    lines = [r for r in records if r["id"][0] != "capital_financing"]
    for record in records:
        if record["id"][0] == "capital_financing":
            value, address = record["base"]
            if record["inflation"][0] is not None:
                reader.problems.append(f"{record['inflation'][1]}: capital financing is a £m amount each year; "
                                       "leave its inflation blank")
            data_["non_pay"]["capital_financing"] = reader.param(("non_pay", "capital_financing"), value, address,
                                                                 data_["non_pay"].get("capital_financing"))

    def fill(entry, record, path):
        entry["name"] = record["name"][0]
        entry["base"] = reader.param(path + ("base",), record["base"][0], record["base"][1])
        value, address = record["inflation"]
        if value is None:
            reader.problems.append(f"{address}: inflation is required for a non-pay line")
        entry["inflation"] = reader.param(path + ("inflation",), value, address, entry.get("inflation"))

    data_["non_pay"]["lines"] = _collection(reader, lines, old, ("non_pay", "lines"), fill)


def _fill_reserves(reader: _Reader, records, data_: dict) -> None:
    old = data_["reserves"].get("earmarked", {})
    general = [r for r in records if r["id"][0] == "general"]
    if not general:
        reader.problems.append(f"Reserves!A{HEADER_ROW + 1}: a row with id general (the general reserve) is required")
    for record in general:
        value, address = record["opening"]
        data_["reserves"]["general_opening"] = reader.param(("reserves", "general_opening"), value, address)
        value, address = record["minimum_pct"]
        if value is None:
            reader.problems.append(f"{address}: the general reserve needs its minimum (% of net budget)")
        data_["reserves"]["minimum_pct"] = reader.param(("reserves", "minimum_pct"), value, address,
                                                        data_["reserves"].get("minimum_pct"))

    def fill(entry, record, path):
        entry["name"] = record["name"][0]
        entry["opening"] = reader.param(path + ("opening",), record["opening"][0], record["opening"][1])
        if record["minimum_pct"][0] is not None:
            reader.problems.append(f"{record['minimum_pct'][1]}: only the general reserve has a minimum")

    earmarked = [r for r in records if r["id"][0] != "general"]
    data_["reserves"]["earmarked"] = _collection(reader, earmarked, old, ("reserves", "earmarked"), fill)


def _drop_out_of_plan(data_: dict, base_year: str, last_year: str) -> None:
    """Savings items of the defaults that would start outside the plan are left out."""
    first, end = timeline.parse_year(base_year), timeline.parse_year(last_year)
    for section in ("items", "collaboration", "productivity"):
        entries = data_.get("savings", {}).get(section, {})
        for key in [k for k, v in entries.items() if not first < timeline.parse_year(v["start_year"]) <= end]:
            del entries[key]


def _cell_messages(exc: ValidationError, reader: _Reader, name: str, opted_in: bool = True) -> list[str]:
    """Schema errors pointed at the cell a value came from where there is one."""
    out = []
    for err in exc.errors():
        loc = tuple(str(p) for p in err["loc"])
        address = None
        for n in range(len(loc), 0, -1):
            if loc[:n] in reader.cells:
                address = reader.cells[loc[:n]]
                break
        if address:
            message = err["msg"].removeprefix("Value error, ")
            out.append(f"{address}: {message}")
        else:
            line = format_validation_error(ValidationError.from_exception_data(exc.title, [err]), name)[0]
            out.append(line + (" (a figure taken from the scenario chosen to supply them)" if opted_in
                               else " (not in the workbook: add it to the workbook)"))
    return list(dict.fromkeys(out))
