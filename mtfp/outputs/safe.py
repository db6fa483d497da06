"""Exports that can be opened safely by someone else: no live formulas, no NaN or inf.

Scenario, group, savings and option names are typed by people and shared by email, so a
name such as `=HYPERLINK("http://example.com", "x")` must stay text in every file we write.

- CSV: a text field beginning with =, +, -, @, tab or carriage return that is not a number is
  prefixed with ' (OWASP "CSV Injection": https://owasp.org/www-community/attacks/CSV_Injection).
  Numbers stay numbers: -1.5 is written as -1.5.
- XLSX: XlsxWriter with `strings_to_formulas` and `strings_to_urls` off, so text is written as
  a string cell; numbers that are NaN or inf become an empty cell (or "n/a" in text columns).
- JSON: NaN and inf become null and the text is always valid JSON (allow_nan=False).
"""
from __future__ import annotations

import json
import math
import re
from typing import Any

import numpy as np
import pandas as pd

# The leading characters spreadsheet programs read as the start of a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Text for a ratio whose denominator is zero, or any figure that is not defined.
NOT_APPLICABLE = "n/a"

# XlsxWriter options for every workbook mtfp writes: text is never turned into a formula or a link.
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": False}


# A plain decimal number as a spreadsheet reads one: -1.5, +3, 2e6 (not "-inf", "-nan", " 1").
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def csv_field(value: Any) -> Any:
    """A value as it may go into a CSV: a text value that a spreadsheet would read as a
    formula (it begins with =, +, -, @, tab or CR and is not a plain number) gets a leading ';
    everything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell and column heading passed through csv_field,
    and inf (either sign) as an empty field like NaN."""
    out = frame.copy()
    out.columns = [csv_field(c) for c in out.columns]
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            out.iloc[:, i] = column.map(csv_field)
        elif pd.api.types.is_float_dtype(column):
            out.iloc[:, i] = column.where(np.isfinite(column.to_numpy(dtype=float)), np.nan)
    if isinstance(out.index, pd.RangeIndex):
        return out
    out.index = out.index.map(csv_field)
    return out


def to_csv(frame: pd.DataFrame, **kwargs) -> str:
    """`frame.to_csv` after csv_frame: the one way mtfp writes a CSV. Defaults: no index, \\n lines."""
    kwargs.setdefault("index", False)
    kwargs.setdefault("lineterminator", "\n")
    return csv_frame(frame).to_csv(**kwargs)


def json_value(value: Any) -> Any:
    """`value` with every NaN or inf (float or numpy) replaced by None, recursively through
    dicts, lists and tuples; numpy scalars become Python numbers."""
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, np.ndarray):
        return [json_value(v) for v in value.tolist()]
    if isinstance(value, (np.floating, np.integer, np.bool_)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def dumps(payload: Any, **kwargs) -> str:
    """Valid JSON always: NaN/inf -> null (json_value), then json.dumps(allow_nan=False)."""
    kwargs.setdefault("indent", 2)
    return json.dumps(json_value(payload), allow_nan=False, **kwargs)


def excel_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy for `DataFrame.to_excel`: inf becomes NaN (written as an empty cell)."""
    out = frame.copy()
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if pd.api.types.is_float_dtype(column):
            out.iloc[:, i] = column.where(np.isfinite(column.to_numpy(dtype=float)), np.nan)
    return out


def excel_writer(buffer) -> pd.ExcelWriter:
    """A pandas ExcelWriter (XlsxWriter) that writes text as text, never a formula or link."""
    return pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": dict(XLSX_OPTIONS)})


def ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, or NaN when the denominator is zero or either is not finite
    (shown as NOT_APPLICABLE in text, an empty cell in files, null in JSON)."""
    numerator, denominator = float(numerator), float(denominator)
    if denominator == 0 or not (math.isfinite(numerator) and math.isfinite(denominator)):
        return float("nan")
    return numerator / denominator


def percent(fraction: float, digits: int = 1) -> str:
    """A fraction as '12.3%', or NOT_APPLICABLE for NaN/inf."""
    fraction = float(fraction)
    if not math.isfinite(fraction):
        return NOT_APPLICABLE
    return f"{fraction * 100:.{digits}f}%"
