"""Shared scenarios and helpers for the report tests: the tiny force with a £10 Band D rise under
a £15 referendum limit, and reading a Word table back as text."""
from __future__ import annotations

import datetime as dt
import io

from tests.conftest import tiny, v

AS_OF = dt.date(2026, 12, 2)


def tiny_precept(overlay: dict | None = None):
    """The tiny force (tests/conftest.py) with Band D £200 rising £10 a year, limit £15: tax base
    100,000, so the budget-year council-tax requirement is 100,000 x £210 = £21.0m."""
    base = {"precept": {"band_d_rise_pct": None, "band_d_rise_gbp": v(10.0), "referendum_limit_gbp": v(15.0)}}
    scenario = tiny(base)
    if overlay:
        from mtfp.scenario import merge

        scenario = type(scenario).model_validate(merge(scenario.model_dump(mode="python"), overlay))
    return scenario


def open_docx(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data))


def table_text(table) -> list[list[str]]:
    """A Word table as rows of cell text (header row first)."""
    return [[cell.text for cell in row.cells] for row in table.rows]


def row(rows: list[list[str]], label: str) -> list[str]:
    """The row of a table whose first cell is `label`."""
    return next(r for r in rows if r[0] == label)
